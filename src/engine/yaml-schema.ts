/**
 * Parses YAML and validates it against a JSON Schema, turning every problem into a positioned,
 * plain-English error (file, line, column, key, what is expected) instead of an exception.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";

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

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

export function validatorFor(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const id = (schema as { $id?: string }).$id;
    fn = (id ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Makes a schema available to `$ref`s of other schemas by its `$id` (e.g. custom rules in .hipaa.yml). */
export function registerSchema(schema: object): void {
  const id = (schema as { $id?: string }).$id;
  if (id && !ajv.getSchema(id)) ajv.addSchema(schema);
}

export function parseYamlWithSchema<T>(text: string, file: string, schema: object): ParsedYaml<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const lineOf = (path: (string | number)[]) => position(nodeAt(doc, path)?.range?.[0] ?? 0).line;
  const errors: PositionedError[] = [];
  for (const e of doc.errors) {
    const p = position(e.pos[0]);
    errors.push({ file, ...p, key: "", message: `YAML syntax error: ${firstLine(e.message)}` });
  }
  if (errors.length > 0) return { errors, lineOf };
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (value === null || value === undefined) {
    return { errors: [{ file, line: 1, column: 1, key: "", message: "the file is empty; expected a mapping" }], lineOf };
  }
  const validate = validatorFor(schema);
  if (!validate(value)) {
    for (const err of simplify(validate.errors ?? [])) {
      const path = pointerToPath(err.instancePath);
      let node = nodeAt(doc, path);
      let keyPath = path;
      let message = describe(err);
      if (err.keyword === "additionalProperties") {
        const prop = String(err.params.additionalProperty);
        keyPath = [...path, prop];
        node = keyNodeAt(doc, path, prop) ?? node;
        message = `unknown key "${prop}"${suggest(prop, err)}`;
      } else if (err.keyword === "required") {
        message = `missing required key "${String(err.params.missingProperty)}"`;
      }
      errors.push({ file, ...position(node?.range?.[0] ?? 0), key: formatPath(keyPath), message });
    }
    return { errors, lineOf };
  }
  return { value: value as T, errors, lineOf };
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

function keyNodeAt(doc: Document, path: (string | number)[], key: string): Node | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
  }
  return undefined;
}

/** oneOf/anyOf produce a cloud of errors; keep the most specific one per location. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const key = e.instancePath;
    byPath.set(key, [...(byPath.get(key) ?? []), e]);
  }
  const out: ErrorObject[] = [];
  for (const [path, list] of byPath) {
    const deeper = errors.some((e) => e.instancePath.startsWith(path + "/"));
    const specific = list.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf" && e.keyword !== "if");
    if (specific.length === 0 && deeper) continue;
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
