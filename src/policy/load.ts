/**
 * Builds the policy and the ruleset for a change from the base revision's files. The readers are injected,
 * so the CLI (git show) and the App (contents API) share one path and a PR can never supply its own policy.
 */
import { parse as parseYaml } from "yaml";
import { CONFIG_FILE, defaultPolicy, parseConfig, type KnownRule, type Policy } from "./config.js";
import type { LoadedPacks } from "../engine/rules/pack.js";
import { applyPolicy, compileRule, Ruleset, type CompiledRule } from "../engine/rules/ruleset.js";
import { runRuleExamples } from "../engine/rules/tester.js";
import { formatError, type PositionedError } from "../engine/yaml-schema.js";
import { mergeCatalogue, type Catalogue } from "../vendors/catalogue.js";
import { createVendorCheck, loadManifest, VENDOR_RULES, type ManifestLoad } from "../vendors/check.js";
import { mergeManifests, parseManifest } from "../vendors/manifest.js";
import { DEFAULT_MANIFEST, defaultVendorSettings, type LicenseLookup } from "../vendors/types.js";

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
  /** The vendor manifest as the base revision has it (absent, valid, or broken with its errors). */
  vendorManifest: ManifestLoad;
}

export interface OrgPolicySource {
  text: string;
  /** Describes where it came from, e.g. "acme/.github:.hipaa.yml@main". */
  label: string;
  /**
   * Reads another file next to it (the organisation's vendor manifest, inherited with `extends: org`);
   * undefined when absent. Without it no organisation manifest is inherited.
   */
  readFile?: (path: string) => Promise<string | undefined>;
  /** Describes such a file for reports, e.g. "acme/.github:.hipaa/vendors.yml". */
  fileLabel?: (path: string) => string;
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
  /**
   * The built-in vendor catalogue (entry points pass loadDefaultVendors()). Without it, only the manifest's own
   * packages and domains and `.hipaa.yml`'s vendors.catalogue identify vendors.
   */
  vendorCatalogue?: Catalogue;
  /** License data from outside the change (the App: GitHub's dependency graph). */
  licenseLookup?: LicenseLookup;
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
  for (const r of VENDOR_RULES) known.set(r.id, { area: "vendor", severity: r.severity });
  const repo = input.override
    ? { text: input.override.text, file: input.override.file, source: `${input.override.file} (--config)` }
    : await input.readBase(CONFIG_FILE).then((text) =>
        text === undefined ? undefined : { text, file: `${CONFIG_FILE} at ${input.baseLabel}`, source: `${CONFIG_FILE} at ${input.baseLabel}` },
      );

  let policy: Policy;
  let orgSource: { source: OrgPolicySource; manifestPath: string } | undefined;
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
        orgSource = { source: org, manifestPath: base.vendors?.manifest ?? DEFAULT_MANIFEST };
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
        message:
          o.problem === "unmasked"
            ? "this bad example's finding does not mask the sensitive value; point `value_group` at the group that captures the identifier or secret itself"
            : o.kind === "bad" ? "this bad example produces no finding; fix the pattern or the example" : "this good example produces a finding; tighten the pattern or add an `unless`",
      });
    }
  }
  if (exampleErrors.length > 0) throw new ConfigError(exampleErrors);
  // The vendor manifest, like .hipaa.yml, comes from the base revision: a change cannot vouch for its own vendors.
  const vendorSettings = policy.vendors ?? defaultVendorSettings();
  const builtIn = input.vendorCatalogue;
  const catalogue = builtIn || vendorSettings.catalogue.length > 0 ? mergeCatalogue(builtIn, vendorSettings.catalogue) : undefined;
  let vendorManifest = loadManifest(await input.readBase(vendorSettings.manifest), vendorSettings.manifest, `${vendorSettings.manifest} at ${input.baseLabel}`, catalogue);
  if (orgSource) vendorManifest = await withOrgManifest(vendorManifest, orgSource, policy, catalogue);
  const phiPaths = policy.phiPaths;
  policy.checks = [
    ...(policy.checks ?? []),
    createVendorCheck({
      settings: vendorSettings,
      manifest: vendorManifest,
      ...(catalogue ? { catalogue } : {}),
      readBase: input.readBase,
      isPhiPath: (path) => phiPaths.some((g) => g.match(path)),
      ...(input.licenseLookup ? { licenseLookup: input.licenseLookup } : {}),
    }),
  ];
  const custom = policy.customRules.map((r) => compileRule(r, "linear"));
  const allRules = [...defaults, ...custom];
  const active = applyPolicy(allRules, policy);
  const lockedRules = active.filter((r) => policy.locked.has(r.id));
  return {
    policy,
    ruleset: new Ruleset(active),
    ...(lockedRules.length > 0 ? { lockedRuleset: new Ruleset(lockedRules) } : {}),
    allRules,
    policyFiles: [CONFIG_FILE, vendorSettings.manifest],
    vendorManifest,
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

/**
 * `extends: org` inherits the organisation's vendor manifest too (its `vendors.manifest` path, default
 * .hipaa/vendors.yml, in the same place as its .hipaa.yml). Its vendors come first; a vendor the repository also
 * records keeps the organisation's entry, and the repository's is reported. A broken organisation manifest is a
 * configuration error, like a broken organisation policy; a broken repository manifest stays broken (blocking).
 */
async function withOrgManifest(repo: ManifestLoad, org: { source: OrgPolicySource; manifestPath: string }, policy: Policy, catalogue: Catalogue | undefined): Promise<ManifestLoad> {
  const { source, manifestPath } = org;
  if (!source.readFile || repo.state === "broken") return repo;
  const text = await source.readFile(manifestPath);
  if (text === undefined) return repo;
  const label = source.fileLabel?.(manifestPath) ?? manifestPath;
  const parsed = parseManifest(text, label, catalogue);
  if (!parsed.manifest) throw new ConfigError(parsed.errors);
  const merged = mergeManifests(parsed.manifest, label, repo.state === "ok" ? repo.manifest : undefined, repo.path);
  for (const s of merged.shadowed) {
    policy.violations.push({
      file: repo.path,
      line: s.vendor.line,
      key: `vendors: ${s.vendor.name}`,
      message: `the organisation's manifest (${label}, line ${s.orgLine}) already records this vendor and its entry applies, so this one is ignored; remove it, or have the organisation's entry changed`,
    });
  }
  return { state: "ok", path: repo.path, label: repo.state === "ok" ? `${repo.label} with ${label}` : label, manifest: merged.manifest };
}
