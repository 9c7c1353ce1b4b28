/**
 * One review of one head on GitHub: the platform starts reading what the review needs at once (the change, and a pull
 * request's comments and reviews) while the policy loads; the check run is the job's own (resumed or re-run), an
 * unfinished one adopted after a crash, or none yet: a quick review creates it already completed, a slow one gets it in
 * progress after the check delay (check-slot.ts). Every path ends with the check run completed, or with an error thrown
 * because GitHub refused even a bare completion (the App then retries the job, or leaves the run to its recovery sweep).
 */
import { DEFAULT_TIME_LIMITS, runReview } from "../../review/review.js";
import { budgetOf } from "../../review/time-limits.js";
import { completeCheckRun, unfinishedCheckRuns } from "./check-run.js";
import { CheckSlot, DEFAULT_CHECK_DELAY_MS } from "./check-slot.js";
import type { GitHubPlatform } from "./github-platform.js";
import type { ChangeTarget, CheckHooks, JobDeps, JobResult, MergeGroupTarget, PullTarget } from "./job.js";
import { MergeGroupPlatform } from "./merge-group-platform.js";
import { PullRequestPlatform } from "./pull-request-platform.js";

export type { CheckHooks, JobDeps, JobResult } from "./job.js";

export function reviewPullRequest(deps: JobDeps, target: PullTarget, hooks: CheckHooks = {}): Promise<JobResult> {
  return review(deps, target, hooks, (slot) => new PullRequestPlatform(deps, target, slot));
}

export function reviewMergeGroup(deps: JobDeps, target: MergeGroupTarget, hooks: CheckHooks = {}): Promise<JobResult> {
  return review(deps, target, hooks, (slot) => new MergeGroupPlatform(deps, target, slot));
}

async function review(deps: JobDeps, target: ChangeTarget, hooks: CheckHooks, platformFor: (slot: CheckSlot) => GitHubPlatform): Promise<JobResult> {
  const { octokit, log } = deps;
  let apiCalls = 0;
  octokit.hook.after("request", () => {
    apiCalls++;
  });
  const existing = await existingCheckRun(deps, target, hooks);
  const slot = new CheckSlot({
    octokit,
    repo: { owner: target.owner, repo: target.repo },
    headSha: target.headSha,
    now: deps.now,
    log,
    ...(existing !== undefined ? { existing } : {}),
    onCheck: (id, how) => hooks.onCheck?.(id, how) ?? Promise.resolve(),
  });
  const stop = () => slot.dispose();
  hooks.signal?.addEventListener("abort", stop, { once: true });
  try {
    if (existing !== undefined) await hooks.onCheck?.(existing, "resumed");
    if (hooks.signal?.aborted) throw new Error("the review was stopped before it started");
    slot.arm(deps.checkDelayMs ?? DEFAULT_CHECK_DELAY_MS);
    const platform = platformFor(slot);
    platform.prefetch();
    const outcome = await runReview(platform, {
      packs: deps.packs,
      vendorCatalogue: deps.vendorCatalogue,
      today: deps.now().toISOString().slice(0, 10),
      budget: budgetOf(deps.timeLimits ?? DEFAULT_TIME_LIMITS, deps.monotonic ?? (() => performance.now())),
    });
    log.debug({ sha: target.headSha, apiCalls }, "review done");
    return { conclusion: platform.conclusion, findings: outcome.kind === "reviewed" ? outcome.report.findings.length : 0, apiCalls, checkRunId: slot.checkRunId! };
  } finally {
    slot.dispose();
    hooks.signal?.removeEventListener("abort", stop);
  }
}

/** The job's own run, or (a job resumed after a crash) the newest unfinished run this App left on the head. */
async function existingCheckRun(deps: JobDeps, target: ChangeTarget, hooks: CheckHooks): Promise<number | undefined> {
  if (hooks.checkRunId !== undefined) return hooks.checkRunId;
  if (!hooks.adoptFrom) return undefined;
  const repo = { owner: target.owner, repo: target.repo };
  const [newest, ...older] = await unfinishedCheckRuns(deps.octokit, repo, target.headSha, hooks.adoptFrom.appId);
  for (const id of older) {
    await completeCheckRun(deps.octokit, repo, id, {
      conclusion: "failure",
      annotations: [],
      output: { title: "Superseded by a newer run of this check", summary: `This run was interrupted; check run ${newest} reviews the same commit.`, text: "" },
      completedAt: deps.now(),
    });
  }
  if (newest !== undefined) deps.log.info({ sha: target.headSha, checkRun: newest }, "resuming the check run an interrupted review left in progress");
  return newest;
}
