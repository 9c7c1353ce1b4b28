/**
 * The one review a head sha gets on GitHub: planned from the App's earlier reviews on the pull request's timeline
 * (their markers name the head they reviewed and the findings they commented inline), with the App's earlier inline
 * comments listed only when one is to be resolved (review-plan.ts `commentsNeeded`); posted after the check run
 * completes, so the check does not wait for it: the new inline comments in one review, the comments of fixed findings
 * edited into "resolved", and their threads resolved.
 */
import type { Report } from "../../engine/report.js";
import type { InlineStats } from "../../reporters/summary.js";
import type { JobDeps, PullTarget } from "./job.js";
import type { TimelineReview } from "./pull-timeline.js";
import { commentsNeeded, planReview, type ExistingComment } from "./review-plan.js";
import { resolveThreads } from "./review-threads.js";

/** Review comments listed per pull request at most (10 requests of 100). */
const MAX_COMMENT_PAGES = 10;

export interface InlineReview {
  stats: InlineStats;
  /** Posts what was planned (nothing when there is nothing new to say). */
  post(): Promise<void>;
}

export async function planInlineReview(deps: JobDeps, target: PullTarget, report: Report, commentable: (path: string, line: number) => boolean, timelineReviews: TimelineReview[]): Promise<InlineReview> {
  const { octokit } = deps;
  const pr = { owner: target.owner, repo: target.repo, pull_number: target.pull_number };
  const existingReviews = timelineReviews.filter((r) => (r.body ?? "").includes("hipaa-review:")).map((r) => ({ body: r.body }));
  const existingComments: ExistingComment[] = [];
  if (commentsNeeded(report.findings, existingReviews)) {
    let pages = 0;
    for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listReviewComments, { ...pr, per_page: 100 })) {
      for (const c of page.data) if (c.body.includes("hipaa-review:finding")) existingComments.push({ id: c.id, body: c.body });
      if (++pages >= MAX_COMMENT_PAGES) break;
    }
  }
  const plan = planReview({ findings: report.findings, failOn: report.failOn, headSha: target.headSha, commentable, existingComments, existingReviews, cap: deps.inlineCommentCap });
  return {
    stats: plan.stats,
    async post() {
      if (plan.review) {
        await octokit.rest.pulls.createReview({ ...pr, commit_id: target.headSha, event: "COMMENT", body: plan.review.body, comments: plan.review.comments });
      }
      for (const r of plan.resolve) {
        await octokit.rest.pulls.updateReviewComment({ owner: target.owner, repo: target.repo, comment_id: r.id, body: r.body });
      }
      await resolveThreads(octokit, pr, plan.resolve.map((r) => r.id), deps.log);
    },
  };
}
