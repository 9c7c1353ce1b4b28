/**
 * Runs a rule's own examples, like ESLint's RuleTester: every `bad` example must produce a finding of the
 * rule, every `good` example none. Used by the test suite for the default pack and for custom rules.
 */
import { DeclaredTypes } from "../diff/declared-types.js";
import { diffTexts } from "../diff/diff-texts.js";
import { evaluateFile } from "../evaluate.js";
import { hclParsers, readByHcl } from "../matchers/block.js";
import { detectLanguages, EXAMPLE_FILE } from "../files/languages.js";
import { inPathClass } from "../files/paths.js";
import type { SyntaxParser } from "../syntax/model.js";
import type { ExampleSpec, SourcedRule } from "./spec.js";
import { compileRule, type CompiledRule } from "./compile.js";
import { Ruleset } from "./ruleset.js";
import { DEFAULT_THRESHOLDS, waives, type FileDiff, type Finding } from "../types.js";

export interface ExampleOutcome {
  ruleId: string;
  kind: "bad" | "good";
  index: number;
  path: string;
  ok: boolean;
  /** Why it failed: a bad example without a finding, a good one with one, or a sensitive value left unmasked. */
  problem?: "no-finding" | "finding" | "unmasked";
  findings: Finding[];
}

export function exampleFile(rule: SourcedRule, example: ExampleSpec): { path: string; code: string; before?: string } {
  if (typeof example !== "string") return example;
  const language = rule.spec.languages?.[0];
  return { path: language ? EXAMPLE_FILE[language] : "example.txt", code: example };
}

/**
 * Evaluates `code` as a newly added file (or, given `before`, as the file changed from `before`) with only `rule`
 * enabled. A syntax rule reads the calls `syntax` parsed (its grammars loaded beforehand: the tester is synchronous).
 */
export function evaluateExample(rule: CompiledRule, path: string, code: string, today = "2026-01-15", syntax?: SyntaxParser, before?: string): Finding[] {
  // A rule whose findings are off in test files (`in_tests: off`) reports nothing there, as in a review.
  if (rule.inTests === "off" && inPathClass(path, "tests")) return [];
  const lines = code.replace(/\n$/, "").split("\n");
  const file: FileDiff =
    before === undefined
      ? { path, status: "added", binary: false, lines: lines.map((text, i) => ({ line: i + 1, text, added: true })) }
      : { path, status: "modified", binary: false, lines: diffTexts(before.replace(/\n?$/, "\n"), lines.join("\n") + "\n") };
  let calls;
  let types: DeclaredTypes | undefined;
  if (rule.syntax) {
    // (the printing types the example declares, as the scan reads them)
    types = new DeclaredTypes();
    types.add(file);
    const language = detectLanguages(path).find((l) => syntax?.calls(l, path, "") !== undefined);
    if (!syntax || !language) throw new Error(`${rule.id}: a syntax rule's examples need a parser with its grammars loaded (${path})`);
    calls = syntax.calls(language, path, lines.join("\n"));
  }
  // A Terraform block rule's examples are read by the real HCL parser when it is loaded (as in a review).
  const resources = rule.block && readByHcl(rule.block.spec.kind) && syntax ? hclParsers(syntax) : undefined;
  return evaluateFile(new Ruleset([rule]), file, lines.join("\n"), { thresholds: DEFAULT_THRESHOLDS, today }, { ...(calls ? { calls } : {}), ...(resources ? { resources } : {}), ...(types ? { types } : {}) }).findings.filter(
    (f) => f.ruleId === rule.id && !waives(f.waiver),
  );
}

export function runRuleExamples(rule: SourcedRule, syntax?: SyntaxParser): ExampleOutcome[] {
  const compiled = compileRule(rule);
  const outcomes: ExampleOutcome[] = [];
  for (const kind of ["bad", "good"] as const) {
    rule.spec.examples[kind].forEach((example, index) => {
      const { path, code, before } = exampleFile(rule, example);
      const findings = evaluateExample(compiled, path, code, undefined, syntax, before);
      let problem: ExampleOutcome["problem"];
      if (kind === "bad" && findings.length === 0) problem = "no-finding";
      else if (kind === "good" && findings.length > 0) problem = "finding";
      else if (kind === "bad" && rule.spec.sensitive && findings.some((f) => !masked(f, code))) problem = "unmasked";
      outcomes.push({ ruleId: rule.spec.id, kind, index, path, ok: problem === undefined, ...(problem ? { problem } : {}), findings });
    });
  }
  return outcomes;
}

/**
 * Whether a sensitive rule's finding masked the value it matched (at least three characters more are `*` than on
 * the example's line): a value group that captures a separator instead of the identifier masks one character and
 * prints the rest.
 */
function masked(finding: Finding, code: string): boolean {
  const stars = (t: string) => (t.match(/\*/g) ?? []).length;
  const line = code.replace(/\n$/, "").split("\n")[finding.line - 1] ?? "";
  return stars(finding.snippet ?? "") - stars(line) >= 3;
}
