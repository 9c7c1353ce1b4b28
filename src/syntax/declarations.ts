/**
 * What a function's parameter declaration says about a plain name: its type and its annotations (`@RequestBody
 * RenewalRequest request`, `[FromBody] ReferralDto dto`, `payload: PatientIn = Body(...)`, `p *models.Patient`). A
 * name handed whole to a call is read with the names its declaration holds, so a rule that knows what a request
 * body or a patient record is called knows it when the value's own name (`request`, `dto`, `p`) says nothing.
 */
import type Parser from "web-tree-sitter";
import { parentOf, SCOPES } from "./walk.js";

/** A function's parameter list, in any grammar (Java/TS/PHP `formal_parameters`, Go/C# `parameter_list`, …). */
const PARAMETER_LISTS = /^(formal_parameters|parameters|parameter_list|function_value_parameters|method_parameters|lambda_parameters|class_parameters)$/;
/** Kotlin keeps a parameter's annotations in a sibling before it. */
const MODIFIERS = /^parameter_modifiers$/;
/** Identifiers in a declaration's text (annotations, types, type arguments, a default value)… */
const WORD = /\$?[A-Za-z_]\w*/g;
/** …outside its string literals (`@Parameter(description = "the patient's id")` says nothing of the value). */
const STRING_LITERAL = /"[^"\n]*"|'[^'\n]*'/g;
/** A declaration longer than this is not read (one parameter's text, its annotations included). */
const MAX_DECLARATION = 400;
/** At most this many names from one declaration. */
const MAX_WORDS = 24;
/** Enclosing functions looked through for the declaration (a closure reads its outer function's parameters). */
const MAX_FUNCTIONS = 4;

/** A parameter of a function around a call: the node, and the annotations Kotlin keeps in a sibling before it. */
export interface Parameter {
  node: Parser.SyntaxNode;
  modifiers: string;
}

/**
 * The parameters of the functions enclosing `node`, nearest function first (at most MAX_FUNCTIONS): found once per
 * call, then asked for each plain name it hands on.
 */
export function parametersAround(node: Parser.SyntaxNode): Parameter[] {
  const out: Parameter[] = [];
  let functions = 0;
  for (let up = parentOf(node); up && functions < MAX_FUNCTIONS; up = parentOf(up)) {
    // (the scopes that open a function)
    if (!SCOPES.test(up.type)) continue;
    functions++;
    out.push(...parametersOf(up));
  }
  return out;
}

/** The parameters a function declares: its parameter lists are its children (a Go method has two, its receiver's too). */
export function parametersOf(fn: Parser.SyntaxNode): Parameter[] {
  const out: Parameter[] = [];
  for (const list of fn.namedChildren) {
    if (!PARAMETER_LISTS.test(list.type)) continue;
    for (let i = 0; i < list.namedChildCount; i++) {
      const before = i > 0 ? list.namedChild(i - 1)! : undefined;
      out.push({ node: list.namedChild(i)!, modifiers: before && MODIFIERS.test(before.type) ? before.text + " " : "" });
    }
  }
  return out;
}

/**
 * The names in the declaration of `name` among `parameters` (the nearest function's that declares it), the name
 * itself left out; undefined when none declares it.
 */
export function declaredWith(parameters: readonly Parameter[], name: string): string[] | undefined {
  const declaring = parameters.find((p) => declares(p.node, name));
  return declaring && wordsOf(declaring.modifiers + declaring.node.text, name);
}

/** Whether a parameter declares `name`: one of its direct children is that identifier (PHP's `$name` too). */
function declares(parameter: Parser.SyntaxNode, name: string): boolean {
  if (parameter.text === name) return true;
  for (let i = 0; i < parameter.namedChildCount; i++) {
    const text = parameter.namedChild(i)!.text;
    if (text === name || text === `$${name}` || `$${text}` === name) return true;
  }
  return false;
}

function wordsOf(declaration: string, name: string): string[] {
  if (declaration.length > MAX_DECLARATION) return [];
  const words: string[] = [];
  for (const m of declaration.replace(STRING_LITERAL, " ").matchAll(WORD)) {
    const word = m[0].replace(/^\$/, "");
    if (word === name.replace(/^\$/, "") || words.includes(word)) continue;
    words.push(word);
    if (words.length >= MAX_WORDS) break;
  }
  return words;
}
