/** Loads rule packs from YAML text: schema validation, then the cross-field checks a schema cannot express. */
import rulePackSchema from "../../../schema/rule-pack.schema.json" with { type: "json" };
import { PATH_CLASSES } from "../files/paths.js";
import { compilePattern, PatternError } from "../matchers/pattern.js";
import type { NearSpec, RulePackSpec, RuleSpec, SourcedRule } from "./spec.js";
import { formatPath, parseYamlWithSchema, type PositionedError } from "../yaml-schema.js";

export { rulePackSchema };

export interface LoadedPacks {
  rules: SourcedRule[];
  errors: PositionedError[];
}

export interface PackSource {
  file: string;
  text: string;
}

/** Validates and collects the rules of every pack. */
export function loadRulePacks(sources: PackSource[]): LoadedPacks {
  const rules: SourcedRule[] = [];
  const errors: PositionedError[] = [];
  const seen = new Map<string, string>();
  for (const { file, text } of sources) {
    const parsed = parseYamlWithSchema<RulePackSpec>(text, file, rulePackSchema);
    errors.push(...parsed.errors);
    if (!parsed.value) continue;
    const pack = parsed.value;
    pack.rules.forEach((rule, index) => {
      const at = (path: (string | number)[], message: string) =>
        errors.push({ file, line: parsed.lineOf(["rules", index, ...path]), column: 1, key: formatPath(["rules", index, ...path]), message });
      const previous = seen.get(rule.id);
      if (previous) at(["id"], `duplicate rule id "${rule.id}" (first defined in ${previous})`);
      seen.set(rule.id, file);
      for (const problem of [...expandWords(rule, pack.words ?? {}), ...crossFieldProblems(rule)]) at(problem.path, problem.message);
      rules.push({ spec: rule, area: pack.area, safeguard: rule.safeguard ?? pack.safeguard, file, line: parsed.lineOf(["rules", index]) });
    });
  }
  return { rules, errors };
}

interface Problem {
  path: (string | number)[];
  message: string;
}

const WORD = /\{\{([a-z][a-z0-9-]*)\}\}/g;

/**
 * Replaces `{{name}}` in a rule's patterns with the pack's `words` of that name (in place, before the patterns are
 * checked): one list of the words a patient-data route names, not a copy per framework's rule.
 */
function expandWords(rule: RuleSpec, words: Record<string, string>): Problem[] {
  const problems: Problem[] = [];
  const expand = (list: string[] | undefined, path: (string | number)[]) =>
    list?.map((pattern, i) =>
      pattern.replace(WORD, (whole, name: string) => {
        if (Object.hasOwn(words, name)) return words[name]!;
        problems.push({ path: [...path, i], message: `unknown word list "{{${name}}}"; the pack's \`words\` define ${Object.keys(words).map((w) => `{{${w}}}`).join(", ") || "none"}` });
        return whole;
      }),
    );
  if (rule.patterns) rule.patterns = expand(rule.patterns, ["patterns"]);
  if (rule.unless) rule.unless = expand(rule.unless, ["unless"]);
  if (rule.near) rule.near.patterns = expand(rule.near.patterns, ["near", "patterns"])!;
  if (rule.near?.sections) rule.near.sections = expand(rule.near.sections, ["near", "sections"]);
  if (rule.near?.column) rule.near.column = expand(rule.near.column, ["near", "column"]);
  if (rule.replaces) rule.replaces = expand(rule.replaces, ["replaces"]);
  if (rule.guards) rule.guards = expand(rule.guards, ["guards"]);
  const windows = rule.unless_near === undefined ? [] : Array.isArray(rule.unless_near) ? rule.unless_near : [rule.unless_near];
  windows.forEach((n, i) => {
    const at = Array.isArray(rule.unless_near) ? ["unless_near", i] : ["unless_near"];
    n.patterns = expand(n.patterns, [...at, "patterns"])!;
    if (n.sections) n.sections = expand(n.sections, [...at, "sections"]);
  });
  return problems;
}

/** An `enclosing` window (`near` or an `unless_near` entry) walks up to a line's parents: above only, and alone. */
function enclosingProblems(n: NearSpec, at: (string | number)[]): Problem[] {
  const problems: Problem[] = [];
  if (n.side !== "above") problems.push({ path: at, message: "`enclosing` walks up to the lines the finding's line is indented under: it needs `side: above`" });
  if (n.same_value || n.names_value || n.closer || n.sections) problems.push({ path: at, message: "`enclosing` cannot be combined with `same_value`, `names_value`, `closer` or `sections`" });
  return problems;
}

export function crossFieldProblems(rule: RuleSpec): Problem[] {
  const problems: Problem[] = [];
  const scope = rule.scope ?? "line";
  if ((scope === "line" || scope === "removed") && !rule.patterns) problems.push({ path: ["patterns"], message: `a ${scope} rule needs \`patterns\`` });
  if (rule.guards && scope !== "removed") problems.push({ path: ["guards"], message: "`guards` is only for `scope: removed` rules" });
  if (scope === "removed" && (rule.replaces || rule.validate)) problems.push({ path: [rule.replaces ? "replaces" : "validate"], message: "a `scope: removed` rule reads what the change took away: `replaces` and `validate` are for line rules" });
  if (scope === "removed" && !rule.examples.bad.some((e) => typeof e !== "string" && e.before !== undefined)) {
    problems.push({ path: ["examples", "bad"], message: "a `scope: removed` rule fires on a line the change removes: its bad examples need a `before` (the file before the change)" });
  }
  if (scope === "syntax" && !rule.syntax) problems.push({ path: ["syntax"], message: "a `scope: syntax` rule needs `syntax`" });
  if (scope !== "syntax" && rule.syntax) problems.push({ path: ["syntax"], message: "`syntax` is only for `scope: syntax` rules" });
  if (scope === "syntax" && (!rule.languages || !rule.keywords)) problems.push({ path: ["scope"], message: "a syntax rule needs `languages` (the parsers it reads) and `keywords` (so only files that mention them are parsed)" });
  if ((scope === "line" || scope === "removed") && rule.block) problems.push({ path: ["block"], message: "`block` is only for `scope: block` rules" });
  if (scope === "block" && !rule.block) problems.push({ path: ["block"], message: "a `scope: block` rule needs `block`" });
  if (scope === "block" && rule.block && !rule.block.missing && !rule.block.matches) {
    problems.push({ path: ["block"], message: "a block rule needs `missing` or `matches`, or it would fire on every block" });
  }
  if (rule.near && scope === "block") problems.push({ path: ["near"], message: "`near` is only for line rules" });
  if (rule.near?.enclosing) problems.push(...enclosingProblems(rule.near, ["near", "enclosing"]));
  if (rule.near?.names_value && (rule.value_group === undefined || rule.near.enclosing || rule.near.sections || rule.near.column || rule.near.spans || rule.near.same_value || rule.near.closer)) {
    problems.push({ path: ["near", "names_value"], message: "`names_value` looks for a line naming the finding's value: it needs `value_group`, without `enclosing`, `sections`, `column` or `spans`" });
  }
  if (rule.near?.spans && rule.near.side !== "above") problems.push({ path: ["near", "spans"], message: "`spans` reaches up to the line the window finds above the finding: it needs `side: above`" });
  if (rule.near?.column && (rule.near.side !== "above" || rule.near.enclosing || rule.near.sections)) {
    problems.push({ path: ["near", "column"], message: "`column` reads the table header the window finds above the row: it needs `side: above`, without `enclosing` or `sections`" });
  }
  if (rule.near?.sections && (rule.near.side ?? "both") === "both") {
    problems.push({ path: ["near", "sections"], message: "`sections` looks for the section a line is in on one side: it needs `side: above` or `side: below`" });
  }
  if (rule.unless_near && scope === "block") problems.push({ path: ["unless_near"], message: "`unless_near` is only for line rules" });
  if (rule.replaces && scope !== "line") problems.push({ path: ["replaces"], message: "`replaces` is only for line rules" });
  if (rule.replaces_in && !rule.replaces) problems.push({ path: ["replaces_in"], message: "`replaces_in` says where `replaces` looks: it needs `replaces`" });
  if (rule.replaces && !rule.value_group) problems.push({ path: ["replaces"], message: "`replaces` compares the text before the value: it needs a `value_group` that captures the value" });
  const switched = [...rule.examples.bad, ...rule.examples.good].some((e) => typeof e !== "string" && e.before !== undefined);
  if (rule.replaces && !rule.examples.bad.some((e) => typeof e !== "string" && e.before !== undefined)) {
    problems.push({ path: ["examples", "bad"], message: "a `replaces` rule fires only on a changed line: its bad examples need a `before` (the file before the change)" });
  }
  if (switched && !rule.replaces && scope !== "removed") problems.push({ path: ["examples"], message: "an example with `before` is only for a `replaces` or `scope: removed` rule" });
  [rule.unless_near ?? []].flat().forEach((n, i) => {
    if (n.same_value && n.within > 3) problems.push({ path: ["unless_near", i, "within"], message: "a `same_value` window reads the lines the diff shows: `within` at most 3" });
    if (n.closer && (rule.near?.side !== "above" || (n.side ?? "both") !== "above")) {
      problems.push({ path: ["unless_near", i, "closer"], message: "`closer` compares distances above the line: it needs a rule `near` and this window both with `side: above`" });
    }
    if (n.closer && n.same_value) problems.push({ path: ["unless_near", i, "closer"], message: "`closer` and `same_value` cannot be combined" });
    if (n.names_value && (n.same_value || n.closer)) problems.push({ path: ["unless_near", i, "names_value"], message: "`names_value` cannot be combined with `same_value` or `closer`" });
    if (n.sections && ((n.side ?? "both") === "both" || n.closer || n.same_value)) {
      problems.push({ path: ["unless_near", i, "sections"], message: "`sections` looks for the section a line is in on one side: it needs `side: above` or `side: below`, without `closer` or `same_value`" });
    }
    if (n.enclosing) problems.push(...enclosingProblems(n, ["unless_near", i, "enclosing"]));
  });
  if (!rule.languages && [...rule.examples.bad, ...rule.examples.good].some((e) => typeof e === "string")) {
    problems.push({ path: ["examples"], message: "a rule without `languages` needs examples in the {path, code} form, so the file each stands in is explicit" });
  }
  const lists: [string, string[] | undefined][] = [
    ["patterns", rule.patterns], ["unless", rule.unless], ["near.patterns", rule.near?.patterns], ["near.sections", rule.near?.sections], ["near.column", rule.near?.column], ["replaces", rule.replaces], ["guards", rule.guards], ...(rule.unless_near ? [rule.unless_near].flat().flatMap((n, i): [string, string[] | undefined][] => [[`unless_near[${i}].patterns`, n.patterns], [`unless_near[${i}].sections`, n.sections]]) : []),
    ["block.matches", rule.block?.matches], ["block.missing", rule.block?.missing], ["block.unless", rule.block?.unless],
    ["block.anchor", rule.block?.anchor ? [rule.block.anchor] : undefined],
    ["syntax.callee", rule.syntax?.callee], ["syntax.names", rule.syntax?.names], ["syntax.records", rule.syntax?.records], ["syntax.declared", rule.syntax?.declared], ["syntax.not_names", rule.syntax?.not_names], ["syntax.not_owners", rule.syntax?.not_owners],
  ];
  for (const [name, list] of lists) {
    (list ?? []).forEach((source, i) => {
      const path = [...name.split("."), i];
      try {
        const { groups } = compilePattern(source);
        // (a value group the pattern lacks makes the whole match the value: checked, masked and shown as such)
        const valueGroup = rule.value_group ?? 0;
        if ((name === "patterns" || name === "replaces") && valueGroup > groups) {
          problems.push({ path, message: `\`value_group\` is ${valueGroup} but this pattern has ${groups} capturing group(s): number its groups so the value is group ${valueGroup} (add empty \`()\` groups before it, or make others non-capturing with \`(?:…)\`)` });
        }
      } catch (error) {
        problems.push({ path, message: error instanceof PatternError ? error.reason : String(error) });
      }
    });
  }
  for (const [name, list] of [["paths", rule.paths], ["exclude_paths", rule.exclude_paths]] as const) {
    (list ?? []).forEach((glob, i) => {
      if (glob.startsWith("@") && !(glob.slice(1) in PATH_CLASSES)) {
        problems.push({ path: [name, i], message: `unknown path class "${glob}"; the classes are ${Object.keys(PATH_CLASSES).map((c) => `@${c}`).join(", ")}` });
      }
    });
  }
  for (const keyword of rule.keywords ?? []) {
    if (keyword !== keyword.toLowerCase()) problems.push({ path: ["keywords"], message: `keyword "${keyword}" must be lower case (keywords match case-insensitively)` });
  }
  return problems;
}
