/**
 * GitLab Code Quality report (a JSON array, `artifacts: reports: codequality`), so findings show in the merge
 * request's widget and diff. One entry per open finding: waived findings are the audit record's business, not
 * the widget's (a proposed waiver leaves its finding open, so it is listed). GitLab compares fingerprints between
 * the base pipeline's report and the merge request's to say what is new and what was fixed; ours are the
 * findings' own (rule, path, masked line), stable when unrelated lines move.
 */
import { isBlocking, type Report } from "../engine/report.js";
import type { Finding, Severity } from "../engine/types.js";
import { citation, splitWaived } from "./present.js";
import type { Reporter } from "./reporter.js";

/** GitLab's severities: a blocking finding is a `blocker`; the rest by how serious the rule says it is. */
export type CodeQualitySeverity = "info" | "minor" | "major" | "critical" | "blocker";

const SEVERITY: Record<Severity, CodeQualitySeverity> = { error: "critical", warning: "major", note: "info" };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
  categories: string[];
  type: "issue";
  content: { body: string };
}

export const gitlabReporter: Reporter = {
  format: "gitlab",
  render: ({ report }) => JSON.stringify(toCodeQuality(report), null, 2) + "\n",
};

export function toCodeQuality(report: Report): CodeQualityIssue[] {
  const seen = new Set<string>();
  return splitWaived(report.findings).open.map((f) => {
    let fingerprint = f.fingerprint;
    for (let n = 2; seen.has(fingerprint); n++) fingerprint = `${f.fingerprint}-${n}`;
    seen.add(fingerprint);
    return issueOf(f, fingerprint, isBlocking(f, report.failOn));
  });
}

function issueOf(f: Finding, fingerprint: string, blocking: boolean): CodeQualityIssue {
  const proposed = f.waiver?.kind === "inline" ? ` A waiver this change adds (line ${f.waiver.line}) needs approval.` : "";
  return {
    description: `${f.title}: ${f.message} (${citation(f.safeguard)})${proposed}`,
    check_name: f.ruleId,
    fingerprint,
    severity: blocking ? "blocker" : SEVERITY[f.severity],
    location: { path: f.path, lines: { begin: Math.max(1, f.line) } },
    categories: ["Security"],
    type: "issue",
    content: { body: `**Fix:** ${f.remediation}${f.snippet ? `\n\n\`\`\`\n${f.snippet}\n\`\`\`` : ""}${f.references.length ? `\n\n${f.references.map((r) => `- <${r}>`).join("\n")}` : ""}` },
  };
}
