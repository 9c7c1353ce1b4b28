/**
 * How a finding reads, shared by every output: its citation, its safeguard line, its mark and its one-line form.
 * One place, so the text report, SARIF, the check summary, annotations and comments say the same thing.
 */
import { AREA_TITLES, type Area, type Finding } from "../engine/types.js";

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
