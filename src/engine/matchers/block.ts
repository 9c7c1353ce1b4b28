/**
 * Block rules ("resource without X"): each block kind's finder reads the whole head file once, and a rule fires on
 * a resource the change touched when its `matches` hold, none of its `missing` patterns occur and no `unless` does.
 * A resource that was already weak in the base revision (the same type and name, and the rule fires there too) was
 * only touched by the change: its finding is marked `inBase`, and the policy makes it a note, not a blocker.
 */
import type { CompiledRule } from "../rules/compile.js";
import type { SyntaxParser } from "../syntax/model.js";
import type { FileDiff, ScanNotice } from "../types.js";
import { BLOCK_FINDERS, BlockFileError, type BlockKind, type ResourceBlock } from "./blocks.js";
import type { Candidate } from "./candidate.js";

export interface BlockResult {
  candidates: Candidate[];
  notices: ScanNotice[];
  /** A rule fired on a file the base revision may hold and `base` was not given: read it and evaluate again. */
  wantsBase: boolean;
}

/**
 * `base` is the base revision of the file ("" when it has none); undefined when it was not read, in which case a
 * finding on a file that existed before asks for it (`wantsBase`), so only files with a finding cost a read.
 */
export function blockCandidates(rules: CompiledRule[], content: string, file: FileDiff, base?: string, parsers?: ResourceParsers): BlockResult {
  const changed = changedPlaces(file);
  const result: BlockResult = { candidates: [], notices: [], wantsBase: false };
  for (const kind of new Set<BlockKind>(rules.map((r) => r.block!.spec.kind))) {
    const ofKind = rules.filter((r) => r.block!.spec.kind === kind);
    const blocks = findBlocks(kind, content, parsers, file.path, result.notices);
    let baseBlocks: Map<string, ResourceBlock> | undefined;
    for (const block of blocks) {
      for (const c of resourceCandidates(ofKind, block, changed)) {
        result.candidates.push(c);
        // An added or copied file deploys new resources: nothing of it was there before.
        if (file.status === "added" || file.status === "copied") continue;
        if (base === undefined) {
          result.wantsBase = true;
          continue;
        }
        baseBlocks ??= new Map(findBlocks(kind, base, parsers).map((b) => [`${b.type}\u0000${b.name}`, b]));
        const before = baseBlocks.get(`${block.type}\u0000${block.name}`);
        if (before && fires(c.rule, before, before.lines.join("\n"))) c.inBase = true;
      }
    }
  }
  return result;
}

/**
 * A real parser of a block kind's language, where the caller has one (Terraform's HCL, see SyntaxParser.resources):
 * its answer is preferred; undefined (a file it cannot parse cleanly) leaves the file to the kind's own finder.
 */
export type ResourceParsers = Partial<Record<BlockKind, (text: string) => ResourceBlock[] | undefined>>;

/** The block kinds the HCL grammar reads, and the top-level block keyword each is. */
const HCL_KINDS: Partial<Record<BlockKind, "resource" | "variable">> = { "terraform-resource": "resource", "terraform-variable": "variable" };

/**
 * The block kinds a syntax parser's HCL grammar reads (its grammar loaded beforehand), for one file's evaluations:
 * a file evaluated again (with its whole head, then with its base) is parsed once per text and kind.
 */
export function hclParsers(syntax: Pick<SyntaxParser, "resources">): ResourceParsers | undefined {
  const read = syntax.resources?.bind(syntax);
  if (!read) return undefined;
  const parsed = new Map<string, Map<string, ResourceBlock[] | undefined>>();
  const parsers: ResourceParsers = {};
  for (const [kind, keyword] of Object.entries(HCL_KINDS) as [BlockKind, "resource" | "variable"][]) {
    parsers[kind] = (text) => {
      let byText = parsed.get(keyword);
      if (!byText) parsed.set(keyword, (byText = new Map()));
      if (!byText.has(text)) byText.set(text, read(text, keyword));
      return byText.get(text);
    };
  }
  return parsers;
}

/** Whether a kind is read by the HCL grammar (the scan loads it only for files with such rules). */
export function readByHcl(kind: BlockKind): boolean {
  return HCL_KINDS[kind] !== undefined;
}

/** The resources of a file; a file the finder cannot read is a notice for the head and no resources for the base. */
function findBlocks(kind: BlockKind, content: string, parsers?: ResourceParsers, path?: string, notices?: ScanNotice[]): ResourceBlock[] {
  const parsed = parsers?.[kind]?.(content);
  if (parsed) return parsed;
  try {
    return BLOCK_FINDERS[kind].find(content);
  } catch (error) {
    if (!(error instanceof BlockFileError)) throw error;
    notices?.push({ path, line: error.line, message: `whole-resource rules were not evaluated: ${error.reason}` });
    return [];
  }
}

/** Whether `rule` holds for `block` as a whole: its type, `matches`, `missing` and `unless`. */
function fires(rule: CompiledRule, block: ResourceBlock, text: string): boolean {
  const spec = rule.block!;
  if (!spec.spec.types.includes(block.type)) return false;
  if (spec.matches.length > 0 && !spec.matches.some((p) => p.test(text))) return false;
  if (spec.missing.length > 0 && spec.missing.some((p) => p.test(text))) return false;
  return !spec.unless.some((p) => p.test(text));
}

/**
 * Where the change touched the file: its added lines, and the context lines next to lines it only removed (the line
 * after them, or before them when the hunk ends with them), in head-line order.
 */
interface ChangedPlace {
  line: number;
  removed?: "above" | "below";
}

function changedPlaces(file: FileDiff): ChangedPlace[] {
  const out: ChangedPlace[] = [];
  for (const l of file.lines) {
    if (l.added) out.push({ line: l.line });
    else if (l.removedAbove) out.push({ line: l.line, removed: "above" });
    else if (l.removedBelow) out.push({ line: l.line, removed: "below" });
  }
  return out;
}

/**
 * The lines of `block` the change touched: an added line in it, or a context line of it next to lines the change
 * removed from inside it (below its first line, above its last), so a safeguard deleted outright
 * (`storage_encrypted = true`) is a change to its resource.
 */
function touchedLines(block: ResourceBlock, changed: readonly ChangedPlace[]): number[] {
  const touched: number[] = [];
  for (const { line, removed } of changed) {
    const inside = removed === "above" ? line > block.startLine && line <= block.endLine : removed === "below" ? line >= block.startLine && line < block.endLine : line >= block.startLine && line <= block.endLine;
    if (inside) touched.push(line);
  }
  return touched;
}

function resourceCandidates(rules: CompiledRule[], block: ResourceBlock, changed: readonly ChangedPlace[]): Candidate[] {
  const touched = touchedLines(block, changed);
  if (touched.length === 0) return [];
  const out: Candidate[] = [];
  const header = block.typeLine ?? block.startLine;
  const text = block.lines.join("\n");
  for (const rule of rules) {
    if (!fires(rule, block, text)) continue;
    const anchor = rule.block!.anchor;
    // On a changed line, so the review can comment on it: the anchor when the change touched it, else the line
    // naming the resource when touched, else the first changed line of the block.
    let line = touched.includes(header) ? header : touched[0]!;
    if (anchor) {
      const index = block.lines.findIndex((l) => anchor.test(l));
      if (index >= 0 && touched.includes(block.startLine + index)) line = block.startLine + index;
    }
    // (a template resource's `Type:` line spans up to its logical id just above, `IngestSpoolFileSystem:`, when the change
    // added both: the declaration is the two lines, and a reviewer may mark either; a `Type:` written below the
    // properties keeps its own line)
    const declared = line === block.typeLine && line - block.startLine >= 1 && line - block.startLine <= 2 && touched.includes(block.startLine) ? { startLine: block.startLine } : {};
    out.push({ rule, line, ...declared, text: block.lines[line - block.startLine] ?? "", resource: { startLine: block.startLine, endLine: block.endLine } });
  }
  return out;
}
