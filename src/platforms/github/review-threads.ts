/**
 * Resolves the review threads of inline comments whose finding a later push fixed, so GitHub collapses them.
 * The REST API cannot resolve a thread; GraphQL can: one query lists the pull request's threads (with the
 * REST id of each thread's first comment), one mutation resolves them all. Best effort: the comment was already
 * edited to say "resolved", so a failure (an older GHES, a token without the scope) is logged, never fatal.
 */
import type { Logger } from "probot";
import { redact } from "../../engine/findings/redact.js";
import { statusOf, type GitHubClient } from "./github-client.js";

export interface PullRef {
  owner: string;
  repo: string;
  pull_number: number;
}

export const THREADS_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: { id: string; isResolved: boolean; comments: { nodes: { databaseId: number | null }[] } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } | null;
  } | null;
}

/** More threads than this on one pull request are not searched (10 queries). */
const MAX_PAGES = 10;
/** Threads resolved per mutation request. */
const PER_MUTATION = 50;

/** The GraphQL mutation resolving the given threads, one aliased field each. Exported for tests. */
export function resolveMutation(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$t${i}: ID!`).join(", ");
  const fields = Array.from({ length: count }, (_, i) => `  t${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`).join("\n");
  return `mutation(${vars}) {\n${fields}\n}`;
}

/** Resolves the open threads started by the given review comments; returns how many it resolved. */
export async function resolveThreads(octokit: GitHubClient, pr: PullRef, commentIds: number[], log: Logger): Promise<number> {
  if (commentIds.length === 0) return 0;
  const wanted = new Set(commentIds);
  try {
    const threadIds: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS_QUERY, { owner: pr.owner, repo: pr.repo, number: pr.pull_number, cursor });
      const threads = data.repository?.pullRequest?.reviewThreads;
      if (!threads) break;
      for (const t of threads.nodes) {
        const first = t.comments.nodes[0]?.databaseId;
        if (!t.isResolved && first != null && wanted.has(first)) threadIds.push(t.id);
      }
      if (!threads.pageInfo.hasNextPage || threadIds.length === wanted.size) break;
      cursor = threads.pageInfo.endCursor;
    }
    for (let i = 0; i < threadIds.length; i += PER_MUTATION) {
      const batch = threadIds.slice(i, i + PER_MUTATION);
      await octokit.graphql(resolveMutation(batch.length), Object.fromEntries(batch.map((id, j) => [`t${j}`, id])));
    }
    return threadIds.length;
  } catch (error) {
    log.warn({ pr: pr.pull_number, status: statusOf(error) }, `review threads of fixed findings not resolved (their comments say so): ${redact((error as Error).message)}`);
    return 0;
  }
}
