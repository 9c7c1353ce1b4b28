/**
 * The scan pipeline: a change source yields file diffs, the engine evaluates each, the result is a report.
 * Sources (local git, a GitHub pull request, a patch file) and reporters live outside the core.
 */
import { pathInScope, severityAt, type Policy, type PolicyViolation } from "../policy/config.js";
import { evaluateFile } from "./evaluate.js";
import { fingerprintOf } from "./findings/fingerprint.js";
import type { Ruleset } from "./rules/ruleset.js";
import { SEVERITY_RANK, type FileDiff, type Finding, type ScanCheck, type ScanNotice, type Severity } from "./types.js";

export interface ChangeSource {
  /** Files of the change, one at a time. */
  files(): AsyncIterable<FileDiff>;
  /** The whole head version of a file, for rules that read whole resources; undefined if unreadable. */
  readHead(path: string): Promise<string | undefined>;
}

export interface ScanStats {
  files: number;
  filesScanned: number;
  addedLines: number;
  addedBytes: number;
}

export interface ScanReport {
  findings: Finding[];
  notices: ScanNotice[];
  stats: ScanStats;
  policySource: string;
  failOn: Policy["failOn"];
}

export interface ScanOptions {
  ruleset: Ruleset;
  /** The organisation's locked rules alone, for paths the repository's policy excludes. */
  lockedRuleset?: Ruleset;
  policy: Policy;
  source: ChangeSource;
  /** YYYY-MM-DD from the caller's clock. */
  today: string;
  /** Paths of policy files (read from the base); a change to one is reported. */
  policyFiles?: string[];
  /** Checks over the whole change, run after the policy's own (`policy.checks`, e.g. the vendor review). */
  checks?: ScanCheck[];
  onFile?: (stats: ScanStats, path: string) => void;
}

export async function runScan(options: ScanOptions): Promise<ScanReport> {
  const { ruleset, policy, source, today } = options;
  const findings: Finding[] = [];
  const notices: ScanNotice[] = [];
  const stats: ScanStats = { files: 0, filesScanned: 0, addedLines: 0, addedBytes: 0 };
  const policyFiles = new Set(options.policyFiles ?? []);
  const checks = [...(policy.checks ?? []), ...(options.checks ?? [])].map((c) => c.start({ today, readHead: (path) => source.readHead(path) }));
  for await (const file of source.files()) {
    stats.files++;
    for (const check of checks) await check.file(file);
    if (policyFiles.has(file.path) || (file.oldPath && policyFiles.has(file.oldPath))) findings.push(policyChangeFinding(file, policy.source));
    for (const l of file.lines) {
      if (l.added) { stats.addedLines++; stats.addedBytes += l.text.length + 1; }
    }
    if (file.binary) {
      notices.push({ path: file.path, message: "binary file: not scanned" });
      continue;
    }
    if (file.status === "deleted") continue;
    const rules = pathInScope(policy, file.path) ? ruleset : options.lockedRuleset;
    if (!rules) continue;
    stats.filesScanned++;
    const readHead = async () => (await source.readHead(file.path)) ?? contentFromDiff(file);
    const ctx = { thresholds: policy.thresholds, today };
    const content = rules.needsContent(file.path) && file.lines.some((l) => l.added) ? await readHead() : undefined;
    let result = evaluateFile(rules, file, content, ctx);
    if (result.wantsContent) {
      // A wide `near` window looked past the diff's lines: read the head file once and evaluate again.
      const whole = await readHead();
      if (whole !== undefined) result = evaluateFile(rules, file, whole, ctx);
    }
    for (const f of result.findings) {
      const severity = severityAt(policy, f.ruleId, f.area, f.path, f.severity);
      if (severity !== "off") findings.push(severity === f.severity ? f : { ...f, severity });
    }
    notices.push(...result.notices);
    options.onFile?.(stats, file.path);
  }
  for (const check of checks) {
    const result = await check.finish();
    for (const f of result.findings) {
      const severity = checkSeverity(policy, f, policyFiles);
      if (severity !== "off") findings.push(severity === f.severity ? f : { ...f, severity });
    }
    notices.push(...result.notices);
  }
  findings.push(...policy.violations.map(violationFinding));
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return { findings, notices, stats, policySource: policy.source, failOn: policy.failOn };
}

export function isBlocking(finding: Finding, failOn: Policy["failOn"]): boolean {
  return !finding.suppression && SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn];
}

export function blockingFindings(report: ScanReport): Finding[] {
  return report.findings.filter((f) => isBlocking(f, report.failOn));
}

/**
 * A check's finding under the policy, like a rule's: its area or rule turned off or re-graded, the path
 * excluded (policy files excepted), per-path overrides and PHI paths. Locked rules are never turned off.
 */
function checkSeverity(policy: Policy, f: Finding, policyFiles: Set<string>): Severity | "off" {
  const locked = policy.locked.has(f.ruleId);
  if (!locked && !policyFiles.has(f.path) && !pathInScope(policy, f.path)) return "off";
  const override = policy.ruleOverrides.get(f.ruleId);
  if (override === "off" && !locked) return "off";
  if (policy.areasOff.has(f.area) && !override && !locked) return "off";
  const base = override && override !== "off" ? override : f.severity;
  return severityAt(policy, f.ruleId, f.area, f.path, base);
}

function policyChangeFinding(file: FileDiff, policySource: string): Finding {
  const line = file.lines.find((l) => l.added)?.line ?? 1;
  return {
    ruleId: "policy-file-changed",
    title: "Change to a policy file",
    area: "policy",
    safeguard: "164.316(b)(1)",
    severity: "warning",
    path: file.path,
    line,
    message: `This change edits ${file.path}. It was judged under the policy of the base revision (${policySource}); the new policy applies only after it is merged, and its edits deserve a reviewer's eye.`,
    remediation: "Have a maintainer review the policy change on its own merits; it takes effect for changes based on it after merging.",
    references: [],
    fingerprint: fingerprintOf({ ruleId: "policy-file-changed", path: file.path, maskedLine: "", occurrence: 0 }),
  };
}

/** A new file's whole content is in its diff: every line is added, numbered from 1 without gaps. */
export function contentFromDiff(file: FileDiff): string | undefined {
  if (file.status !== "added") return undefined;
  if (!file.lines.every((l, i) => l.added && l.line === i + 1)) return undefined;
  return file.lines.map((l) => l.text).join("\n");
}

/** A setting the policy refused (e.g. weakening a rule the organisation locked), anchored on its line. */
function violationFinding(v: PolicyViolation): Finding {
  const path = v.file.replace(/ at .*$/, "").replace(/ \(--config\)$/, "");
  return {
    ruleId: "policy-setting-refused",
    title: "Policy setting refused",
    area: "policy",
    safeguard: "164.316(a)",
    severity: "warning",
    path,
    line: v.line,
    message: `${v.key}: ${v.message}.`,
    remediation: "Remove the setting, or ask the organisation's administrators to change the organisation policy.",
    references: [],
    fingerprint: fingerprintOf({ ruleId: "policy-setting-refused", path, maskedLine: `${v.key} ${v.message}`, occurrence: 0 }),
  };
}
