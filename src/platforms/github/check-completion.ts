/**
 * What the `HIPAA compliance` check says for each way a review can end: the report (findings as annotations), an
 * invalid base policy (annotations on its lines), a change that could not be read whole, a review out of time, an
 * internal error, or a deadline passed. Every one but a clean report fails closed and says how to re-run.
 */
import { isBlocking, type Report } from "../../engine/report.js";
import { DiffError } from "../../engine/diff/diff-error.js";
import { ScanBudgetError } from "../../engine/scan.js";
import { waives } from "../../engine/types.js";
import { redact } from "../../engine/findings/redact.js";
import type { ConfigError } from "../../policy/load.js";
import { checkOutput, type CheckOutput, type InlineStats } from "../../reporters/summary.js";
import { toAnnotation, type CheckAnnotation } from "./finding-text.js";
import { statusOf } from "./github-client.js";
import type { ChangeTarget } from "./job.js";
import { GITHUB_LIMITS } from "./limits.js";
import { IncompleteChangeError } from "./tree-diff.js";

export type Conclusion = "success" | "failure" | "neutral";

export interface CheckCompletion {
  conclusion: Conclusion;
  output: CheckOutput;
  annotations: CheckAnnotation[];
}

interface Logs {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const failure = (title: string, summary: string): CheckCompletion => ({ conclusion: "failure", annotations: [], output: { title, summary, text: "" } });

export function reviewedCompletion(report: Report, inline: InlineStats | undefined): CheckCompletion {
  const blocking = report.findings.some((f) => isBlocking(f, report.failOn));
  return {
    conclusion: blocking ? "failure" : "success",
    output: checkOutput(report, inline, GITHUB_LIMITS.maxTextLength),
    annotations: report.findings.filter((f) => !waives(f.waiver)).map((f) => toAnnotation(f, isBlocking(f, report.failOn))),
  };
}

export function invalidPolicyCompletion(error: ConfigError, target: ChangeTarget): CheckCompletion {
  const annotations: CheckAnnotation[] = error.errors
    .filter((e) => e.path !== undefined)
    .map((e) => ({
      path: e.path!,
      start_line: e.line,
      end_line: e.line,
      annotation_level: "failure",
      title: `Invalid policy: ${e.key || "file"}`.slice(0, 255),
      message: e.message,
    }));
  const list = error.errors.map((e) => `- \`${e.file}\` line ${e.line}, column ${e.column}: \`${e.key}\` ${e.message}`).join("\n");
  return {
    conclusion: "failure",
    annotations,
    output: {
      title: "The HIPAA policy on the base branch is invalid",
      summary:
        `The policy is read from the base branch (${target.baseRef}@${target.baseSha.slice(0, 7)}) and could not be used, so the change was not reviewed. ` +
        `Nothing falls back to defaults silently: fix the file on ${target.baseRef}, then re-run this check.\n\n${list}`.slice(0, 60_000),
      text: "",
    },
  };
}

/** The check for a review that stopped with an error; `what` names the change ("pull request", "merge group"). */
export function failedCompletion(error: unknown, target: ChangeTarget, what: string, log: Logs, fields: object): CheckCompletion {
  if (error instanceof DiffError) {
    log.warn(fields, `change unreadable: ${redact(error.message)}`);
    return failure(
      "hipaa-review could not read the change",
      `The ${what}'s change could not be read (${redact(error.reason)}), so it was not reviewed; this check fails closed rather than passing what was not read. Re-run the check; if it fails again, the change may hold a file GitHub cannot diff — run \`npx hipaa-review scan --base ${target.baseRef}\` on the branch.`,
    );
  }
  if (error instanceof IncompleteChangeError) {
    log.warn(fields, `change not read whole: ${error.reason}`);
    return failure(
      "hipaa-review could not read the whole change",
      `Not every file of this ${what} could be read: ${error.reason}. This check fails closed rather than passing files nobody reviewed; ${error.advice.replace("<base branch>", target.baseRef)}.`,
    );
  }
  if (error instanceof ScanBudgetError) {
    log.warn({ ...fields, path: error.path }, `review stopped: ${error.message}`);
    return failure(
      "hipaa-review ran out of time",
      `The review stopped: ${redact(error.message)}. This check fails closed rather than passing what was not read. ` +
        `Re-run the check; if it stops again, split the change, or raise ${error.limit === "file" ? "HIPAA_FILE_TIME_LIMIT" : "HIPAA_REVIEW_TIME_LIMIT"} where the app runs.`,
    );
  }
  log.error({ ...fields, status: statusOf(error) }, `review failed: ${redact((error as Error)?.message ?? String(error))}`);
  return failure(
    "hipaa-review could not complete the review",
    "An internal error stopped the review, so this check fails closed rather than letting an unreviewed change merge. " +
      "Re-run the check (the button above); if it keeps failing, the app's logs hold the cause.",
  );
}

/** A review past its deadline (or re-run too often by the recovery sweep): the check must not stay in progress. */
export function timedOutCompletion(deadlineSeconds: number): CheckCompletion {
  return failure(
    "hipaa-review timed out — re-run",
    `The review did not finish within its deadline (${deadlineSeconds} s), so this check fails closed rather than staying in progress. ` +
      "Re-run the check (the button above); if it times out again, split the change or raise HIPAA_REVIEW_DEADLINE where the app runs.",
  );
}
