/**
 * Block rules ("resource without X"): each block kind's finder reads the whole head file once, and a rule fires on
 * a resource the change touched when its `matches` hold, none of its `missing` patterns occur and no `unless` does.
 */
import type { CompiledRule } from "../rules/compile.js";
import type { FileDiff } from "../types.js";
import { BLOCK_FINDERS, type BlockKind, type ResourceBlock } from "./blocks.js";
import type { Candidate } from "./candidate.js";

export function blockCandidates(rules: CompiledRule[], content: string, file: FileDiff): Candidate[] {
  const addedLines = file.lines.filter((l) => l.added).map((l) => l.line);
  const out: Candidate[] = [];
  for (const kind of new Set<BlockKind>(rules.map((r) => r.block!.spec.kind))) {
    const ofKind = rules.filter((r) => r.block!.spec.kind === kind);
    for (const block of BLOCK_FINDERS[kind].find(content)) out.push(...resourceCandidates(ofKind, block, addedLines));
  }
  return out;
}

function resourceCandidates(rules: CompiledRule[], block: ResourceBlock, addedLines: number[]): Candidate[] {
  const touched = addedLines.filter((n) => n >= block.startLine && n <= block.endLine);
  if (touched.length === 0) return [];
  const text = block.lines.join("\n");
  const out: Candidate[] = [];
  for (const rule of rules) {
    const spec = rule.block!;
    if (!spec.spec.types.includes(block.type)) continue;
    if (spec.matches.length > 0 && !spec.matches.some((p) => p.test(text))) continue;
    if (spec.missing.length > 0 && spec.missing.some((p) => p.test(text))) continue;
    if (spec.unless.some((p) => p.test(text))) continue;
    // On a changed line, so the review can comment on it: the anchor when the change touched it, else the
    // header when touched, else the first changed line of the block.
    let line = touched.includes(block.startLine) ? block.startLine : touched[0]!;
    if (spec.anchor) {
      const index = block.lines.findIndex((l) => spec.anchor!.test(l));
      if (index >= 0 && touched.includes(block.startLine + index)) line = block.startLine + index;
    }
    out.push({ rule, line, text: block.lines[line - block.startLine] ?? "" });
  }
  return out;
}
