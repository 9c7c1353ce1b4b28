/**
 * A change on GitHub as the engine's ChangeSource, pinned to its two commits: `compare base...head` with the shas
 * (never a pull request's current file listing, which follows later pushes), each file's `patch` parsed into
 * head-side lines. Files GitHub compares without a patch (too large) are diffed here from the base and head
 * versions; binary files are skipped with a notice. The compare endpoint lists at most 300 files; a larger change
 * is read completely from the base and head trees (tree-diff.ts), or fails closed — never passes unread files.
 */
import { diffTexts } from "../../engine/diff/diff-texts.js";
import { DiffError, parseHunks } from "../../engine/diff/parse-file-diff.js";
import type { ChangeSource } from "../../engine/scan.js";
import type { FileDiff, FileStatus, ScanNotice } from "../../engine/types.js";
import { GITHUB_LIMITS } from "./limits.js";
import { readFileAt, type GitHubClient } from "./github-client.js";
import type { ChangeTarget } from "./job.js";
import { blobBatches, readBlobs, treeChanges, type TreeChange } from "./tree-diff.js";

const STATUS: Record<string, FileStatus | undefined> = {
  added: "added",
  removed: "deleted",
  modified: "modified",
  renamed: "renamed",
  copied: "copied",
  changed: "modified",
};

export interface CommitSummary {
  sha: string;
  message: string;
}

export interface GitHubChange extends ChangeSource {
  /** True when GitHub's diff shows this head-side line (a review comment may only sit on such lines). */
  commentable(path: string, line: number): boolean;
  /** What could not be read fully; merged into the report. */
  readonly notices: ScanNotice[];
  /** The first commits of the comparison (as many as asked for), oldest first. */
  readonly commits: CommitSummary[];
}

interface CompareFile {
  filename: string;
  status: string;
  sha?: string | null;
  patch?: string;
  previous_filename?: string;
  changes: number;
}

export async function githubChange(octokit: GitHubClient, target: ChangeTarget, options: { commits?: number } = {}): Promise<GitHubChange> {
  const repo = { owner: target.owner, repo: target.repo };
  // Paging parameters keep the commit list short; the file list comes whole on the first page (up to 300).
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${target.baseSha}...${target.headSha}`, per_page: options.commits ?? 1, page: 1 });
  const listed = (data.files ?? []) as CompareFile[];
  const notices: ScanNotice[] = [];
  const visible = new Map<string, Set<number>>();
  const headCache = new Map<string, Promise<string | undefined>>();
  const readHead = (path: string) => {
    let p = headCache.get(path);
    if (!p) headCache.set(path, (p = readFileAt(octokit, repo, path, target.headSha)));
    return p;
  };
  // Asked only for files where a whole-resource rule fired (and by the blob diff of files without a patch).
  const baseCache = new Map<string, Promise<string | undefined>>();
  const readBase = (path: string) => {
    let p = baseCache.get(path);
    if (!p) baseCache.set(path, (p = readFileAt(octokit, repo, path, target.baseSha)));
    return p;
  };

  function fromPatch(file: CompareFile, diff: FileDiff, patch: string): FileDiff {
    diff.lines = parseHunks(patch);
    visible.set(file.filename, new Set(diff.lines.map((l) => l.line)));
    return diff;
  }

  async function toFileDiff(file: CompareFile): Promise<FileDiff | undefined> {
    const status = STATUS[file.status];
    if (!status) return undefined;
    const base: FileDiff = { path: file.filename, ...(file.previous_filename ? { oldPath: file.previous_filename } : {}), status, binary: false, lines: [] };
    if (status === "deleted" || file.changes === 0) return base;
    if (file.patch !== undefined) {
      try {
        return fromPatch(file, base, file.patch);
      } catch (error) {
        if (!(error instanceof DiffError)) throw error;
        notices.push({ path: file.filename, message: `GitHub's patch for this file could not be read (${error.reason}); it was diffed from the blobs instead` });
        const fromHead = await fromBlobs(file, base);
        // GitHub sent a text patch, so the file is text: if its head cannot be read either, the change is unreadable.
        if (fromHead.binary) throw new DiffError(1, `${file.filename}: GitHub's patch could not be read (${error.reason}) and its head version could not be fetched`);
        return fromHead;
      }
    }
    return fromBlobs(file, base);
  }

  async function fromBlobs(file: CompareFile, diff: FileDiff): Promise<FileDiff> {
    const head = await readHead(file.filename);
    if (head === undefined || head.includes("\u0000")) return { ...diff, binary: true, lines: [] };
    const before = diff.status === "added" ? "" : ((await readBase(file.previous_filename ?? file.filename)) ?? "");
    if (before.includes("\u0000")) return { ...diff, binary: true, lines: [] };
    notices.push({ path: file.filename, message: "GitHub sends no diff for this file (too large); it was diffed from the base and head versions, and findings in it are reported in the check run rather than as inline comments" });
    return { ...diff, lines: diffTexts(before, head) };
  }

  const commits = (data.commits ?? []).map((c) => ({ sha: c.sha, message: c.commit.message }));
  const common = { notices, commits, readHead, readBase, commentable: (path: string, line: number) => visible.get(path)?.has(line) ?? false };
  if (listed.length < GITHUB_LIMITS.maxCompareFiles) {
    return {
      ...common,
      async *files() {
        for (const file of listed) {
          const diff = await toFileDiff(file);
          if (diff) yield diff;
        }
      },
    };
  }

  // Past the compare endpoint's cap: every changed path from the two trees, patches reused where GitHub sent one
  // for the same content, everything else diffed here from its blobs.
  const changes = await treeChanges(octokit, repo, data.merge_base_commit.sha, target.headSha);
  const byPath = new Map(listed.map((f) => [f.filename, f]));
  notices.push({
    message: `This change has ${changes.length} changed files, more than the ${GITHUB_LIMITS.maxCompareFiles} GitHub's compare lists; every one was read from the base and head trees. Findings in files GitHub did not send a patch for are reported here rather than as inline comments.`,
  });
  /** The blobs a batch of changes needs read (no patch GitHub sent for the same content). */
  const needs = (change: TreeChange) => {
    const listedFile = byPath.get(change.path);
    if (change.status === "deleted" || change.headBlob === change.baseBlob || (listedFile?.patch !== undefined && listedFile.sha === change.headBlob)) return [];
    return [
      { sha: change.headBlob!, size: change.headSize ?? 0 },
      ...(change.baseBlob ? [{ sha: change.baseBlob, size: change.baseSize ?? 0 }] : []),
    ];
  };
  function fromTree(change: TreeChange, texts: Map<string, string>): FileDiff {
    const diff: FileDiff = { path: change.path, ...(change.oldPath ? { oldPath: change.oldPath } : {}), status: change.status, binary: false, lines: [] };
    if (change.status === "deleted" || change.headBlob === change.baseBlob) return diff;
    const listedFile = byPath.get(change.path);
    if (listedFile?.patch !== undefined && listedFile.sha === change.headBlob) return fromPatch(listedFile, diff, listedFile.patch);
    const head = texts.get(change.headBlob!)!;
    const before = change.baseBlob ? texts.get(change.baseBlob)! : "";
    if (head.includes("\u0000") || before.includes("\u0000")) return { ...diff, binary: true };
    return { ...diff, lines: diffTexts(before, head) };
  }
  // Batches of changes whose blobs are read together; the next batch is read while the engine scans this one.
  const batches = blobBatches(changes.map((c, i) => ({ sha: String(i), size: needs(c).reduce((n, b) => n + b.size, 0) }))).map((b) => b.map((x) => changes[Number(x.sha)]!));
  const read = (batch: TreeChange[]) => readBlobs(octokit, repo, batch.flatMap(needs));
  return {
    ...common,
    async *files() {
      let next = batches.length > 0 ? read(batches[0]!) : undefined;
      for (let i = 0; i < batches.length; i++) {
        const texts = await next!;
        next = i + 1 < batches.length ? read(batches[i + 1]!) : undefined;
        next?.catch(() => undefined); // awaited on the next round; no unhandled rejection meanwhile
        for (const change of batches[i]!) yield fromTree(change, texts);
      }
    },
  };
}
