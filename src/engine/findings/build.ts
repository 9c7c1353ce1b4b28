/** Turns the candidates of one file into findings: the only place a rule's match becomes text people read. */
import { readsRecords, type Candidate } from "../matchers/candidate.js";
import type { CompiledRule } from "../rules/compile.js";
import type { FileDiff, Finding } from "../types.js";
import { thresholdText, type ValidatorContext } from "../validators/index.js";
import { fingerprintOf } from "./fingerprint.js";
import { inlineWaiverVerdict, parseInlineWaiver, waiverLines } from "./inline-waivers.js";
import { maskValue, recordValueSpans, redact, snippetOf, type Span } from "./redact.js";

/** A non-sensitive value quoted in a message is cut to this length (a URL, a duration). */
const MAX_VALUE = 200;

const IN_BASE = " Already in the base revision: the change touches it but did not introduce the problem, so it is a note, not a blocker.";

/**
 * Findings from candidates: messages filled in and masked, fingerprints counted per rule and masked line, and the
 * inline waivers on each finding's line or the line above applied; a waiver that has no reason, or that matches
 * no finding, is a finding of its own. `sensitive` are the file's rules that match secrets or PHI: every value any
 * of them sees on a finding's line is masked in its excerpt, not only the finding's own.
 */
export function buildFindings(candidates: Candidate[], file: FileDiff, lineText: (n: number) => string | undefined, ctx: ValidatorContext, sensitive: readonly CompiledRule[]): Finding[] {
  const findings: Finding[] = [];
  const occurrences = new Map<string, number>();
  const reportedWaivers = new Set<number>();
  const added = new Set(file.lines.filter((l) => l.added).map((l) => l.line));
  const spansOf = lineSpans(sensitive, ctx);
  for (const c of candidates) {
    const { rule, match } = c;
    const spans = spansOf(c.text);
    if (rule.sensitive && match) spans.push({ start: match.valueStart, end: match.valueStart + match.value.length, kind: rule.maskKind });
    if (readsRecords(rule)) spans.push(...recordValueSpans(c.text));
    const snippet = snippetOf(c.text, spans, match?.start ?? 0);
    const key = `${rule.id}\u0000${snippet}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const value = match ? (rule.sensitive ? maskValue(match.value, rule.maskKind) : redact(cut(match.value))) : "";
    let message = rule.message
      .replace(/\{\{\s*value\s*\}\}/g, value)
      .replace(/\{\{\s*threshold\s*\}\}/g, thresholdText(rule.validatorSpec, ctx.thresholds));
    if (c.inBase) message += IN_BASE;
    if (c.rows) message += ` Patient data goes on over the ${c.rows - 1} line(s) below it (lines ${c.startLine}–${c.line}).`;
    const finding: Finding = {
      ruleId: rule.id,
      title: rule.title,
      area: rule.area,
      safeguard: rule.safeguard,
      severity: rule.severity,
      path: file.path,
      line: c.line,
      ...(c.startLine !== undefined ? { startLine: c.startLine } : {}),
      message,
      remediation: rule.remediation,
      references: rule.references,
      snippet,
      fingerprint: fingerprintOf({ ruleId: rule.id, path: file.path, maskedLine: snippet, occurrence }),
      ...(c.inBase ? { inBase: true } : {}),
    };
    const verdict = inlineWaiverVerdict(rule.id, c.line, lineText, ctx.today, c.startLine);
    if (verdict.kind === "waived") {
      const { reason, line, until } = verdict.waiver;
      // A waiver the change itself adds is only a proposal until the review decides otherwise (fail closed).
      const isAdded = added.has(line);
      finding.waiver = { kind: "inline", reason: redact(reason!), line, ...(until ? { until } : {}), added: isAdded, status: isAdded ? "proposed" : "accepted" };
    } else if (verdict.kind === "expired") {
      message += ` (The inline waiver on line ${verdict.waiver.line} expired on ${verdict.waiver.until} and no longer applies.)`;
      finding.message = message;
    } else if (verdict.kind === "no-reason" && !reportedWaivers.has(verdict.waiver.line)) {
      reportedWaivers.add(verdict.waiver.line);
      findings.push(waiverFinding(file.path, verdict.waiver.line, lineText(verdict.waiver.line) ?? "", rule.id, "needs a reason"));
    }
    findings.push(finding);
  }
  // Waivers naming a rule that does not exist would silently do nothing: say so when the change adds one.
  for (const l of file.lines) {
    if (!l.added || reportedWaivers.has(l.line)) continue;
    const w = parseInlineWaiver(l.text, l.line);
    if (w && w.ruleId && !candidates.some((c) => c.rule.id === w.ruleId && waiverLines(c.line, c.startLine).has(l.line))) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(w.ruleId)) continue;
      findings.push(waiverFinding(file.path, l.line, l.text, w.ruleId, "matches no finding"));
    }
  }
  return findings;
}

function cut(value: string): string {
  return value.length > MAX_VALUE ? value.slice(0, MAX_VALUE - 1) + "…" : value;
}

/**
 * The values every sensitive rule sees on a line (all its validated matches), computed once per line text; on a line
 * where a patient-data rule sees one, every value of the record.
 */
function lineSpans(rules: readonly CompiledRule[], ctx: ValidatorContext): (text: string) => Span[] {
  const cache = new Map<string, Span[]>();
  return (text) => {
    let spans = cache.get(text);
    if (!spans) {
      spans = [];
      let record = false;
      for (const rule of rules) {
        for (const pattern of rule.patterns) {
          pattern.find(text, rule.valueGroup, (m) => {
            if (!rule.validate || rule.validate(m.value, ctx, text.slice(m.start, m.end))) {
              spans!.push({ start: m.valueStart, end: m.valueStart + m.value.length, kind: rule.maskKind });
              record ||= readsRecords(rule);
            }
            return false;
          });
        }
      }
      if (record) spans.push(...recordValueSpans(text));
      cache.set(text, spans);
    }
    return [...spans];
  };
}

function waiverFinding(path: string, line: number, text: string, ruleId: string, problem: "needs a reason" | "matches no finding"): Finding {
  const snippet = snippetOf(text);
  const reasonless = problem === "needs a reason";
  return {
    ruleId: reasonless ? "waiver-without-reason" : "waiver-unused",
    title: reasonless ? "Inline waiver without a reason" : "Inline waiver that waives nothing",
    area: "policy",
    safeguard: "164.316(b)(1)",
    severity: "warning",
    path,
    line,
    message: reasonless
      ? `The waiver for "${ruleId}" has no reason, so it waives nothing. Every exception must say why it is acceptable.`
      : `The waiver for "${ruleId}" matches no finding on this line or the next; it waives nothing.`,
    remediation: reasonless
      ? `Write it as \`hipaa-review-ignore ${ruleId}: <why this is acceptable> [until YYYY-MM-DD]\`, or fix the finding.`
      : "Check the rule id (see `hipaa-review rules`) and place the waiver on the flagged line or the line above it, or remove it.",
    references: [],
    snippet,
    fingerprint: fingerprintOf({ ruleId: reasonless ? "waiver-without-reason" : "waiver-unused", path, maskedLine: snippet, occurrence: 0 }),
  };
}
