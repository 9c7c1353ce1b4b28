/**
 * Evaluates the rules that apply to one file against what a change does to it: line rules on the lines it adds,
 * removed-line rules on the lines it removes, block rules on the resources it touched (compared with the base
 * revision when given), then the findings stage. Pure: no I/O, no clock.
 */
import { touchesLines } from "./diff/change-run.js";
import type { DeclaredTypes } from "./diff/declared-types.js";
import { buildFindings } from "./findings/build.js";
import { blockCandidates, type ResourceParsers } from "./matchers/block.js";
import { blockRulesFor } from "./matchers/blocks.js";
import { recordRuns, unflaggedResources, type Candidate } from "./matchers/candidate.js";
import { FileLines } from "./matchers/file-lines.js";
import { lineCandidates } from "./matchers/line.js";
import { removedCandidates, unspanned } from "./matchers/removed.js";
import { oneFindingPerLine, syntaxCandidates } from "./matchers/syntax.js";
import type { SyntaxCall } from "./syntax/model.js";
import type { Ruleset } from "./rules/ruleset.js";
import { SEVERITY_RANK, type FileDiff, type Finding, type JudgedFinding, type ScanNotice, type Severity, type Thresholds } from "./types.js";


export interface EvaluateContext {
  thresholds: Thresholds;
  /** YYYY-MM-DD, from the caller's clock. */
  today: string;
  /** Throws when the caller's time budget is spent; called every few hundred lines. */
  checkBudget?: () => void;
  /**
   * The severity the policy gives a finding of the file, or "off" (ScanPolicy.judge): where two rules' findings of one
   * weakness are folded into one, the one kept must weigh at least as much as the one folded, as the policy weighs them.
   * Without it, the rules' own severities.
   */
  judge?: (finding: JudgedFinding) => Severity | "off";
}

export interface FileResult {
  findings: Finding[];
  notices: ScanNotice[];
  /**
   * Set when `content` was not given and a `near`/`unless_near` window wider than the diff's context found
   * nothing among the lines the diff shows: the caller should read the head file and evaluate again.
   */
  wantsContent?: boolean;
  /**
   * Set when `base` was not given and a block rule fired on a file the base revision may hold: the caller should
   * read the base version and evaluate again, so a resource that was already weak there is told apart.
   */
  wantsBase?: boolean;
  /**
   * The findings of removed-line rules (`scope: removed`), by rule and line, with the line the change removed: a
   * finding whose line the change adds elsewhere, as it was, is a move (the scan decides once it has read every file).
   */
  removed?: { ruleId: string; line: number; text: string }[];
}

/**
 * `content` is the head version of the file (undefined when not read); `more.base` its base version ("" when it has
 * none; undefined when not read), which only block rules read; `more.calls` the file's parsed calls, when a syntax
 * rule wanted them (see runScan); `more.resources` real parsers of block kinds' languages, when the caller has them;
 * `more.types` the printing types the change declares (in the files read so far, this one included);
 * `more.removedInChange` the lines the change removed in the files read so far, this one included (`replaces_in: change`).
 */
export function evaluateFile(ruleset: Ruleset, file: FileDiff, content: string | undefined, ctx: EvaluateContext, more: { base?: string; calls?: readonly SyntaxCall[]; resources?: ResourceParsers; types?: DeclaredTypes; removedInChange?: () => readonly string[] } = {}): FileResult {
  const { base, calls, resources, types, removedInChange } = more;
  const notices: ScanNotice[] = [];
  if (file.binary || file.status === "deleted") return { findings: [], notices };
  const rules = ruleset.forFile(file.path);
  const lines = new FileLines(file, content);
  const byLines = recordRuns(lineCandidates(rules, file, lines, ctx, () => ruleset.settingsFor(file.path), removedInChange));
  const candidates = calls && rules.syntaxRules.length > 0 ? oneFindingPerLine(byLines, syntaxCandidates(rules.syntaxRules, calls, file, lines, types), weigher(file.path, ctx)) : byLines;
  // What the change removed: a safeguard deleted without coming back (a line rule of its area near it speaks first).
  const removed = unspanned(candidates, removedCandidates(rules.removedRules, rules.languages, file, lines, ctx));
  for (const c of removed) candidates.push(c);
  let wantsBase = false;
  // Block rules read the resources the change touched: none when it neither added nor removed a line (a rename).
  const blockRules = touchesLines(file) ? blockRulesFor(rules.blockRules, file) : [];
  if (blockRules.length > 0) {
    if (content === undefined) {
      notices.push({ path: file.path, message: "whole-resource rules were not evaluated: the head version of the file could not be read" });
    } else {
      // A block rule whose resource holds a line a line rule of the same area already flagged (`encrypted = false`
      // changed: the line rule says "turned off", the block rule "not enabled") would say the same thing twice.
      const blocks = blockCandidates(blockRules, content, file, base, resources);
      for (const c of unflaggedResources(candidates, blocks.candidates, weigher(file.path, ctx))) candidates.push(c);
      notices.push(...blocks.notices);
      wantsBase = blocks.wantsBase;
    }
  }
  const findings = buildFindings(candidates, file, (n) => lines.text(n), ctx, rules.sensitive);
  return {
    findings,
    notices,
    ...(lines.wantsContent ? { wantsContent: true } : {}),
    ...(wantsBase ? { wantsBase: true } : {}),
    ...(removed.length > 0 ? { removed: removed.map((c) => ({ ruleId: c.rule.id, line: c.line, text: c.text })) } : {}),
  };
}

/** A candidate's weight as the policy judges it at `path` (its rank; -1 when the policy drops it). */
function weigher(path: string, ctx: EvaluateContext): (c: Candidate) => number {
  const { judge } = ctx;
  if (!judge) return (c) => SEVERITY_RANK[c.rule.severity];
  return (c) => {
    const severity = judge({ ruleId: c.rule.id, area: c.rule.area, path, severity: c.rule.severity, ...(c.inBase ? { inBase: true } : {}) });
    return severity === "off" ? -1 : SEVERITY_RANK[severity];
  };
}
