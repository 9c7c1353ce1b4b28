/** How one finding reads in GitHub: the inline comment body and the check-run annotation. Masked text only. */
import type { Finding } from "../../engine/types.js";
import { approveHint, safeguardLine } from "../../reporters/present.js";
import { findingMarker } from "./markers.js";

export type AnnotationLevel = "failure" | "warning" | "notice";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
  raw_details?: string;
}

const MAX_ANNOTATION_MESSAGE = 64_000;

export function annotationLevel(finding: Finding, blocking: boolean): AnnotationLevel {
  if (blocking) return "failure";
  return finding.severity === "note" ? "notice" : "warning";
}

export function toAnnotation(finding: Finding, blocking: boolean): CheckAnnotation {
  const message = `${safeguardLine(finding)}\n${finding.message}\nFix: ${finding.remediation}`;
  return {
    path: finding.path,
    start_line: finding.startLine ?? finding.line,
    end_line: finding.line,
    annotation_level: annotationLevel(finding, blocking),
    title: `${finding.title} [${finding.ruleId}]`.slice(0, 255),
    message: message.slice(0, MAX_ANNOTATION_MESSAGE),
    ...(finding.references.length > 0 ? { raw_details: `References:\n${finding.references.join("\n")}\nFingerprint: ${finding.fingerprint}` } : {}),
  };
}

/** The inline review comment for a finding, ending with the hidden marker that makes re-runs idempotent. */
export function commentBody(finding: Finding, blocking: boolean): string {
  const badge = blocking ? "🛑 **Blocking**" : finding.severity === "warning" ? "⚠️ Warning" : "ℹ️ Note";
  const refs = finding.references.length > 0 ? `\n\nReferences: ${finding.references.map((r) => `<${r}>`).join(", ")}` : "";
  return [
    `${badge} · **${finding.title}** · ${safeguardLine(finding, ", ")}`,
    "",
    finding.message,
    "",
    `**Fix:** ${finding.remediation}${refs}`,
    ...(finding.waiver?.kind === "inline" && finding.waiver.status === "proposed"
      ? ["", `⏳ This change proposes a waiver on line ${finding.waiver.line}: “${finding.waiver.reason}”. The finding keeps blocking until someone allowed to waive approves it: ${approveHint(finding)}.`]
      : []),
    "",
    `<sub>Rule \`${finding.ruleId}\` · fingerprint \`${finding.fingerprint}\` · to accept it deliberately, a maintainer comments \`/hipaa waive ${finding.fingerprint} <reason>\`; a waiver written in the code (\`hipaa-review-ignore ${finding.ruleId}: <reason>\`) needs their \`/hipaa approve\`.</sub>`,
    findingMarker(finding.fingerprint),
  ].join("\n");
}

/** The edited body of a comment whose finding a later push fixed. */
export function resolvedBody(fingerprint: string, headSha: string, original: string): string {
  const quoted = original.replace(/<!-- hipaa-review:[^>]*-->/g, "").trim();
  return [
    `✅ **Resolved** in ${headSha.slice(0, 7)}: this finding no longer appears in the pull request.`,
    "",
    "<details><summary>Original finding</summary>",
    "",
    quoted,
    "",
    "</details>",
    findingMarker(fingerprint, true),
  ].join("\n");
}
