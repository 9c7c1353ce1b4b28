/**
 * The analysis behind required-literals.ts: what a part of a pattern's syntax tree matches or requires, as sets of
 * case-folded strings (`(first|last)_?name` matches exactly 4; `\w*log\w*` requires "log"), and the fewest characters a
 * match can have. Sound by construction: a set is a requirement only when every match of the part contains one of
 * its strings.
 */
import type { AST } from "@eslint-community/regexpp";

/** Markers for `^` and `$` inside the strings the analysis builds. */
export const START = "\u0001";
export const END = "\u0002";
const DIGITS = [..."0123456789"];
/** At most this many strings in a set the analysis multiplies out (`(first|last)_?name` is 4). */
const MAX_STRINGS = 256;
/** Literals are kept to this many characters: `^get_patient_first_name$` is looked for as `t_first_name$`. */
export const MAX_LITERAL = 12;
/** At most this many branches expanded in all, per pattern (alternatives distributed over their neighbours). */
export const MAX_EXPANSIONS = 2_000;

/**
 * What the analysis knows of a part of a pattern: every string it matches (`exact`), or literals one of which every
 * match contains (`any`), or nothing (both undefined: it may match anything, the empty string included).
 */
export interface Info {
  exact?: Set<string>;
  any?: Set<string>;
}

/** Case folding as the prefilter folds the searched text (`foldForLiterals`). */
export function foldForLiterals(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes("\u017f") ? lower.replace(/\u017f/g, "s") : lower;
}

/** The fewest UTF-16 code units a text matching one of `branches` can have. */
export function minimumLength(branches: readonly { elements: readonly AST.Element[] }[]): number {
  let min = Infinity;
  for (const b of branches) {
    let sum = 0;
    for (const e of b.elements) sum += elementLength(e);
    min = Math.min(min, sum);
  }
  return Number.isFinite(min) ? min : 0;
}

function elementLength(e: AST.Element): number {
  switch (e.type) {
    case "Character":
      return e.value > 0xffff ? 2 : 1;
    case "CharacterClass":
    case "CharacterSet":
      return 1;
    case "Group":
    case "CapturingGroup":
      return minimumLength(e.alternatives);
    case "Quantifier":
      return e.min * elementLength(e.element);
    default:
      return 0;
  }
}

export function alternation(branches: readonly (readonly AST.Element[])[], budget: { left: number }): Info {
  const infos = branches.map((elements) => sequence(elements, budget));
  if (infos.every((i) => i.exact)) {
    const exact = new Set(infos.flatMap((i) => [...i.exact!]));
    if (exact.size <= MAX_STRINGS) return { exact };
  }
  const any = new Set<string>();
  for (const info of infos) {
    const literals = asAny(info);
    if (!literals) return {};
    for (const l of literals) any.add(l);
  }
  return { any };
}

function sequence(elements: readonly AST.Element[], budget: { left: number }): Info {
  // A group of alternatives among other parts (`^(get_?)?(ssn|sin|\w*name)$`): each alternative is read with its
  // neighbours, so the anchors and fixed parts around the group reach every branch.
  const at = elements.findIndex((e) => (e.type === "Group" || e.type === "CapturingGroup") && e.alternatives.length > 1);
  if (at >= 0 && elements.length > 1) {
    const group = elements[at] as AST.Group | AST.CapturingGroup;
    if (budget.left >= group.alternatives.length) {
      budget.left -= group.alternatives.length;
      return alternation(group.alternatives.map((a) => [...elements.slice(0, at), ...a.elements, ...elements.slice(at + 1)]), budget);
    }
  }
  const { exact, candidates } = pieces(elements, budget);
  if (exact) return { exact };
  let best: Set<string> | undefined;
  for (const c of candidates) if (!best || score(c) > score(best)) best = c;
  return best ? { any: best } : {};
}

/**
 * The requirements of a sequence read part by part: the strings of fixed runs multiplied out, and what each other
 * part requires. Every text the sequence matches holds one literal of each set (`exact`: the whole sequence is one
 * of these strings).
 */
export function pieces(elements: readonly AST.Element[], budget: { left: number }): { exact?: Set<string>; candidates: Set<string>[] } {
  const infos = elements.map((e) => element(e, budget));
  const candidates: Set<string>[] = [];
  let run: Set<string> | undefined = new Set([""]);
  for (const info of infos) {
    if (info.exact && run && run.size * info.exact.size <= MAX_STRINGS) {
      run = product(run, info.exact);
      continue;
    }
    if (run) candidates.push(run);
    // Too many spellings to multiply on (`(patient|member|…)_?(lab_?)?test` before `_?names?`): carry on from their
    // endings instead (`test`), which every match contains as well, rather than from nothing (`name` alone).
    const tail = info.exact && run ? endings(run, Math.floor(MAX_STRINGS / info.exact.size)) : undefined;
    if (tail) {
      run = product(tail, info.exact!);
      continue;
    }
    run = info.exact && info.exact.size <= MAX_STRINGS ? info.exact : undefined;
    if (!run && info.any) candidates.push(info.any);
    if (!run) run = new Set([""]);
  }
  if (run && infos.every((i) => i.exact) && candidates.length === 0) return { exact: run, candidates: [] };
  if (run) candidates.push(run);
  return { candidates: candidates.flatMap((c) => asAny({ exact: c }) ?? []) };
}

function element(e: AST.Element, budget: { left: number }): Info {
  switch (e.type) {
    case "Character":
      return { exact: new Set([foldForLiterals(String.fromCodePoint(e.value))]) };
    case "Assertion":
      return { exact: new Set([e.kind === "start" ? START : e.kind === "end" ? END : ""]) };
    case "Group":
    case "CapturingGroup":
      return alternation(e.alternatives.map((a) => a.elements), budget);
    case "CharacterClass":
      return characterClass(e);
    case "CharacterSet":
      return e.kind === "digit" && !e.negate ? { exact: new Set(DIGITS) } : {};
    case "Quantifier": {
      const inner = element(e.element, budget);
      if (e.min === 0 && e.max === 1) return inner.exact ? { exact: new Set(["", ...inner.exact]) } : {};
      if (e.min === 1 && e.max === 1) return inner;
      // A fixed count of few spellings (`\d{2}`: 100 strings) is multiplied out like a run of its copies.
      if (e.min === e.max && inner.exact && inner.exact.size ** e.min <= MAX_STRINGS) {
        let exact = new Set([""]);
        for (let i = 0; i < e.min; i++) exact = product(exact, inner.exact);
        return { exact };
      }
      // At least once: whatever one copy needs, every match needs.
      return e.min >= 1 ? { any: asAny(inner) } : {};
    }
    default:
      return {};
  }
}

function characterClass(e: AST.CharacterClass): Info {
  if (e.negate) return {};
  const chars = new Set<string>();
  for (const part of e.elements) {
    if (part.type === "Character") chars.add(foldForLiterals(String.fromCodePoint(part.value)));
    else if (part.type === "CharacterClassRange" && part.max.value - part.min.value < 32) {
      for (let c = part.min.value; c <= part.max.value; c++) chars.add(foldForLiterals(String.fromCodePoint(c)));
    } else if (part.type === "CharacterSet" && part.kind === "digit" && !part.negate) {
      for (const d of DIGITS) chars.add(d);
    } else return {};
    if (chars.size > 32) return {};
  }
  return { exact: chars };
}

/**
 * The strings of `run` cut to their last k characters, for the largest k that leaves at most `limit` of them
 * (a string no longer than k is kept whole, its `^` marker included); undefined when even k = 1 leaves more, or
 * when the endings would be empty. Whatever contains a string contains its ending, so the cut stays sound.
 */
function endings(run: Set<string>, limit: number): Set<string> | undefined {
  if (limit < 1) return undefined;
  let longest = 0;
  for (const s of run) longest = Math.max(longest, s.length);
  for (let k = Math.min(longest, MAX_LITERAL); k >= 1; k--) {
    const cut = new Set<string>();
    for (const s of run) {
      cut.add(s.length <= k ? s : s.slice(-k));
      if (cut.size > limit) break;
    }
    if (cut.size > limit) continue;
    for (const s of cut) if (s.replace(/[\u0001\u0002]/g, "") === "") return undefined;
    return cut;
  }
  return undefined;
}

function product(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) for (const y of b) {
    const s = normalise(x + y);
    if (s !== undefined) out.add(s);
  }
  return out;
}

/** One marker of a kind in a row; undefined for a string no text can match (`a^b`, `$a`). */
function normalise(s: string): string | undefined {
  const collapsed = s.replace(/\u0001+/g, START).replace(/\u0002+/g, END);
  return /^\u0001?[^\u0001\u0002]*\u0002?$/.test(collapsed) ? collapsed : undefined;
}

/** The literals of an info as a requirement; undefined when it requires nothing (it may match the empty string). */
export function asAny(info: Info): Set<string> | undefined {
  const set = info.exact ?? info.any;
  if (!set) return undefined;
  for (const s of set) if (s.replace(/[\u0001\u0002]/g, "") === "") return undefined;
  return set;
}

/** How selective a requirement is: its weakest literal's length (a marker counts as a character). */
export function score(set: Set<string>): number {
  let min = Infinity;
  for (const s of set) min = Math.min(min, s.length);
  return min - set.size / 10_000;
}
