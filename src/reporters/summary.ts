/**
 * The check run's title, summary and text: a markdown report grouped by safeguard with counts, the policy
 * source, what was suppressed and why (the audit record), and what could not be read. Always within GitHub's
 * 65,535-character limit, with an "N more" tail when it has to cut.
 */
import { isBlocking, type Report } from "../engine/report.js";
import { AREA_TITLES, type Area, type Finding } from "../engine/types.js";
import { fitSections } from "./fit.js";
import { approveHint, areaHeading, mark, markdownName, splitWaived, waiverSource } from "./present.js";

export interface InlineStats {
  posted: number;
  alreadyPosted: number;
  notInDiff: number;
  overCap: number;
  resolved: number;
}

export interface CheckOutput {
  title: string;
  summary: string;
  text: string;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function checkOutput(report: Report, inline: InlineStats | undefined, limit: number): CheckOutput {
  const { open: active, waived: suppressed, proposed } = splitWaived(report.findings);
  const blocking = active.filter((f) => isBlocking(f, report.failOn));
  const title =
    blocking.length > 0
      ? `${blocking.length} blocking finding${blocking.length === 1 ? "" : "s"}`
      : active.length > 0
        ? `No blocking findings (${active.length} to review)`
        : "No findings";

  const head: string[] = [];
  head.push(
    blocking.length > 0
      ? `### ❌ ${blocking.length} finding(s) block the merge\nFix them, or waive each one deliberately with a reason (see below).`
      : "### ✅ No blocking HIPAA findings",
    "",
    `Policy: ${report.policySource} — read from the base branch, so this change cannot weaken the rules that judge it. Fails on **${report.failOn}** and above.`,
    `Scanned ${report.stats.filesScanned} of ${report.stats.files} changed file(s), ${report.stats.addedLines} added line(s).`,
  );
  if (inline) {
    head.push(
      `Inline comments: ${inline.posted} new, ${inline.alreadyPosted} already posted, ${inline.resolved} marked resolved` +
        (inline.notInDiff + inline.overCap > 0 ? `; ${inline.notInDiff} not on a diff line and ${inline.overCap} over the comment cap are listed below.` : "."),
    );
  }
  head.push("");
  const byArea = groupByArea(active);
  if (byArea.size > 0) {
    head.push("| Safeguard | Blocking | Other |", "| --- | ---: | ---: |");
    for (const [area, findings] of byArea) {
      const b = findings.filter((f) => isBlocking(f, report.failOn)).length;
      head.push(`| ${areaHeading(area, findings[0]!.safeguard)} | ${b} | ${findings.length - b} |`);
    }
    head.push("");
  }
  const sections: string[] = [];
  if (proposed.length > 0) {
    sections.push(`#### Proposed waivers (${proposed.length}) — need approval\nThis change adds waivers for its own findings; they keep blocking until someone allowed to waive approves each one with the command shown.\n\n| File | Rule | Waiver line | Until | Reason | Approve with |\n| --- | --- | --- | --- | --- | --- |\n`);
    for (const f of proposed) {
      const w = f.waiver!;
      sections.push(`| \`${cell(f.path)}:${f.line}\` | \`${f.ruleId}\` | ${w.kind === "inline" ? w.line : "—"} | ${w.until ?? "—"} | ${cell(w.reason)} | ${approveHint(f)} |\n`);
    }
    sections.push("\n");
  }
  if (suppressed.length > 0) {
    sections.push(`#### Waived (${suppressed.length}) — audit record\n| File | Rule | Waived by | Until | Reason |\n| --- | --- | --- | --- | --- |\n`);
    for (const f of suppressed) {
      const w = f.waiver!;
      sections.push(`| \`${cell(f.path)}:${f.line}\` | \`${f.ruleId}\` | ${cell(waiverSource(w, (url) => ` ([command](${url}))`))} | ${w.until ?? "—"} | ${cell(w.reason)} |\n`);
    }
    sections.push("\n");
  }
  if (report.notices.length > 0) {
    sections.push(`#### Notices (${report.notices.length})\n`);
    for (const n of report.notices) sections.push(`- ${n.path ? `\`${cell(n.path)}\`: ` : ""}${cell(n.message)}\n`);
  }
  const summary = fitSections(head.join("\n") + "\n", sections, limit, (n) => `\n_…${n} more line(s) of the audit record and notices were cut to fit GitHub's limit; run \`hipaa-review scan --format json\` locally for the full list._`);

  const details: string[] = [];
  for (const [area, findings] of byArea) {
    details.push(`### ${AREA_TITLES[area]}\n`);
    for (const f of findings) {
      details.push(
        `- ${mark(f, isBlocking(f, report.failOn))} \`${cell(f.path)}:${f.line}\` ${markdownName(f, cell)} — ${cell(f.message)} **Fix:** ${cell(f.remediation)}\n`,
      );
    }
    details.push("\n");
  }
  const text = fitSections("", details, limit, (n) => `\n_…and ${n} more finding line(s), cut to fit GitHub's limit (every finding is also an annotation)._`);
  return { title, summary, text };
}

function groupByArea(findings: Finding[]): Map<Area, Finding[]> {
  const map = new Map<Area, Finding[]>();
  for (const f of findings) map.set(f.area, [...(map.get(f.area) ?? []), f]);
  return map;
}
