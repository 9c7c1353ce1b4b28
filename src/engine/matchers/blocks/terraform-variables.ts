/**
 * Finds a Terraform module's inputs, `variable "NAME" { … }`, so a block rule can judge one as a whole: a module
 * whose switch for a safeguard (key rotation, flow logs, TLS) defaults to off gives every caller that does not set it
 * the unsafe setting. Type `variable`, name the variable's; the same brace matching as the resource finder (strings,
 * heredocs and comments skipped).
 */
import { closingLine, stripComment } from "./terraform.js";
import type { ResourceBlock } from "./types.js";

const HEADER = /^\s*variable\s+"([^"]+)"\s*\{/;

export function findTerraformVariables(text: string): ResourceBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: ResourceBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = HEADER.exec(lines[i]!);
    if (!header) { i++; continue; }
    const end = closingLine(lines, i, header[0].length - 1);
    blocks.push({ type: "variable", name: header[1]!, startLine: i + 1, endLine: end + 1, lines: lines.slice(i, end + 1).map(stripComment) });
    i = end + 1;
  }
  return blocks;
}
