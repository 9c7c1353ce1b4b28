/** Turns the candidates of one file into findings: the only place a rule's match becomes text people read. */
import type { Candidate } from "../matchers/candidate.js";
import type { FileDiff, Finding } from "../types.js";
import { thresholdText, type ValidatorContext } from "../validators/index.js";
import { fingerprintOf } from "./fingerprint.js";
import { parseDirective, verdictFor } from "./inline-waivers.js";
import { maskValue, scrub, snippetOf } from "./mask.js";

/**
 * Findings from candidates: messages filled in and masked, fingerprints counted per rule and masked line, and the
 * inline waivers on each finding's line or the line above applied; a waiver that has no reason, or that matches
 * no finding, is a finding of its own.
 */
export function buildFindings(candidates: Candidate[], file: FileDiff, lineText: (n: number) => string | undefined, ctx: ValidatorContext): Finding[] {
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
