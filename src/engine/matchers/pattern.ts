/**
 * Compiled patterns. Built-in rules are vetted (RE2 syntax, no nested quantifiers, checked in tests) and
 * run on V8's engine for speed; user-supplied patterns run on re2js, a linear-time engine, so a
 * pathological expression cannot hang a scan.
 */
import { RE2JS } from "re2js";

export type PatternEngine = "native" | "linear";

export interface Match {
  start: number;
  end: number;
  /** The text of the value group (the whole match for group 0). */
  value: string;
  valueStart: number;
}

export interface Pattern {
  readonly source: string;
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

export function compilePattern(source: string, engine: PatternEngine): Pattern {
  const { body, ignoreCase } = splitFlags(source);
  let linear: RE2JS;
  try {
    // Every pattern must be RE2 syntax, whichever engine runs it, so rules behave the same everywhere.
    linear = RE2JS.compile(body, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new PatternError(source, `not RE2 syntax (${(error as Error).message}); look-around and back-references are not supported`);
  }
  if (engine === "linear") return linearPattern(source, linear);
  let native: RegExp;
  try {
    native = new RegExp(body, ignoreCase ? "gi" : "g");
  } catch (error) {
    throw new PatternError(source, (error as Error).message);
  }
  return nativePattern(source, native);
}

function nativePattern(source: string, re: RegExp): Pattern {
  return {
    source,
    test(text) {
      re.lastIndex = 0;
      return re.test(text);
    },
    find(text, valueGroup, accept) {
      re.lastIndex = 0;
      for (let n = 0; n < MAX_MATCHES_PER_LINE; n++) {
        const m = re.exec(text);
        if (!m) return undefined;
        if (m[0].length === 0) re.lastIndex++;
        const value = m[valueGroup] ?? m[0];
        const valueStart = valueGroup === 0 ? m.index : Math.max(m.index, text.indexOf(value, m.index));
        const match = { start: m.index, end: m.index + m[0].length, value, valueStart };
        if (accept(match)) return match;
      }
      return undefined;
    },
  };
}

function linearPattern(source: string, re: RE2JS): Pattern {
  return {
    source,
    test(text) {
      return re.matcher(text).find();
    },
    find(text, valueGroup, accept) {
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

/**
 * A conservative static check for the patterns we run on V8's backtracking engine: a quantified group that
 * itself contains a quantifier ("(a+)+", "(\w*\s?)*") can backtrack exponentially. Returns the offending
 * fragment, or undefined when the pattern is safe by this test.
 */
export function nestedQuantifier(source: string): string | undefined {
  const { body } = splitFlags(source);
  const stack: { start: number; quantified: boolean }[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") { i++; continue; }
    if (c === "[") {
      for (i++; i < body.length && body[i] !== "]"; i++) if (body[i] === "\\") i++;
      continue;
    }
    if (c === "(") { stack.push({ start: i, quantified: false }); continue; }
    if (c === ")") {
      const group = stack.pop();
      const next = body[i + 1];
      const quantifiedGroup = next === "*" || next === "+" || (next === "{" && !/^\{\d+\}/.test(body.slice(i + 1)));
      if (group && group.quantified && quantifiedGroup) return body.slice(group.start, i + 2);
      if (group && (group.quantified || quantifiedGroup) && stack.length > 0) stack[stack.length - 1]!.quantified ||= group.quantified;
      continue;
    }
    if ((c === "*" || c === "+" || (c === "{" && /^\{\d*,\d*\}/.test(body.slice(i)))) && stack.length > 0) {
      stack[stack.length - 1]!.quantified = true;
    }
  }
  return undefined;
}
