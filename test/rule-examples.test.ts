// Every default rule's own examples (ESLint RuleTester style): a bad example that produces nothing, or a good
// one that produces something, fails the build. A rule without examples cannot pass the schema.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../src/defaults/rules.js";
import { exampleFile, runRuleExamples } from "../src/engine/rules/tester.js";
import { formatError } from "../src/engine/yaml-schema.js";
import { detectLanguages } from "../src/engine/files/languages.js";
import { treeSitterParser } from "../src/syntax/tree-sitter.js";

const packs = loadDefaultRules();
// Syntax rules read parsed calls: load the grammar of every example's file before the (synchronous) tester runs.
const syntax = treeSitterParser();
// Terraform block rules' examples are read by the HCL grammar, as in a review.
expect(await syntax.load("terraform", "main.tf")).toBe(true);
for (const rule of packs.rules.filter((r) => r.spec.scope === "syntax")) {
  for (const example of [...rule.spec.examples.bad, ...rule.spec.examples.good]) {
    const { path } = exampleFile(rule, example);
    const loaded = await Promise.all(detectLanguages(path).map((l) => syntax.load(l, path)));
    expect(loaded.some(Boolean), `a parser for ${path}`).toBe(true);
  }
}

describe("default rule pack", () => {
  it("loads without schema or cross-field errors", () => {
    expect(packs.errors.map(formatError)).toEqual([]);
  });

  it("covers every safeguard area", () => {
    const areas = new Set(packs.rules.map((r) => r.area));
    for (const area of ["transmission-security", "encryption-at-rest", "audit-controls", "integrity", "authentication", "access-control", "phi-exposure"]) {
      expect(areas, area).toContain(area);
    }
  });

  it("marks every rule that can match a secret or PHI as sensitive", () => {
    const leaky = packs.rules.filter((r) => (r.area === "phi-exposure" || /^secret-/.test(r.spec.id)) && !r.spec.sensitive);
    expect(leaky.map((r) => r.spec.id)).toEqual([]);
  });

  it("never states a threshold's unit twice ({{threshold}} already ends with it)", () => {
    const doubled = packs.rules.filter((r) => /\{\{threshold\}\}\s*(days?|minutes?|hours?)\b/i.test(r.spec.message));
    expect(doubled.map((r) => r.spec.id)).toEqual([]);
  });
});

describe.each(packs.rules.map((r) => [r.spec.id, r] as const))("rule %s", (_id, rule) => {
  const outcomes = runRuleExamples(rule, syntax);
  it.each(outcomes.map((o) => [`${o.kind} example #${o.index + 1} (${o.path})`, o] as const))("%s", (_name, outcome) => {
    const detail = outcome.problem === "unmasked" ? `the sensitive value is not masked: ${outcome.findings.map((f) => f.snippet).join("; ")}` : outcome.kind === "bad" ? "expected a finding, got none" : `expected no finding, got: ${outcome.findings.map((f) => `line ${f.line}: ${f.snippet}`).join("; ")}`;
    expect(outcome.ok, `${rule.file}: ${rule.spec.id} ${outcome.kind} example #${outcome.index + 1}: ${detail}`).toBe(true);
  });
});
