/**
 * The `HIPAA compliance` check run: created in progress (when a review is not done quickly, or is resumed), or
 * created already completed with the report (a quick review: one write instead of two, so Probot's one-second write
 * spacing does not hold it up). Annotations go 50 per request (GitHub's limit); the conclusion goes with the first
 * request of a created run and the last of an updated one, so the run is never left pending once the report is ready.
 * Failures to complete are the caller's to log.
 */
import type { CheckAnnotation } from "./finding-text.js";
import type { CheckOutput } from "../../reporters/summary.js";
import { GITHUB_LIMITS } from "./limits.js";
import type { GitHubClient, RepoRef } from "./github-client.js";

export const CHECK_NAME = "HIPAA compliance";

/** More than this many annotations are not sent (the summary says so); 20 requests at 50 each. */
export const MAX_ANNOTATIONS = 1_000;

export async function startCheckRun(octokit: GitHubClient, repo: RepoRef, headSha: string, startedAt: Date): Promise<number> {
  const res = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    started_at: startedAt.toISOString(),
    output: { title: "Reviewing the change", summary: "hipaa-review is reading the pull request against the base branch's policy." },
  });
  return res.data.id;
}

export interface Completion {
  conclusion: "success" | "failure" | "neutral";
  output: CheckOutput;
  annotations: CheckAnnotation[];
  completedAt: Date;
}

/** The output and its annotations in batches of 50 (at least one batch, maybe empty), past MAX_ANNOTATIONS said in the summary. */
function batchesOf(completion: Completion): { output: CheckOutput; batches: CheckAnnotation[][] } {
  const all = completion.annotations.slice(0, MAX_ANNOTATIONS);
  let summary = completion.output.summary;
  if (completion.annotations.length > all.length) {
    const note = `\n\n_${completion.annotations.length - all.length} more annotation(s) were not sent (at most ${MAX_ANNOTATIONS} per run); every finding is in the text below._`;
    summary = summary.slice(0, GITHUB_LIMITS.maxTextLength - note.length) + note;
  }
  const per = GITHUB_LIMITS.annotationsPerRequest;
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < all.length; i += per) batches.push(all.slice(i, i + per));
  if (batches.length === 0) batches.push([]);
  return { output: { ...completion.output, summary }, batches };
}

const withAnnotations = (output: CheckOutput, batch: CheckAnnotation[]) => ({ ...output, ...(batch.length > 0 ? { annotations: batch } : {}) });
const rerunAction = (completion: Completion) => (completion.conclusion === "failure" ? { actions: [{ label: "Re-run review", description: "Review the change again", identifier: "rerun" }] } : {});

/** Creates the check run already completed (conclusion and the first 50 annotations in the create), then adds the rest. */
export async function createCompletedCheckRun(octokit: GitHubClient, repo: RepoRef, headSha: string, startedAt: Date, completion: Completion, onCreated?: (id: number) => Promise<void>): Promise<number> {
  const { output, batches } = batchesOf(completion);
  const res = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "completed",
    conclusion: completion.conclusion,
    started_at: startedAt.toISOString(),
    completed_at: completion.completedAt.toISOString(),
    output: withAnnotations(output, batches[0]!),
    ...rerunAction(completion),
  });
  const id = res.data.id;
  await onCreated?.(id);
  // GitHub appends the annotations of each update to the run's; the conclusion is already final.
  for (const batch of batches.slice(1)) await octokit.rest.checks.update({ ...repo, check_run_id: id, output: withAnnotations(output, batch) });
  return id;
}

/** Completes a check run created in progress; the conclusion goes with the last request. */
export async function completeCheckRun(octokit: GitHubClient, repo: RepoRef, checkRunId: number, completion: Completion): Promise<void> {
  const { output, batches } = batchesOf(completion);
  for (let i = 0; i < batches.length; i++) {
    const last = i === batches.length - 1;
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      ...(last ? { status: "completed" as const, conclusion: completion.conclusion, completed_at: completion.completedAt.toISOString() } : {}),
      output: withAnnotations(output, batches[i]!),
      ...(last ? rerunAction(completion) : {}),
    });
  }
}

/**
 * This App's unfinished `HIPAA compliance` runs on a head, newest first: a job resumed after a crash adopts the
 * newest instead of creating another, so no run it started before the crash stays in progress.
 */
export async function unfinishedCheckRuns(octokit: GitHubClient, repo: RepoRef, headSha: string, appId: number): Promise<number[]> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, check_name: CHECK_NAME, filter: "all", per_page: 100 });
  return data.check_runs
    .filter((run) => run.app?.id === appId && run.status !== "completed")
    .map((run) => run.id)
    .sort((a, b) => b - a);
}

/** Whether a check run is completed (the recovery sweep's question). */
export async function isCheckRunCompleted(octokit: GitHubClient, repo: RepoRef, checkRunId: number): Promise<boolean> {
  const { data } = await octokit.rest.checks.get({ ...repo, check_run_id: checkRunId });
  return data.status === "completed";
}
