/**
 * Names in a Rust token tree: the arguments of a macro (`info!(dob = %body.date_of_birth, ?patient)`) or of an
 * attribute (`#[instrument(skip(patient), fields(…))]`) reach the grammar as a flat run of tokens, so structure is
 * read from neighbours: `a.b` makes `a` an owner, `name = …` a key, `helper(…)` and `m!(…)` a call inside the
 * arguments (what it is given is its business unless it is a conversion such as `format!`), and a format string's
 * inline arguments (`"{patient:?}"`) are names.
 */
import type Parser from "web-tree-sitter";
import type { SyntaxName } from "../engine/syntax/model.js";
import { CONVERSIONS, nameOf, passesThrough, visit, type ReadState, type Walk } from "./walk.js";

const IDENTIFIERS = new Set(["identifier", "self", "field_identifier"]);
const STRINGS = new Set(["string_literal", "raw_string_literal"]);
/** An inline format argument (`{patient}`, `{dob:?}`, `{name:>10}`), not an escaped brace (`{{`). */
const INLINE_ARGUMENT = /(^|[^{])\{([A-Za-z_][A-Za-z0-9_]*)(:[^{}]*)?\}/g;

export function tokenTreeNames(
  tree: Parser.SyntaxNode,
  state: ReadState,
  walk: Walk,
  out: SyntaxName[],
  push: (node: Parser.SyntaxNode, state: ReadState) => void,
  budget: { seen: number },
): void {
  const count = tree.childCount;
  const at = (i: number) => (i >= 0 && i < count ? tree.child(i) : null);
  const values: ReadState = { key: false, wrapped: state.wrapped };
  for (let i = 0; i < count; i++) {
    const token = tree.child(i)!;
    budget.seen++;
    visit(walk);
    const line = token.startPosition.row + 1;
    if (IDENTIFIERS.has(token.type)) {
      const next = at(i + 1);
      // A call inside the arguments: `helper(…)`, `x.method(…)`, `name!(…)`.
      const bang = next?.type === "!" && at(i + 2)?.type === "token_tree";
      if (bang || next?.type === "token_tree") {
        out.push(nameOf(token.text, line, values, false));
        const args = bang ? at(i + 2)! : next!;
        push(args, { key: false, wrapped: state.wrapped || !passesThrough(bang ? `${token.text}!` : token.text) });
        i += bang ? 2 : 1;
        continue;
      }
      const previous = at(i - 1)?.type;
      // `a.b.c`: `a` is read from; so is `b`, unless `c` keeps its value (`dob.to_string()`); `a::b` is a path.
      const member = next?.type === "." && !(previous === "." && CONVERSIONS.test(at(i + 2)?.text ?? ""));
      const owner = member || next?.type === "::";
      const key = next?.type === "=" && previous !== ".";
      out.push(nameOf(token.text, line, key ? { key: true, wrapped: state.wrapped } : values, owner));
      continue;
    }
    if (token.type === "token_tree") push(token, values);
    else if (STRINGS.has(token.type)) {
      for (const m of token.text.matchAll(INLINE_ARGUMENT)) out.push(nameOf(m[2]!, line, values, false));
    }
  }
}
