/** A finished review's report, as every reporter reads it: the findings, what could not be read, and the policy's verdict line. */
import type { ScanResult } from "./scan.js";
import { SEVERITY_RANK, waives, type Finding, type Severity } from "./types.js";

export interface Report extends ScanResult {
  /** Where the policy came from, e.g. ".hipaa.yml at main@1a2b3c4" or "built-in defaults". */
  policySource: string;
  /** The lowest severity that blocks. */
  failOn: Severity;
}

/** Whether a finding blocks the merge: not waived (a proposed waiver does not count), and at or above `fail_on`. */
export function isBlocking(finding: Finding, failOn: Severity): boolean {
  return !waives(finding.waiver) && SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn];
}

export function blockingFindings(report: Report): Finding[] {
  return report.findings.filter((f) => isBlocking(f, report.failOn));
}
