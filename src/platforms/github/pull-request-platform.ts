/**
 * A pull request as the review's platform: the base through the contents API at the base sha, the change from the
 * pull request's file listing, waivers from `/hipaa waive` comments, and the outcome published as one review of
 * inline comments plus the completed `HIPAA compliance` check run. GitHub's limits live here and in its helpers.
 */
import { isBlocking, type Report } from "../../engine/report.js";
import { DiffError } from "../../engine/diff/diff-error.js";
import { ScanBudgetError } from "../../engine/scan.js";
import { waives } from "../../engine/types.js";
import { redact } from "../../engine/findings/redact.js";
import type { Policy } from "../../policy/config.js";
import type { ConfigError } from "../../policy/load.js";
import type { OrgPolicySource } from "../../policy/plugins.js";
import { checkOutput, type CheckOutput, type InlineStats } from "../../reporters/summary.js";
import type { PlatformWaivers, ReviewOutcome, ReviewPlatform } from "../../review/platform.js";
import type { LicenseLookup } from "../../vendors/types.js";
import { completeCheckRun } from "./check-run.js";
import { dependencyGraphLicenses } from "./dependency-graph-licenses.js";
import { toAnnotation, type CheckAnnotation } from "./finding-text.js";
import { readFileAt, statusOf, type RepoRef } from "./github-client.js";
import { GITHUB_LIMITS } from "./limits.js";
import { pullRequestSource, type PullRequestSource, type PullTarget } from "./pull-request-source.js";
import type { JobDeps } from "./job.js";
import { publishInlineReview } from "./inline-review.js";
import { collectWaivers } from "./waiver-commands.js";

type Conclusion = "success" | "failure" | "neutral";

interface Completion {
  conclusion: Conclusion;
  output: CheckOutput;
  annotations: CheckAnnotation[];
}

export class PullRequestPlatform implements ReviewPlatform {
  readonly baseLabel: string;
  readonly licenseLookup: LicenseLookup & { unavailable?: string };
  /** The check run's conclusion once published. */
  conclusion: Conclusion = "failure";
  private readonly repo: RepoRef;
  private source: PullRequestSource | undefined;

  constructor(private readonly deps: JobDeps, private readonly target: PullTarget, private readonly checkRunId: number) {
    this.repo = { owner: target.owner, repo: target.repo };
    this.baseLabel = `${target.baseRef}@${target.baseSha.slice(0, 7)}`;
    // Licenses of new dependencies the change does not record; asked at most once, and only when needed.
    this.licenseLookup = dependencyGraphLicenses(deps.octokit, this.repo, target.baseSha, target.headSha);
  }

  readBase(path: string): Promise<string | undefined> {
    return readFileAt(this.deps.octokit, this.repo, path, this.target.baseSha);
  }

  /** `extends: org`: the organisation's policy lives in its .github repository, on that repository's default branch. */
  async readOrg(): Promise<OrgPolicySource | undefined> {
    const { octokit } = this.deps;
    const orgRepo = { owner: this.target.owner, repo: ".github" };
    const text = await readFileAt(octokit, orgRepo, ".hipaa.yml");
    if (text === undefined) return undefined;
    return { text, label: `${this.target.owner}/.github:.hipaa.yml`, readFile: (path) => readFileAt(octokit, orgRepo, path), fileLabel: (path) => `${this.target.owner}/.github:${path}` };
  }

  skip(policy: Policy): { title: string; summary: string } | undefined {
    if (!this.target.draft || policy.reviewDrafts !== false) return undefined;
    return { title: "Draft not reviewed", summary: `The policy (${policy.source}) sets \`review_drafts: false\`; the review runs when the pull request is marked ready for review.` };
  }

  async change(): Promise<PullRequestSource> {
    this.source = await pullRequestSource(this.deps.octokit, this.target);
    return this.source;
  }

  async waivers(policy: Policy): Promise<PlatformWaivers> {
    return collectWaivers(this.deps.octokit, this.repo, this.target.pull_number, this.target.author, policy.allowAuthorWaivers ?? this.deps.allowAuthorWaivers);
  }

  async publish(outcome: ReviewOutcome): Promise<void> {
    const completion = await this.completion(outcome);
    this.conclusion = completion.conclusion;
    const { octokit, log } = this.deps;
    try {
      await completeCheckRun(octokit, this.repo, this.checkRunId, { ...completion, completedAt: this.deps.now() });
    } catch (error) {
      log.error({ pr: this.target.pull_number, status: statusOf(error) }, `could not complete the check run: ${redact((error as Error).message)}`);
      // Last resort: a bare completion without annotations, so a required check is never stuck pending.
      this.conclusion = "failure";
      await octokit.rest.checks.update({
        ...this.repo,
        check_run_id: this.checkRunId,
        status: "completed",
        conclusion: "failure",
        completed_at: this.deps.now().toISOString(),
        output: { title: "hipaa-review could not publish its report", summary: "Publishing the report to GitHub failed. Re-run the check; if it keeps failing, see the app's logs." },
      });
    }
  }

  private async completion(outcome: ReviewOutcome): Promise<Completion> {
    switch (outcome.kind) {
      case "reviewed":
        return this.reviewed(outcome.report, outcome.loaded.policy);
      case "skipped":
        return { conclusion: "neutral", annotations: [], output: { title: outcome.title, summary: outcome.summary, text: "" } };
      case "invalid-policy":
        return this.invalidPolicy(outcome.error);
      case "failed":
        return this.failed(outcome.error);
    }
  }

  private async reviewed(report: Report, policy: Policy): Promise<Completion> {
    if (this.licenseLookup.unavailable) this.deps.log.debug({ pr: this.target.pull_number }, `license data: ${this.licenseLookup.unavailable}; using what the change records`);
    let inline: InlineStats | undefined;
    try {
      inline = await publishInlineReview({ ...this.deps, inlineCommentCap: policy.inlineCommentCap ?? this.deps.inlineCommentCap }, this.target, report, this.source!.commentable);
    } catch (error) {
      // The check run still carries every finding; the review is a convenience on top.
      this.deps.log.warn({ pr: this.target.pull_number, status: statusOf(error) }, `inline review not posted: ${redact((error as Error).message)}`);
      report.notices.push({ message: "The inline review could not be posted (see the app's logs); every finding is listed here and as an annotation." });
    }
    const blocking = report.findings.some((f) => isBlocking(f, report.failOn));
    return {
      conclusion: blocking ? "failure" : "success",
      output: checkOutput(report, inline, GITHUB_LIMITS.maxTextLength),
      annotations: report.findings.filter((f) => !waives(f.waiver)).map((f) => toAnnotation(f, isBlocking(f, report.failOn))),
    };
  }

  private invalidPolicy(error: ConfigError): Completion {
    const { target } = this;
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

  private failed(error: unknown): Completion {
    if (error instanceof DiffError) {
      this.deps.log.warn({ pr: this.target.pull_number, sha: this.target.headSha }, `change unreadable: ${redact(error.message)}`);
      return {
        conclusion: "failure",
        annotations: [],
        output: {
          title: "hipaa-review could not read the change",
          summary: `The pull request's change could not be read (${redact(error.reason)}), so it was not reviewed; this check fails closed rather than passing what was not read. Re-run the check; if it fails again, the change may hold a file GitHub cannot diff — run \`npx hipaa-review scan --base ${this.target.baseRef}\` on the branch.`,
          text: "",
        },
      };
    }
    if (error instanceof ScanBudgetError) {
      this.deps.log.warn({ pr: this.target.pull_number, sha: this.target.headSha, path: error.path }, `review stopped: ${error.message}`);
      return {
        conclusion: "failure",
        annotations: [],
        output: {
          title: "hipaa-review ran out of time",
          summary:
            `The review stopped: ${redact(error.message)}. This check fails closed rather than passing what was not read. ` +
            `Re-run the check; if it stops again, split the change, or raise ${error.limit === "file" ? "HIPAA_FILE_TIME_LIMIT" : "HIPAA_REVIEW_TIME_LIMIT"} where the app runs.`,
          text: "",
        },
      };
    }
    this.deps.log.error({ pr: this.target.pull_number, sha: this.target.headSha, status: statusOf(error) }, `review failed: ${redact((error as Error)?.message ?? String(error))}`);
    return {
      conclusion: "failure",
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
}
