// Reading a change on GitHub pinned to its two shas: the compare endpoint for an ordinary change; past its 300-file cap,
// the two trees (renames by blob, submodules left out) with blobs read through GraphQL in batches; and the merge
// group's pull requests named by its ref and commit messages. GraphQL documents are checked against GitHub's schema.
import { validate as validateGraphql } from "@octokit/graphql-schema";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { githubChange } from "../../src/platforms/github/change-source.js";
import type { GitHubClient } from "../../src/platforms/github/github-client.js";
import { pullsInGroup } from "../../src/platforms/github/merge-group-platform.js";
import { blobBatches, blobsQuery, IncompleteChangeError } from "../../src/platforms/github/tree-diff.js";
import { API } from "./fake-github.js";

const repo = { owner: "o", repo: "r" };
const BASE = "1".repeat(40);
const HEAD = "2".repeat(40);
const target = { ...repo, baseSha: BASE, headSha: HEAD, baseRef: "main" };
const octokit = () => new Octokit({ auth: "t" }) as unknown as GitHubClient;

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("a change past the compare endpoint's 300 files", () => {
  const listed = Array.from({ length: 300 }, (_, i) => ({ filename: `gen/f${String(i).padStart(3, "0")}.js`, status: "added", sha: `a${i}`, changes: 1, patch: "@@ -0,0 +1 @@\n+x" }));
  const entry = (path: string, sha: string, type = "blob") => ({ path, sha, type, mode: "100644", size: 10 });

  it("reads every file from the two trees: renames by blob, modifications diffed, deletions, submodules left out", async () => {
    const api = nock(API);
    api.get(`/repos/o/r/compare/${BASE}...${HEAD}`).query(true).reply(200, { merge_base_commit: { sha: BASE }, commits: [], files: listed });
    api.get(`/repos/o/r/git/trees/${BASE}`).query({ recursive: "1" }).reply(200, { truncated: false, tree: [entry("old/name.js", "same"), entry("src/mod.js", "m0"), entry("gone.js", "g0"), entry("vendor/lib", "c0", "commit")] });
    api.get(`/repos/o/r/git/trees/${HEAD}`).query({ recursive: "1" }).reply(200, { truncated: false, tree: [...listed.map((f) => entry(f.filename, f.sha)), entry("new/name.js", "same"), entry("src/mod.js", "m1"), entry("img.png", "bin"), entry("vendor/lib", "c1", "commit")] });
    const queried: string[] = [];
    api.post("/graphql").reply(200, (_uri, body: any) => {
      expect(validateGraphql(body.query)).toEqual([]);
      const texts: Record<string, any> = { m0: { text: "a\nb\n", isBinary: false, isTruncated: false }, m1: { text: "a\nrejectUnauthorized: false\nb\n", isBinary: false, isTruncated: false }, bin: { text: null, isBinary: true, isTruncated: false } };
      const repository: Record<string, unknown> = {};
      for (const [name, oid] of Object.entries(body.variables as Record<string, string>)) if (/^o\d+$/.test(name)) (queried.push(oid), (repository[`b${name.slice(1)}`] = texts[oid] ?? null));
      return { data: { repository } };
    });
    const change = await githubChange(octokit(), target);
    const files = [];
    for await (const f of change.files()) files.push(f);
    expect(files).toHaveLength(304);
    const byPath = new Map(files.map((f) => [f.path, f]));
    expect(byPath.get("new/name.js")).toMatchObject({ status: "renamed", oldPath: "old/name.js", lines: [] });
    expect(byPath.get("src/mod.js")!.lines.filter((l) => l.added)).toEqual([expect.objectContaining({ line: 2, text: "rejectUnauthorized: false" })]);
    expect(byPath.get("gone.js")).toMatchObject({ status: "deleted" });
    expect(byPath.get("img.png")).toMatchObject({ binary: true });
    expect(byPath.has("vendor/lib")).toBe(false);
    // GitHub's own patches are reused (and commentable); only the rest is read, in one GraphQL query.
    expect(byPath.get("gen/f000.js")!.lines).toHaveLength(1);
    expect(change.commentable("gen/f000.js", 1)).toBe(true);
    expect(change.commentable("src/mod.js", 2)).toBe(false);
    expect(queried.sort()).toEqual(["bin", "m0", "m1"]);
    expect(change.notices[0]!.message).toContain("This change has 304 changed files");
  });

  it("fails closed when GitHub truncates a tree", async () => {
    const api = nock(API);
    api.get(`/repos/o/r/compare/${BASE}...${HEAD}`).query(true).reply(200, { merge_base_commit: { sha: BASE }, commits: [], files: listed });
    api.get(`/repos/o/r/git/trees/${BASE}`).query(true).reply(200, { truncated: true, tree: [] });
    api.get(`/repos/o/r/git/trees/${HEAD}`).query(true).reply(200, { truncated: false, tree: [] });
    await expect(githubChange(octokit(), target)).rejects.toThrow(IncompleteChangeError);
  });
});

describe("blob reads through GraphQL", () => {
  it("asks for up to 100 blobs and 4 MB a query, in a document GitHub's schema accepts", () => {
    expect(validateGraphql(blobsQuery(3))).toEqual([]);
    const sizes = [...Array.from({ length: 150 }, () => 10), 3 * 1024 * 1024, 2 * 1024 * 1024];
    const batches = blobBatches(sizes.map((size, i) => ({ sha: String(i), size })));
    expect(batches.map((b) => b.length)).toEqual([100, 51, 1]);
  });
});

describe("a merge group's pull requests", () => {
  it("are named by its ref and by merge and squash commit messages", () => {
    expect(pullsInGroup("refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64", ["Merge pull request #7 from octo/tls\n\nFix TLS", "Add retries (#9)", "chore: no number", "Merge pull request #7 from octo/tls"])).toEqual([104, 7, 9]);
    expect(pullsInGroup("refs/heads/some-branch", [])).toEqual([]);
  });
});
