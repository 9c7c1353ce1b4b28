/**
 * How a finding reads, shared by every output: its citation, its safeguard line, its mark and its one-line form.
 * One place, so the text report, SARIF, the check summary, annotations and comments say the same thing.
 */
import { AREA_TITLES, waives, type Area, type Finding, type Waiver } from "../engine/types.js";

/** "45 CFR §164.312(e)(2)(i)". */
export function citation(safeguard: string): string {
  return `45 CFR §${safeguard}`;
}

/** "Transmission security — 45 CFR §164.312(e)(2)(i)". */
export function safeguardLine(finding: Pick<Finding, "area" | "safeguard">, separator = " — "): string {
  return `${AREA_TITLES[finding.area]}${separator}${citation(finding.safeguard)}`;
}

/** An area with the section its rules cite: "Transmission security (45 CFR §164.312)". */
export function areaHeading(area: Area, safeguard: string): string {
  return `${AREA_TITLES[area]} (${citation(safeguard.replace(/\(.*$/, ""))})`;
}

/** The mark of a finding in markdown: blocking, warning, or note. */
export function mark(finding: Finding, blocking: boolean): string {
  return blocking ? "🛑" : finding.severity === "warning" ? "⚠️" : "ℹ️";
}

/** "**Title** (`rule-id`, 45 CFR §…)" — how a finding is named in markdown lists. */
export function markdownName(finding: Finding, escape: (s: string) => string = (s) => s): string {
  return `**${escape(finding.title)}** (\`${finding.ruleId}\`, ${citation(finding.safeguard)})`;
}

/** "N thing(s)" with the plural spelled out: "1 finding", "2 findings". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Findings a waiver takes out of the blocking set, and those still open (a proposed waiver leaves it open). */
export function splitWaived(findings: readonly Finding[]): { open: Finding[]; waived: Finding[]; proposed: Finding[] } {
  const open: Finding[] = [];
  const waived: Finding[] = [];
  const proposed: Finding[] = [];
  for (const f of findings) {
    if (waives(f.waiver)) waived.push(f);
    else {
      open.push(f);
      if (f.waiver) proposed.push(f);
    }
  }
  return { open, waived, proposed };
}

/** Who or what waived a finding, for the audit record: "inline waiver, line 4, approved by @dana on 2026-11-20". */
export function waiverSource(w: Waiver, link: (url: string) => string = () => ""): string {
  if (w.kind === "command") return `@${w.by} on ${w.at.slice(0, 10)}${w.url ? link(w.url) : ""}`;
  const approval = w.approval ? `, approved by @${w.approval.by} on ${w.approval.at.slice(0, 10)}${w.approval.url ? link(w.approval.url) : ""}` : "";
  return `inline waiver, line ${w.line}${approval}`;
}

/** How to approve a waiver the change proposes, for a finding. */
export function approveHint(f: Finding): string {
  return `\`/hipaa approve ${f.fingerprint}\``;
}
