/** Evaluates the rules that apply to one file against the lines a change adds. Pure: no I/O, no clock. */
import { fingerprintOf } from "./findings/fingerprint.js";
import { isWholeLineComment } from "./files/languages.js";
import { maskValue, scrub, snippetOf } from "./findings/mask.js";
import type { Match } from "./matchers/pattern.js";
import { keywordRulesOf, type CompiledNear, type CompiledRule, type Ruleset } from "./rules/ruleset.js";
import { parseDirective, verdictFor } from "./findings/inline-waivers.js";
import { findResourceBlocks, type ResourceBlock } from "./matchers/terraform-blocks.js";
import type { FileDiff, Finding, ScanNotice, Thresholds } from "./types.js";
import { thresholdText, type ValidatorContext } from "./validators/index.js";

/** Lines longer than this are read up to this length (minified bundles); a notice says so. */
export const MAX_LINE_LENGTH = 8_192;

export interface EvaluateContext {
  thresholds: Thresholds;
  /** YYYY-MM-DD, from the caller's clock. */
  today: string;
}

export interface FileResult {
  findings: Finding[];
  notices: ScanNotice[];
  /**
   * Set when `content` was not given and a `near`/`unless_near` window wider than the diff's context found
   * nothing among the lines the diff shows: the caller should read the head file and evaluate again.
   */
  wantsContent?: boolean;
}

interface Candidate {
  rule: CompiledRule;
  line: number;
  text: string;
  match?: Match;
}

export function evaluateFile(ruleset: Ruleset, file: FileDiff, content: string | undefined, ctx: EvaluateContext): FileResult {
  const notices: ScanNotice[] = [];
  if (file.binary || file.status === "deleted") return { findings: [], notices };
  const rules = ruleset.forFile(file.path);
  // Line lookups (waivers on the line above, `near`) are rare: build the index on first use.
  let known: Map<number, string> | undefined;
  const lineText = (n: number) => {
    if (!known) {
      known = new Map();
      if (content !== undefined) content.split(/\r?\n/).forEach((text, i) => known!.set(i + 1, text));
      for (const l of file.lines) known.set(l.line, l.text);
    }
    return known.get(n);
  };
  // `near` with a wide window (a CSV header far above its rows): the lines matching each rule's near patterns
  // are found once per file, so each candidate costs a binary search instead of a window scan.
  const nearLines = new Map<CompiledNear, number[]>();
  let wantsContent = false;
  const nearHit: NearLookup = (near, line) => {
    const found = nearSearch(near, line);
    // Within 3 lines the diff's context shows every line; wider, a miss may lie outside the hunks.
    if (!found && content === undefined && near.within > 3) wantsContent = true;
    return found;
  };
  const nearSearch: NearLookup = (near, line) => {
    const { patterns, within, side } = near;
    const from = side === "below" ? line : line - within;
    const to = side === "above" ? line : line + within;
    if (within <= 3) {
      for (let n = from; n <= to; n++) {
        const t = lineText(n);
        if (t !== undefined && patterns.some((p) => p.test(t))) return true;
      }
      return false;
    }
    let hits = nearLines.get(near);
    if (!hits) {
      lineText(0);
      hits = [...known!.entries()].filter(([, t]) => patterns.some((p) => p.test(t))).map(([n]) => n).sort((a, b) => a - b);
      nearLines.set(near, hits);
    }
    let lo = 0;
    let hi = hits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hits[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < hits.length && hits[lo]! <= to;
  };
  const validatorContext: ValidatorContext = { thresholds: ctx.thresholds, today: ctx.today };
  const candidates: Candidate[] = [];

  let truncated = 0;
  if (rules.lineRules.length > 0) {
    for (const added of file.lines) {
      if (!added.added) continue;
      let text = added.text;
      if (text.length > MAX_LINE_LENGTH) {
        truncated++;
        text = text.slice(0, MAX_LINE_LENGTH);
      }
      const triggered = rules.keywords ? keywordRulesOf(rules.keywords, text) : NONE;
      if (triggered.length === 0 && rules.unfiltered.length === 0) continue;
      let comment: boolean | undefined;
      for (const rule of triggered.length === 0 ? rules.unfiltered : rules.unfiltered.length === 0 ? triggered : triggered.concat(rules.unfiltered)) {
        if (!rule.inComments && (comment ??= isWholeLineComment(text.trimStart(), rules.languages))) continue;
        const match = matchLine(rule, text, added.line, nearHit, validatorContext);
        if (match) candidates.push({ rule, line: added.line, text, match });
      }
    }
  }
  if (truncated > 0) {
    notices.push({ path: file.path, message: `${truncated} line(s) longer than ${MAX_LINE_LENGTH} characters were read only up to that length` });
  }

  if (rules.blockRules.length > 0) {
    if (content === undefined) {
      notices.push({ path: file.path, message: "whole-resource rules were not evaluated: the head version of the file could not be read" });
    } else {
      // A block rule that lands on a line a line rule of the same area already flagged (`encrypted = false`
      // changed: the line rule says "turned off", the block rule "not enabled") would say the same thing twice.
      const flagged = new Set(candidates.map((c) => `${c.rule.area}\u0000${c.line}`));
      for (const c of blockCandidates(rules.blockRules, findResourceBlocks(content), file)) if (!flagged.has(`${c.rule.area}\u0000${c.line}`)) candidates.push(c);
    }
  }
  return { findings: toFindings(candidates, file, lineText, ctx), notices, ...(wantsContent ? { wantsContent } : {}) };
}

const NONE: CompiledRule[] = [];

type NearLookup = (near: CompiledNear, line: number) => boolean;

function matchLine(rule: CompiledRule, text: string, line: number, nearHit: NearLookup, ctx: ValidatorContext): Match | undefined {
  let found: Match | undefined;
  for (const pattern of rule.patterns) {
    found = pattern.find(text, rule.valueGroup, (m) => !rule.validate || rule.validate(m.value, ctx));
    if (found) break;
  }
  if (!found) return undefined;
  if (rule.unless.some((p) => p.test(text))) return undefined;
  if (rule.near && !nearHit(rule.near, line)) return undefined;
  if (rule.unlessNear && nearHit(rule.unlessNear, line)) return undefined;
  return found;
}

function blockCandidates(rules: CompiledRule[], blocks: ResourceBlock[], file: FileDiff): Candidate[] {
  const addedLines = file.lines.filter((l) => l.added).map((l) => l.line);
  const out: Candidate[] = [];
  for (const block of blocks) {
    const touched = addedLines.filter((n) => n >= block.startLine && n <= block.endLine);
    if (touched.length === 0) continue;
    const text = block.lines.join("\n");
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
  }
  return out;
}

function toFindings(candidates: Candidate[], file: FileDiff, lineText: (n: number) => string | undefined, ctx: EvaluateContext): Finding[] {
  const findings: Finding[] = [];
  const occurrences = new Map<string, number>();
  const reportedDirectives = new Set<number>();
  for (const c of candidates) {
    const { rule, match } = c;
    const sensitiveRange = rule.sensitive && match ? { start: match.valueStart, end: match.valueStart + match.value.length } : undefined;
    const snippet = snippetOf(c.text, sensitiveRange);
    const key = `${rule.id}\u0000${snippet}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const value = match ? (rule.sensitive ? maskValue(match.value) : scrub(match.value)) : "";
    let message = rule.message
      .replace(/\{\{\s*value\s*\}\}/g, value)
      .replace(/\{\{\s*threshold\s*\}\}/g, thresholdText(rule.validatorSpec, ctx.thresholds));
    const finding: Finding = {
      ruleId: rule.id,
      title: rule.title,
      area: rule.area,
      safeguard: rule.safeguard,
      severity: rule.severity,
      path: file.path,
      line: c.line,
      message,
      remediation: rule.remediation,
      references: rule.references,
      snippet,
      fingerprint: fingerprintOf({ ruleId: rule.id, path: file.path, maskedLine: snippet, occurrence }),
    };
    const verdict = verdictFor(rule.id, c.line, lineText, ctx.today);
    if (verdict.kind === "suppressed") {
      const { reason, line, until } = verdict.directive;
      finding.suppression = { kind: "inline", reason: scrub(reason!), line, ...(until ? { until } : {}) };
    } else if (verdict.kind === "expired") {
      message += ` (The inline waiver on line ${verdict.directive.line} expired on ${verdict.directive.until} and no longer applies.)`;
      finding.message = message;
    } else if (verdict.kind === "no-reason" && !reportedDirectives.has(verdict.directive.line)) {
      reportedDirectives.add(verdict.directive.line);
      findings.push(directiveFinding(file.path, verdict.directive.line, lineText(verdict.directive.line) ?? "", rule.id, "needs a reason"));
    }
    findings.push(finding);
  }
  // Directives naming a rule that does not exist would silently do nothing: say so when the change adds one.
  for (const l of file.lines) {
    if (!l.added || reportedDirectives.has(l.line)) continue;
    const d = parseDirective(l.text, l.line);
    if (d && d.ruleId && !candidates.some((c) => c.rule.id === d.ruleId && (c.line === l.line || c.line === l.line + 1))) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.ruleId)) continue;
      findings.push(directiveFinding(file.path, l.line, l.text, d.ruleId, "matches no finding"));
    }
  }
  return findings;
}

function directiveFinding(path: string, line: number, text: string, ruleId: string, problem: "needs a reason" | "matches no finding"): Finding {
  const snippet = snippetOf(text);
  const reasonless = problem === "needs a reason";
  return {
    ruleId: reasonless ? "waiver-without-reason" : "waiver-unused",
    title: reasonless ? "Inline waiver without a reason" : "Inline waiver that suppresses nothing",
    area: "policy",
    safeguard: "164.316(b)(1)",
    severity: "warning",
    path,
    line,
    message: reasonless
      ? `The waiver for "${ruleId}" has no reason, so it does not suppress anything. Every exception must say why it is acceptable.`
      : `The waiver for "${ruleId}" matches no finding on this line or the next; it suppresses nothing.`,
    remediation: reasonless
      ? `Write it as \`hipaa-review-ignore ${ruleId}: <why this is acceptable> [until YYYY-MM-DD]\`, or fix the finding.`
      : "Check the rule id (see `hipaa-review rules`) and place the waiver on the flagged line or the line above it, or remove it.",
    references: [],
    snippet,
    fingerprint: fingerprintOf({ ruleId: reasonless ? "waiver-without-reason" : "waiver-unused", path, maskedLine: snippet, occurrence: 0 }),
  };
}
