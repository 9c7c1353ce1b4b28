/**
 * A conditional that hands a value on only when it is one of a fixed set (`OPT_OUT.has(k) ? k : "other"`,
 * `k if k in KNOWN else "other"`, Kotlin's `if (k in KNOWN) k else …`): what is passed is one of the set's members, not
 * what the caller sent, so the name is not read through what it was assigned.
 */
import type Parser from "web-tree-sitter";
import { argumentsOf, calleeOf, CALLS, visit, type Walk } from "./walk.js";

const CONDITIONALS = /^(ternary_expression|conditional_expression|if_expression)$/;
/** Membership tests on a collection (`set.has(k)`, `list.includes(k)`, `Set.contains(k)`, Ruby's `include?`). */
const MEMBERSHIP = /(^|[.>:])(has|includes|contains|containsKey|include\?|member\?|isin)$/;
/** `k in KNOWN` (Python's comparison, Kotlin's check). */
const IN_TESTS = /^(comparison_operator|check_expression|binary_expression)$/;
const NAME = /identifier$/;
/** A condition is searched for membership tests through at most this many nodes. */
const MAX_CONDITION_NODES = 64;

/** The condition of a conditional expression, and the names it tests for membership in a set (none: undefined). */
export function allowListed(node: Parser.SyntaxNode, walk: Walk): { condition: Parser.SyntaxNode; names: Set<string> } | undefined {
  if (!CONDITIONALS.test(node.type)) return undefined;
  // (Python's `a if cond else b` and Kotlin's `if (cond) a else b` name no fields: the condition is second, first)
  const condition = node.childForFieldName("condition") ?? node.namedChild(node.type === "conditional_expression" ? 1 : 0);
  if (!condition) return undefined;
  const names = new Set<string>();
  const stack = [condition];
  for (let seen = 0; stack.length > 0 && seen < MAX_CONDITION_NODES; seen++) {
    const n = stack.pop()!;
    visit(walk);
    const args = CALLS.has(n.type) ? argumentsOf(n) : undefined;
    const only = args && args.namedChildCount === 1 ? args.namedChild(0)! : undefined;
    if (args && only && NAME.test(only.type) && MEMBERSHIP.test(calleeOf(n, args, walk))) names.add(only.text);
    const first = n.namedChild(0);
    if (IN_TESTS.test(n.type) && first && NAME.test(first.type) && n.children.some((c) => !c.isNamed && c.type === "in")) names.add(first.text);
    for (let i = 0; i < n.namedChildCount; i++) stack.push(n.namedChild(i)!);
  }
  return names.size > 0 ? { condition, names } : undefined;
}
