/**
 * A pull request's timeline, read once per review and 100 events a request: its comments (where `/hipaa waive` and
 * `/hipaa approve` live) and its reviews (the App's own say which head they reviewed and which findings they commented
 * inline). One listing instead of three (issue comments, reviews, review comments) keeps a review's API calls within
 * its budget. Bounded: past MAX_PAGES requests the rest is not read, and the review says so.
 */
import type { GitHubClient } from "./github-client.js";

export interface TimelineComment {
  id: number;
  body?: string;
  user: { login: string; type?: string } | null;
  created_at: string;
  html_url: string;
}

export interface TimelineReview {
  body: string | null;
}

export interface PullTimeline {
  comments: TimelineComment[];
  reviews: TimelineReview[];
  /** True when the timeline had more than MAX_PAGES pages and the rest was not read. */
  truncated: boolean;
}

/** Requests per timeline at most (3,000 events). */
export const MAX_TIMELINE_PAGES = 30;

type TimelineEvent = { event?: string; id?: number; body?: string | null; user?: { login: string; type?: string } | null; created_at?: string; html_url?: string };

export async function readTimeline(octokit: GitHubClient, pr: { owner: string; repo: string; pull_number: number }): Promise<PullTimeline> {
  const timeline: PullTimeline = { comments: [], reviews: [], truncated: false };
  let pages = 0;
  const iterator = octokit.paginate.iterator(octokit.rest.issues.listEventsForTimeline, { owner: pr.owner, repo: pr.repo, issue_number: pr.pull_number, per_page: 100 });
  for await (const page of iterator) {
    for (const e of page.data as TimelineEvent[]) {
      if (e.event === "commented" && e.id !== undefined) {
        timeline.comments.push({ id: e.id, ...(typeof e.body === "string" ? { body: e.body } : {}), user: e.user ?? null, created_at: e.created_at ?? "", html_url: e.html_url ?? "" });
      } else if (e.event === "reviewed") {
        timeline.reviews.push({ body: e.body ?? null });
      }
    }
    if (++pages >= MAX_TIMELINE_PAGES) {
      timeline.truncated = page.data.length === 100;
      break;
    }
  }
  return timeline;
}
