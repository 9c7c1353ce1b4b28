/** `.hipaa.yml`: parsing, validation with positions, and the defaults that apply when it is absent. */
import configSchema from "../../schema/hipaa-config.schema.json" with { type: "json" };
import type { Minimatch } from "minimatch";
import { compileGlob } from "./ruleset.js";
import { DEFAULT_THRESHOLDS, type Severity, type Thresholds } from "./types.js";
import { parseYamlWithSchema, type PositionedError } from "./yaml-schema.js";

export { configSchema };

export const CONFIG_FILE = ".hipaa.yml";

export interface ConfigSpec {
  fail_on?: Severity;
  areas?: Record<string, "on" | "off">;
  rules?: Record<string, "off" | Severity>;
  paths?: { include?: string[]; exclude?: string[] };
  thresholds?: Partial<Thresholds>;
}

export interface Policy {
  failOn: Severity;
  areasOff: Set<string>;
  ruleOverrides: Map<string, "off" | Severity>;
  include?: Minimatch[];
  exclude: Minimatch[];
  thresholds: Thresholds;
  /** Where the policy came from, for reports: "defaults", or e.g. ".hipaa.yml at 1a2b3c4". */
  source: string;
}

export function defaultPolicy(source = "built-in defaults"): Policy {
  return { failOn: "error", areasOff: new Set(), ruleOverrides: new Map(), exclude: [], thresholds: { ...DEFAULT_THRESHOLDS }, source };
}

export interface ParsedConfig {
  policy?: Policy;
  errors: PositionedError[];
}

/** Validates config text; `knownRuleIds` lets a misspelt rule id be an error instead of a silent no-op. */
export function parseConfig(text: string, file: string, source: string, knownRuleIds: ReadonlySet<string>): ParsedConfig {
  if (text.trim().length === 0) return { policy: defaultPolicy(source), errors: [] };
  const parsed = parseYamlWithSchema<ConfigSpec>(text, file, configSchema);
  if (!parsed.value) return { errors: parsed.errors };
  const spec = parsed.value;
  const errors: PositionedError[] = [];
  for (const id of Object.keys(spec.rules ?? {})) {
    if (!knownRuleIds.has(id)) {
      errors.push({ file, line: parsed.lineOf(["rules", id]), column: 1, key: `rules.${id}`, message: `unknown rule id "${id}"; run \`hipaa-review rules\` to list them` });
    }
  }
  if (errors.length > 0) return { errors };
  const policy = defaultPolicy(source);
  policy.failOn = spec.fail_on ?? "error";
  for (const [area, state] of Object.entries(spec.areas ?? {})) if (state === "off") policy.areasOff.add(area);
  for (const [id, value] of Object.entries(spec.rules ?? {})) policy.ruleOverrides.set(id, value);
  if (spec.paths?.include) policy.include = spec.paths.include.map(compileGlob);
  policy.exclude = (spec.paths?.exclude ?? []).map(compileGlob);
  policy.thresholds = { ...DEFAULT_THRESHOLDS, ...spec.thresholds };
  return { policy, errors };
}

export function pathInScope(policy: Policy, path: string): boolean {
  if (policy.exclude.some((g) => g.match(path))) return false;
  return !policy.include || policy.include.some((g) => g.match(path));
}
