/**
 * `.hipaa.yml`: parsing, validation with positions, the organisation floor (`extends: org` with `locked`
 * rules), per-path overrides, PHI-path severity, custom rules, and the defaults that apply when it is absent.
 * Pure: the caller reads the files (from the base revision) and passes the text in.
 */
import configSchema from "../../schema/hipaa-config.schema.json" with { type: "json" };
import rulePackSchema from "../../schema/rule-pack.schema.json" with { type: "json" };
import vendorCatalogueSchema from "../../schema/vendor-catalogue.schema.json" with { type: "json" };
import { crossFieldProblems } from "../engine/rules/pack.js";
import { compileGlob } from "../engine/rules/compile.js";
import { SEVERITY_RANK, type Severity } from "../engine/types.js";
import { formatPath, parseYamlWithSchema, registerSchema, type PositionedError } from "../engine/yaml-schema.js";
import type { ConfigSection } from "./sections.js";
import { CONFIG_FILE, defaultPolicy, LOCKABLE_SETTINGS, type ConfigSpec, type KnownRule, type LockableSetting, type Policy, type RuleSetting } from "./types.js";

export { configSchema };

export * from "./types.js";

export interface ParsedConfig {
  policy?: Policy;
  errors: PositionedError[];
}

/**
 * Validates config text and builds its policy on top of `base` (the organisation's policy, or the defaults).
 * `known` lets a misspelt rule id be an error instead of a silent no-op.
 */
export function parseConfig(text: string, file: string, source: string, known: ReadonlyMap<string, KnownRule>, sections: readonly ConfigSection<unknown>[], base?: Policy, repoPath?: string): ParsedConfig {
  if (text.trim().length === 0) return { policy: { ...(base ?? defaultPolicy()), source }, errors: [] };
  registerSchema(rulePackSchema);
  registerSchema(vendorCatalogueSchema);
  const parsed = parseYamlWithSchema<ConfigSpec>(text, file, configSchema);
  if (!parsed.value) return { errors: withPath(parsed.errors, repoPath) };
  const spec = parsed.value;
  const errors: PositionedError[] = [];
  const at = (path: (string | number)[], message: string) =>
    errors.push({ file, ...(repoPath ? { path: repoPath } : {}), line: parsed.lineOf(path), column: 1, key: formatPath(path), message });

  const customIds = new Set<string>();
  (spec.custom_rules ?? []).forEach((rule, i) => {
    if (known.has(rule.id) || customIds.has(rule.id)) at(["custom_rules", i, "id"], `rule id "${rule.id}" is already taken; custom rules need their own ids`);
    customIds.add(rule.id);
    if (!rule.safeguard) at(["custom_rules", i, "safeguard"], "a custom rule needs its CFR citation (e.g. \"164.312(b)\")");
    for (const problem of crossFieldProblems(rule)) at(["custom_rules", i, ...problem.path], problem.message);
    if (rule.scope === "syntax") at(["custom_rules", i, "scope"], "`scope: syntax` is for the built-in rules only; write a custom rule as a `line` or `block` rule");
  });
  const isKnown = (id: string) => known.has(id) || customIds.has(id);
  for (const id of Object.keys(spec.rules ?? {})) if (!isKnown(id)) at(["rules", id], `unknown rule id "${id}"; run \`hipaa-review rules\` to list them`);
  (spec.overrides ?? []).forEach((o, i) => {
    for (const id of Object.keys(o.rules ?? {})) if (!isKnown(id)) at(["overrides", i, "rules", id], `unknown rule id "${id}"; run \`hipaa-review rules\` to list them`);
  });
  (spec.locked ?? []).forEach((id, i) => {
    if (!isKnown(id) && !isLockable(id) && ![...known.values()].some((r) => r.area === id)) at(["locked", i], `"${id}" is neither a rule id, a safeguard area nor a lockable setting (${LOCKABLE_SETTINGS.join(", ")})`);
  });
  for (const section of sections) for (const p of section.problems(spec)) at(p.path, p.message);
  if (errors.length > 0) return { errors };

  const policy: Policy = base ? clonePolicy(base) : defaultPolicy();
  policy.source = source;
  policy.extendsOrg = spec.extends === "org";
  const areaOf = (id: string) => known.get(id)?.area ?? "custom";
  const violation = (path: (string | number)[], message: string) =>
    policy.violations.push({ file, ...(repoPath ? { path: repoPath } : {}), line: parsed.lineOf(path), key: formatPath(path), message });
  const lockedHere = (id: string) => policy.locked.has(id);
  const effective = (id: string): Severity => {
    const o = policy.ruleOverrides.get(id);
    return o && o !== "off" ? o : (known.get(id)?.severity ?? "error");
  };
  const weakens = (id: string, value: RuleSetting) => value === "off" || SEVERITY_RANK[value] < SEVERITY_RANK[effective(id)];

  if (spec.fail_on) policy.failOn = spec.fail_on;
  for (const [area, state] of Object.entries(spec.areas ?? {})) {
    if (state === "off") {
      policy.areasOff.add(area);
      // Inherited per-rule settings in the area go with it (this file's own `rules:` below still apply).
      for (const id of [...policy.ruleOverrides.keys()]) if (areaOf(id) === area && !lockedHere(id)) policy.ruleOverrides.delete(id);
      const lockedInArea = [...policy.locked].filter((id) => areaOf(id) === area);
      if (lockedInArea.length > 0) violation(["areas", area], `the organisation locks ${lockedInArea.join(", ")}; they stay on although the area is off here`);
    } else policy.areasOff.delete(area);
  }
  for (const [id, value] of Object.entries(spec.rules ?? {})) {
    if (lockedHere(id) && weakens(id, value)) {
      violation(["rules", id], `the organisation locks ${id} at ${effective(id)}; this repository cannot turn it ${value === "off" ? "off" : `down to ${value}`}, so the setting is ignored`);
      continue;
    }
    policy.ruleOverrides.set(id, value);
  }
  if (spec.paths?.include) policy.include = spec.paths.include.map(compileGlob);
  if (spec.paths?.vendored) policy.skipVendored = spec.paths.vendored === "skip";
  if (spec.paths?.exclude) {
    policy.exclude = [...policy.exclude, ...spec.paths.exclude.map(compileGlob)];
    if (policy.locked.size > 0) violation(["paths", "exclude"], `excluded paths are still checked by the organisation's locked rules (${[...policy.locked].join(", ")})`);
  }
  (spec.overrides ?? []).forEach((o, i) => {
    const rules = new Map<string, RuleSetting>();
    for (const [id, value] of Object.entries(o.rules ?? {})) {
      if (lockedHere(id) && weakens(id, value)) {
        violation(["overrides", i, "rules", id], `the organisation locks ${id}; a path override cannot turn it ${value === "off" ? "off" : `down to ${value}`}, so the setting is ignored`);
        continue;
      }
      rules.set(id, value);
    }
    policy.overrides.push({ globs: o.paths.map(compileGlob), rules, areas: new Map(Object.entries(o.areas ?? {})) });
  });
  if (spec.phi_paths) policy.phiPaths = [...policy.phiPaths, ...spec.phi_paths.map(compileGlob)];
  // `baa_expiry_days` belongs to the vendor section, which reads it from here.
  const { baa_expiry_days: _baa, ...thresholds } = spec.thresholds ?? {};
  policy.thresholds = { ...policy.thresholds, ...thresholds };
  for (const entry of spec.locked ?? []) {
    if (isLockable(entry)) policy.lockedSettings.add(entry);
    else if (isKnown(entry)) policy.locked.add(entry);
    else for (const [id, r] of known) if (r.area === entry) policy.locked.add(id);
  }
  if (spec.inline_comment_cap !== undefined) policy.inlineCommentCap = spec.inline_comment_cap;
  if (spec.review_drafts !== undefined) policy.reviewDrafts = spec.review_drafts;
  waiverSettings(spec.waivers, policy, violation);
  for (const section of sections) {
    const value = section.merge(policy.sections.get(section.key), spec, base !== undefined);
    if (value !== undefined) policy.sections.set(section.key, value);
  }
  (spec.custom_rules ?? []).forEach((rule, i) => {
    policy.customRules.push({ spec: rule, area: "custom", safeguard: rule.safeguard!, file, line: parsed.lineOf(["custom_rules", i]) });
  });
  return { policy, errors };
}

function clonePolicy(p: Policy): Policy {
  return {
    ...p,
    areasOff: new Set(p.areasOff),
    ruleOverrides: new Map(p.ruleOverrides),
    exclude: [...p.exclude],
    overrides: [...p.overrides],
    phiPaths: [...p.phiPaths],
    thresholds: { ...p.thresholds },
    locked: new Set(p.locked),
    lockedSettings: new Set(p.lockedSettings),
    waivers: { ...p.waivers },
    customRules: [...p.customRules],
    violations: [...p.violations],
    sections: new Map(p.sections),
  };
}

/** Errors of a file of the repository under review, marked with its path (for annotations on it). */
export function withPath(errors: PositionedError[], path: string | undefined): PositionedError[] {
  return path ? errors.map((e) => ({ ...e, path })) : errors;
}

function isLockable(entry: string): entry is LockableSetting {
  return (LOCKABLE_SETTINGS as readonly string[]).includes(entry);
}

/**
 * The `waivers:` settings over the inherited ones. A setting the organisation locked can only be tightened: a
 * longer `max_days`, `honor` over `propose`, or letting authors waive is refused and reported on its line.
 */
function waiverSettings(spec: ConfigSpec["waivers"], policy: Policy, violation: (path: (string | number)[], message: string) => void): void {
  if (!spec) return;
  const locked = (name: LockableSetting) => policy.lockedSettings.has(name);
  if (spec.max_days !== undefined) {
    if (locked("waivers.max_days") && spec.max_days > policy.waivers.maxDays) {
      violation(["waivers", "max_days"], `the organisation locks waivers.max_days at ${policy.waivers.maxDays}; this repository can only lower it, so the setting is ignored`);
    } else policy.waivers.maxDays = spec.max_days;
  }
  if (spec.inline_in_change !== undefined) {
    if (locked("waivers.inline_in_change") && spec.inline_in_change === "honor" && policy.waivers.inlineInChange === "propose") {
      violation(["waivers", "inline_in_change"], "the organisation locks waivers.inline_in_change at propose; waivers a change adds still need approval, so the setting is ignored");
    } else policy.waivers.inlineInChange = spec.inline_in_change;
  }
  if (spec.allow_author !== undefined) {
    if (locked("waivers.allow_author") && spec.allow_author && !policy.allowAuthorWaivers) {
      violation(["waivers", "allow_author"], "the organisation locks waivers.allow_author off; authors cannot waive their own findings, so the setting is ignored");
    } else policy.allowAuthorWaivers = spec.allow_author;
  }
}
