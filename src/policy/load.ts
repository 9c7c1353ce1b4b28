/**
 * Builds the policy for a change from the base revision's files: `.hipaa.yml` (over the organisation's, with
 * `extends: org`), its custom rules held to the default pack's bar, and the plug-ins set up from the base. The
 * readers are injected, so the CLI (git show) and the App (contents API) share one path and a change can never
 * supply its own policy.
 */
import { yaml } from "../engine/lazy-modules.js";
import type { LoadedPacks } from "../engine/rules/pack.js";
import { compileRule, type CompiledRule } from "../engine/rules/compile.js";
import type { Plugin } from "../engine/types.js";
import { formatError, MAX_NESTING, MAX_YAML_BYTES, nestingBeyond, type PositionedError } from "../engine/yaml-schema.js";
import { CONFIG_FILE, defaultPolicy, parseConfig, type KnownRule, type Policy } from "./config.js";
import { customRuleErrors } from "./custom-rules.js";
import { Judge } from "./judge.js";
import { policyFilesPlugin } from "./policy-files.js";
import type { OrgPolicySource, PolicyPlugin } from "./plugins.js";

export type { OrgPolicySource } from "./plugins.js";

export class ConfigError extends Error {
  constructor(readonly errors: PositionedError[]) {
    super(errors.map(formatError).join("\n"));
  }
}

export interface LoadedPolicy {
  policy: Policy;
  /** The policy's decisions, as the engine asks for them. */
  judge: Judge;
  /** All compiled rules (default and custom), before the policy turned any off (for SARIF's rule list and `rules`). */
  allRules: CompiledRule[];
  /** Plug-ins to run over the change: the policy-file watch first, then the configured ones. */
  plugins: Plugin[];
  /** What each configured plug-in loaded from the base (e.g. the vendor manifest), by plug-in id. */
  pluginStates: Map<string, unknown>;
}

export interface PolicyInput {
  packs: LoadedPacks;
  /** Reads a file at the base revision; undefined when it does not exist there. */
  readBase: (path: string) => Promise<string | undefined>;
  /** Describes the base revision for reports, e.g. "main@1a2b3c4". */
  baseLabel: string;
  /** An explicit config (--config) replaces the base's .hipaa.yml. */
  override?: { file: string; text: string };
  /** The organisation's policy, for `extends: org`; undefined when there is none or it cannot be reached. */
  readOrg?: () => Promise<OrgPolicySource | undefined>;
  /** Plug-ins with rules, settings and a setup from the base (the vendor review). */
  plugins?: readonly PolicyPlugin[];
}

const compiledDefaults = new WeakMap<LoadedPacks, CompiledRule[]>();

export async function loadPolicy(input: PolicyInput): Promise<LoadedPolicy> {
  const { packs } = input;
  const plugins = input.plugins ?? [];
  if (packs.errors.length > 0) throw new ConfigError(packs.errors);
  let defaults = compiledDefaults.get(packs);
  if (!defaults) {
    defaults = packs.rules.map((r) => compileRule(r));
    compiledDefaults.set(packs, defaults);
  }
  const known = new Map<string, KnownRule>(defaults.map((r) => [r.id, { area: r.area, severity: r.severity }]));
  for (const p of plugins) for (const r of p.rules) known.set(r.id, { area: "vendor", severity: r.severity });
  const sections = plugins.flatMap((p) => (p.section ? [p.section] : []));
  const repo = input.override
    ? { text: input.override.text, file: input.override.file, path: input.override.file, source: `${input.override.file} (--config)` }
    : await input.readBase(CONFIG_FILE).then((text) =>
        text === undefined ? undefined : { text, file: `${CONFIG_FILE} at ${input.baseLabel}`, path: CONFIG_FILE, source: `${CONFIG_FILE} at ${input.baseLabel}` },
      );

  let policy: Policy;
  let org: { source: OrgPolicySource; policy: Policy } | undefined;
  if (!repo) {
    policy = defaultPolicy(`built-in defaults (no ${CONFIG_FILE} at ${input.baseLabel})`);
  } else {
    let base: Policy | undefined;
    let orgNote: string | undefined;
    if (wantsOrg(repo.text)) {
      const source = await input.readOrg?.();
      if (source) {
        const parsedOrg = parseConfig(source.text, source.label, source.label, known, sections);
        if (!parsedOrg.policy) throw new ConfigError(parsedOrg.errors);
        base = parsedOrg.policy;
        org = { source, policy: base };
      } else {
        orgNote = input.readOrg
          ? "the organisation has no .hipaa.yml in its .github repository, so only this file applies"
          : "the organisation's policy is not available here (pass --org-config FILE to the CLI), so only this file applies";
      }
    }
    const parsed = parseConfig(repo.text, repo.file, repo.source + (base ? ` extending ${base.source}` : ""), known, sections, base, repo.path);
    if (!parsed.policy) throw new ConfigError(parsed.errors);
    policy = parsed.policy;
    if (orgNote) policy.violations.push({ file: repo.file, path: repo.path, line: 1, key: "extends", message: orgNote });
  }
  // Custom rules meet the default pack's bar: their own bad examples must fire and good ones stay quiet.
  const exampleErrors = customRuleErrors(policy.customRules).map((e) => (repo && e.file === repo.file ? { ...e, path: repo.path } : e));
  if (exampleErrors.length > 0) throw new ConfigError(exampleErrors);

  const pluginStates = new Map<string, unknown>();
  const configured: Plugin[] = [];
  const policyFiles = [CONFIG_FILE];
  for (const p of plugins) {
    const setup = await p.setup({ policy, readBase: input.readBase, baseLabel: input.baseLabel, ...(org ? { org } : {}) });
    configured.push(setup.plugin);
    policyFiles.push(...setup.policyFiles);
    pluginStates.set(p.id, setup.state);
  }
  const allRules = [...defaults, ...policy.customRules.map((r) => compileRule(r))];
  return {
    policy,
    judge: new Judge(policy, allRules, new Set(policyFiles)),
    allRules,
    plugins: [policyFilesPlugin(policyFiles, policy.source), ...configured],
    pluginStates,
  };
}

/** Whether the config asks for the organisation's policy (read before full validation, which needs the base). */
function wantsOrg(text: string): boolean {
  if (text.length > MAX_YAML_BYTES) return false; // full validation reports the size
  if (nestingBeyond(text, MAX_NESTING)) return false; // and the depth: parsed, it would abort the process
  try {
    const value = yaml().parse(text, { uniqueKeys: false, logLevel: "silent", maxAliasCount: 100 }) as { extends?: unknown } | null;
    return value?.extends === "org";
  } catch {
    return false;
  }
}
