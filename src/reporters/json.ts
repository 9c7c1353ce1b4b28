/** Machine-readable report: everything the scan found, suppressed findings and notices included. */
import { blockingFindings, type Report } from "../engine/report.js";
import type { Reporter } from "./reporter.js";

export const jsonReporter: Reporter = {
  format: "json",
  render: ({ report, tool, revisions }) => JSON.stringify(toJson(report, { version: tool.version, ...(revisions ?? {}) }), null, 2) + "\n",
};

export function toJson(report: Report, meta: { version: string; base?: string; head?: string }): object {
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
