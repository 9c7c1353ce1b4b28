/** Machine-readable report: everything the scan found, suppressed findings and notices included. */
import { blockingFindings, type ScanReport } from "../engine/scan.js";

export function toJson(report: ScanReport, meta: { version: string; base?: string; head?: string }): object {
  const blocking = new Set(blockingFindings(report));
  return {
    tool: { name: "hipaa-review", version: meta.version },
    ...(meta.base ? { base: meta.base } : {}),
    ...(meta.head ? { head: meta.head } : {}),
    policy: { source: report.policySource, failOn: report.failOn },
    stats: report.stats,
    summary: {
      findings: report.findings.filter((f) => !f.suppression).length,
      blocking: blocking.size,
      suppressed: report.findings.filter((f) => f.suppression).length,
    },
    findings: report.findings.map((f) => ({ ...f, blocking: blocking.has(f) })),
    notices: report.notices,
  };
}
