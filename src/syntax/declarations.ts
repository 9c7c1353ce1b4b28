/**
 * What a function's parameter declaration says about a plain name: its type and its annotations (`@RequestBody
 * RenewalRequest request`, `[FromBody] ReferralDto dto`, `payload: PatientIn = Body(...)`, `p *models.Patient`). A
 * name handed whole to a call is read with the names its declaration holds, so a rule that knows what a request
 * body or a patient record is called knows it when the value's own name (`request`, `dto`, `p`) says nothing.
 */
import type Parser from "web-tree-sitter";
import { SCOPES } from "./walk.js";

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

/**
 * The names in the declaration of `name` as a parameter of a function enclosing `node` (the nearest that declares
 * it), the name itself left out; undefined when no enclosing function declares it.
 */
export function declaredWith(node: Parser.SyntaxNode, name: string): string[] | undefined {
  let functions = 0;
  for (let up = node.parent; up && functions < MAX_FUNCTIONS; up = up.parent) {
    // (the scopes that open a function; its parameter lists are its children)
    if (!SCOPES.test(up.type)) continue;
    functions++;
    // (a Go method has two lists: its receiver's and its parameters')
    for (const list of up.namedChildren) {
      if (!PARAMETER_LISTS.test(list.type)) continue;
      for (let i = 0; i < list.namedChildCount; i++) {
        const parameter = list.namedChild(i)!;
        if (!declares(parameter, name)) continue;
        const before = i > 0 && MODIFIERS.test(list.namedChild(i - 1)!.type) ? list.namedChild(i - 1)!.text + " " : "";
        return wordsOf(before + parameter.text, name);
      }
    }
  }
  return undefined;
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
