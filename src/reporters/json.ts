/** Machine-readable report: everything the scan found, waived findings, proposed waivers and notices included. */
import { blockingFindings, type Report } from "../engine/report.js";
import { splitWaived } from "./present.js";
import type { Reporter } from "./reporter.js";

export const jsonReporter: Reporter = {
  format: "json",
  render: ({ report, tool, revisions }) => JSON.stringify(toJson(report, { version: tool.version, ...(revisions ?? {}) }), null, 2) + "\n",
};

export function toJson(report: Report, meta: { version: string; base?: string; head?: string }): object {
  const blocking = new Set(blockingFindings(report));
  const split = splitWaived(report.findings);
  return {
    tool: { name: "hipaa-review", version: meta.version },
    ...(meta.base ? { base: meta.base } : {}),
    ...(meta.head ? { head: meta.head } : {}),
    policy: { source: report.policySource, failOn: report.failOn },
    stats: report.stats,
    summary: {
      findings: split.open.length,
      blocking: blocking.size,
      waived: split.waived.length,
      proposedWaivers: split.proposed.length,
    },
    findings: report.findings.map((f) => ({ ...f, blocking: blocking.has(f) })),
    notices: report.notices,
  };
}
