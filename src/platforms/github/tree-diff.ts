/**
 * The complete list of a large change's files, from the two commits' recursive trees: every path whose blob differs,
 * exact renames recognised by their blob, submodules left out (nothing to read in them). Used past the compare
 * endpoint's 300-file cap. A tree GitHub truncates (over 100,000 entries or 7 MB), or a change over our bound,
 * cannot be read completely, so it is an IncompleteChangeError: the check fails closed and says what to do.
 * The files' contents are read in batches through GraphQL (up to 100 blobs a query, where REST needs one request
 * each), falling back to the REST blob endpoint for a blob GraphQL truncates or does not answer.
 */
import type { FileStatus } from "../../engine/types.js";
import type { GitHubClient, RepoRef } from "./github-client.js";
import { MAX_TREE_DIFF_FILES } from "./limits.js";

export interface TreeChange {
  path: string;
  oldPath?: string;
  status: FileStatus;
  baseBlob?: string;
  headBlob?: string;
  /** Bytes of the base and head blobs (from the trees), for batching their reads. */
  baseSize?: number;
  headSize?: number;
}

interface Blob {
  sha: string;
  size: number;
}

/** The change could not be read whole; `reason` says why and `advice` what to do. */
export class IncompleteChangeError extends Error {
  constructor(readonly reason: string, readonly advice: string) {
    super(reason);
  }
}

async function blobsOf(octokit: GitHubClient, repo: RepoRef, commit: string): Promise<Map<string, Blob>> {
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: commit, recursive: "1" });
  if (data.truncated) {
    throw new IncompleteChangeError(
      `the change lists more than 300 files and the repository's tree at ${commit.slice(0, 7)} is larger than GitHub's tree listing returns (100,000 entries or 7 MB)`,
      "split the change into smaller pull requests, or run `npx hipaa-review scan --base <base branch>` on the branch",
    );
  }
  const blobs = new Map<string, Blob>();
  for (const entry of data.tree) if (entry.type === "blob" && entry.path && entry.sha) blobs.set(entry.path, { sha: entry.sha, size: entry.size ?? 0 });
  return blobs;
}

export async function treeChanges(octokit: GitHubClient, repo: RepoRef, baseCommit: string, headCommit: string): Promise<TreeChange[]> {
  const [base, head] = await Promise.all([blobsOf(octokit, repo, baseCommit), blobsOf(octokit, repo, headCommit)]);
  const changes: TreeChange[] = [];
  const gone = new Map<string, string>(); // blob → a deleted path, for exact renames
  for (const [path, blob] of base) if (!head.has(path)) gone.set(blob.sha, path);
  const renamedFrom = new Set<string>();
  for (const [path, blob] of head) {
    const before = base.get(path);
    if (before?.sha === blob.sha) continue;
    const headSide = { headBlob: blob.sha, headSize: blob.size };
    if (before !== undefined) {
      changes.push({ path, status: "modified", baseBlob: before.sha, baseSize: before.size, ...headSide });
      continue;
    }
    const oldPath = gone.get(blob.sha);
    if (oldPath !== undefined && !renamedFrom.has(oldPath)) {
      renamedFrom.add(oldPath);
      changes.push({ path, oldPath, status: "renamed", baseBlob: blob.sha, baseSize: blob.size, ...headSide });
    } else {
      changes.push({ path, status: "added", ...headSide });
    }
  }
  for (const [path, blob] of base) if (!head.has(path) && !renamedFrom.has(path)) changes.push({ path, status: "deleted", baseBlob: blob.sha, baseSize: blob.size });
  if (changes.length > MAX_TREE_DIFF_FILES) {
    throw new IncompleteChangeError(
      `the change has ${changes.length} changed files, more than the ${MAX_TREE_DIFF_FILES} the App reads through GitHub's API in one review`,
      "split the change into smaller pull requests, or run `npx hipaa-review scan --base <base branch>` on the branch",
    );
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A blob's text (decoded as UTF-8; a binary blob keeps its NUL bytes, which callers test for). */
export async function readBlob(octokit: GitHubClient, repo: RepoRef, sha: string): Promise<string> {
  const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
  return Buffer.from(data.content, (data.encoding as BufferEncoding | undefined) ?? "base64").toString("utf8");
}

/** Blobs per GraphQL query, bytes per query, and the largest blob read through GraphQL (larger ones: REST). */
const PER_QUERY = 100;
const BYTES_PER_QUERY = 4 * 1024 * 1024;
const MAX_GRAPHQL_BLOB = 1024 * 1024;

/** The GraphQL query reading `count` blobs by oid, one aliased field each. Exported for tests. */
export function blobsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `, $o${i}: GitObjectID!`).join("");
  const fields = Array.from({ length: count }, (_, i) => `    b${i}: object(oid: $o${i}) { ... on Blob { text isBinary isTruncated } }`).join("\n");
  return `query($owner: String!, $repo: String!${vars}) {\n  repository(owner: $owner, name: $repo) {\n${fields}\n  }\n}`;
}

type BlobAnswer = { text: string | null; isBinary: boolean | null; isTruncated: boolean } | null;

/** Groups blobs into GraphQL queries by count and bytes, in order. */
export function blobBatches(blobs: Blob[]): Blob[][] {
  const batches: Blob[][] = [];
  let batch: Blob[] = [];
  let bytes = 0;
  for (const blob of blobs) {
    if (batch.length > 0 && (batch.length >= PER_QUERY || bytes + blob.size > BYTES_PER_QUERY)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(blob);
    bytes += blob.size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * The texts of many blobs: small ones through GraphQL in batches, the rest (large, truncated, unanswered) through
 * REST. A binary blob's text is "\u0000" (callers test for NUL).
 */
export async function readBlobs(octokit: GitHubClient, repo: RepoRef, blobs: Blob[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const unique = [...new Map(blobs.map((b) => [b.sha, b])).values()];
  const viaRest: string[] = unique.filter((b) => b.size > MAX_GRAPHQL_BLOB).map((b) => b.sha);
  for (const batch of blobBatches(unique.filter((b) => b.size <= MAX_GRAPHQL_BLOB))) {
    const variables = Object.fromEntries(batch.map((b, i) => [`o${i}`, b.sha]));
    const data = await octokit.graphql<{ repository: Record<string, BlobAnswer> | null }>(blobsQuery(batch.length), { owner: repo.owner, repo: repo.repo, ...variables });
    batch.forEach((b, i) => {
      const answer = data.repository?.[`b${i}`];
      if (answer?.isBinary) texts.set(b.sha, "\u0000");
      else if (answer && typeof answer.text === "string" && !answer.isTruncated) texts.set(b.sha, answer.text);
      else viaRest.push(b.sha);
    });
  }
  for (const sha of viaRest) texts.set(sha, await readBlob(octokit, repo, sha));
  return texts;
}
