/**
 * The literals a pattern cannot match without: for a pattern P, a set of strings such that every text P matches
 * contains one of them (case-folded), each marked when it must start or end the text (`^sin$` needs "sin" as the
 * whole text). Derived from the pattern's syntax tree (`@eslint-community/regexpp`), never listed by hand, so a
 * prefilter built from them is sound by construction: a text with none of the literals cannot match. Where the
 * analysis cannot say (a pattern it does not parse, a part like `\w*` that may match anything), the answer is
 * "no requirement", which admits every text.
 */
import type { AST } from "@eslint-community/regexpp";
import { regexpp } from "../lazy-modules.js";
import { alternation, asAny, END, MAX_EXPANSIONS, MAX_LITERAL, minimumLength, pieces, score, START } from "./literal-sets.js";

export { foldForLiterals } from "./literal-sets.js";

/** One literal of a requirement: its text (case-folded) and whether it starts / ends the matched text. */
export interface RequiredLiteral {
  text: string;
  start: boolean;
  end: boolean;
}


/**
 * What every text matching a pattern holds: one literal of each set in `sets` (the first is the most selective set the
 * whole pattern yields; the others are what its top-level parts each require, `log…(` and then `ssn|dob|…`), and at
 * least `minLength` UTF-16 code units.
 */
export interface Requirement {
  sets: RequiredLiteral[][];
  minLength: number;
}

/**
 * The literals one of which every text matching `source` contains, or undefined when the analysis finds no such
 * set. `source` is a rule pattern (RE2 syntax with an optional leading `(?i)`); letters are folded either way, which
 * only admits more.
 */
export function requiredLiterals(source: string): RequiredLiteral[] | undefined {
  return requirementOf(source)?.sets[0];
}

/** Everything the analysis knows a text matching `source` must hold; undefined when it knows nothing. */
export function requirementOf(source: string): Requirement | undefined {
  let known = derived.get(source);
  if (known === undefined) {
    const encoded = seeded && Object.hasOwn(seeded, source) ? seeded[source] : undefined;
    known = encoded !== undefined ? decode(encoded) : (derive(source) ?? null);
    if (derived.size >= MAX_DERIVED) derived.clear();
    derived.set(source, known);
  }
  return known ?? undefined;
}

/**
 * Requirements derived so far, by pattern source (null: none). Deriving them for the default pack takes a few hundred
 * milliseconds, so the build derives them once into the pack's snapshot (`seedRequirements`).
 */
const derived = new Map<string, Requirement | null>();
const MAX_DERIVED = 10_000;

/**
 * A pattern's requirement written compactly (for the pack snapshot): each literal as its text between the markers of
 * `^` and `$` when it must start or end the text; null when the pattern requires nothing.
 */
export type EncodedRequirement = { sets: string[][]; min: number } | null;

export function encodeRequirement(source: string): EncodedRequirement {
  const known = requirementOf(source);
  return known ? { sets: known.sets.map((set) => set.map((l) => (l.start ? START : "") + l.text + (l.end ? END : ""))), min: known.minLength } : null;
}

/** Requirements derived earlier (the build's snapshot of the default pack), by pattern source; decoded when first asked. */
let seeded: Record<string, EncodedRequirement> | undefined;

export function seedRequirements(known: Record<string, EncodedRequirement>): void {
  seeded = seeded ? { ...seeded, ...known } : known;
}

function decode(encoded: EncodedRequirement): Requirement | null {
  return encoded && { sets: encoded.sets.map((set) => set.map(literalOf)), minLength: encoded.min };
}

function literalOf(s: string): RequiredLiteral {
  return { text: s.replace(/[\u0001\u0002]/g, ""), start: s.startsWith(START), end: s.endsWith(END) };
}

/** At most this many literal sets in a requirement. */
const MAX_SETS = 4;

function derive(source: string): Requirement | undefined {
  const body = source.startsWith("(?i)") ? source.slice(4) : source;
  let pattern: AST.Pattern;
  try {
    // Unicode mode is strict: RE2-only syntax (`\Q…\E`, `(?P<…>`, `\pL`, inline flags) is an error here, never a misreading.
    pattern = new (regexpp().RegExpParser)({ ecmaVersion: 2024 }).parsePattern(body, 0, body.length, { unicode: true });
  } catch {
    return undefined;
  }
  const budget = { left: MAX_EXPANSIONS };
  const sets: RequiredLiteral[][] = [];
  const seen = new Set<string>();
  const add = (set: Set<string> | undefined) => {
    const literals = set && literalsFrom(set);
    const key = literals?.map((l) => `${l.start}${l.text}${l.end}`).sort().join("\u0000");
    if (literals && key !== undefined && !seen.has(key) && sets.length < MAX_SETS) {
      seen.add(key);
      sets.push(literals);
    }
  };
  add(asAny(alternation(pattern.alternatives.map((a) => a.elements), budget)));
  // The whole pattern's set is the best of its parts'; a pattern of one sequence requires every part's set at once.
  if (pattern.alternatives.length === 1) {
    const { candidates } = pieces(pattern.alternatives[0]!.elements, { left: MAX_EXPANSIONS });
    for (const c of candidates.sort((x, y) => score(y) - score(x))) if (score(c) >= 2 || c.size === 1) add(c);
  }
  const minLength = minimumLength(pattern.alternatives);
  return sets.length > 0 || minLength > 0 ? { sets, minLength } : undefined;
}

/** A set of literal strings as a requirement: shortened, minimal; undefined when one of them is empty. */
function literalsFrom(set: Set<string>): RequiredLiteral[] | undefined {
  const out: RequiredLiteral[] = [];
  for (const s of minimal(new Set([...set].map(shortened)))) {
    const literal = literalOf(s);
    if (literal.text === "") return undefined;
    out.push(literal);
  }
  return out;
}

/**
 * A literal cut to its last MAX_LITERAL characters (its first, when it need not end the text): whatever contains the
 * literal contains the cut, so the requirement stays sound, and the many spellings a pattern multiplies out
 * (`get_?` before every name) fall together into few literals to look for.
 */
function shortened(s: string): string {
  const p = parts(s);
  if (p.core.length <= MAX_LITERAL) return s;
  if (p.end) return p.core.slice(-MAX_LITERAL) + END;
  return (p.start ? START : "") + p.core.slice(0, MAX_LITERAL);
}

/** Drops a literal that contains another of the set: the shorter one is found wherever the longer is. */
function minimal(set: Set<string>): string[] {
  const all = [...set].sort((a, b) => a.length - b.length).map(parts);
  const out: Parts[] = [];
  for (const s of all) if (!out.some((t) => contains(s, t))) out.push(s);
  return out.map((p) => p.whole);
}

interface Parts {
  whole: string;
  core: string;
  start: boolean;
  end: boolean;
}

function parts(whole: string): Parts {
  const start = whole.startsWith(START);
  const end = whole.endsWith(END);
  return { whole, core: whole.slice(start ? 1 : 0, end ? -1 : undefined), start, end };
}

/** Whether every occurrence of `outer` is also one of `inner` (markers included: `^sin` contains `sin`). */
function contains(outer: Parts, inner: Parts): boolean {
  if (inner.core.length > outer.core.length) return false;
  if (inner.start) return outer.start && outer.core.startsWith(inner.core) && (!inner.end || (outer.end && outer.core.length === inner.core.length));
  if (inner.end) return outer.end && outer.core.endsWith(inner.core);
  return outer.core.includes(inner.core);
}
