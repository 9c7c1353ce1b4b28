/**
 * What a helper defined in the same file returns, for a call handed its result (`analytics.track("Payment Started",
 * funnelProps(ctx))` with `function funnelProps(ctx) { return { patient_name: ctx.patientName, … } }`): the names of
 * the values the helper returns, one step, as `Assignments.through` reads what a plain name was last assigned. Only a
 * plain function called by its name is followed (JavaScript and TypeScript functions and arrow functions, Python and
 * Go functions); a method, a helper imported from another file, or what the helper's own helpers return is not.
 * Each name keeps its own line (the key in the helper), so a finding lands where the patient data is put in.
 */
import type Parser from "web-tree-sitter";
import type { SyntaxName } from "../engine/syntax/model.js";
import { namesIn } from "./arguments.js";
import { declaredWith, parametersOf } from "./declarations.js";
import { SCOPES, scopeOf, visit, type Walk } from "./walk.js";

/** Node types that define a named function, or name one (`const funnelProps = (ctx) => ({ … })`). */
const DEFINITIONS = ["function_declaration", "function_definition", "variable_declarator"];
/** At most this many definitions are indexed, returns read per helper, and names read from helpers per call. */
const MAX_DEFINITIONS = 2_000;
const MAX_RETURNS = 8;
const MAX_NAMES = 64;
/** How far up from a `return` its function is looked for. */
const MAX_DEPTH = 64;

export class Helpers {
  private byName: Map<string, Parser.SyntaxNode> | undefined;

  constructor(private readonly root: Parser.SyntaxNode) {}

  /** The names the values of the same-file helpers called among `args` read (`funnelProps(ctx)`, `props=build(p)`). */
  returned(args: Parser.SyntaxNode, walk: Walk): SyntaxName[] {
    const out: SyntaxName[] = [];
    for (let i = 0; i < args.namedChildCount && out.length < MAX_NAMES; i++) {
      visit(walk);
      const arg = args.namedChild(i)!;
      // (a Python keyword argument hands on its value: `properties=funnel_props(ctx)`)
      const call = arg.type === "keyword_argument" ? arg.childForFieldName("value") : arg;
      if (call) this.returnedBy(call, walk, out);
    }
    return out;
  }

  /** Into `out`, the names the values of the same-file helper `call` calls read, when it calls one. */
  returnedBy(call: Parser.SyntaxNode, walk: Walk, out: SyntaxName[] = []): SyntaxName[] {
    const callee = call.childForFieldName("function");
    if (callee?.type !== "identifier" || !call.childForFieldName("arguments")) return out;
    const helper = this.definition(callee.text);
    if (!helper) return out;
    // A parameter given back as it is, or converted (`String(body).trim()`), stands for the argument it was handed,
    // which the call's own names already read; its members and the keys around it are the helper's own words.
    const parameters = parametersOf(helper);
    for (const value of returnedValues(helper, walk)) {
      for (const n of namesIn(value, walk)) {
        if (n.wrapped || out.length >= MAX_NAMES) continue;
        if (!n.owner && !n.key && n.of === undefined && declaredWith(parameters, n.text) !== undefined) continue;
        out.push({ ...n, returned: true });
      }
    }
    return out;
  }

  /** The function defined in the file under `name` (its first definition), if any. */
  private definition(name: string): Parser.SyntaxNode | undefined {
    if (!this.byName) {
      const byName = (this.byName = new Map<string, Parser.SyntaxNode>());
      for (const node of this.root.descendantsOfType(DEFINITIONS)) {
        if (byName.size >= MAX_DEFINITIONS) break;
        const id = node.childForFieldName("name");
        const fn = node.type === "variable_declarator" ? node.childForFieldName("value") : node;
        if (id?.type === "identifier" && fn && SCOPES.test(fn.type) && !byName.has(id.text)) byName.set(id.text, fn);
      }
    }
    return this.byName.get(name);
  }
}

/** The values a function returns: an arrow function's expression body, or its own `return` statements' values. */
function returnedValues(fn: Parser.SyntaxNode, walk: Walk): Parser.SyntaxNode[] {
  const body = fn.childForFieldName("body");
  if (fn.type === "arrow_function" && body && body.type !== "statement_block") return [body];
  const out: Parser.SyntaxNode[] = [];
  for (const ret of fn.descendantsOfType("return_statement")) {
    if (out.length >= MAX_RETURNS) break;
    visit(walk);
    const value = ret.namedChild(0);
    // (a nested callback's `return` is the callback's, not the helper's)
    if (value && scopeOf(ret, MAX_DEPTH) === fn.id) out.push(value);
  }
  return out;
}
