/**
 * A pull request as the review's platform: what every GitHub change shares (github-platform.ts), plus waivers from
 * `/hipaa waive` comments, drafts left alone when the policy says so, and one review of inline comments on the lines
 * GitHub's diff shows, published before the check run completes.
 */
import type { Report } from "../../engine/report.js";
import { redact } from "../../engine/findings/redact.js";
import type { Policy } from "../../policy/config.js";
import type { PlatformWaivers } from "../../review/platform.js";
import type { InlineStats } from "../../reporters/summary.js";
import { reviewedCompletion, type CheckCompletion } from "./check-completion.js";
import { statusOf } from "./github-client.js";
import { GitHubPlatform } from "./github-platform.js";
import type { JobDeps, PullTarget } from "./job.js";
import { publishInlineReview } from "./inline-review.js";
import { collectWaivers } from "./waiver-commands.js";

export class PullRequestPlatform extends GitHubPlatform {
  protected readonly what = "pull request";
  protected readonly logFields: Record<string, unknown>;

  constructor(deps: JobDeps, private readonly pull: PullTarget, checkRunId: number) {
    super(deps, pull, checkRunId);
    this.logFields = { pr: pull.pull_number };
  }

  skip(policy: Policy): { title: string; summary: string } | undefined {
    if (!this.pull.draft || policy.reviewDrafts !== false) return undefined;
    return { title: "Draft not reviewed", summary: `The policy (${policy.source}) sets \`review_drafts: false\`; the review runs when the pull request is marked ready for review.` };
  }

  async waivers(policy: Policy): Promise<PlatformWaivers> {
    return collectWaivers(this.deps.octokit, this.repo, this.pull.pull_number, this.pull.author, policy.allowAuthorWaivers ?? this.deps.allowAuthorWaivers);
  }

  protected override async reviewed(report: Report, policy: Policy): Promise<CheckCompletion> {
    let inline: InlineStats | undefined;
    try {
      inline = await publishInlineReview({ ...this.deps, inlineCommentCap: policy.inlineCommentCap ?? this.deps.inlineCommentCap }, this.pull, report, this.source!.commentable);
    } catch (error) {
      // The check run still carries every finding; the review is a convenience on top.
      this.deps.log.warn({ ...this.logFields, status: statusOf(error) }, `inline review not posted: ${redact((error as Error).message)}`);
      report.notices.push({ message: "The inline review could not be posted (see the app's logs); every finding is listed here and as an annotation." });
    }
    return reviewedCompletion(report, inline);
  }
}
