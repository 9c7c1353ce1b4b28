/**
 * Runs one review job wherever the queue hands it over: authenticates as the job's installation, reviews the pull
 * request or merge group against the job's own shas, and keeps the check run honest. The check run is recorded in the
 * job as soon as it exists (so a resumed job completes the same one), and, while it is in progress, in the open-check
 * list the recovery sweep reads; before it exists, the job's own record in the queue is what survives a crash. Each job has a deadline: past it, the check completes as a failure saying to re-run, and the review's
 * further API calls fail at once. When GitHub refuses even a bare completion, the check stays on the open list and the
 * sweep re-runs it. Log lines carry the delivery id and the pull request.
 */
import { redact } from "../engine/findings/redact.js";
import { completeCheckRun, createCompletedCheckRun } from "../platforms/github/check-run.js";
import { DEFAULT_CHECK_DELAY_MS } from "../platforms/github/check-slot.js";
import { timedOutCompletion } from "../platforms/github/check-completion.js";
import type { GitHubClient } from "../platforms/github/github-client.js";
import { DEFAULT_TIME_LIMITS } from "../review/review.js";
import { reviewMergeGroup, reviewPullRequest, type CheckHooks, type JobDeps, type JobResult } from "../platforms/github/review-run.js";
import type { AppMetrics } from "./metrics.js";
import { HandBack, jobLabel, type JobRunner, type ReviewJob, type ReviewQueue } from "./queue/types.js";

/** What a review job needs (JobDeps) except its client, which the worker makes per installation. */
export interface WorkerDeps extends Omit<JobDeps, "octokit"> {
  /** An Octokit authenticated as the installation. */
  auth(installationId: number): Promise<GitHubClient>;
  appId: number;
  queue: ReviewQueue;
  metrics: AppMetrics;
  /** How long a review may take, from its start to its check's completion. */
  deadlineMs: number;
}

type Ending = { kind: "done"; result: JobResult } | { kind: "error"; error: unknown } | { kind: "deadline" } | { kind: "shutdown" };

export function jobRunner(deps: WorkerDeps): JobRunner {
  return async (job, context) => {
    const log = deps.log.child({ delivery: job.delivery, pr: jobLabel(job), sha: job.target.headSha, job: job.id });
    deps.metrics.queueWaitSeconds.observe(Math.max(0, Date.now() - job.acceptedAt) / 1000);
    if (context.recovered) deps.metrics.recoveries.inc({ kind: "resumed" });
    const startedAt = performance.now();
    log.info(`review started (${job.why}${context.recovered ? ", resumed" : ""})`);
    const stop = new AbortController();
    const octokit = await deps.auth(job.installationId);
    octokit.hook.before("request", (options) => {
      if (stop.signal.aborted) throw new Error("the review was stopped (its deadline passed, or the app is shutting down)");
      deps.metrics.apiCalls.inc({ method: options.method });
    });
    let checkRunId = job.checkRunId;
    const hooks: CheckHooks = {
      ...(checkRunId !== undefined ? { checkRunId } : {}),
      ...(context.recovered && checkRunId === undefined ? { adoptFrom: { appId: deps.appId } } : {}),
      signal: stop.signal,
      onCheck: async (id, how) => {
        if (how === "resumed" && job.checkRunId === undefined) deps.metrics.recoveries.inc({ kind: "adopted" });
        checkRunId = id;
        await context.setCheck(id);
        // A run in progress goes on the sweep's list; one created completed needs no watching.
        if (how !== "completed") await deps.queue.checkOpened({ checkRunId: id, job: { ...job, checkRunId: id }, deadline: Date.now() + deps.deadlineMs });
      },
    };
    const limits = deps.timeLimits ?? DEFAULT_TIME_LIMITS;
    const jobDeps: JobDeps = {
      octokit,
      log,
      packs: deps.packs,
      vendorCatalogue: deps.vendorCatalogue,
      now: deps.now,
      inlineCommentCap: deps.inlineCommentCap,
      allowAuthorWaivers: deps.allowAuthorWaivers,
      timeLimits: { fileMs: limits.fileMs, reviewMs: Math.min(limits.reviewMs, deps.deadlineMs) },
      ...(deps.monotonic ? { monotonic: deps.monotonic } : {}),
      // The check run is in progress well before the deadline, which completes it.
      checkDelayMs: Math.min(deps.checkDelayMs ?? DEFAULT_CHECK_DELAY_MS, deps.deadlineMs / 2),
    };
    const { target } = job;
    const review = target.kind === "pull" ? reviewPullRequest(jobDeps, target, hooks) : reviewMergeGroup(jobDeps, target, hooks);
    const ending = await endOf(review, deps.deadlineMs, context.signal);
    if (ending.kind !== "done") stop.abort();
    const kind = target.kind;
    switch (ending.kind) {
      case "shutdown":
        log.info("handed back unfinished (shutting down)");
        throw new HandBack();
      case "deadline": {
        log.warn({ checkRun: checkRunId }, `review passed its deadline (${deps.deadlineMs / 1000} s)`);
        await timedOut(deps, job, checkRunId);
        deps.metrics.reviews.inc({ kind, conclusion: "timed_out" });
        return;
      }
      case "error":
        if (checkRunId === undefined) throw ending.error;
        deps.metrics.reviews.inc({ kind, conclusion: "unpublished" });
        log.error({ checkRun: checkRunId }, `the check run could not be completed; the recovery sweep re-runs it: ${redact((ending.error as Error)?.message ?? String(ending.error))}`);
        return;
      case "done": {
        const { result } = ending;
        await deps.queue.checkClosed(result.checkRunId);
        deps.metrics.reviews.inc({ kind, conclusion: result.conclusion });
        deps.metrics.reviewSeconds.observe((performance.now() - startedAt) / 1000);
        log.info({ conclusion: result.conclusion, findings: result.findings, apiCalls: result.apiCalls }, `reviewed (${job.why})`);
      }
    }
  };
}

/** How a review ended: on its own, at its deadline, or because the queue wants the job back. */
function endOf(review: Promise<JobResult>, deadlineMs: number, shutdown: AbortSignal): Promise<Ending> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: "deadline" }), deadlineMs);
    const onShutdown = () => resolve({ kind: "shutdown" });
    if (shutdown.aborted) onShutdown();
    shutdown.addEventListener("abort", onShutdown, { once: true });
    review.then(
      (result) => resolve({ kind: "done", result }),
      (error: unknown) => resolve({ kind: "error", error }),
    ).finally(() => {
      clearTimeout(timer);
      shutdown.removeEventListener("abort", onShutdown);
    });
  });
}

/**
 * Completes a check whose review ran out of time, with a fresh client (the review's own one is stopped); a review whose
 * check run never came to exist (GitHub refused it) gets one created completed, so the head still has its check.
 */
export async function timedOut(deps: Pick<WorkerDeps, "auth" | "queue" | "deadlineMs" | "metrics">, job: ReviewJob, checkRunId: number | undefined): Promise<void> {
  const octokit = await deps.auth(job.installationId);
  const repo = { owner: job.target.owner, repo: job.target.repo };
  const completion = { ...timedOutCompletion(Math.round(deps.deadlineMs / 1000)), completedAt: new Date() };
  if (checkRunId === undefined) await createCompletedCheckRun(octokit, repo, job.target.headSha, completion.completedAt, completion);
  else {
    await completeCheckRun(octokit, repo, checkRunId, completion);
    await deps.queue.checkClosed(checkRunId);
  }
  deps.metrics.recoveries.inc({ kind: "timed_out" });
}
