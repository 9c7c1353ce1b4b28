/**
 * One review of one head on GitHub: the check run is created in progress (or the job's own run is reused, or an
 * unfinished one adopted after a crash), the review runs through the platform-free pipeline with the pull request
 * or merge group as its platform, and the outcome completes the check run. Every path ends with the check run
 * completed, or with an error thrown because GitHub refused even a bare completion (the App then leaves the run to
 * its recovery sweep).
 */
import { DEFAULT_TIME_LIMITS, runReview } from "../../review/review.js";
import { budgetOf } from "../../review/time-limits.js";
import { completeCheckRun, startCheckRun, unfinishedCheckRuns } from "./check-run.js";
import type { GitHubPlatform } from "./github-platform.js";
import type { ChangeTarget, CheckHooks, JobDeps, JobResult, MergeGroupTarget, PullTarget } from "./job.js";
import { MergeGroupPlatform } from "./merge-group-platform.js";
import { PullRequestPlatform } from "./pull-request-platform.js";

export type { CheckHooks, JobDeps, JobResult } from "./job.js";

export function reviewPullRequest(deps: JobDeps, target: PullTarget, hooks: CheckHooks = {}): Promise<JobResult> {
  return review(deps, target, hooks, (id) => new PullRequestPlatform(deps, target, id));
}

export function reviewMergeGroup(deps: JobDeps, target: MergeGroupTarget, hooks: CheckHooks = {}): Promise<JobResult> {
  return review(deps, target, hooks, (id) => new MergeGroupPlatform(deps, target, id));
}

async function review(deps: JobDeps, target: ChangeTarget, hooks: CheckHooks, platformFor: (checkRunId: number) => GitHubPlatform): Promise<JobResult> {
  const { octokit, log } = deps;
  let apiCalls = 0;
  octokit.hook.after("request", () => {
    apiCalls++;
  });
  const checkRunId = await checkRunFor(deps, target, hooks);
  await hooks.onCheck?.(checkRunId);
  const platform = platformFor(checkRunId);
  const outcome = await runReview(platform, {
    packs: deps.packs,
    vendorCatalogue: deps.vendorCatalogue,
    today: deps.now().toISOString().slice(0, 10),
    budget: budgetOf(deps.timeLimits ?? DEFAULT_TIME_LIMITS, deps.monotonic ?? (() => performance.now())),
  });
  log.debug({ sha: target.headSha, apiCalls }, "review done");
  return { conclusion: platform.conclusion, findings: outcome.kind === "reviewed" ? outcome.report.findings.length : 0, apiCalls, checkRunId };
}

async function checkRunFor(deps: JobDeps, target: ChangeTarget, hooks: CheckHooks): Promise<number> {
  if (hooks.checkRunId !== undefined) return hooks.checkRunId;
  const repo = { owner: target.owner, repo: target.repo };
  if (hooks.adoptFrom) {
    const [newest, ...older] = await unfinishedCheckRuns(deps.octokit, repo, target.headSha, hooks.adoptFrom.appId);
    for (const id of older) {
      await completeCheckRun(deps.octokit, repo, id, {
        conclusion: "failure",
        annotations: [],
        output: { title: "Superseded by a newer run of this check", summary: `This run was interrupted; check run ${newest} reviews the same commit.`, text: "" },
        completedAt: deps.now(),
      });
    }
    if (newest !== undefined) {
      deps.log.info({ sha: target.headSha, checkRun: newest }, "resuming the check run an interrupted review left in progress");
      return newest;
    }
  }
  return startCheckRun(deps.octokit, repo, target.headSha, deps.now());
}
