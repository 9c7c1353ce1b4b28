/**
 * One review of one pull request head: check run in progress → policy from the base → files → engine →
 * inline review → check run completed. Every path ends with the check run completed: a broken policy file is a
 * failing check with annotations on its lines, an internal error a failing check that says to re-run.
 */
import type { Logger } from "probot";
import { ConfigError, loadPolicy } from "../../policy/load.js";
import type { LoadedPacks } from "../../engine/rules/pack.js";
import { isBlocking, runScan, type ScanReport } from "../../engine/scan.js";
import { scrub } from "../../engine/findings/mask.js";
import { checkOutput, type CheckOutput, type InlineStats } from "../../reporters/summary.js";
import { toAnnotation, type CheckAnnotation } from "./finding-text.js";
import { planReview } from "./review-plan.js";
import { completeCheckRun, startCheckRun } from "./check-run.js";
import { resolveThreads } from "./review-threads.js";
import { statusOf, readFileAt, type GitHubClient } from "./github-client.js";
import { dependencyGraphLicenses } from "./dependency-graph-licenses.js";
import type { Catalogue } from "../../vendors/catalogue.js";

/** The organisation's .hipaa.yml from its .github repository (default branch); undefined when absent. */
function readOrgPolicy(octokit: GitHubClient, owner: string): Promise<string | undefined> {
  return readFileAt(octokit, { owner, repo: ".github" }, ".hipaa.yml");
}
import { pullRequestSource, type PullTarget } from "./pull-request-source.js";
import { applyWaivers } from "../../policy/waivers.js";
import { collectWaivers } from "./waiver-commands.js";

export interface JobDeps {
  octokit: GitHubClient;
  log: Logger;
  packs: LoadedPacks;
  /** The built-in vendor catalogue (rules/vendors/catalogue.yml). */
  vendorCatalogue: Catalogue;
  now: () => Date;
  inlineCommentCap: number;
  /** Whether the pull request's author may waive their own findings. */
  allowAuthorWaivers: boolean;
}

export interface JobResult {
  conclusion: "success" | "failure" | "neutral";
  findings: number;
  apiCalls: number;
}

export async function reviewPullRequest(deps: JobDeps, target: PullTarget): Promise<JobResult> {
  const { octokit, log } = deps;
  let apiCalls = 0;
  octokit.hook.after("request", () => {
    apiCalls++;
  });
  const repo = { owner: target.owner, repo: target.repo };
  const checkRunId = await startCheckRun(octokit, repo, target.headSha, deps.now());
  let completion: { conclusion: "success" | "failure" | "neutral"; output: CheckOutput; annotations: CheckAnnotation[] };
  let findings = 0;
  try {
    const report = await scanPullRequest(deps, target);
    findings = report.report.findings.length;
    completion = report.completion;
  } catch (error) {
    completion = error instanceof ConfigError ? configErrorCompletion(error, target) : internalErrorCompletion(error, log, target);
  }
  try {
    await completeCheckRun(octokit, repo, checkRunId, { ...completion, completedAt: deps.now() });
  } catch (error) {
    log.error({ pr: target.pull_number, status: statusOf(error) }, `could not complete the check run: ${scrub((error as Error).message)}`);
    // Last resort: a bare completion without annotations, so a required check is never stuck pending.
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      status: "completed",
      conclusion: "failure",
      completed_at: deps.now().toISOString(),
      output: { title: "hipaa-review could not publish its report", summary: "Publishing the report to GitHub failed. Re-run the check; if it keeps failing, see the app's logs." },
    });
  }
  log.debug({ pr: target.pull_number, sha: target.headSha, apiCalls }, "review done");
  return { conclusion: completion.conclusion, findings, apiCalls };
}

async function scanPullRequest(deps: JobDeps, target: PullTarget) {
  const { octokit, log } = deps;
  const repo = { owner: target.owner, repo: target.repo };
  const baseLabel = `${target.baseRef}@${target.baseSha.slice(0, 7)}`;
  // Licenses of new dependencies the change does not record; asked at most once, and only when needed.
  const licenseLookup = dependencyGraphLicenses(octokit, repo, target.baseSha, target.headSha);
  const loaded = await loadPolicy({
    packs: deps.packs,
    readBase: (path) => readFileAt(octokit, repo, path, target.baseSha),
    baseLabel,
    vendorCatalogue: deps.vendorCatalogue,
    licenseLookup,
    // `extends: org`: the organisation's policy lives in its .github repository, on that repository's default branch.
    readOrg: async () => {
      const text = await readOrgPolicy(octokit, target.owner);
      if (text === undefined) return undefined;
      const orgRepo = { owner: target.owner, repo: ".github" };
      return { text, label: `${target.owner}/.github:.hipaa.yml`, readFile: (path) => readFileAt(octokit, orgRepo, path), fileLabel: (path) => `${target.owner}/.github:${path}` };
    },
  });
  if (target.draft && loaded.policy.reviewDrafts === false) {
    return {
      report: { findings: [] },
      completion: {
        conclusion: "neutral" as const,
        annotations: [],
        output: { title: "Draft not reviewed", summary: `The policy (${loaded.policy.source}) sets \`review_drafts: false\`; the review runs when the pull request is marked ready for review.`, text: "" },
      },
    };
  }
  const source = await pullRequestSource(octokit, target);
  const today = deps.now().toISOString().slice(0, 10);
  const scanned = await runScan({
    ruleset: loaded.ruleset,
    ...(loaded.lockedRuleset ? { lockedRuleset: loaded.lockedRuleset } : {}),
    policy: loaded.policy,
    source,
    today,
    policyFiles: loaded.policyFiles,
  });
  if (licenseLookup.unavailable) log.debug({ pr: target.pull_number }, `license data: ${licenseLookup.unavailable}; using what the change records`);
  const collected = await collectWaivers(octokit, repo, target.pull_number, target.author, loaded.policy.allowAuthorWaivers ?? deps.allowAuthorWaivers);
  const waived = applyWaivers(scanned.findings, collected.waivers, today);
  const report: ScanReport = {
    ...scanned,
    findings: waived.findings,
    notices: [
      ...source.notices,
      ...scanned.notices,
      ...waived.unused.map(({ waiver, why }) => ({ message: `Waiver by @${waiver.by} for \`${waiver.target}\` (${waiver.reason}) ${why}.` })),
      ...collected.refused.map((r) => ({ message: `A waiver command by @${r.login} was not accepted: ${r.why} (${r.url}).` })),
    ],
  };

  let inline: InlineStats | undefined;
  try {
    inline = await publishReview({ ...deps, inlineCommentCap: loaded.policy.inlineCommentCap ?? deps.inlineCommentCap }, target, report, source.commentable);
  } catch (error) {
    // The check run still carries every finding; the review is a convenience on top.
    log.warn({ pr: target.pull_number, status: statusOf(error) }, `inline review not posted: ${scrub((error as Error).message)}`);
    report.notices.push({ message: "The inline review could not be posted (see the app's logs); every finding is listed here and as an annotation." });
  }
  const blocking = report.findings.some((f) => isBlocking(f, report.failOn));
  return {
    report,
    completion: {
      conclusion: blocking ? ("failure" as const) : ("success" as const),
      output: checkOutput(report, inline),
      annotations: report.findings.filter((f) => !f.suppression).map((f) => toAnnotation(f, isBlocking(f, report.failOn))),
    },
  };
}

async function publishReview(deps: JobDeps, target: PullTarget, report: ScanReport, commentable: (path: string, line: number) => boolean): Promise<InlineStats> {
  const { octokit } = deps;
  const pr = { owner: target.owner, repo: target.repo, pull_number: target.pull_number };
  const [existingComments, existingReviews] = await Promise.all([
    octokit.paginate(octokit.rest.pulls.listReviewComments, { ...pr, per_page: 100 }),
    octokit.paginate(octokit.rest.pulls.listReviews, { ...pr, per_page: 100 }),
  ]);
  const plan = planReview({
    findings: report.findings,
    failOn: report.failOn,
    headSha: target.headSha,
    commentable,
    existingComments: existingComments.filter((c) => c.body.includes("hipaa-review:finding")).map((c) => ({ id: c.id, body: c.body })),
    existingReviews: existingReviews.filter((r) => (r.body ?? "").includes("hipaa-review:")).map((r) => ({ body: r.body })),
    cap: deps.inlineCommentCap,
  });
  if (plan.review) {
    await octokit.rest.pulls.createReview({ ...pr, commit_id: target.headSha, event: "COMMENT", body: plan.review.body, comments: plan.review.comments });
  }
  for (const r of plan.resolve) {
    await octokit.rest.pulls.updateReviewComment({ owner: target.owner, repo: target.repo, comment_id: r.id, body: r.body });
  }
  await resolveThreads(octokit, pr, plan.resolve.map((r) => r.id), deps.log);
  return plan.stats;
}

function configErrorCompletion(error: ConfigError, target: PullTarget) {
  const annotations: CheckAnnotation[] = error.errors.map((e) => ({
    path: e.file.replace(/ at .*$/, ""),
    start_line: e.line,
    end_line: e.line,
    annotation_level: "failure",
    title: `Invalid policy: ${e.key || "file"}`.slice(0, 255),
    message: e.message,
  }));
  const list = error.errors.map((e) => `- \`${e.file}\` line ${e.line}, column ${e.column}: \`${e.key}\` ${e.message}`).join("\n");
  return {
    conclusion: "failure" as const,
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

function internalErrorCompletion(error: unknown, log: Logger, target: PullTarget) {
  log.error({ pr: target.pull_number, sha: target.headSha, status: statusOf(error) }, `review failed: ${scrub((error as Error)?.message ?? String(error))}`);
  return {
    conclusion: "failure" as const,
    annotations: [],
    output: {
      title: "hipaa-review could not complete the review",
      summary:
        "An internal error stopped the review, so this check fails closed rather than letting an unreviewed change merge. " +
        "Re-run the check (the button above); if it keeps failing, the app's logs hold the cause.",
      text: "",
    },
  };
}
