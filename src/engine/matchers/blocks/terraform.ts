/** Finds `resource "TYPE" "NAME" { ... }` blocks in HCL text, skipping strings, heredocs and comments. */
import type { ResourceBlock } from "./types.js";

const HEADER = /^\s*resource\s+"([A-Za-z0-9_]+)"\s+"([^"]+)"\s*\{/;

export function findResourceBlocks(text: string): ResourceBlock[] {
  return findHeaderBlocks(text, HEADER, (m) => ({ type: m[1]!, name: m[2]! }));
}

/**
 * Top-level blocks whose first line matches `header` (ending at the block's opening brace), each up to the brace that
 * closes it; `named` gives the block's type and name from the header's match.
 */
export function findHeaderBlocks(text: string, header: RegExp, named: (m: RegExpExecArray) => { type: string; name: string }): ResourceBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: ResourceBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = header.exec(lines[i]!);
    if (!m) { i++; continue; }
    const end = closingLine(lines, i, m[0].length - 1);
    blocks.push({ ...named(m), startLine: i + 1, endLine: end + 1, lines: lines.slice(i, end + 1).map(stripComment) });
    i = end + 1;
  }
  return blocks;
}

/** Index of the line holding the brace that closes the one at (line, column); the last line if unclosed. */
export function closingLine(lines: string[], line: number, column: number): number {
  let depth = 0;
  let heredoc: string | undefined;
  let blockComment = false;
  for (let l = line; l < lines.length; l++) {
    const text = lines[l]!;
    if (heredoc) {
      if (text.trim() === heredoc) heredoc = undefined;
      continue;
    }
    let inString = false;
    for (let c = l === line ? column : 0; c < text.length; c++) {
      const ch = text[c]!;
      if (blockComment) {
        if (ch === "*" && text[c + 1] === "/") { blockComment = false; c++; }
        continue;
      }
      if (inString) {
        if (ch === "\\") c++;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') { inString = true; continue; }
      if (ch === "#" || (ch === "/" && text[c + 1] === "/")) break;
      if (ch === "/" && text[c + 1] === "*") { blockComment = true; c++; continue; }
      if (ch === "<" && text[c + 1] === "<") {
        const m = /^<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text.slice(c));
        if (m) { heredoc = m[1]; break; }
      }
      if (ch === "{") depth++;
      else if (ch === "}") {
        depth--;
        if (depth === 0) return l;
      }
    }
  }
  return lines.length - 1;
}

/** A whole-line `#` or `//` comment as an empty line (HCL, and the CDK/Pulumi languages' line comments). */
export function stripComment(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("#") || trimmed.startsWith("//")) return "";
  return line;
}
