/**
 * One review of one pull request head on GitHub: the check run is created in progress, the review runs through the
 * platform-free pipeline with this pull request as its platform, and the outcome completes the check run. Every path
 * ends with the check run completed: a broken policy file is a failing check with annotations on its lines, an
 * internal error a failing check that says to re-run.
 */
import { DEFAULT_TIME_LIMITS, runReview } from "../../review/review.js";
import { budgetOf } from "../../review/time-limits.js";
import { startCheckRun } from "./check-run.js";
import type { JobDeps, JobResult } from "./job.js";
import { PullRequestPlatform } from "./pull-request-platform.js";
import type { PullTarget } from "./pull-request-source.js";

export type { JobDeps, JobResult } from "./job.js";

export async function reviewPullRequest(deps: JobDeps, target: PullTarget): Promise<JobResult> {
  const { octokit, log } = deps;
  let apiCalls = 0;
  octokit.hook.after("request", () => {
    apiCalls++;
  });
  const checkRunId = await startCheckRun(octokit, { owner: target.owner, repo: target.repo }, target.headSha, deps.now());
  const platform = new PullRequestPlatform(deps, target, checkRunId);
  const outcome = await runReview(platform, {
    packs: deps.packs,
    vendorCatalogue: deps.vendorCatalogue,
    today: deps.now().toISOString().slice(0, 10),
    budget: budgetOf(deps.timeLimits ?? DEFAULT_TIME_LIMITS, deps.monotonic ?? (() => performance.now())),
  });
  log.debug({ pr: target.pull_number, sha: target.headSha, apiCalls }, "review done");
  return { conclusion: platform.conclusion, findings: outcome.kind === "reviewed" ? outcome.report.findings.length : 0, apiCalls };
}
