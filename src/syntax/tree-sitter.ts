/**
 * The SyntaxParser on tree-sitter (web-tree-sitter with the prebuilt grammars of tree-sitter-wasms, loaded from the
 * package's node_modules, offline). One walk of the tree finds call-like nodes of any grammar by their node types,
 * reads the callee as the code before the arguments, and collects the names the arguments use: identifiers and
 * member names, object and dictionary keys (string keys included), and expressions interpolated into strings —
 * never the plain text of a string literal. Grammars load once per process, on first use.
 */
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import type Parser from "web-tree-sitter";
import type { Language } from "../engine/files/languages.js";
import type { CallFilter, SyntaxCall, SyntaxParser } from "../engine/syntax/model.js";
import { anyWithin } from "../engine/sorted.js";
import { namesIn } from "./arguments.js";
import { Assignments } from "./assignments.js";
import { Helpers } from "./helpers.js";
import { hclResources } from "./hcl.js";
import { isComponent, scriptsOf } from "./components.js";
import { argumentsOf, calleeOf, CALLS, parentOf, readingTree, TooComplex, visit, type Walk } from "./walk.js";

const require = createRequire(import.meta.url);

/** web-tree-sitter itself, loaded when the first grammar is (most scans parse nothing: start-up stays short). */
let runtime: typeof Parser | undefined;
function treeSitter(): typeof Parser {
  if (!runtime) {
    // WebAssembly runs on V8's baseline compiler (Liftoff) only. V8 otherwise re-compiles the functions that get hot
    // with its optimizing compiler, in background threads, and a grammar's lexer and parse tables are functions so
    // large that this took seconds of CPU per grammar (Scala's over 5 s), and the next grammar's load waited for it:
    // a 24-file change in 13 languages took 4.2 s to scan against 2.3 s, and the bench's 43 MB real change was no
    // faster with it. Set before the first module is compiled; it concerns WebAssembly alone.
    setFlagsFromString("--liftoff-only");
    runtime = require("web-tree-sitter") as typeof Parser;
  }
  return runtime;
}

/** Our file kinds and the grammar each is parsed with (TSX files with the tsx grammar). */
const GRAMMARS: Partial<Record<Language, string>> = {
  javascript: "javascript", typescript: "typescript", python: "python", go: "go", java: "java", kotlin: "kotlin",
  csharp: "c_sharp", ruby: "ruby", php: "php", rust: "rust", swift: "swift", scala: "scala", elixir: "elixir", terraform: "terraform",
} as Partial<Record<Language, string>>;

/** Where each grammar's WebAssembly is: tree-sitter-wasms', and the HCL grammar's own package for Terraform. */
function wasmOf(name: string): string {
  return name === "terraform" ? require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm") : require.resolve(`tree-sitter-wasms/out/tree-sitter-${name}.wasm`);
}

const THROWS = new Set(["throw_statement", "raise_statement", "throw_expression"]);
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
      () => treeSitter().Language.load(wasmOf(name)),
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
      return withTree(language, path, content, (root, source) => collectCalls(root, source, lines, want));
    },
    resources(content, keyword = "resource") {
      return withTree("terraform", "main.tf", content, (root, source) => hclResources(root, source, keyword));
    },
  };
}

/** Parses `content` with the file's grammar (loaded beforehand) and reads the tree; undefined when it cannot. */
function withTree<T>(language: Language, path: string, content: string, read: (root: Parser.SyntaxNode, source: string) => T | undefined): T | undefined {
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
  // PHP code outside `<?php` is template text to the grammar: a fragment without the tag is read as code. A Vue or
  // Svelte component is read for its scripts.
  const source = name === "php" && !/^\s*<\?/.test(content) ? `<?php ${content}` : isComponent(path) ? scriptsOf(content) : content;
  let tree: Parser.Tree | undefined;
  try {
    tree = parser.parse(source) ?? undefined;
  } catch {
    parser.reset();
    return undefined;
  }
  if (!tree) return undefined;
  try {
    return readingTree(() => read(tree!.rootNode, source));
  } catch (error) {
    if (error instanceof TooComplex) return undefined;
    throw error;
  } finally {
    tree.delete();
  }
}

/**
 * Runners that call the function they are handed first with the arguments after it, later or elsewhere: FastAPI's
 * and Starlette's `background.add_task(analytics.track, user.email, …)`, `executor.submit(fn, …)`, asyncio's
 * `to_thread` and `call_soon`, `run_in_executor(None, fn, …)`, RQ's `queue.enqueue(fn, …)`.
 */
const DEFERRED_RUNNER = /(^|\.)(add_task|submit|to_thread|call_soon(_threadsafe)?|run_in_executor|enqueue)$/;
/** A function handed by reference: a name or a dotted name, nothing called or built. */
const FUNCTION_REFERENCE = /^(identifier|attribute|member_expression|field_expression|scoped_identifier|navigation_expression)$/;

/** The function a deferred runner is handed (`analytics.track` in `add_task(analytics.track, …)`): the call it makes. */
function deferredCallee(callee: string, args: Parser.SyntaxNode, walk: Walk): string | undefined {
  if (!DEFERRED_RUNNER.test(callee)) return undefined;
  let fn = args.namedChild(0);
  // (`run_in_executor(None, fn, …)`: the executor comes first)
  if (fn && /^(none|null|nil)$/i.test(walk.source.slice(fn.startIndex, fn.endIndex))) fn = args.namedChild(1);
  if (!fn || !FUNCTION_REFERENCE.test(fn.type) || fn.endIndex - fn.startIndex > 200) return undefined;
  visit(walk);
  return walk.source.slice(fn.startIndex, fn.endIndex);
}

/** The node types read as calls: every grammar's calls, and Rust's attributes (`#[instrument(fields(…))]`). */
const CALL_TYPES = [...CALLS, "attribute_item"];

/**
 * The calls of a tree that span a wanted line. Tree-sitter finds the call nodes itself, inside its WebAssembly (one
 * crossing for the whole file, from the first wanted line to the last), instead of a walk that fetched every node of
 * the tree into JavaScript one child at a time; each call found is then read on its own.
 */
function collectCalls(root: Parser.SyntaxNode, source: string, lines: ReadonlySet<number> | undefined, want: CallFilter | undefined): SyntaxCall[] {
  const calls: SyntaxCall[] = [];
  const walk: Walk = { source, visits: 0 };
  const assignments = new Assignments(root, source);
  const helpers = new Helpers(root);
  const sorted = lines ? [...lines].sort((a, b) => a - b) : undefined;
  if (sorted?.length === 0) return calls;
  // Rows are 0-based: from the first wanted line's start to the start of the line after the last (a node that
  // starts before the first and spans it is still found); the whole tree without lines.
  const nodes = sorted
    ? root.descendantsOfType(CALL_TYPES, { row: sorted[0]! - 1, column: 0 }, { row: sorted[sorted.length - 1]!, column: 0 })
    : root.descendantsOfType(CALL_TYPES);
  for (const node of nodes) {
    visit(walk);
    // Whether a wanted line falls within the call's lines (a binary search: a call may span the whole file).
    if (sorted && !anyWithin(sorted, node.startPosition.row + 1, node.endPosition.row + 1)) continue;
    const call = callOf(node, walk, want, assignments, helpers);
    if (call) calls.push(call);
  }
  return calls.sort((a, b) => a.startLine - b.startLine);
}

function callOf(node: Parser.SyntaxNode, walk: Walk, want: CallFilter | undefined, assignments: Assignments, helpers: Helpers): SyntaxCall | undefined {
  // A Rust attribute (`#[instrument(fields(…))]`) reads like a call: its path, then a token tree.
  const head = node.type === "attribute_item" ? node.namedChildren.find((c) => c.type === "attribute") : node;
  const args = head ? argumentsOf(head) : undefined;
  if (!head || !args) return undefined;
  const callee = calleeOf(head, args, walk);
  // Whether it is thrown walks up the tree: asked only of a call some rule could take, thrown or not (a filter takes
  // a thrown call wherever it takes the same call not thrown), so most calls never ask.
  let isThrown: boolean | undefined;
  const throws = () => (isThrown ??= ERROR_CALLEE.test(callee) || thrown(node) || (SUPER_CALLEE.test(callee) && inErrorClass(node, walk.source)));
  // Reading the arguments' names is most of the work: only for calls some rule could report. A call on a name
  // assigned from another call (`bound = log.bind(…)`, then `bound.info(…)`) is also read as a call on that call's
  // result (`via`), looked up only when the callee itself is not wanted.
  const takes = (name: string) => want!(name, true) && (throws() || want!(name, false));
  const wanted = !want || takes(callee);
  const via = wanted && want ? undefined : (deferredCallee(callee, args, walk) ?? assignments.via(callee, node.startPosition.row + 1));
  if (!wanted && (via === undefined || !takes(via))) return undefined;
  return {
    callee,
    ...(via !== undefined ? { via } : {}),
    startLine: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    thrown: throws(),
    // …and what the same-file helpers it is handed return (`track("…", funnelProps(ctx))`)
    names: [...assignments.through(node, namesIn(args, walk), walk, helpers), ...helpers.returned(args, walk)],
  };
}

/** A constructor's call of its parent's (`super(message)`, Python's `super().__init__(message)`). */
const SUPER_CALLEE = /^(super|super\(\)\.__init__|super\.init)$/;
/** Declarations of classes, in the grammars read (JavaScript/TypeScript, Java, C#, Kotlin, Swift, Python, PHP). */
const CLASSES = /^(class_declaration|class_definition|class|abstract_class_declaration|class_specifier)$/;
/** A class header's names (`RuntimeException`, `errors.AppError`, `\App\Exceptions\Base`). */
const HEADER_NAME = /[\w.\\]+/g;
const ERROR_TYPE = /(Error|Exception)$/;
/** How far up an enclosing class is looked for (the constructor's body, the constructor, the class body). */
const MAX_CLASS_STEPS = 12;
/** How much of a class is read as its header: up to its body, or this much of a class without a body field. */
const MAX_HEADER = 200;
const MAX_HEADER_BEFORE_BODY = 2_000;

/**
 * Whether a class's header says it extends an error or exception type: a name ending in `Error` or `Exception` right
 * after `extends`, or after `(`, `:` or `,` (Python's bases, C#'s and Kotlin's supertypes). One pass over the header's
 * names (a pattern scanning a name from each `(` or `:` would go back over long runs of them).
 */
function extendsError(header: string): boolean {
  let previous = "";
  let end = 0;
  for (const m of header.matchAll(HEADER_NAME)) {
    const between = header.slice(end, m.index).trim();
    if (ERROR_TYPE.test(m[0]) && ((previous === "extends" && between === "") || /[(:,]$/.test(between))) return true;
    previous = m[0];
    end = m.index + m[0].length;
  }
  return false;
}

/**
 * Whether a call sits in a class that extends an error type: its `super(…)` gives the error its message, as a thrown
 * error's constructor does (`class ResultRejectedError extends Error { constructor(…) { super(`… ${item.dob}`) } }`).
 */
function inErrorClass(node: Parser.SyntaxNode, source: string): boolean {
  let up = parentOf(node);
  for (let step = 0; up && step < MAX_CLASS_STEPS; step++, up = parentOf(up)) {
    if (!CLASSES.test(up.type)) continue;
    // the header only, read from the source (not the whole class's text)
    const end = up.childForFieldName("body")?.startIndex ?? up.startIndex + MAX_HEADER;
    return extendsError(source.slice(up.startIndex, Math.min(end, up.startIndex + MAX_HEADER_BEFORE_BODY)));
  }
  return false;
}

function thrown(node: Parser.SyntaxNode): boolean {
  let up = parentOf(node);
  for (let depth = 0; up && depth < 3; depth++, up = parentOf(up)) {
    if (THROWS.has(up.type)) return true;
    if (up.type === "jump_expression" && up.text.startsWith("throw")) return true;
  }
  return false;
}
