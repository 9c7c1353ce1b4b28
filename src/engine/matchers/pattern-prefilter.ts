/**
 * A line pattern's required literals as a quick test before its regex: re2js runs its automaton in JavaScript, a
 * character at a time, and a rule's keyword (`token`, `log`) is on far more lines than its pattern matches
 * (`token\s*[:=]\s*["']…`). A line (case-folded) with none of the literals the pattern requires
 * (rules/required-literals.ts) cannot match it, so its regex is not run there. On the 43 MB real-code change this
 * leaves about one line in six of those the keywords pick for the regexes.
 */
import { foldForLiterals, requiredLiterals } from "../rules/required-literals.js";
import { literalFinderSource } from "./literal-finder.js";

/** A test of folded text, or null when the pattern requires no literal. */
export type Test = ((folded: string) => boolean) | null;

const tests = new Map<string, Test>();
const MAX_TESTS = 10_000;

/** The prefilter of the pattern `source` (one per source, shared by every rule that uses it). */
export function testOf(source: string): Test {
  let test = tests.get(source);
  if (test === undefined) {
    const literals = requiredLiterals(source)?.map((l) => l.text);
    if (!literals) test = null;
    else if (literals.length === 1) {
      const only = literals[0]!;
      test = (folded) => folded.includes(only);
    } else {
      const finder = new RegExp(literalFinderSource([...new Set(literals)]));
      test = (folded) => finder.test(folded);
    }
    if (tests.size >= MAX_TESTS) tests.clear();
    tests.set(source, test);
  }
  return test;
}

/** Whether the pattern `source` may match a line whose folded text (`foldLine`) is `folded`. */
export function mayMatch(source: string, folded: string): boolean {
  const test = testOf(source);
  return test === null || test(folded);
}

/** A line as `mayMatch` reads it. */
export const foldLine = foldForLiterals;
