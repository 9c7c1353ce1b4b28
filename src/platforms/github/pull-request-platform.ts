/**
 * A pull request as the review's platform: what every GitHub change shares (github-platform.ts), plus its timeline
 * (read while the policy loads: the `/hipaa waive` comments and the App's earlier reviews), drafts left alone when the
 * policy says so, and one review of inline comments on the lines GitHub's diff shows, posted once the check run is
 * complete (the check's summary already counts what it posts).
 */
import type { Report } from "../../engine/report.js";
import { redact } from "../../engine/findings/redact.js";
import type { Policy } from "../../policy/config.js";
import type { PlatformWaivers } from "../../review/platform.js";
import { checkOutput } from "../../reporters/summary.js";
import { reviewedCompletion, type CheckCompletion } from "./check-completion.js";
import type { CheckSlot } from "./check-slot.js";
import { statusOf } from "./github-client.js";
import { GitHubPlatform } from "./github-platform.js";
import type { JobDeps, PullTarget } from "./job.js";
import { planInlineReview, type InlineReview } from "./inline-review.js";
import { GITHUB_LIMITS } from "./limits.js";
import { MAX_TIMELINE_PAGES, readTimeline, type PullTimeline } from "./pull-timeline.js";
import { waiversIn } from "./waiver-commands.js";

const NOT_POSTED = "The inline review could not be posted (see the app's logs); every finding is listed here and as an annotation.";

export class PullRequestPlatform extends GitHubPlatform {
  protected readonly what = "pull request";
  protected readonly logFields: Record<string, unknown>;
  private timeline: Promise<PullTimeline> | undefined;
  private inline: { review: InlineReview; report: Report } | undefined;

  constructor(deps: JobDeps, private readonly pull: PullTarget, slot: CheckSlot) {
    super(deps, pull, slot);
    this.logFields = { pr: pull.pull_number };
  }

  override prefetch(): void {
    super.prefetch();
    this.timeline ??= readTimeline(this.deps.octokit, { ...this.repo, pull_number: this.pull.pull_number });
    this.timeline.catch(() => undefined); // awaited by the stages that need it
  }

  private readTimeline(): Promise<PullTimeline> {
    this.prefetch();
    return this.timeline!;
  }

  skip(policy: Policy): { title: string; summary: string } | undefined {
    if (!this.pull.draft || policy.reviewDrafts !== false) return undefined;
    return { title: "Draft not reviewed", summary: `The policy (${policy.source}) sets \`review_drafts: false\`; the review runs when the pull request is marked ready for review.` };
  }

  async waivers(policy: Policy): Promise<PlatformWaivers> {
    const timeline = await this.readTimeline();
    if (timeline.truncated) {
      this.source?.notices.push({ message: `This pull request's timeline is longer than ${MAX_TIMELINE_PAGES * 100} events; /hipaa commands and earlier reviews past those were not read.` });
    }
    return waiversIn(this.deps.octokit, this.repo, timeline.comments, this.pull.author, policy.allowAuthorWaivers ?? this.deps.allowAuthorWaivers);
  }

  protected override async reviewed(report: Report, policy: Policy): Promise<CheckCompletion> {
    try {
      const { reviews } = await this.readTimeline();
      const review = await planInlineReview({ ...this.deps, inlineCommentCap: policy.inlineCommentCap ?? this.deps.inlineCommentCap }, this.pull, report, this.source!.commentable, reviews);
      this.inline = { review, report };
      return reviewedCompletion(report, review.stats);
    } catch (error) {
      // The check run still carries every finding; the review is a convenience on top.
      this.deps.log.warn({ ...this.logFields, status: statusOf(error) }, `inline review not planned: ${redact((error as Error).message)}`);
      report.notices.push({ message: NOT_POSTED });
      return reviewedCompletion(report, undefined);
    }
  }

  protected override async published(): Promise<void> {
    if (!this.inline) return;
    const { review, report } = this.inline;
    try {
      await review.post();
    } catch (error) {
      this.deps.log.warn({ ...this.logFields, status: statusOf(error) }, `inline review not posted: ${redact((error as Error).message)}`);
      report.notices.push({ message: NOT_POSTED });
      // The check is complete already: its summary now says so (its annotations stay as they are).
      await this.slot.amend(checkOutput(report, undefined, GITHUB_LIMITS.maxTextLength)).catch((e: unknown) => {
        this.deps.log.warn({ ...this.logFields, status: statusOf(e) }, `check summary not amended: ${redact((e as Error).message)}`);
      });
    }
  }
}
