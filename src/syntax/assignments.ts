/**
 * One-line assignments in a file (`bound = log.bind(request_id=rid)`, `name := fmt.Sprintf("%s %s", p.Given, p.Family)`,
 * `const label = `${patient.firstName}``, `$log = $logger->withName('intake')`), read from its text once, when a
 * call first asks. A call's receiver assigned from another call is read through it (`via`); a name handed to a call as
 * it is is read through its value (`through`): what the value's expression reads reaches the call too, or, when it
 * is a parameter, through its declaration.
 */
import type Parser from "web-tree-sitter";
import type { SyntaxName } from "../engine/syntax/model.js";
import { namesIn } from "./arguments.js";
import { declaredWith, parametersAround, type Parameter } from "./declarations.js";
import type { Helpers } from "./helpers.js";
import { parentOf, SCOPES, scopeOf, type Walk } from "./walk.js";

/**
 * An assignment on one line: the name (group 1), then the value (group 2, to the end of the line but a `;` and a
 * comment). Tried only on lines of at most MAX_LINE characters that hold an `=`; no two adjacent parts can match the
 * same text at any length (the type annotation's spaces aside, at most 80), so a line is read in linear time.
 */
const ASSIGNMENT = /^[ \t]*(?:(?:const|let|var|val|final|auto|my|local)[ \t]+)?(\$?[A-Za-z_]\w*)[ \t]*(?::[ \t]*[\w.<>\[\], ?]{1,80})?:?=(?!=)[ \t]*(?:await[ \t]+)?(\S(?:[^;\n]*[^;\s])?)[ \t]*(?:;[ \t]*)?$/;
/**
 * A value that is a chain of names and calls, with no call nested in their arguments; read as a call when it ends in
 * one (`log.bind(x=1)`, `new Analytics(key)`).
 */
const CALL_VALUE = /^(?:new[ \t]+)?[A-Za-z_$][\w$]*(?:(?:\.|->|::|\?\.)[A-Za-z_$][\w$]*|\([^()\n]{0,200}\))*$/;
const LEADING_NAME = /^(\$?[A-Za-z_]\w*)[ \t]*(?:\.|->|::|\?\.)/;
/**
 * A local declared with its type (Java, C#: `MergeCandidate snap = …`; Kotlin, TypeScript, Swift: `val snap:
 * MergeCandidate = …`): the type (group 1 or 5), the one type argument of a generic type (group 2: `AffectedCase` of
 * `List<AffectedCase> cases`) and the name (group 3 or 4). Tried on the same lines as ASSIGNMENT.
 */
const TYPED_LOCAL = /^[ \t]*(?:final[ \t]+)?([A-Z]\w*)(?:<[ \t]*([A-Z]\w*)[ \t]*>|<[^<>\n]{0,80}>)?(?:\[\])?[ \t]+([A-Za-z_]\w*)[ \t]*=(?!=)|^[ \t]*(?:const|let|var|val)[ \t]+([A-Za-z_]\w*)[ \t]*:[ \t]*([A-Z]\w*)/;
/**
 * A value its type makes: constructed (`UsageEvent(**d)`, `new Referral(…)`) or parsed, loaded or built by one of the
 * type's own factories (`UsageEvent.model_validate_json(body)`, `Patient.objects.get(pk=id)`, `Visit.fromJson(j)`),
 * the type in group 1. A chain past the factory (`Patient.objects.filter(…).count()`) gives something else.
 */
const MADE_BY_TYPE = /^(?:new[ \t]+)?([A-Z]\w*)(?:\.(?:model_validate(?:_json)?|parse_(?:obj|raw|file)|parse(?:Obj|Raw)?|from_\w+|from[A-Z]\w*|of|valueOf|create|build|load|decode|deserialize|objects\.get|find|findById|find_by|findOrFail|first|get))?\([^()\n]{0,200}\)$/;
/**
 * The last method called in a value that is a chain of names and calls (`readmessage` of `hl7_reader.readmessage()`);
 * a plain function's result is the same-file helper's business (helpers.ts), or a helper's (`redact(payload)`).
 */
const LAST_CALLED = /(?:\.|->|::)([A-Za-z_]\w*)\([^()\n]{0,200}\)$/;
/** How a dictionary, object or list literal opens (`{`, `[`, `dict(`, PHP's `array(`, Kotlin's `mapOf(`). */
const LITERAL_OPENERS = String.raw`\{|\[|dict\(|array\(|mapOf\(|hashMapOf\(`;
/** A value that is such a literal (`{"k": 1}`, `{`), or a map made empty to be filled (`new HashMap<>()`). */
const LITERAL_OPENING = new RegExp(String.raw`^(?:${LITERAL_OPENERS}|new\s+(?:Hash)?Map\b)`);
/** A value that is only the opening of a literal continued below (`const eventProps = {`). */
const OPENERS_ONLY = new RegExp(`^(?:${LITERAL_OPENERS})$`);
/** A guard chain is followed to its last operand through at most this many operators. */
const MAX_GUARDS = 16;
/** A call's locals are read from at most this many functions around it. */
const MAX_NESTING = 4;
/** A literal opened on an assignment's line is read as its value for at most this many lines. */
const MAX_LITERAL_LINES = 40;
/** Members that give back the payload a validation or parse result was made from. */
const PAYLOAD_MEMBERS = /^(data|value|validated_data|cleaned_data|validatedData)$/;
const MAX_LINE = 400;
/** A name is read through an assignment at most this many lines above the call. */
const MAX_DISTANCE = 40;
/** At most this many names a call reads, its own and those read through assignments. */
const MAX_NAMES_THROUGH = 512;

interface TypedLocal {
  line: number;
  type: string;
  /** The one type argument of a generic type (`AffectedCase` of `List<AffectedCase>`). */
  element?: string;
}

interface Assignment {
  /** 1-based line, and the value's columns on it. */
  line: number;
  start: number;
  end: number;
  value: string;
}

export class Assignments {
  private byName?: Map<string, Assignment[]>;
  private typed?: Map<string, TypedLocal[]>;
  constructor(
    private readonly root: Parser.SyntaxNode,
    private readonly source: string,
  ) {}

  /** The callee with its leading name replaced by the call that name was last assigned from above `line`, if any. */
  via(callee: string, line: number): string | undefined {
    const name = LEADING_NAME.exec(callee)?.[1];
    const last = name ? this.last(name, line, Infinity) : undefined;
    return last && last.value.endsWith(")") && CALL_VALUE.test(last.value) ? last.value.replace(/\s+/g, " ") + callee.slice(name!.length) : undefined;
  }

  /**
   * The names a call reads, and for each plain name handed to it (not a member, not a key, not what a member is read
   * from) the names its value read when it was last assigned above, in the same function, on the plain name's line.
   * One step only: a value's own plain names are not followed further. What a value gives a helper
   * (`ok = await verifyCaller(patient.id, { dob })`) is that helper's business, and a comparison
   * (`ok = patient.birth_date == dob`) holds a yes or no: neither passes its names on. A plain name not assigned above
   * but declared as a parameter of an enclosing function is read with its declaration's words instead (`declaredBy`:
   * `RequestBody`, `RenewalRequest` for `@RequestBody RenewalRequest request`; declarations.ts), and a plain name
   * declared with its type as a local above is read with that type too (`MergeCandidate snap = MergeCandidate.from(…)`
   * offers `MergeCandidate`). A value that calls a helper of the same file reads what the helper returns
   * (`ticket = buildTicket(patient, rx, report)`, then `logger.info({ ticket })`; helpers.ts).
   */
  through(call: Parser.SyntaxNode, names: SyntaxName[], walk: Walk, helpers?: Helpers): SyntaxName[] {
    const out = [...names];
    let callScopes: ReadonlySet<number> | undefined;
    let parameters: Parameter[] | undefined;
    for (const n of names) {
      if (out.length >= MAX_NAMES_THROUGH) break;
      // (a validated payload read off its result, `parsed.data` of `parsed = schema.safeParse(req.body)`, Django's
      // `form.cleaned_data`: what the result was made from is what the member holds)
      if (n.of !== undefined && !n.key && !n.wrapped && PAYLOAD_MEMBERS.test(n.text)) {
        const made = this.last(n.of, n.line, MAX_DISTANCE);
        const value = made && this.valueNode(made, (callScopes ??= scopesAround(call)));
        if (value && !isComparison(value)) for (const v of namesIn(value, walk, { state: { key: false, wrapped: false } })) if (!v.wrapped) out.push({ ...v, line: n.line });
        continue;
      }
      if (n.owner || n.key || n.of !== undefined) continue;
      const assigned = this.last(n.text, n.line, MAX_DISTANCE);
      const value = lastGuarded(assigned && this.valueNode(assigned, (callScopes ??= scopesAround(call))));
      if (value) {
        if (isComparison(value)) continue;
        const built = (v: SyntaxName) => !v.owner && !v.key && v.of === undefined && this.builtFromLiteral(v.text, n.line);
        // (a value made by its type, `UsageEvent.model_validate_json(body)`, `new Referral(…)`: a local of that type;
        // and the call that made it, `readmessage` of `message = await hl7_reader.readmessage()`, says what it holds)
        if (!n.wrapped) for (const made of madeBy(assigned!.value)) out.push({ text: made, line: n.line, declaredBy: n.text });
        // (a literal spread over lines is read on its own lines: `mrn: row.mrn,` is where the change sends the MRN)
        const spread = value.endPosition.row > value.startPosition.row;
        for (const v of namesIn(value, walk, { state: { key: false, wrapped: n.wrapped ?? false } })) if (!v.wrapped) out.push({ ...v, line: spread ? v.line : n.line, ...(built(v) ? { built: true } : {}) });
        // (through `await`, as the value a name was assigned is often awaited)
        const called = value.type === "await_expression" ? value.namedChild(0) : value;
        if (helpers && !n.wrapped && called) for (const v of helpers.returnedBy(called, walk)) out.push({ ...v, line: n.line });
      } else if (!n.wrapped) {
        // not assigned above: a parameter, read with what its declaration says (its type, its annotations)
        for (const text of declaredWith((parameters ??= parametersAround(call)), n.text) ?? []) out.push({ text, line: n.line, declaredBy: n.text });
      }
      if (!n.wrapped) {
        for (const local of this.typedLocal(n.text, n.line)) out.push({ text: local, line: n.line, declaredBy: n.text });
      }
    }
    return out;
  }

  /** Whether `name` was last assigned, above `line`, a dictionary, object or list literal opened on its line (`payload = {`). */
  private builtFromLiteral(name: string, line: number): boolean {
    const last = this.last(name, line, MAX_DISTANCE);
    return last !== undefined && LITERAL_OPENING.test(last.value);
  }

  /** The type `name` was last declared with as a local above `line` (at most MAX_DISTANCE lines up). */
  private typedLocal(name: string, line: number): string[] {
    this.index();
    const local = lastAbove(this.typed!.get(name), line, MAX_DISTANCE);
    return !local ? [] : local.element ? [local.type, local.element] : [local.type];
  }

  /** The last assignment of `name` above `line`, at most `distance` lines up. */
  private last(name: string, line: number, distance: number): Assignment | undefined {
    return lastAbove(this.index().get(name), line, distance);
  }

  /**
   * The value's syntax node, when the assignment is in the call's function or one it is nested in (`callScopes`: a
   * handler defined inside a component reads the component's locals): on the assignment's line, or a literal opened
   * there and closed at most MAX_LITERAL_LINES below (`const eventProps = {`, then a property per line).
   */
  private valueNode(a: Assignment, callScopes: ReadonlySet<number>): Parser.SyntaxNode | undefined {
    const node = this.root.namedDescendantForPosition({ row: a.line - 1, column: a.start }, { row: a.line - 1, column: a.end });
    if (!node || node.startPosition.row !== a.line - 1) return undefined;
    const rows = node.endPosition.row - node.startPosition.row;
    if (rows > 0 && !(OPENERS_ONLY.test(a.value) && rows <= MAX_LITERAL_LINES)) return undefined;
    return callScopes.has(scopeOf(node)) ? node : undefined;
  }

  private index(): Map<string, Assignment[]> {
    if (this.byName) return this.byName;
    const byName = (this.byName = new Map<string, Assignment[]>());
    const typed = (this.typed = new Map<string, TypedLocal[]>());
    const source = this.source;
    for (let start = 0, line = 1; start <= source.length; line++) {
      const end = source.indexOf("\n", start);
      const stop = end === -1 ? source.length : end;
      // an assignment holds `=`: most lines are turned away before the regex
      const eq = source.indexOf("=", start);
      if (stop - start <= MAX_LINE && eq !== -1 && eq < stop) {
        const text = source.slice(start, stop);
        const m = ASSIGNMENT.exec(text);
        if (m) {
          // a comment after the value is not part of it (a `#` or `//` inside a string cuts it short: its node is still found)
          const value = withoutComment(m[2]!);
          const at = text.lastIndexOf(value);
          listed(byName, m[1]!, { line, start: at, end: at + value.length, value });
        }
        const t = TYPED_LOCAL.exec(text);
        // (a collection of one type, `List<AffectedCase> cases`, prints its elements: the element's type too)
        if (t) listed(typed, t[3] ?? t[4]!, { line, type: t[1] ?? t[5]!, ...(t[2] ? { element: t[2] } : {}) });
      }
      if (end === -1) break;
      start = end + 1;
    }
    return byName;
  }
}

/** The type that made a value, and the last name it called, when the value is a chain of names and calls. */
function madeBy(value: string): string[] {
  if (!CALL_VALUE.test(value)) return [];
  const type = MADE_BY_TYPE.exec(value)?.[1];
  const called = LAST_CALLED.exec(value)?.[1];
  return type && called && called !== type ? [type, called] : type ? [type] : called ? [called] : [];
}

/**
 * The functions around a call, innermost first (at most MAX_NESTING), or the file's top level when it is in none:
 * the scopes whose locals it reads.
 */
function scopesAround(call: Parser.SyntaxNode): ReadonlySet<number> {
  const ids = new Set<number>();
  for (let up = parentOf(call); up && ids.size < MAX_NESTING; up = parentOf(up)) if (SCOPES.test(up.type)) ids.add(up.id);
  return ids.size > 0 ? ids : new Set([0]);
}

/** Adds `entry` to the list `map` keeps for `name`, in line order (the file is read top down). */
function listed<T>(map: Map<string, T[]>, name: string, entry: T): void {
  const list = map.get(name);
  if (list) list.push(entry);
  else map.set(name, [entry]);
}

/** The last of `entries` (in line order) above `line`, at most `distance` lines up. */
function lastAbove<T extends { line: number }>(entries: readonly T[] | undefined, line: number, distance: number): T | undefined {
  let found: T | undefined;
  for (const e of entries ?? []) if (e.line < line && line - e.line <= distance) found = e;
  return found;
}

/**
 * What a guard chain gives when it does not give a falsy value: its last operand (`decoded && decoded.payload &&
 * decoded.payload.iss` gives the issuer; the operands before it are tests).
 */
function lastGuarded(node: Parser.SyntaxNode | undefined): Parser.SyntaxNode | undefined {
  let value = node;
  for (let depth = 0; value && depth < MAX_GUARDS && /binary|boolean_operator/.test(value.type); depth++) {
    const operator = value.childForFieldName("operator")?.type ?? value.child(1)?.type;
    if (operator !== "&&" && operator !== "and") break;
    value = value.namedChild(value.namedChildCount - 1) ?? undefined;
  }
  return value;
}

/** Operators whose result is a yes or no, never one of their operands (`||` and `or` give an operand back). */
const COMPARISON_OPERATORS = new Set(["==", "!=", "===", "!==", "<", ">", "<=", ">=", "in", "not in", "is", "is not", "instanceof", "!"]);

/** Whether an expression compares or negates (`patient.birth_date == dob`, `!consented`), in any grammar. */
function isComparison(node: Parser.SyntaxNode): boolean {
  if (node.type === "comparison_operator" || node.type === "not_operator") return true;
  if (!/binary|equality|relational|unary|prefix/.test(node.type)) return false;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i)!;
    if (!child.isNamed && COMPARISON_OPERATORS.has(child.type)) return true;
  }
  return false;
}

/** The text before a trailing `#` or `//` comment (one preceded by a space). */
function withoutComment(value: string): string {
  let cut = value.length;
  for (const marker of [" #", " //", "\t#", "\t//"]) {
    const at = value.indexOf(marker);
    if (at !== -1 && at < cut) cut = at;
  }
  return value.slice(0, cut).trimEnd();
}
