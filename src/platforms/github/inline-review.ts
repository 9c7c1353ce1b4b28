/**
 * The one review a head sha gets on GitHub: reads the comments and reviews already posted, plans (review-plan.ts),
 * posts the new inline comments in one review, edits the comments of fixed findings into "resolved" and resolves
 * their threads.
 */
import type { Report } from "../../engine/report.js";
import type { InlineStats } from "../../reporters/summary.js";
import type { JobDeps } from "./job.js";
import type { PullTarget } from "./job.js";
import { planReview } from "./review-plan.js";
import { resolveThreads } from "./review-threads.js";

export async function publishInlineReview(deps: JobDeps, target: PullTarget, report: Report, commentable: (path: string, line: number) => boolean): Promise<InlineStats> {
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
