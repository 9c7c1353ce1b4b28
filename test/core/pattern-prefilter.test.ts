// The line patterns' prefilter (engine/matchers/pattern-prefilter.ts) must be sound: every line a pattern matches
// holds one of the literals the prefilter requires of it. Checked on every pattern of the default pack against the
// lines of every rule example and of the labelled corpus that carry the rule's keywords (the lines the engine would
// run the pattern on). Lines are screened with the pattern compiled as a native regex where it is one (flags `su`:
// `.` takes any code point, as RE2's does; case folded by Unicode's simple folding, as RE2's `(?i)`), which answers as
// the linear engine does on every line here at a tenth of its cost (the engine's own answer decides each line it admits).
import { describe, expect, it } from "vitest";
import { foldLine, mayMatch } from "../../src/engine/matchers/pattern-prefilter.js";
import { LiteralTrie } from "../../src/engine/matchers/literal-finder.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { loadCases } from "../corpus/harness.js";

describe("line pattern prefilter", () => {
  it("admits a line holding a required literal, in any case, and only such a line", () => {
    const source = "(?i)rejectUnauthorized\\s*:\\s*(false|0)";
    expect(mayMatch(source, foldLine("  REJECTUNAUTHORIZED: false,"))).toBe(true);
    expect(mayMatch(source, foldLine("const reject = unauthorized;"))).toBe(false);
    expect(mayMatch("\\w+\\s*=", foldLine("anything"))).toBe(false); // "=" is required
    expect(mayMatch("^\\w+$", foldLine("anything"))).toBe(true); // requires no literal: always run
  });

  it("requires one literal of every part of a sequence, a fixed count of digits, and the shortest length", () => {
    // A logger call, then a patient field: a line with a logger and no field is not run (one set alone admitted it).
    const logged = "(?i)\\b(logger|console)\\.(info|log)\\s*\\(.*\\b(ssn|dob)\\b";
    expect(mayMatch(logged, foldLine('logger.info("saved", ssn)'))).toBe(true);
    expect(mayMatch(logged, foldLine('logger.info("saved", id)'))).toBe(false);
    expect(mayMatch(logged, foldLine("const ssn = form.ssn;"))).toBe(false);
    // `\d{2}` between dashes is 100 spellings of `-dd-`: a dash alone no longer runs the pattern.
    const ssn = "\\b(\\d{3}-\\d{2}-\\d{4})\\b";
    expect(mayMatch(ssn, foldLine("ssn: 123-45-6789"))).toBe(true);
    expect(mayMatch(ssn, foldLine("--max-old-space-size 2048"))).toBe(false);
    // Forty characters between quotes: a shorter line cannot match.
    const key = "^\\s*[\"']([A-Za-z0-9/+]{40})[\"']\\s*$";
    expect(mayMatch(key, foldLine('  "short"'))).toBe(false);
    expect(mayMatch(key, foldLine(`  "${"a".repeat(40)}"`))).toBe(true);
  });

  it("never leaves out a line a pattern matches (every pattern of the pack, over the examples and the corpus)", () => {
    const sourced = loadDefaultRules().rules.filter((r) => !r.spec.block && !r.spec.syntax);
    const lines = new Set<string>();
    for (const r of loadDefaultRules().rules) {
      for (const e of [...r.spec.examples.bad, ...r.spec.examples.good]) for (const l of (typeof e === "string" ? e : e.code).split("\n")) lines.add(l);
    }
    for (const dir of ["test/corpus/cases", "test/corpus/round4", "test/corpus/round5"]) {
      for (const c of loadCases(dir)) for (const f of c.files) for (const l of (f.after ?? "").split("\n")) lines.add(l);
    }
    const folded = [...lines].map((text) => ({ text, folded: foldLine(text) }));
    const rules = sourced.map((r) => compileRule(r));
    // Each rule's lines holding one of its keywords, found in one walk of a trie of all the keywords per line.
    const trie = new LiteralTrie<number>();
    rules.forEach((rule, i) => rule.keywords?.forEach((k) => trie.add(k, i)));
    const keyed = rules.map(() => [] as typeof folded);
    for (const line of folded) {
      const seen = new Set<number>();
      trie.visitAll(line.folded, (i) => {
        if (!seen.has(i)) keyed[i]!.push(line);
        seen.add(i);
      });
    }
    let matched = 0;
    for (const [i, rule] of rules.entries()) {
      const candidates = rule.keywords ? keyed[i]! : folded;
      for (const pattern of rule.patterns) {
        const screen = nativeRegex(pattern.source);
        for (const line of candidates) {
          if (screen?.test(line.text) === false || !pattern.test(line.text)) continue;
          matched++;
          expect(mayMatch(pattern.source, line.folded), `${rule.id}: ${pattern.source} on ${JSON.stringify(line.text.slice(0, 120))}`).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(2_000);
  }, 60_000);
});

/** The pattern as a native regex, if it is valid as one (undefined otherwise: the linear engine alone reads it). */
function nativeRegex(source: string): RegExp | undefined {
  const ignoreCase = source.startsWith("(?i)");
  try {
    return new RegExp(ignoreCase ? source.slice(4) : source, ignoreCase ? "isu" : "su");
  } catch {
    return undefined;
  }
}
