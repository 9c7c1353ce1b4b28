/**
 * Compiled patterns. Every pattern — the default pack's and custom rules' alike — runs on re2js, a linear-time
 * engine (RE2's automata, no backtracking), so no line a change adds can make a rule take more than time linear in
 * its length. V8's backtracking engine is quadratic or worse on crafted lines for almost any pattern with an
 * unbounded quantifier (`\s*=` on a line of spaces), so it runs no rule pattern. A match is first tested on RE2's
 * DFA (no captures, fast); only a line that matches pays for the capturing matcher.
 */
import { RE2JS } from "re2js";

export interface Match {
  start: number;
  end: number;
  /** The text of the value group (the whole match for group 0). */
  value: string;
  valueStart: number;
}

export interface Pattern {
  readonly source: string;
  /** How many capturing groups it has (a rule's `value_group` must be one of them). */
  readonly groups: number;
  test(text: string): boolean;
  /** Every match, left to right; a callback returning true stops the walk and returns that match. */
  find(text: string, valueGroup: number, accept: (m: Match) => boolean): Match | undefined;
}

export class PatternError extends Error {
  constructor(readonly source: string, readonly reason: string) {
    super(`invalid pattern ${JSON.stringify(source)}: ${reason}`);
  }
}

const MAX_MATCHES_PER_LINE = 256;

/** Splits a leading (?i) off: V8 on Node 20 has no inline flags. */
function splitFlags(source: string): { body: string; ignoreCase: boolean } {
  return source.startsWith("(?i)") ? { body: source.slice(4), ignoreCase: true } : { body: source, ignoreCase: false };
}

/**
 * Compiled patterns by source: a pack's patterns are compiled when it is validated and again when its rules are
 * compiled, and every CLI run pays for both at start-up (the pre-commit hook runs on every commit). A Pattern holds no
 * per-match state, so one compiled copy serves every rule that uses the source. Bounded, for custom rules.
 */
const compiled = new Map<string, Pattern>();
const MAX_COMPILED = 10_000;

export function compilePattern(source: string): Pattern {
  let pattern = compiled.get(source);
  if (!pattern) {
    pattern = compileUncached(source);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(source, pattern);
  }
  return pattern;
}

/**
 * A pattern compiled on first use. For patterns already validated (a loaded pack, a parsed policy's custom rules):
 * most rules never reach their regex on a small change (the keyword prefilter), so a run compiles only those that
 * do. An invalid source throws PatternError at first use, so only validated sources belong here.
 */
export function lazyPattern(source: string): Pattern {
  let pattern: Pattern | undefined;
  const get = () => (pattern ??= compilePattern(source));
  return {
    source,
    get groups() {
      return get().groups;
    },
    test: (text) => get().test(text),
    find: (text, valueGroup, accept) => get().find(text, valueGroup, accept),
  };
}

function compileUncached(source: string): Pattern {
  const { body, ignoreCase } = splitFlags(source);
  let linear: RE2JS;
  try {
    linear = RE2JS.compile(body, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new PatternError(source, `not RE2 syntax (${(error as Error).message}); look-around and back-references are not supported`);
  }
  return linearPattern(source, linear);
}

function linearPattern(source: string, re: RE2JS): Pattern {
  return {
    source,
    groups: re.groupCount(),
    test(text) {
      return re.test(text);
    },
    find(text, valueGroup, accept) {
      if (!re.test(text)) return undefined;
      const m = re.matcher(text);
      for (let n = 0; n < MAX_MATCHES_PER_LINE && m.find(); n++) {
        const start = m.start();
        const end = m.end();
        const groupValue = valueGroup > 0 && valueGroup <= m.groupCount() ? m.group(valueGroup) : null;
        const value = groupValue ?? text.slice(start, end);
        const valueStart = groupValue === null ? start : m.start(valueGroup);
        const match = { start, end, value, valueStart };
        if (accept(match)) return match;
        if (end === start && end >= text.length) return undefined;
      }
      return undefined;
    },
  };
}
