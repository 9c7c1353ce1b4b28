/**
 * Parses YAML and validates it against a JSON Schema, turning every problem into a positioned,
 * plain-English error (file, line, column, key, what is expected) instead of an exception.
 */
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import type { Document, Node, YAMLMap } from "yaml";
import { ajvPackage, yaml } from "./lazy-modules.js";
import { lowerBound } from "./sorted.js";

export interface PositionedError {
  /** The file as reports name it, e.g. ".hipaa.yml at main@1a2b3c4". */
  file: string;
  /** Its path in the repository under review, when it is one of its files (for annotations on that file). */
  path?: string;
  line: number;
  column: number;
  /** Dotted path of the offending key, e.g. rules[3].severity; empty for the document itself. */
  key: string;
  message: string;
}

export function formatError(e: PositionedError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.key ? `${e.key}: ` : ""}${e.message}`;
}

export interface ParsedYaml<T> {
  value?: T;
  errors: PositionedError[];
  /** Line of a key path in the source, for later cross-field checks. */
  lineOf(path: (string | number)[]): number;
}

let ajvInstance: Ajv | undefined;
/** The validator, made on first use (see lazy-modules.ts). */
function ajv(): Ajv {
  return (ajvInstance ??= new (ajvPackage().Ajv)({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }));
}
const compiled = new WeakMap<object, ValidateFunction>();

export function validatorFor(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const id = (schema as { $id?: string }).$id;
    fn = (id ? ajv().getSchema(id) : undefined) ?? ajv().compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Makes a schema available to `$ref`s of other schemas by its `$id` (e.g. custom rules in .hipaa.yml). */
export function registerSchema(schema: object): void {
  const id = (schema as { $id?: string }).$id;
  if (id && !ajv().getSchema(id)) ajv().addSchema(schema);
}

/** YAML files the tool reads (policy, manifest, catalogue, rule packs) are read up to this size; larger is an error. */
export const MAX_YAML_BYTES = 1_048_576;
/** Aliases may expand to at most this many nodes (an "alias bomb" expands exponentially). */
const MAX_ALIAS_COUNT = 100;
/** Problems reported per file at most; the rest are counted in one last error. */
const MAX_ERRORS = 50;
/** Collections may nest this deep at most (flow brackets and compact `- - -` sequences on a line, and indentation). */
export const MAX_NESTING = 64;

/**
 * Where the text first nests deeper than `max`, in one pass: open flow brackets outside quoted strings and comments,
 * plus the sequence dashes that open a line, plus (in block context) the indentation, two columns a level; undefined
 * if it never does.
 * An over-estimate where brackets sit in block scalars, which no file of the tool's needs 64 of.
 */
export function nestingBeyond(text: string, max: number): { line: number; column: number } | undefined {
  let flow = 0;
  let line = 1;
  let column = 0;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  let quote: string | undefined;
  let comment = false;
  // Block levels: the line's sequence dashes and indentation (two columns a level). Inside brackets indentation means
  // nothing (pretty-printed JSON indents every level it opens): the block levels where the first bracket opened count.
  const block = () => dashes + Math.floor(indent / 2);
  let flowBase = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    column++;
    if (c === "\n") {
      line++;
      column = 0;
      lineStart = true;
      indent = 0;
      dashes = 0;
      quote = undefined;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c === "\\" && quote === '"' && text[i + 1] !== "\n") i++, column++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (lineStart && (c === " " || c === "\t" || (c === "-" && (text[i + 1] === " " || text[i + 1] === "\t")))) {
      if (c === " ") indent++;
      else if (c === "-") dashes++;
      if ((flow > 0 ? flowBase + flow + dashes : block()) > max) return { line, column };
      continue;
    }
    lineStart = false;
    const before = i === 0 ? " " : text[i - 1]!;
    if (c === "#" && /\s/.test(before)) comment = true;
    // A quote opens a quoted scalar only where a scalar can start (`don't` is plain text, its brackets still nest)
    else if ((c === '"' || c === "'") && /[\s[{,:]/.test(before)) quote = c;
    else if (c === "[" || c === "{") flow++;
    else if ((c === "]" || c === "}") && flow > 0) flow--;
    if (flow > 0 && flowBase < 0) flowBase = block();
    if (flow === 0) flowBase = -1;
    if ((flow > 0 ? flowBase + flow : block()) > max) return { line, column };
  }
  return undefined;
}

export function parseYamlWithSchema<T>(text: string, file: string, schema: object): ParsedYaml<T> {
  const lineCounter = new (yaml().LineCounter)();
  const noLines = () => 1;
  if (text.length > MAX_YAML_BYTES) {
    return { errors: [{ file, line: 1, column: 1, key: "", message: `the file has ${text.length} characters; at most ${MAX_YAML_BYTES} are read. Split it, or keep it to what the tool needs` }], lineOf: noLines };
  }
  // The YAML library composes nested collections recursively: some thousand levels exhaust the stack inside V8's
  // regex compiler, which aborts the process instead of throwing. No file the tool reads needs more than a few.
  const deep = nestingBeyond(text, MAX_NESTING);
  if (deep) {
    return { errors: [{ file, line: deep.line, column: deep.column, key: "", message: `the YAML nests more than ${MAX_NESTING} levels deep here; the tool's files need a few levels, so flatten it` }], lineOf: noLines };
  }
  // Duplicate keys are checked below in linear time (the library's own check is quadratic in the keys of a map).
  const doc = yaml().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: "error" });
  const position = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const keys = new KeyIndex();
  const lineOf = (path: (string | number)[]) => position(nodeAt(doc, path)?.range?.[0] ?? 0).line;
  const errors: PositionedError[] = [];
  for (const e of doc.errors) {
    const p = position(e.pos[0]);
    errors.push({ file, ...p, key: "", message: `YAML syntax error: ${firstLine(e.message)}` });
  }
  for (const w of doc.warnings) {
    const p = position(w.pos[0]);
    errors.push({ file, ...p, key: "", message: w.code === "TAG_RESOLVE_FAILED" ? `YAML tags such as ${firstLine(w.message).replace(/^Unresolved tag: tag:yaml\.org,2002:/, "!!")} are not allowed here; write plain values` : `YAML: ${firstLine(w.message)}` });
  }
  errors.push(...structureErrors(doc, file, position));
  if (errors.length > 0) return { errors: capped(errors, file), lineOf };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    // An alias bomb or an alias to an anchor not defined before it: point at the first alias.
    let at = 0;
    yaml().visit(doc, { Alias(_, node) { at ||= node.range?.[0] ?? 0; return yaml().visit.BREAK; } });
    const why = /Excessive alias count/i.test((error as Error).message)
      ? `its aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb); write the values out`
      : `YAML alias error: ${firstLine((error as Error).message)}`;
    return { errors: [{ file, ...position(at), key: "", message: why }], lineOf };
  }
  if (value === null || value === undefined) {
    return { errors: [{ file, line: 1, column: 1, key: "", message: "the file is empty; expected a mapping" }], lineOf };
  }
  const validate = validatorFor(schema);
  if (!validate(value)) {
    for (const err of simplify(validate.errors ?? []).slice(0, MAX_ERRORS + 1)) {
      const path = pointerToPath(err.instancePath);
      let node = nodeAt(doc, path);
      let keyPath = path;
      let message = describe(err);
      if (err.keyword === "additionalProperties") {
        const prop = String(err.params.additionalProperty);
        keyPath = [...path, prop];
        node = keys.keyNode(doc, path, prop) ?? node;
        message = `unknown key "${shown(prop)}"${suggest(prop, err)}`;
      } else if (err.keyword === "required") {
        message = `missing required key "${String(err.params.missingProperty)}"`;
      }
      errors.push({ file, ...position(node?.range?.[0] ?? 0), key: formatPath(keyPath.map((k) => (typeof k === "string" ? shown(k) : k))), message });
    }
    return { errors: capped(errors, file, (validate.errors ?? []).length), lineOf };
  }
  return { value: value as T, errors, lineOf };
}

/** A key as an error quotes it: cut, so a megabyte-long key is not echoed whole. */
function shown(key: string): string {
  return key.length > 60 ? key.slice(0, 59) + "…" : key;
}

/** At most MAX_ERRORS errors, then one that counts the rest. */
function capped(errors: PositionedError[], file: string, total = errors.length): PositionedError[] {
  if (errors.length <= MAX_ERRORS) return errors;
  const more = Math.max(total, errors.length) - MAX_ERRORS;
  return [...errors.slice(0, MAX_ERRORS), { file, line: errors[MAX_ERRORS]!.line, column: 1, key: "", message: `…and ${more} more problem(s) like these` }];
}

/** Duplicate keys in any mapping, found with one set per mapping. */
function structureErrors(doc: Document, file: string, position: (offset: number) => { line: number; column: number }): PositionedError[] {
  const errors: PositionedError[] = [];
  yaml().visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!yaml().isScalar(pair.key)) continue;
        const k = String(pair.key.value);
        if (seen.has(k)) errors.push({ file, ...position(pair.key.range?.[0] ?? 0), key: shown(k), message: `duplicate key "${shown(k)}"; each key may appear once` });
        seen.add(k);
        if (errors.length > MAX_ERRORS) return yaml().visit.BREAK;
      }
      return undefined;
    },
  });
  return errors;
}

/** Key nodes of each mapping by name, built once per mapping, so locating many unknown keys stays linear. */
class KeyIndex {
  private readonly byMap = new Map<YAMLMap, Map<string, Node>>();

  keyNode(doc: Document, path: (string | number)[], key: string): Node | undefined {
    const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (!yaml().isMap(map)) return undefined;
    let index = this.byMap.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) if (yaml().isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair.key as Node);
      this.byMap.set(map, index);
    }
    return index.get(key);
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function formatPath(path: (string | number)[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (node && (node as Node).range) return node;
  }
  return doc.contents ?? undefined;
}

/** oneOf/anyOf produce a cloud of errors; keep the most specific one per location. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath);
    if (list) list.push(e);
    else byPath.set(e.instancePath, [e]);
  }
  // Whether errors lie below a path: the first sorted path at or after `path + "/"` starts with it.
  const paths = [...byPath.keys()].sort();
  const hasDeeperPath = (path: string) => {
    const prefix = path + "/";
    const i = lowerBound(paths, prefix);
    return i < paths.length && paths[i]!.startsWith(prefix);
  };
  const out: ErrorObject[] = [];
  for (const [path, list] of byPath) {
    const specific = list.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf" && e.keyword !== "if");
    if (specific.length === 0 && hasDeeperPath(path)) continue;
    const seen = new Set<string>();
    for (const e of specific.length > 0 ? specific : list) {
      const id = e.keyword + JSON.stringify(e.params);
      if (!seen.has(id)) { seen.add(id); out.push(e); }
    }
  }
  return out;
}

function describe(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case "enum": return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "type": return `must be ${String(p.type)}`;
    case "pattern": return `does not match the expected format ${String(p.pattern)}`;
    case "minItems": return `must have at least ${String(p.limit)} item(s)`;
    case "minLength": return p.limit === 1 ? "must not be empty" : `must be at least ${String(p.limit)} characters`;
    case "minimum": return `must be >= ${String(p.limit)}`;
    case "maximum": return `must be <= ${String(p.limit)}`;
    default: return err.message ?? err.keyword;
  }
}

function suggest(prop: string, err: ErrorObject): string {
  const schema = err.parentSchema as { properties?: Record<string, unknown> } | undefined;
  const known = Object.keys(schema?.properties ?? {});
  const close = known.find((k) => distance(k, prop) <= 2);
  return close ? `; did you mean "${close}"?` : known.length ? `; allowed keys: ${known.join(", ")}` : "";
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
