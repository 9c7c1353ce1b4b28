/**
 * Types a change declares whose string form prints their fields, with the names their declarations hold: a Java or C#
 * `record`, a Kotlin `data class`, a Scala `case class`, a Python dataclass or pydantic model, a Lombok `@Data` /
 * `@Value` / `@ToString` class, a TypeScript interface or object type (a structured logger serialises the object), a
 * Go struct (`%+v`, `zap.Any`). A value of such a type handed whole to a logger writes every field, so a parameter or
 * local declared with it (`TierExceptionRequest request`, then `log.warn("… {}", request)`) carries what its fields
 * are named for (syntax rules: `declared`).
 *
 * Read from the lines of the diff, in the order the scan reads files: a type declared in a file read earlier, or in
 * the file itself, is known. A declaration spans its opening line and the lines below it that are indented deeper (its
 * closing `}` or `)` at the opening line's indentation ends it), as far as the diff shows them without a gap; a type
 * the change adds or whose declaration it adds a line to (a field given to a model the diff shows as context). A file
 * the scan parses is also read whole in its head version (`addHead`): every type declared there is known, touched by
 * the change or not.
 *
 * A type holding a field of a type that carries a name carries it too (`class IdmBatch(BaseModel): panels:
 * list[IdmPanel]`, where `IdmPanel` has `maternal_dob`), when the inner type was read first.
 */
import { indentOf } from "../indent.js";
import type { DiffLine, FileDiff } from "../types.js";

/** An opening line of a printing type, the type's name in group 1 (cheap to try: a line is first tested by `indexOf`). */
const OPENERS: readonly RegExp[] = [
  /\brecord\s+(?:class\s+|struct\s+)?([A-Z]\w*)\s*[(<{]/,
  /\bdata\s+class\s+([A-Z]\w*)/,
  /\bcase\s+class\s+([A-Z]\w*)/,
  /^\s*(?:export\s+)?(?:declare\s+)?interface\s+([A-Z]\w*)\b/,
  /^\s*(?:export\s+)?type\s+([A-Z]\w*)(?:<[^<>\n]{0,80}>)?\s*=\s*\{/,
  /^\s*type\s+([A-Za-z]\w*)\s+struct\b/,
  /^\s*class\s+([A-Z]\w*)\s*\(\s*(?:[\w.]+\.)?(?:BaseModel|Schema|TypedDict|NamedTuple)\b/,
];
/** Words one of which an opening line holds (the regexes run only on such lines). */
const OPENER_WORDS = ["record", "class", "interface", "type"];
/** A Python or Lombok class whose decorator or annotation, on the lines just above, makes it print its fields. */
const PRINTING_CLASS = /^\s*(?:(?:public|private|protected|internal|final|abstract|static)\s+)*class\s+([A-Z]\w*)/;
const PRINTING_MARK = /^\s*@(?:dataclass|dataclasses\.dataclass|attr\.s|attrs\.define|define|frozen|Data|Value|ToString)\b/;
/** How many lines above a class its decorator or annotation may sit. */
const MARK_WITHIN = 3;
/** A declaration is read for at most this many lines. */
const MAX_SPAN = 80;
/**
 * At most this many names per type, and this many types per change: what is kept stays under about a megabyte
 * whatever the size of the change, in strings of its own (a substring of a diff line would keep the diff's chunk
 * alive).
 */
const MAX_NAMES = 64;
const MAX_TYPES = 2_000;
/** Lines longer than this are not read (a minified or generated line declares nothing here). */
const MAX_LINE = 400;
/** A head version is read for declarations in its first this many lines. */
const MAX_HEAD_LINES = 20_000;
const WORD = /[A-Za-z_]\w*/g;

export class DeclaredTypes {
  /** Each type's names, joined by spaces (one string copied out of the diff's text). */
  private readonly types = new Map<string, string>();
  /** In the order read: what `carrying` has not looked at yet for a test. */
  private readonly order: string[] = [];
  private readonly carriers = new WeakMap<object, { read: number; found: string[]; carriers: Set<string> }>();

  /** Reads the printing types a file's diff shows the change declaring, or giving a line of their declaration. */
  add(file: FileDiff): void {
    if (!file.binary) this.read(file.lines);
  }

  /**
   * Reads the printing types declared anywhere in the head version of a file the scan reads whole (to parse it): a
   * value logged whole in the change (`logger.info("…", event.model_dump())`) prints the fields of its type even when
   * the change did not touch that type's declaration in the same file.
   */
  addHead(content: string): void {
    const lines: DiffLine[] = [];
    for (let start = 0, line = 1; start <= content.length && lines.length < MAX_HEAD_LINES; line++) {
      const end = content.indexOf("\n", start);
      const stop = end === -1 ? content.length : end;
      // (only the lines a declaration could open or continue: each is kept short, as the diff's are)
      lines.push({ text: stop - start > MAX_LINE ? "" : content.slice(start, stop), line, added: true });
      if (end === -1) break;
      start = end + 1;
    }
    this.read(lines);
  }

  private read(lines: readonly DiffLine[]): void {
    for (let i = 0; i < lines.length && this.types.size < MAX_TYPES; i++) {
      const line = lines[i]!;
      if (line.text.length > MAX_LINE) continue;
      const name = openedType(line.text, i, lines);
      if (!name) continue;
      const names: string[] = [];
      const indent = indentOf(line.text);
      let adds = line.added;
      wordsInto(line.text.slice(line.text.indexOf(name) + name.length), names);
      for (let j = i + 1; j < lines.length && j - i <= MAX_SPAN && names.length < MAX_NAMES; j++) {
        const next = lines[j]!;
        if (next.line !== lines[j - 1]!.line + 1 || next.text.length > MAX_LINE) break;
        if (next.text.trim() === "") continue;
        if (indentOf(next.text) <= indent) break;
        adds ||= next.added;
        wordsInto(next.text, names);
      }
      if (!adds) continue;
      const key = copied(name);
      if (!this.types.has(key)) this.order.push(key);
      this.types.set(key, copied(names.slice(0, MAX_NAMES).join(" ")));
    }
  }

  /**
   * The types whose declarations hold a name `test` passes, for a caller that asks again and again with the same
   * `key` (a rule): each type is tested once per key, as it is read.
   */
  carrying(key: object, test: (name: string) => boolean): readonly string[] {
    let entry = this.carriers.get(key);
    if (!entry) this.carriers.set(key, (entry = { read: 0, found: [], carriers: new Set() }));
    for (; entry.read < this.order.length; entry.read++) {
      const type = this.order[entry.read]!;
      const names = this.namesOf(type)!;
      if (names.some((n) => test(n) || (n !== type && entry.carriers.has(n)))) {
        entry.found.push(type);
        entry.carriers.add(type);
      }
    }
    return entry.found;
  }

  /** The names the declaration of `type` holds (its fields among them); undefined for a type the change did not declare. */
  namesOf(type: string): readonly string[] | undefined {
    const names = this.types.get(type);
    return names === undefined ? undefined : names === "" ? [] : names.split(" ");
  }
}

function openedType(text: string, at: number, lines: readonly { text: string }[]): string | undefined {
  if (!OPENER_WORDS.some((w) => text.includes(w))) return undefined;
  for (const opener of OPENERS) {
    const m = opener.exec(text);
    if (m) return m[1];
  }
  const plain = PRINTING_CLASS.exec(text);
  if (!plain) return undefined;
  for (let k = at - 1; k >= 0 && at - k <= MARK_WITHIN; k--) if (PRINTING_MARK.test(lines[k]!.text)) return plain[1];
  return undefined;
}

/** A string of its own, not a slice of the line it was read from. */
function copied(text: string): string {
  return structuredClone(text);
}

function wordsInto(text: string, into: string[]): void {
  for (const m of text.matchAll(WORD)) {
    if (into.length >= MAX_NAMES) return;
    into.push(m[0]);
  }
}
