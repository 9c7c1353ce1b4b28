/**
 * Builds the policy and the ruleset for a change from the base revision's files. The reader is injected,
 * so the CLI (git show) and the App (contents API) share one path and a PR can never supply its own policy.
 */
import { CONFIG_FILE, defaultPolicy, parseConfig, type Policy } from "./config.js";
import type { LoadedPacks } from "./rule-pack.js";
import { applyPolicy, compileRule, Ruleset, type CompiledRule } from "./ruleset.js";
import { formatError, type PositionedError } from "./yaml-schema.js";

export class ConfigError extends Error {
  constructor(readonly errors: PositionedError[]) {
    super(errors.map(formatError).join("\n"));
  }
}

export interface LoadedPolicy {
  policy: Policy;
  ruleset: Ruleset;
  /** All compiled default rules, before the policy turned any off (for SARIF's rule list and `rules`). */
  allRules: CompiledRule[];
  policyFiles: string[];
}

export interface PolicyInput {
  packs: LoadedPacks;
  /** Reads a file at the base revision; undefined when it does not exist there. */
  readBase: (path: string) => Promise<string | undefined>;
  /** Describes the base revision for reports, e.g. "main@1a2b3c4". */
  baseLabel: string;
  /** An explicit config (--config) replaces the base's .hipaa.yml. */
  override?: { file: string; text: string };
}

const compiledDefaults = new WeakMap<LoadedPacks, CompiledRule[]>();

export async function loadPolicy(input: PolicyInput): Promise<LoadedPolicy> {
  const { packs } = input;
  if (packs.errors.length > 0) throw new ConfigError(packs.errors);
  let allRules = compiledDefaults.get(packs);
  if (!allRules) {
    allRules = packs.rules.map((r) => compileRule(r, "native"));
    compiledDefaults.set(packs, allRules);
  }
  const known = new Set(allRules.map((r) => r.id));
  let policy: Policy;
  if (input.override) {
    const parsed = parseConfig(input.override.text, input.override.file, `${input.override.file} (--config)`, known);
    if (!parsed.policy) throw new ConfigError(parsed.errors);
    policy = parsed.policy;
  } else {
    const text = await input.readBase(CONFIG_FILE);
    if (text === undefined) {
      policy = defaultPolicy(`built-in defaults (no ${CONFIG_FILE} at ${input.baseLabel})`);
    } else {
      const parsed = parseConfig(text, `${CONFIG_FILE} at ${input.baseLabel}`, `${CONFIG_FILE} at ${input.baseLabel}`, known);
      if (!parsed.policy) throw new ConfigError(parsed.errors);
      policy = parsed.policy;
    }
  }
  return { policy, ruleset: new Ruleset(applyPolicy(allRules, policy)), allRules, policyFiles: [CONFIG_FILE] };
}
