/**
 * What the tree-sitter readers share: the node types that are calls and argument lists in any grammar, the callee
 * (the code before the arguments), and the bound on how many nodes one file's walk may visit, so nested or huge code
 * cannot make reading a file quadratic; and the vocabulary of reading names: conversions that keep a value, calls
 * whose result carries what they are given.
 */
import type Parser from "web-tree-sitter";
import type { SyntaxName } from "../engine/syntax/model.js";

export const CALLS = new Set([
  "call", "call_expression", "method_invocation", "object_creation_expression", "new_expression", "invocation_expression",
  "function_call_expression", "member_call_expression", "scoped_call_expression", "nullsafe_member_call_expression",
  "macro_invocation", "method_call", "explicit_constructor_invocation", "instance_expression",
]);
export const ARGUMENTS = new Set(["argument_list", "arguments", "call_suffix", "value_arguments", "token_tree"]);
/** Calls that build an object (`new PatientDto(patient)`): what they are given is kept in what they build. */
export const CONSTRUCTIONS = new Set(["object_creation_expression", "new_expression", "instance_expression", "explicit_constructor_invocation"]);

/**
 * Node types that bound where a name is the same variable: a function, method, lambda or closure (an `if` or loop
 * body inside one is the same scope; Elixir's `do` blocks stand for its functions). Assignments are read within one;
 * a parameter is looked up in the ones around a call.
 */
export const SCOPES = /function|method|lambda|closure|arrow|constructor|^do_block$/;

/**
 * The id of the nearest function or block around `node` (SCOPES; 0 for the file's top level, or when none is found
 * within `maxDepth` parents).
 */
export function scopeOf(node: Parser.SyntaxNode, maxDepth = Infinity): number {
  let depth = 0;
  for (let up = parentOf(node); up && depth < maxDepth; up = parentOf(up), depth++) if (SCOPES.test(up.type)) return up.id;
  return 0;
}

/**
 * Each node's parent, asked of the grammar once per tree. Tree-sitter finds a parent by walking down from the root, so
 * climbing from a node costs its depth squared, and every call in nested code climbing to the top costs its depth
 * cubed (300 calls nested in one line took 2.5 s, 500 took 8 s). Filled while one tree is read (`readingTree`).
 */
let parents: Map<number, Parser.SyntaxNode | null> | undefined;

/** The parent of `node`, remembered for the tree being read. */
export function parentOf(node: Parser.SyntaxNode): Parser.SyntaxNode | null {
  if (!parents) return node.parent;
  let parent = parents.get(node.id);
  if (parent === undefined) parents.set(node.id, (parent = node.parent));
  return parent;
}

/** Runs `read` with parents remembered for one tree (node ids are unique within a tree, not across trees). */
export function readingTree<T>(read: () => T): T {
  const outer = parents;
  parents = new Map();
  try {
    return read();
  } finally {
    parents = outer;
  }
}

/** Reading a file's calls stops past this many nodes visited: nested code must not make the walk quadratic. */
const MAX_VISITS = 300_000;

export class TooComplex extends Error {}

export interface Walk {
  source: string;
  visits: number;
}

export function visit(walk: Walk): void {
  if (++walk.visits > MAX_VISITS) throw new TooComplex("too many syntax nodes");
}

/** A trailing lambda as a call's only argument (Kotlin's `annotated_lambda`). */
const TRAILING_LAMBDAS = /^(annotated_lambda|lambda_literal)$/;

/** The argument list of a call node (its last one), if it has one. */
export function argumentsOf(node: Parser.SyntaxNode): Parser.SyntaxNode | undefined {
  let args: Parser.SyntaxNode | undefined;
  for (let i = 0; i < node.namedChildCount; i++) {
    const child = node.namedChild(i)!;
    if (ARGUMENTS.has(child.type)) args = child;
  }
  return args;
}

/** The code before the arguments, at most its last 200 characters (never the whole node's text: nesting would make it quadratic). */
export function calleeOf(node: Parser.SyntaxNode, args: Parser.SyntaxNode, walk: Walk): string {
  // A trailing lambda given to a call (Kotlin's `analytics.logEvent(name) { param(…) }`) is parsed as a call of that
  // call: its callee is the inner call's.
  const inner = node.namedChild(0);
  if (inner && inner.type === node.type && TRAILING_LAMBDAS.test(args.namedChild(0)?.type ?? "") && args.namedChildCount === 1) {
    const innerArgs = argumentsOf(inner);
    if (innerArgs) {
      visit(walk);
      return calleeOf(inner, innerArgs, walk);
    }
  }
  const start = Math.max(node.startIndex, args.startIndex - 400);
  // (an optional call, `window.fbq?.(…)`, calls what is before its `?.`)
  return walk.source.slice(start, args.startIndex).trim().replace(/\s+/g, " ").replace(/\s?\?\.$/, "").slice(-200);
}

/**
 * Reads that keep a value what it was (`dob.isoformat()`), or keep a collection's elements (`medications.filter { … }`,
 * `sorted()`, `toList()`): the member before them is read as the value, not as an owner.
 */
export const CONVERSIONS = /^(filter|filter_?not|sorted|sorted_?by\w*|distinct|to_?list|to_?a|compact|reversed|as_?sequence|join|join_?to_?string|mk_?string|to_?s|to_?string|to_?str|str|isoformat|iso8601(format)?|to_?iso\w*|strftime|format(ted)?|to_?json|as_?json|trim|strip|upper(case)?|lower(case)?|to_?upper\w*|to_?lower\w*|title|capitalize|value|text|get|or_?else|unwrap|unwrap_?or\w*|expect|display|clone|as_?str|as_?ref|as_?deref|to_?owned|into|borrow|single_?line|one_?line|as_?single_?string|get_?value_?as_?string|get_?value|to_?display_?string|pretty\w*|decode)$/i;

/**
 * Calls whose result carries what they are given (conversions, formatting, serialisers and parsers, collections,
 * wrappers): `str(patient)`, `JSON.stringify(patient)`, `format!("{}", patient.name)`, `mapper.writeValueAsString(patient)`,
 * `JSON.parse(request.raw_post)`, WordPress's `wp_json_encode($payload)`; Firebase's Kotlin builder (`logEvent(name) { param("rider_name", trip.riderName) }`).
 * A name read inside any other call is that call's business (`len(patients)`, `patient_ref(patient, salt)`), and so
 * is Python's `sorted`: over a dictionary (`sorted(body.model_dump())`) it gives the keys, not the values.
 */
const PASS_THROUGH = /(^|[.:>\s])(str|repr|String|string|toString|to_string|to_s|valueOf|format!?|format_args!|Format|format_map|Sprintf|Sprint|Sprintln|sprintf|stringify|dumps?|json_encode|wp_json_encode|drupal_json_encode|serialize|Serialize|SerializeObject|SerializeToString|serializeToString|writeValueAsString|writeValueAsBytes|toJson|to_json|toJSON|json!|encode\w*|parse|safeParse|safeParseAsync|parseAsync|validateSync|model_validate|model_validate_json|parse_obj|loads|json_decode|decode_json|readValue|fromJson|from_json|deserialize|Deserialize|asdict|model_dump\w*|dict|vars|inspect|pformat|print_r|var_export|Marshal\w*|fields|of|asList|listOf|mutableListOf|mapOf|mutableMapOf|arrayOf|setOf|list|tuple|vec!|join|joinToString|concat|Some|Ok|new|display|debug|Debug|Display|param)$/;

export function passesThrough(callee: string): boolean {
  return PASS_THROUGH.test(callee);
}

/**
 * Calls that give back a count or a presence flag of what they are given, never the value (`len(diagnoses)`,
 * `count($allergies)`, `Enum.count(diagnoses)`, `isset($row['ssn'])`, `bool(patient.dob)`).
 */
const TALLIES = /(^|[.:>\s])(len|count|Count|length|Length|size|Size|sizeof|bool|isset|empty|is_null|isnull|is_empty|isEmpty|count_documents)$/;

export function tallies(callee: string): boolean {
  return TALLIES.test(callee);
}

/** Where a name was read: as a key, inside a call that is not a conversion. */
export interface ReadState {
  key: boolean;
  wrapped: boolean;
  /** A key over a value serialised whole (arguments.ts `serialisedWhole`). */
  whole?: boolean;
  /** Names a conditional around hands on only as members of a fixed set (allow-lists.ts): not read. */
  allowed?: ReadonlySet<string>;
}

export function nameOf(text: string, line: number, state: ReadState, owner: boolean, of?: string): SyntaxName {
  return { text, line, ...(owner ? { owner: true } : {}), ...(of ? { of } : {}), ...(state.key ? { key: true } : {}), ...(state.key && state.whole ? { whole: true } : {}), ...(state.wrapped ? { wrapped: true } : {}) };
}

