// Scans that run the same rules share one Ruleset (its per-file-kind indexes are built once per process), and a
// policy that grades or switches rules differently gets its own.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { Judge } from "../../src/policy/judge.js";
import { defaultPolicy } from "../../src/policy/types.js";

const rules = loadDefaultRules().rules.slice(0, 40).map((r) => compileRule(r));

describe("Ruleset.of", () => {
  it("returns the same ruleset for the same rule objects in the same order, and another for any other list", () => {
    const a = Ruleset.of(rules);
    expect(Ruleset.of([...rules])).toBe(a);
    expect(Ruleset.of(rules.slice(1))).not.toBe(a);
    expect(Ruleset.of([...rules].reverse())).not.toBe(a);
    // equal content in other objects is another list (a repository's custom rules compile anew)
    expect(Ruleset.of(rules.map((r) => ({ ...r })))).not.toBe(a);
  });

  it("judges with the same policy share their ruleset; a rule graded or switched off gives another", () => {
    const first = new Judge(defaultPolicy("a"), rules);
    expect(new Judge(defaultPolicy("b"), rules).ruleset).toBe(first.ruleset);
    const id = rules[0]!.id;
    const raised = () => {
      const p = defaultPolicy("raised");
      p.ruleOverrides.set(id, rules[0]!.severity === "error" ? "warning" : "error");
      return new Judge(p, rules);
    };
    const r1 = raised();
    expect(r1.ruleset).not.toBe(first.ruleset);
    expect(raised().ruleset).toBe(r1.ruleset);
    expect(r1.ruleset.rules[0]!.severity).not.toBe(rules[0]!.severity);
    const off = defaultPolicy("off");
    off.ruleOverrides.set(id, "off");
    expect(new Judge(off, rules).ruleset.rules.map((r) => r.id)).not.toContain(id);
  });
});
