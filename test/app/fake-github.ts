// A strict nock stand-in for the GitHub REST API a pull-request review uses. Writes (check runs, reviews,
// comment edits) are recorded and validated against GitHub's OpenAPI description; reads are served from
// the scenario's fixtures (404 for files that do not exist at that revision), the pull request's timeline from its
// issue comments and reviews. `requests` holds every request the review made (`reads` and writes alike), in order.
import nock from "nock";
import { validate as validateGraphql } from "@octokit/graphql-schema";
import { validateGitHubRequest } from "./openapi-validator.js";

export const API = "https://api.github.com";

export interface PullFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  patch?: string;
  previous_filename?: string;
  additions?: number;
  deletions?: number;
  changes?: number;
}

export interface Scenario {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
  installationId: number;
  /** Files at the base revision (policy is read from here). */
  base?: Record<string, string>;
  /** Files at the head revision (whole-file reads). */
  head?: Record<string, string>;
  files: PullFile[];
  existingComments?: { id: number; body: string; path: string; line: number }[];
  existingReviews?: { id: number; body: string }[];
  /** Issue comments on the PR (where `/hipaa waive` commands live). */
  issueComments?: { id: number; body: string; user: { login: string; type: string }; created_at?: string }[];
  /** Permission level per login, for the collaborator permission API. */
  permissions?: Record<string, string>;
  /** Review threads GitHub's GraphQL API lists for the PR (first comment's REST id); registers the GraphQL stand-in. */
  reviewThreads?: { id: string; isResolved: boolean; commentId: number }[];
  /** Status to answer the compare (the change's file list) with (e.g. 500 to force an internal error). */
  filesStatus?: number;
  /** Milliseconds GitHub takes to answer the compare (a slow review). */
  filesDelayMs?: number;
  /** The compare is answered once this resolves (a review held as long as a test needs). */
  filesHeld?: () => Promise<void>;
}

export interface Recorded {
  method: string;
  path: string;
  body: any;
}

export interface FakeGitHub {
  requests: Recorded[];
  /** Every request to the API but the installation token's, in order: what the budget counts. */
  calls: string[];
  invalid: string[];
  writes(method: string, pathPart: string): Recorded[];
  /** The body that completed the check run: its create (a quick review) or the update that completed it. */
  completion(): any;
}

/** GitHub's compare answer for a change: the merge base and the files (the commit list is not read). */
export function compareBody(baseSha: string, files: PullFile[]): object {
  return { status: "ahead", merge_base_commit: { sha: baseSha }, commits: [], files };
}

export function patchOf(lines: string[], start = 1): string {
  return [`@@ -0,0 +${start},${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n");
}

export function fileEntry(filename: string, lines: string[]): PullFile {
  return { filename, status: "added", patch: patchOf(lines), additions: lines.length, deletions: 0, changes: lines.length };
}

/** The pull request's timeline as GitHub lists it: its comments and reviews, oldest first (only what the App reads). */
export function timelineOf(s: Pick<Scenario, "owner" | "repo" | "number" | "issueComments" | "existingReviews">): object[] {
  return [
    ...(s.issueComments ?? []).map((c) => ({ event: "commented", created_at: "2026-11-20T09:00:00Z", html_url: `https://github.com/${s.owner}/${s.repo}/pull/${s.number}#issuecomment-${c.id}`, ...c })),
    ...(s.existingReviews ?? []).map((r) => ({ event: "reviewed", id: r.id, body: r.body, state: "commented", user: { login: "hipaa-review[bot]", type: "Bot" } })),
  ];
}

/**
 * Registers the interceptors; `expect.reviews` etc. are counts of write calls the test expects (strict).
 * `checkUpdates` counts check-run updates after the create: 0 for a quick review, whose create completes the run.
 */
export function fakeGitHub(s: Scenario, expect: { checkUpdates: number; reviews: number; commentEdits?: number; checkCreates?: number }): FakeGitHub {
  const requests: Recorded[] = [];
  const calls: string[] = [];
  const invalid: string[] = [];
  const repoPath = `/repos/${s.owner}/${s.repo}`;
  const record = (method: string) =>
    function (this: unknown, path: string, body: unknown) {
      requests.push({ method, path, body });
      invalid.push(...validateGitHubRequest(method, path, body));
    };

  const api = nock(API);
  api.on("request", (req: { method: string; path: string }) => {
    if (!req.path.includes("/access_tokens")) calls.push(`${req.method} ${req.path}`);
  });
  api.post(`/app/installations/${s.installationId}/access_tokens`).optionally().reply(201, { token: "ghs_test", expires_at: "2999-01-01T00:00:00Z", permissions: { checks: "write", pull_requests: "write", contents: "read", metadata: "read" } }).persist();

  api.post(`${repoPath}/check-runs`).times(expect.checkCreates ?? 1).reply(201, (path, body) => {
    record("POST")(path, body);
    return { id: 4242 };
  });
  if (expect.checkUpdates > 0) {
    api.patch(`${repoPath}/check-runs/4242`).times(expect.checkUpdates).reply(200, (path, body) => {
      record("PATCH")(path, body);
      return { id: 4242 };
    });
  }
  // Reads: the policy at the base sha, whole files at the head sha.
  api
    .get(new RegExp(`^${repoPath}/contents/.+`))
    .query(true)
    .reply((uri) => {
      const url = new URL(uri, API);
      const path = decodeURIComponent(url.pathname.slice(`${repoPath}/contents/`.length));
      const ref = url.searchParams.get("ref");
      const files = ref === s.baseSha ? s.base : ref === s.headSha ? s.head : undefined;
      const text = files?.[path];
      requests.push({ method: "GET", path: uri, body: undefined });
      return text === undefined ? [404, { message: "Not Found" }] : [200, text, { "content-type": "application/vnd.github.raw" }];
    })
    .persist();
  // The change, pinned to the two shas (never the pull request's current file listing).
  api
    .get(`${repoPath}/compare/${s.baseSha}...${s.headSha}`)
    .query({ per_page: "1", page: "1" })
    .delay(s.filesDelayMs ?? 0)
    .reply(async () => {
      await s.filesHeld?.();
      return [s.filesStatus ?? 200, s.filesStatus ? { message: "Server Error" } : compareBody(s.baseSha, s.files)];
    });
  if (!s.filesStatus) {
    // Listed only when an earlier inline comment is to be resolved (or an older version posted the earlier review).
    api.get(`${repoPath}/pulls/${s.number}/comments`).query({ per_page: "100" }).optionally().reply(200, (s.existingComments ?? []).map((c) => ({ ...c, user: { login: "hipaa-review[bot]", type: "Bot" } })));
    api.get(`${repoPath}/issues/${s.number}/timeline`).query({ per_page: "100" }).reply(200, timelineOf(s));
    for (const [login, permission] of Object.entries(s.permissions ?? {})) {
      api.get(`${repoPath}/collaborators/${login}/permission`).reply(200, { permission: permission === "maintain" ? "write" : permission, role_name: permission, user: { login } });
    }
  }
  if (expect.reviews > 0) {
    api.post(`${repoPath}/pulls/${s.number}/reviews`).times(expect.reviews).reply(200, (path, body) => {
      record("POST")(path, body);
      return { id: 777 };
    });
  }
  if (expect.commentEdits) {
    api.patch(new RegExp(`^${repoPath}/pulls/comments/\\d+$`)).times(expect.commentEdits).reply(200, (path, body) => {
      record("PATCH")(path, body);
      return { id: 1 };
    });
  }
  if (s.reviewThreads) {
    // Two GraphQL requests: the thread listing, then one mutation resolving the fixed findings' threads.
    api.post("/graphql").times(2).reply(200, (path, body: any) => {
      requests.push({ method: "GRAPHQL", path, body });
      invalid.push(...validateGraphql(body.query).map((e) => `GraphQL: ${e.message}`));
      if (/^\s*query/.test(body.query)) {
        return { data: { repository: { pullRequest: { reviewThreads: {
          nodes: s.reviewThreads!.map((t) => ({ id: t.id, isResolved: t.isResolved, comments: { nodes: [{ databaseId: t.commentId }] } })),
          pageInfo: { hasNextPage: false, endCursor: null },
        } } } } };
      }
      return { data: Object.fromEntries(Object.entries(body.variables ?? {}).map(([k, id]) => [k, { thread: { id, isResolved: true } }])) };
    });
  }
  const writes = (method: string, part: string) => requests.filter((r) => r.method === method && r.path.includes(part));
  const completion = () => [...writes("POST", "/check-runs"), ...writes("PATCH", "/check-runs/")].find((r) => r.body?.status === "completed")?.body;
  return { requests, calls, invalid, writes, completion };
}
