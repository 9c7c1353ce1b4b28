/**
 * A table's columns read from its lines: a header (a CSV file's first line, an INSERT's column list, a Markdown table's
 * header row) and the rows under it, each split into fields by the header's separator, so a value is judged by the
 * column it sits in (a referral date is not a birth date because the header names a `dob` column elsewhere).
 *
 * A quote opens a field only at the field's start (after spaces and a tuple's `(`): `"Delgado, Maria"` and
 * `'O''Brien'` are one field each, an apostrophe inside a field (`O'Brien`) is text. Every read is one pass over the
 * line: linear in its length.
 */
import type { Pattern } from "./pattern.js";

const SEPARATORS = [",", "\t", "|", ";"] as const;

/** A header's separator and the (0-based) numbers of the fields that name the columns looked for. */
export interface Columns {
  separator: string;
  /** How many fields the header has. */
  count: number;
  wanted: ReadonlySet<number>;
}

/** Calls `onSeparator` at each separator of `text` outside quoted fields: `separator`, or any of SEPARATORS without one. */
function scan(text: string, separator: string | undefined, onSeparator: (at: number, char: string) => void): void {
  let quote: string | undefined;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) {
        if (text[i + 1] === quote) i++;
        else quote = undefined;
      }
      continue;
    }
    if (atStart && (c === '"' || c === "'" || c === "`")) {
      quote = c;
      atStart = false;
      continue;
    }
    if (separator === undefined ? (SEPARATORS as readonly string[]).includes(c) : c === separator) {
      onSeparator(i, c);
      atStart = true;
      continue;
    }
    if (atStart && c !== " " && c !== "(" && c !== "\t") atStart = false;
  }
}

/** The fields of `text` split by `separator` (quoted fields kept whole, quotes included). */
export function fieldsOf(text: string, separator: string): string[] {
  const fields: string[] = [];
  let from = 0;
  scan(text, separator, (at) => {
    fields.push(text.slice(from, at));
    from = at + 1;
  });
  fields.push(text.slice(from));
  return fields;
}

/**
 * The columns of a header line whose fields match `names`: its separator is the one it holds most of outside quotes.
 * Undefined when the line is not a header of at least two named fields, or no single field matches: the column of a
 * value cannot be told then.
 */
export function columnsOf(header: string, names: readonly Pattern[]): Columns | undefined {
  const counts = new Map<string, number>();
  scan(header, undefined, (_, c) => counts.set(c, (counts.get(c) ?? 0) + 1));
  let separator: string | undefined;
  for (const s of SEPARATORS) if ((counts.get(s) ?? 0) > (separator === undefined ? 0 : counts.get(separator)!)) separator = s;
  if (separator === undefined) return undefined;
  const fields = fieldsOf(header, separator);
  if (fields.filter((f) => f.trim() !== "").length < 2) return undefined;
  const wanted = new Set<number>();
  fields.forEach((f, i) => {
    if (names.some((p) => p.test(f))) wanted.add(i);
  });
  return wanted.size === 0 ? undefined : { separator, count: fields.length, wanted };
}

/**
 * Whether the value starting at `at` of a row sits in one of the header's wanted columns. Undefined when the row does
 * not split into the header's fields (a field count that differs, past one trailing empty field such as a tuple's
 * `),`): which column the value is in cannot be told.
 */
export function inWantedColumn(row: string, at: number, columns: Columns): boolean | undefined {
  let index = 0;
  let count = 1;
  let lastStart = 0;
  scan(row, columns.separator, (sep) => {
    count++;
    lastStart = sep + 1;
    if (sep < at) index++;
  });
  const trailingEmpty = row.slice(lastStart).trim() === "";
  if (count !== columns.count && !(count === columns.count + 1 && trailingEmpty)) return undefined;
  return columns.wanted.has(index);
}
