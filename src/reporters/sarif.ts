/** SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. */
import type { Log, ReportingDescriptor, Result, Suppression } from "sarif";
import { isBlocking, type Report } from "../engine/report.js";
import type { CompiledRule } from "../engine/rules/compile.js";
import { AREA_TITLES, type Finding, type Severity, type Waiver } from "../engine/types.js";
import { citation as citationOf } from "./present.js";
import type { Reporter } from "./reporter.js";

const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", note: "2.0" };

export interface SarifInput {
  report: Report;
  rules: CompiledRule[];
  version: string;
  informationUri: string;
  revisions?: { base: string; head: string };
}

export const sarifReporter: Reporter = {
  format: "sarif",
  render: ({ report, rules, tool, revisions }) => JSON.stringify(toSarif({ report, rules, version: tool.version, informationUri: tool.uri, ...(revisions ? { revisions } : {}) }), null, 2) + "\n",
};

export function toSarif({ report, rules, version, informationUri, revisions }: SarifInput): Log {
  const descriptors: ReportingDescriptor[] = rules.map((r) => descriptorOf(r.id, r.title, r.area, r.safeguard, r.severity, r.message, r.remediation, r.references));
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  // Findings of engine-made rules (waivers, policy changes) need descriptors too.
  for (const f of report.findings) {
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, descriptors.length);
      descriptors.push(descriptorOf(f.ruleId, f.title, f.area, f.safeguard, f.severity, f.message, f.remediation, f.references));
    }
  }
  const results: Result[] = report.findings.map((f) => resultOf(f, index.get(f.ruleId)!, report));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "hipaa-review", version, semanticVersion: version, informationUri, rules: descriptors } },
        ...(revisions ? { versionControlProvenance: [{ repositoryUri: informationUri, revisionId: revisions.head }] } : {}),
        columnKind: "utf16CodeUnits",
        results,
        properties: { policySource: report.policySource, failOn: report.failOn, stats: report.stats, notices: report.notices },
      },
    ],
  };
}

function descriptorOf(id: string, title: string, area: Finding["area"], safeguard: string, severity: Severity, message: string, remediation: string, references: string[]): ReportingDescriptor {
  const citation = citationOf(safeguard);
  return {
    id,
    name: title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : "")).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: `${message.replace(/\{\{[^}]+\}\}/g, "…")} (${citation})` },
    help: {
      text: `${title} — ${AREA_TITLES[area]}, ${citation}.\nFix: ${remediation}${references.length ? `\nReferences: ${references.join(" ")}` : ""}`,
      markdown: `**${title}** — ${AREA_TITLES[area]}, ${citation}.\n\n**Fix:** ${remediation}${references.length ? `\n\n${references.map((r) => `- <${r}>`).join("\n")}` : ""}`,
    },
    ...(references[0] ? { helpUri: references[0] } : {}),
    defaultConfiguration: { level: severity },
    properties: { tags: ["security", "hipaa", area, `cfr-${safeguard}`], safeguard, area, "security-severity": SECURITY_SEVERITY[severity], precision: "high" },
  };
}

function resultOf(f: Finding, ruleIndex: number, report: Report): Result {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.severity,
    message: { text: `${f.message} Fix: ${f.remediation} (${citationOf(f.safeguard)})` },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.path), uriBaseId: "%SRCROOT%" }, region: f.startLine !== undefined ? { startLine: f.startLine, endLine: f.line } : { startLine: f.line } } }],
    partialFingerprints: { "hipaaReview/v1": f.fingerprint },
    properties: { safeguard: f.safeguard, area: f.area, blocking: isBlocking(f, report.failOn) },
    ...(f.waiver ? { suppressions: [suppressionOf(f, f.waiver)] } : {}),
  };
}

/**
 * A waiver as a SARIF suppression: an inline waiver is `inSource` (a proposal the change adds is `underReview` until
 * approved), a `/hipaa waive` command `external`.
 */
function suppressionOf(f: Finding, w: Waiver): Suppression {
  if (w.kind === "command") {
    return { kind: "external", status: "accepted", justification: w.reason, properties: { by: w.by, at: w.at, ...(w.until ? { until: w.until } : {}), ...(w.url ? { url: w.url } : {}) } };
  }
  return {
    kind: "inSource",
    status: w.status === "proposed" ? "underReview" : "accepted",
    justification: w.reason,
    location: { physicalLocation: { artifactLocation: { uri: encodeURI(f.path), uriBaseId: "%SRCROOT%" }, region: { startLine: w.line } } },
    properties: {
      ...(w.until ? { until: w.until } : {}),
      ...(w.status !== "accepted" ? { status: w.status } : {}),
      ...(w.approval ? { approvedBy: w.approval.by, approvedAt: w.approval.at, ...(w.approval.url ? { approvalUrl: w.approval.url } : {}) } : {}),
    },
  };
}
