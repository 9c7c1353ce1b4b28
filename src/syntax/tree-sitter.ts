/**
 * The SyntaxParser on tree-sitter (web-tree-sitter with the prebuilt grammars of tree-sitter-wasms, loaded from the
 * package's node_modules, offline). One walk of the tree finds call-like nodes of any grammar by their node types,
 * reads the callee as the code before the arguments, and collects the names the arguments use: identifiers and
 * member names, object and dictionary keys (string keys included), and expressions interpolated into strings —
 * never the plain text of a string literal. Grammars load once per process, on first use.
 */
import { createRequire } from "node:module";
import type Parser from "web-tree-sitter";
import type { Language } from "../engine/files/languages.js";
import type { CallFilter, SyntaxCall, SyntaxName, SyntaxParser } from "../engine/syntax/model.js";

const require = createRequire(import.meta.url);

/** web-tree-sitter itself, loaded when the first grammar is (most scans parse nothing: start-up stays short). */
let runtime: typeof Parser | undefined;
function treeSitter(): typeof Parser {
  return (runtime ??= require("web-tree-sitter") as typeof Parser);
}

/** Our file kinds and the grammar each is parsed with (TSX files with the tsx grammar). */
const GRAMMARS: Partial<Record<Language, string>> = {
  javascript: "javascript", typescript: "typescript", python: "python", go: "go", java: "java", kotlin: "kotlin",
  csharp: "c_sharp", ruby: "ruby", php: "php", rust: "rust", swift: "swift", scala: "scala",
} as Partial<Record<Language, string>>;

const CALLS = new Set([
  "call", "call_expression", "method_invocation", "object_creation_expression", "new_expression", "invocation_expression",
  "function_call_expression", "member_call_expression", "scoped_call_expression", "nullsafe_member_call_expression",
  "macro_invocation", "method_call", "explicit_constructor_invocation", "instance_expression",
]);
const ARGUMENTS = new Set(["argument_list", "arguments", "call_suffix", "value_arguments", "token_tree"]);
const THROWS = new Set(["throw_statement", "raise_statement", "throw_expression"]);
const NAMES = /identifier$|^name$|^constant$|^simple_identifier$|^variable_name$|^shorthand_property_identifier$/;
const STRINGS = /string|str_text|encapsed|template|heredoc|char_literal/;
/** The literal pieces of a string (never read as names). */
const STRING_PARTS = /string|content|escape|fragment|_start$|_end$|^text$|format|ERROR/;
const INTERPOLATIONS = /interpol|substitution/;
/** Reading an element by a key (`row["ssn"]`, `$patient['dob']`): the key is read as a name. */
const SUBSCRIPTS = /^(subscript|subscript_expression|element_access_expression|index_expression|element_reference|bracket_argument_list|indexing_suffix)$/;
/** Member reads: the first child is what the member is read from. */
const MEMBERS = /member|field_access|field_expression|attribute|selector_expression|navigation_expression|scoped_identifier|qualified_name|method_invocation|^call$|conditional_access|optional_chain|scoped_call/;
const PAIRS = /^(pair|dictionary_literal|keyword_argument|named_argument|key_value_pair|value_argument|array_element_initializer)$/;
/** Callees that raise or build an error to be raised or returned (an exception built anywhere carries its message). */
const ERROR_CALLEE = /(^|[.:\s])(raise|fail|panic!?|bail!|anyhow!|Errorf|NewError|errors\.New)$|(^|[.:\s])[A-Z]\w*(Exception|Error)$|(^|\s)(Error|Exception)$/;

/** A parse that takes longer than this (in tree-sitter's microseconds budget) is abandoned: the file is not read. */
const PARSE_TIMEOUT_MICROS = 2_000_000;
/** Files larger than this are not parsed (their line rules still run). */
const MAX_PARSE_BYTES = 2_000_000;

let ready: Promise<void> | undefined;
const languages = new Map<string, Promise<Parser.Language | undefined>>();

function grammarOf(language: Language, path: string): string | undefined {
  if (language === "typescript" && /\.tsx$/i.test(path)) return "tsx";
  if (language === "javascript" && /\.jsx$/i.test(path)) return "javascript";
  return GRAMMARS[language];
}

function loadGrammar(name: string): Promise<Parser.Language | undefined> {
  let pending = languages.get(name);
  if (!pending) {
    ready ??= treeSitter().init();
    pending = ready.then(
      () => treeSitter().Language.load(require.resolve(`tree-sitter-wasms/out/tree-sitter-${name}.wasm`)),
      () => undefined,
    ).catch(() => undefined);
    languages.set(name, pending);
  }
  return pending;
}

const loaded = new Map<string, Parser.Language>();
const parsers = new Map<string, Parser>();

export function treeSitterParser(): SyntaxParser {
  return {
    async load(language, path) {
      const name = grammarOf(language, path);
      if (!name) return false;
      const grammar = await loadGrammar(name);
      if (grammar) loaded.set(name, grammar);
      return grammar !== undefined;
    },
    calls(language, path, content, lines, want) {
      const name = grammarOf(language, path);
      const grammar = name ? loaded.get(name) : undefined;
      if (!name || !grammar || content.length > MAX_PARSE_BYTES) return undefined;
      let parser = parsers.get(name);
      if (!parser) {
        parser = new (treeSitter())();
        parser.setLanguage(grammar);
        parser.setTimeoutMicros(PARSE_TIMEOUT_MICROS);
        parsers.set(name, parser);
      }
      // PHP code outside `<?php` is template text to the grammar: a fragment without the tag is read as code.
      const source = name === "php" && !/^\s*<\?/.test(content) ? `<?php ${content}` : content;
      let tree: Parser.Tree | undefined;
      try {
        // (see above) outside `<?php` is template text to the grammar: a fragment without the tag is read as code.
        tree = parser.parse(source) ?? undefined;
      } catch {
        parser.reset();
        return undefined;
      }
      if (!tree) return undefined;
      try {
        return collectCalls(tree.rootNode, source, lines, want);
      } catch (error) {
        if (error instanceof TooComplex) return undefined;
        throw error;
      } finally {
        tree.delete();
      }
    },
  };
}

/** Reading a file's calls stops past this many nodes visited: nested code must not make the walk quadratic. */
const MAX_VISITS = 300_000;
/** Names are read from at most this many nodes of one call's arguments (the calls inside are read on their own). */
const MAX_ARGUMENT_NODES = 2_000;

class TooComplex extends Error {}

interface Walk {
  source: string;
  visits: number;
}

function visit(walk: Walk): void {
  if (++walk.visits > MAX_VISITS) throw new TooComplex("too many syntax nodes");
}

function collectCalls(root: Parser.SyntaxNode, source: string, lines: ReadonlySet<number> | undefined, want: CallFilter | undefined): SyntaxCall[] {
  const calls: SyntaxCall[] = [];
  const walk: Walk = { source, visits: 0 };
  const sorted = lines ? [...lines].sort((a, b) => a - b) : undefined;
  // Whether a wanted line falls within the node's lines (a binary search: a node may span the whole file).
  const wanted = (node: Parser.SyntaxNode) => {
    if (!sorted) return true;
    const first = node.startPosition.row + 1;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < first) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo]! <= node.endPosition.row + 1;
  };
  // An explicit stack: deeply nested code must not overflow the JavaScript stack. Subtrees on no wanted line are skipped.
  const stack: Parser.SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(walk);
    if (CALLS.has(node.type)) {
      const call = callOf(node, walk, want);
      if (call) calls.push(call);
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i)!;
      if (wanted(child)) stack.push(child);
    }
  }
  return calls.sort((a, b) => a.startLine - b.startLine);
}

function callOf(node: Parser.SyntaxNode, walk: Walk, want: CallFilter | undefined): SyntaxCall | undefined {
  let args: Parser.SyntaxNode | undefined;
  for (let i = 0; i < node.namedChildCount; i++) {
    const child = node.namedChild(i)!;
    if (ARGUMENTS.has(child.type)) args = child;
  }
  if (!args) return undefined;
  // The code before the arguments, at most its last 200 characters (never the whole node's text: nesting would make it quadratic).
  const start = Math.max(node.startIndex, args.startIndex - 400);
  const callee = walk.source.slice(start, args.startIndex).trim().replace(/\s+/g, " ").slice(-200);
  const isThrown = thrown(node) || ERROR_CALLEE.test(callee);
  if (want && !want(callee, isThrown)) return undefined;
  return {
    callee,
    startLine: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    thrown: isThrown,
    names: namesIn(args, walk),
  };
}

function thrown(node: Parser.SyntaxNode): boolean {
  let up = node.parent;
  for (let depth = 0; up && depth < 3; depth++, up = up.parent) {
    if (THROWS.has(up.type)) return true;
    if (up.type === "jump_expression" && up.text.startsWith("throw")) return true;
  }
  return false;
}

/** Reads that keep a value what it was (`dob.isoformat()`): the member before them is read as the value, not as an owner. */
const CONVERSIONS = /^(to_?s|to_?string|to_?str|str|isoformat|iso8601(format)?|to_?iso\w*|strftime|format(ted)?|to_?json|as_?json|trim|strip|upper(case)?|lower(case)?|to_?upper\w*|to_?lower\w*|title|capitalize|value|text|get|or_?else|unwrap|display)$/i;

/** Climbs from a node through wrappers that hold only it (`patient!!`, `(patient)`, `$patient`). */
function climb(node: Parser.SyntaxNode): { child: Parser.SyntaxNode; parent: Parser.SyntaxNode | null } {
  let child = node;
  let parent = node.parent;
  while (parent && parent.namedChildCount === 1 && !MEMBERS.test(parent.type) && !SUBSCRIPTS.test(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  return { child, parent };
}

/**
 * Whether a name is read from rather than read: `patient` in `patient.dob`, `$patient->ssn`, `row["ssn"]`; and a
 * member whose value is read further (`Patient` in `res.Patient.ID`), unless what follows keeps the value
 * (`dob` in `patient.dob.isoformat()` is still the date of birth).
 */
function isOwner(node: Parser.SyntaxNode): boolean {
  const { child, parent } = climb(node);
  if (!parent || parent.namedChildCount < 2 || !(MEMBERS.test(parent.type) || SUBSCRIPTS.test(parent.type))) return false;
  if (parent.namedChild(0)!.id === child.id) return true;
  if (!MEMBERS.test(parent.type)) return false;
  const outer = climb(parent);
  if (!outer.parent || !MEMBERS.test(outer.parent.type) || outer.parent.namedChild(0)!.id !== outer.child.id) return false;
  const next = outer.parent.namedChild(1);
  return !(next && CONVERSIONS.test(next.text.replace(/^[.?!:]+/, "")));
}

/** Names in an argument list: identifiers, keys (string keys too), and what strings interpolate. */
function namesIn(args: Parser.SyntaxNode, walk: Walk): SyntaxName[] {
  const out: SyntaxName[] = [];
  const stack: { node: Parser.SyntaxNode; key: boolean }[] = [{ node: args, key: false }];
  for (let seen = 0; stack.length > 0 && out.length < 256 && seen < MAX_ARGUMENT_NODES; seen++) {
    const { node, key } = stack.pop()!;
    visit(walk);
    if (STRINGS.test(node.type) && !INTERPOLATIONS.test(node.type)) {
      // A string is read only as a key (`{"dob": …}`) or through its interpolations (`f"{patient.dob}"`).
      if (key) out.push({ text: node.text.replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, ""), line: node.startPosition.row + 1 });
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i)!;
        // Interpolations, however a grammar wraps them (PHP puts `$patient->ssn` straight into the string).
        if (INTERPOLATIONS.test(child.type) || !STRING_PARTS.test(child.type)) stack.push({ node: child, key: false });
      }
      continue;
    }
    if (NAMES.test(node.type) && node.namedChildCount === 0) {
      out.push({ text: node.text, line: node.startPosition.row + 1, ...(isOwner(node) ? { owner: true } : {}) });
      continue;
    }
    // Keys of pairs and dictionaries, and names of named arguments: read even when written as strings.
    const keys = PAIRS.test(node.type)
      ? new Set([...node.childrenForFieldName("key"), ...node.childrenForFieldName("name")].map((k) => k.id))
      : SUBSCRIPTS.test(node.type) ? new Set(node.namedChildren.slice(1).map((k) => k.id)) : undefined;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i)!;
      stack.push({ node: child, key: keys?.has(child.id) ?? false });
    }
  }
  return out;
}
