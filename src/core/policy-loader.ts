/**
 * Builds the policy and the ruleset for a change from the base revision's files. The readers are injected,
 * so the CLI (git show) and the App (contents API) share one path and a PR can never supply its own policy.
 */
import { parse as parseYaml } from "yaml";
import { CONFIG_FILE, defaultPolicy, parseConfig, type KnownRule, type Policy } from "./config.js";
import type { LoadedPacks } from "./rule-pack.js";
import { applyPolicy, compileRule, Ruleset, type CompiledRule } from "./ruleset.js";
import { runRuleExamples } from "./rule-tester.js";
import { formatError, type PositionedError } from "./yaml-schema.js";

export class ConfigError extends Error {
  constructor(readonly errors: PositionedError[]) {
    super(errors.map(formatError).join("\n"));
  }
}

export interface LoadedPolicy {
  policy: Policy;
  ruleset: Ruleset;
  /** The organisation's locked rules alone: they still read paths the repository excludes. */
  lockedRuleset?: Ruleset;
  /** All compiled rules (default and custom), before the policy turned any off (for SARIF's rule list and `rules`). */
  allRules: CompiledRule[];
  policyFiles: string[];
}

export interface OrgPolicySource {
  text: string;
  /** Describes where it came from, e.g. "acme/.github:.hipaa.yml@main". */
  label: string;
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
}

const compiledDefaults = new WeakMap<LoadedPacks, CompiledRule[]>();

export async function loadPolicy(input: PolicyInput): Promise<LoadedPolicy> {
  const { packs } = input;
  if (packs.errors.length > 0) throw new ConfigError(packs.errors);
  let defaults = compiledDefaults.get(packs);
  if (!defaults) {
    defaults = packs.rules.map((r) => compileRule(r, "native"));
    compiledDefaults.set(packs, defaults);
  }
  const known = new Map<string, KnownRule>(defaults.map((r) => [r.id, { area: r.area, severity: r.severity }]));
  const repo = input.override
    ? { text: input.override.text, file: input.override.file, source: `${input.override.file} (--config)` }
    : await input.readBase(CONFIG_FILE).then((text) =>
        text === undefined ? undefined : { text, file: `${CONFIG_FILE} at ${input.baseLabel}`, source: `${CONFIG_FILE} at ${input.baseLabel}` },
      );

  let policy: Policy;
  if (!repo) {
    policy = defaultPolicy(`built-in defaults (no ${CONFIG_FILE} at ${input.baseLabel})`);
  } else {
    let base: Policy | undefined;
    let orgNote: string | undefined;
    if (wantsOrg(repo.text)) {
      const org = await input.readOrg?.();
      if (org) {
        const parsedOrg = parseConfig(org.text, org.label, org.label, known);
        if (!parsedOrg.policy) throw new ConfigError(parsedOrg.errors);
        base = parsedOrg.policy;
      } else {
        orgNote = input.readOrg
          ? "the organisation has no .hipaa.yml in its .github repository, so only this file applies"
          : "the organisation's policy is not available here (pass --org-config FILE to the CLI), so only this file applies";
      }
    }
    const parsed = parseConfig(repo.text, repo.file, repo.source + (base ? ` extending ${base.source}` : ""), known, base);
    if (!parsed.policy) throw new ConfigError(parsed.errors);
    policy = parsed.policy;
    if (orgNote) policy.violations.push({ file: repo.file, line: 1, key: "extends", message: orgNote });
  }
  // Custom rules meet the default pack's bar: their own bad examples must fire and good ones stay quiet.
  const exampleErrors: PositionedError[] = [];
  for (const rule of policy.customRules) {
    for (const o of runRuleExamples(rule, "linear")) {
      if (o.ok) continue;
      exampleErrors.push({
        file: rule.file,
        line: rule.line,
        column: 1,
        key: `custom_rules.${rule.spec.id}.examples.${o.kind}[${o.index}]`,
        message: o.kind === "bad" ? "this bad example produces no finding; fix the pattern or the example" : "this good example produces a finding; tighten the pattern or add an `unless`",
      });
    }
  }
  if (exampleErrors.length > 0) throw new ConfigError(exampleErrors);
  const custom = policy.customRules.map((r) => compileRule(r, "linear"));
  const allRules = [...defaults, ...custom];
  const active = applyPolicy(allRules, policy);
  const lockedRules = active.filter((r) => policy.locked.has(r.id));
  return {
    policy,
    ruleset: new Ruleset(active),
    ...(lockedRules.length > 0 ? { lockedRuleset: new Ruleset(lockedRules) } : {}),
    allRules,
    policyFiles: [CONFIG_FILE],
  };
}

/** Whether the config asks for the organisation's policy (read before full validation, which needs the base). */
function wantsOrg(text: string): boolean {
  try {
    const value = parseYaml(text) as { extends?: unknown } | null;
    return value?.extends === "org";
  } catch {
    return false;
  }
}
