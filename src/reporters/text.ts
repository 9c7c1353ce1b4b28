/** The report for people: findings grouped by file, each with its safeguard, reason and fix. */
import { blockingFindings, type Report } from "../engine/report.js";
import type { Finding } from "../engine/types.js";
import { safeguardLine, splitWaived, waiverSource } from "./present.js";
import type { Reporter } from "./reporter.js";

export interface TextOptions {
  color: boolean;
}

export const textReporter: Reporter = { format: "text", render: ({ report, color }) => toText(report, { color }) };

export function toText(report: Report, options: TextOptions): string {
  const c = colors(options.color);
  const out: string[] = [];
  const { open: active, waived, proposed } = splitWaived(report.findings);
  const blocking = new Set(blockingFindings(report));
  const byFile = new Map<string, Finding[]>();
  for (const f of active) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  for (const [path, findings] of byFile) {
    out.push(c.bold(c.underline(path)));
    for (const f of findings) {
      const level = f.severity === "error" ? c.red("error") : f.severity === "warning" ? c.yellow("warning") : c.dim("note");
      out.push(`  ${String(f.line).padStart(5)}  ${level.padEnd(options.color ? 16 : 7)}  ${c.bold(f.title)}  ${c.dim(`[${f.ruleId}]`)}${blocking.has(f) ? "" : c.dim(" (not blocking)")}`);
      out.push(`         ${safeguardLine(f)}`);
      if (f.snippet) out.push(`         ${c.dim("│")} ${f.snippet}`);
      out.push(`         ${f.message}`);
      out.push(`         ${c.green("Fix:")} ${f.remediation}`);
      if (f.waiver?.kind === "inline") out.push(`         ${c.yellow("Proposed waiver")} on line ${f.waiver.line} (added by this change, needs approval): ${f.waiver.reason}`);
    }
    out.push("");
  }
  if (waived.length > 0) {
    out.push(c.bold("Waived (audit record)"));
    for (const f of waived) {
      const w = f.waiver!;
      out.push(`  ${f.path}:${f.line}  [${f.ruleId}]  ${waiverSource(w)}${w.until ? ` until ${w.until}` : ""}: ${w.reason}`);
    }
    out.push("");
  }
  if (report.notices.length > 0) {
    out.push(c.bold("Notices"));
    for (const n of report.notices) out.push(`  ${n.path ?? ""}${n.line ? `:${n.line}` : ""}${n.path ? ": " : ""}${n.message}`);
    out.push("");
  }
  const { stats } = report;
  const counts = ["error", "warning", "note"].map((s) => `${active.filter((f) => f.severity === s).length} ${s}${active.filter((f) => f.severity === s).length === 1 ? "" : "s"}`);
  out.push(`${stats.filesScanned} of ${stats.files} changed file(s) scanned, ${stats.addedLines} added line(s). Policy: ${report.policySource}.`);
  const verdict = blocking.size > 0 ? c.red(c.bold(`✖ ${blocking.size} blocking finding(s)`)) : c.green(c.bold("✔ no blocking findings"));
  out.push(`${verdict} (${counts.join(", ")}; ${waived.length} waived; fails on ${report.failOn} and above).`);
  if (proposed.length > 0) {
    out.push(c.yellow(`${proposed.length} proposed waiver${proposed.length === 1 ? "" : "s"} need${proposed.length === 1 ? "s" : ""} approval: the change adds ${proposed.length === 1 ? "a waiver" : "waivers"} for its own finding${proposed.length === 1 ? "" : "s"}, which keep${proposed.length === 1 ? "s" : ""} blocking until someone allowed to waive approves (\`/hipaa approve <fingerprint>\` on the pull request).`));
  }
  return out.join("\n") + "\n";
}

function colors(enabled: boolean) {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), underline: wrap(4, 24), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39) };
}
