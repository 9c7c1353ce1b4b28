/**
 * Terraform's resources read by a real HCL parser (tree-sitter's HCL grammar, its Terraform dialect): each top-level
 * `resource` block with its two labels (quoted or bare) — or each `variable` block, a module's input, by its label — its exact extent, and its lines with every comment blanked
 * out — trailing and block comments included, so a rule never reads a commented-out setting as set. A file that does
 * not parse cleanly gives no answer, and the engine reads it with its line-based finder instead.
 */
import type Parser from "web-tree-sitter";
import type { ResourceBlock } from "../engine/matchers/blocks/types.js";
import { visit, type Walk } from "./walk.js";

/** `keyword`: `resource` blocks (type and name from their two labels) or `variable` blocks (type "variable"). */
export function hclResources(root: Parser.SyntaxNode, source: string, keyword: "resource" | "variable" = "resource"): ResourceBlock[] | undefined {
  if (root.hasError) return undefined;
  const lines = source.split(/\r?\n/);
  const body = root.namedChildren.find((c) => c.type === "body");
  const walk: Walk = { source, visits: 0 };
  const blocks: ResourceBlock[] = [];
  for (const block of body?.namedChildren ?? []) {
    visit(walk);
    if (block.type !== "block" || block.namedChild(0)?.type !== "identifier" || block.namedChild(0)!.text !== keyword) continue;
    const labels: string[] = [];
    for (const child of block.namedChildren.slice(1)) {
      if (child.type === "block_start") break;
      labels.push(child.type === "string_lit" ? child.text.replace(/^"|"$/g, "") : child.text);
    }
    if (labels.length !== (keyword === "resource" ? 2 : 1)) continue;
    const startLine = block.startPosition.row + 1;
    const endLine = block.endPosition.row + 1;
    const own = lines.slice(startLine - 1, endLine);
    for (const comment of block.descendantsOfType("comment")) {
      visit(walk);
      blank(own, comment, startLine);
    }
    blocks.push({ ...(keyword === "resource" ? { type: labels[0]!, name: labels[1]! } : { type: "variable", name: labels[0]! }), startLine, endLine, lines: own });
  }
  return blocks;
}

/** Replaces a comment's characters with spaces, line by line (a block comment may span several). */
function blank(lines: string[], comment: Parser.SyntaxNode, startLine: number): void {
  const from = comment.startPosition;
  const to = comment.endPosition;
  for (let row = from.row; row <= to.row; row++) {
    const i = row + 1 - startLine;
    const text = lines[i];
    if (text === undefined) continue;
    const start = row === from.row ? from.column : 0;
    const end = row === to.row ? to.column : text.length;
    lines[i] = text.slice(0, start) + " ".repeat(Math.max(0, end - start)) + text.slice(end);
  }
}
