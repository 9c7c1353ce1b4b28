/**
 * What a line pattern requires, as a quick test before its regex: re2js runs its automaton in JavaScript, a
 * character at a time, and a rule's keyword (`token`, `log`) is on far more lines than its pattern matches
 * (`token\s*[:=]\s*["']…`). A line (case-folded) without one literal of each set the pattern requires
 * (rules/required-literals.ts), or shorter than any text it matches, cannot match it, so its regex is not run there.
 * On the 43 MB real-code change this leaves about one line in six of those the keywords pick for the regexes.
 */
import { foldForLiterals, requirementOf } from "../rules/required-literals.js";
import { holdsOneOf } from "./literal-finder.js";

/** A test of folded text, or null when the pattern requires nothing of it. */
export type Test = ((folded: string) => boolean) | null;

const tests = new Map<string, Test>();
const MAX_TESTS = 10_000;

/** The prefilter of the pattern `source` (one per source, shared by every rule that uses it). */
export function testOf(source: string): Test {
  let test = tests.get(source);
  if (test === undefined) {
    const requirement = requirementOf(source);
    const parts = (requirement?.sets ?? []).map((set) => holdsOneOf(set.map((l) => l.text)));
    const min = requirement?.minLength ?? 0;
    // A folded line is never shorter than the line (lower-casing only lengthens), so its length stands for the line's.
    if (min > 1) parts.unshift((folded) => folded.length >= min);
    test = parts.length === 0 ? null : parts.length === 1 ? parts[0]! : (folded) => parts.every((t) => t(folded));
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
