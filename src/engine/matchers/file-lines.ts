/**
 * The head-side lines of one file that the engine can see: the diff's lines, and the whole file when its content
 * was read. Lookups (waivers on the line above, `near` windows) are rare, so the index is built on first use; a
 * wide `near` window finds each rule's near lines once per file, so a candidate costs a binary search.
 */
import type { CompiledNear } from "../rules/compile.js";
import { MIGRATION_SECTION } from "../files/migrations.js";
import { indentOf } from "../indent.js";
import { anyWithin, firstWithin, lastWithin, lowerBound } from "../sorted.js";
import type { FileDiff } from "../types.js";

/** Within this many lines the diff's context shows every line; a wider window may look past the hunks. */
const CONTEXT_LINES = 3;
/**
 * A section of a file that configures development or tests only: a Python settings class (`class
 * DevelopmentConfig(BaseConfig):`, Flask's and Django's pattern) or a YAML or object key (`development:` in Rails'
 * database.yml, `test: {` in a knexfile).
 */
const DEV_SECTION = /^\s*(?:class\s+(?:Dev|Development|Local|Test|Testing)\w*(?:Config|Settings|Configuration)\b|["']?(?:development|dev|test|testing)["']?\s*:\s*(?:&[\w-]+\s*)?\{?\s*(?:#.*)?$)/;
/** How far up a line's enclosing sections are looked for. */
const MAX_SECTION_WALK = 300;

export class FileLines {
  private known: Map<number, string> | undefined;
  private trimmed: Set<string> | undefined;
  private readonly nearLines = new Map<CompiledNear, number[]>();
  /** A wide window found nothing among the lines the diff shows, and the content was not given. */
  wantsContent = false;

  constructor(private readonly file: FileDiff, private readonly content: string | undefined) {}

  text(n: number): string | undefined {
    return this.index().get(n);
  }

  /** Whether a line matching `near` lies within its window of `line`. */
  near(near: CompiledNear, line: number): boolean {
    const found = this.search(near, line);
    if (!found && this.content === undefined && near.within > CONTEXT_LINES) this.wantsContent = true;
    return found;
  }

  /**
   * Whether another line within `near`'s window (at most CONTEXT_LINES, which the diff shows) matches it and sets
   * `value`: its setting's value (after the first `:` or `=`, quotes and a trailing comma dropped) is `value`; or the
   * line itself names such a setting with `value` right after it (`-user=clinic -password=clinic`).
   */
  nearSetting(near: CompiledNear, line: number, value: string): boolean {
    if (value === "") return false;
    const own = this.text(line);
    if (own !== undefined && settingOnLine(near, own, value)) return true;
    return this.someInWindow(near, line, Math.min(near.within, CONTEXT_LINES), (t, n) => n !== line && settingValue(t) === value && near.patterns.some((p) => p.test(t)));
  }

  /**
   * Whether another line within `near`'s window matches it and names `value` as a whole word, case aside (a trigger
   * created again under the name a line drops). Any width: a wide window reads the whole file when it was given.
   */
  nearNaming(near: CompiledNear, line: number, value: string, bounds: { from?: number; to?: number } = {}): boolean {
    if (value === "") return false;
    const window = windowOf(near, line, near.within);
    // (cut to the finding's section when the window names sections: `sectionOf` in line.ts)
    const from = Math.max(window.from, bounds.from ?? -Infinity);
    const to = Math.min(window.to, bounds.to ?? Infinity);
    const hits = this.hitsOf(near);
    for (let i = lowerBound(hits, from); i < hits.length && hits[i]! <= to; i++) {
      if (hits[i] !== line && namesWord(this.text(hits[i]!)!, value)) return true;
    }
    if (this.content === undefined && near.within > CONTEXT_LINES) this.wantsContent = true;
    return false;
  }

  /**
   * Whether the head holds a line equal to `text`, whitespace at either end aside (a duplicate setting the change
   * removed while its twin stays). Without the content, the lines the diff shows are searched, and finding none asks
   * for the content (`wantsContent`).
   */
  holdsLine(text: string): boolean {
    this.trimmed ??= new Set([...this.index().values()].map((t) => t.trim()));
    const found = this.trimmed.has(text.trim());
    if (!found && this.content === undefined) this.wantsContent = true;
    return found;
  }

  /**
   * Whether `line` sits inside a development or test section (DEV_SECTION): one of the lines it is indented under,
   * walking up to the file's top level, opens one. A line above that the engine cannot see ends the walk (no), and asks
   * for the content (`wantsContent`).
   */
  inDevSection(line: number): boolean {
    return this.someEnclosing(line, MAX_SECTION_WALK, (t) => DEV_SECTION.test(t));
  }

  /**
   * Whether `line` is in a migration's down section: the nearest migration marker above it, within MAX_SECTION_WALK
   * lines, says down (a line above that the engine cannot see ends the walk: no).
   */
  inRollbackSection(line: number): boolean {
    for (let n = line - 1; n >= 1 && n >= line - MAX_SECTION_WALK; n--) {
      const t = this.text(n);
      if (t === undefined) return false;
      const m = MIGRATION_SECTION.exec(t);
      if (m) return /^down/i.test(m.slice(1).find((g) => g !== undefined)!);
    }
    return false;
  }

  /**
   * Whether one of the lines `line` is indented under (its YAML or block parent, that parent's parent, …), within
   * `near`'s window above, matches it (an `enclosing` window).
   */
  nearEnclosing(near: CompiledNear, line: number): boolean {
    return this.someEnclosing(line, near.within, (t) => near.patterns.some((p) => p.test(t)));
  }

  /**
   * Whether a line that `line` is indented under, walking up at most `limit` lines and to the file's top level,
   * passes `test`. A line above that the engine cannot see ends the walk (no), and asks for the content.
   */
  private someEnclosing(line: number, limit: number, test: (text: string) => boolean): boolean {
    const start = this.text(line);
    if (start === undefined) return false;
    let indent = indentOf(start);
    for (let n = line - 1; n >= 1 && n >= line - limit && indent > 0; n--) {
      const t = this.text(n);
      if (t === undefined) {
        if (this.content === undefined) this.wantsContent = true;
        return false;
      }
      const trimmed = t.trim();
      if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("//")) continue;
      const at = indentOf(t);
      if (at >= indent) continue;
      if (test(t)) return true;
      indent = at;
    }
    return false;
  }

  private index(): Map<number, string> {
    if (!this.known) {
      const known = new Map<number, string>();
      if (this.content !== undefined) this.content.split(/\r?\n/).forEach((text, i) => known.set(i + 1, text));
      for (const l of this.file.lines) known.set(l.line, l.text);
      this.known = known;
    }
    return this.known;
  }

  /** The nearest line at or above `line`, within `near`'s window, that matches it (its line number). */
  nearestAbove(near: CompiledNear, line: number): number | undefined {
    const found = lastWithin(this.hitsOf(near), line - near.within, line);
    if (found === undefined && this.content === undefined && near.within > CONTEXT_LINES) this.wantsContent = true;
    return found;
  }

  /** The nearest line below `line`, within `near`'s window, that matches it (its line number). */
  nearestBelow(near: CompiledNear, line: number): number | undefined {
    const found = firstWithin(this.hitsOf(near), line + 1, line + near.within);
    if (found === undefined && this.content === undefined && near.within > CONTEXT_LINES) this.wantsContent = true;
    return found;
  }

  private search(near: CompiledNear, line: number): boolean {
    const { patterns, within } = near;
    if (within <= CONTEXT_LINES) return this.someInWindow(near, line, within, (t) => patterns.some((p) => p.test(t)));
    const { from, to } = windowOf(near, line, within);
    return anyWithin(this.hitsOf(near), from, to);
  }

  /** The lines matching `near` (sorted), found once per file. */
  private hitsOf(near: CompiledNear): number[] {
    let hits = this.nearLines.get(near);
    if (!hits) {
      hits = [...this.index().entries()].filter(([, t]) => near.patterns.some((p) => p.test(t))).map(([n]) => n).sort((a, b) => a - b);
      this.nearLines.set(near, hits);
    }
    return hits;
  }

  /** Whether a line the engine can see within `within` lines of `line` (on `near`'s side) satisfies `accept`. */
  private someInWindow(near: CompiledNear, line: number, within: number, accept: (text: string, n: number) => boolean): boolean {
    const { from, to } = windowOf(near, line, within);
    for (let n = from; n <= to; n++) {
      const t = this.text(n);
      if (t !== undefined && accept(t, n)) return true;
    }
    return false;
  }
}

/** The lines `within` of `line` on `near`'s side (above, below or both), `line` itself included. */
function windowOf(near: CompiledNear, line: number, within: number): { from: number; to: number } {
  return { from: near.side === "below" ? line : line - within, to: near.side === "above" ? line : line + within };
}

/** Characters that go on a name (a value's text followed by one of them is part of a longer name). */
const NAME_GOES_ON = /[\w.-]/;

/**
 * Whether `text` names `word`, case aside: one of its words (runs of word characters) is the word, or, for a value with
 * other characters in it (`homeeeg-ci`), the value stands in the text between characters that do not go on a name.
 */
function namesWord(text: string, word: string): boolean {
  const wanted = word.toLowerCase();
  if (/^\w+$/.test(wanted)) {
    for (const [w] of text.matchAll(/\w+/g)) if (w.length === wanted.length && w.toLowerCase() === wanted) return true;
    return false;
  }
  // a value with other characters (`homeeeg-ci`, `orders_qa.bak`): the same text, not inside a longer name (one that
  // goes on with a word character, `-` or `.`)
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(wanted); at >= 0; at = lower.indexOf(wanted, at + 1)) {
    const before = lower[at - 1];
    const after = lower[at + wanted.length];
    if ((before === undefined || !NAME_GOES_ON.test(before)) && (after === undefined || !NAME_GOES_ON.test(after))) return true;
  }
  return false;
}

/**
 * Whether a setting `near`'s patterns name on the line itself is given `value`, as the word right after the name
 * (a command's `-user=clinic -password=clinic`).
 */
function settingOnLine(near: CompiledNear, text: string, value: string): boolean {
  let found = false;
  for (const p of near.patterns) {
    if (!found) p.find(text, 0, (m) => (found = wordAt(text, m.end) === value));
  }
  return found;
}

/** The word starting at `at` (after any quote), up to whitespace, a quote or a separator. */
function wordAt(text: string, at: number): string {
  let from = at;
  while (from < text.length && (text[from] === '"' || text[from] === "'" || text[from] === " ")) from++;
  let to = from;
  while (to < text.length && !/[\s"'`,;]/.test(text[to]!)) to++;
  return text.slice(from, to);
}

/**
 * The value a setting line gives (`POSTGRES_USER: "matchbox"`, `user = 'app'`, `"login": "app",`): what follows the
 * first `:` or `=`, trimmed of spaces, a trailing comma or semicolon and one pair of quotes. One pass over the line.
 */
function settingValue(text: string): string | undefined {
  const at = text.search(/[:=]/);
  if (at < 0) return undefined;
  let v = text.slice(at + 1).trim();
  if (v.startsWith("=") || v.startsWith(">")) v = v.slice(1).trim();
  if (v.endsWith(",") || v.endsWith(";")) v = v.slice(0, -1).trimEnd();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) v = v.slice(1, -1);
  return v;
}
