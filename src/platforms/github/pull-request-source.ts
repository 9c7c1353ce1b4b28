/**
 * The change of a pull request as the engine's ChangeSource: GitHub's file listing (paginated, capped at
 * 3,000 files by GitHub), each file's `patch` parsed into head-side lines; files GitHub lists without a patch
 * (too large) are diffed here from the base and head blobs; binary files are skipped with a notice.
 */
import { diffTexts } from "../../engine/diff/diff-texts.js";
import { DiffError, parseHunks } from "../../engine/diff/parse-file-diff.js";
import type { ChangeSource } from "../../engine/scan.js";
import type { FileDiff, FileStatus, ScanNotice } from "../../engine/types.js";
import { GITHUB_LIMITS } from "./limits.js";
import { readFileAt, type GitHubClient, type RepoRef } from "./github-client.js";

export interface PullTarget extends RepoRef {
  pull_number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  /** Login of the pull request's author (for the waiver rule on authors). */
  author?: string;
  draft?: boolean;
}

const STATUS: Record<string, FileStatus | undefined> = {
  added: "added",
  removed: "deleted",
  modified: "modified",
  renamed: "renamed",
  copied: "copied",
  changed: "modified",
};

export interface PullRequestSource extends ChangeSource {
  /** Files whose diff lines GitHub shows (a review comment may only sit on these lines). */
  commentable(path: string, line: number): boolean;
  /** What could not be read fully; merged into the report. */
  readonly notices: ScanNotice[];
  readonly capped: boolean;
}

export async function pullRequestSource(octokit: GitHubClient, target: PullTarget): Promise<PullRequestSource> {
  const repo = { owner: target.owner, repo: target.repo };
  const listed = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: target.pull_number, per_page: 100 });
  const capped = listed.length >= GITHUB_LIMITS.maxListedFiles;
  const notices: ScanNotice[] = [];
  if (capped) {
    notices.push({
      message: `GitHub lists at most ${GITHUB_LIMITS.maxListedFiles} files of a pull request; files beyond that were not scanned. Split the change or run \`npx hipaa-review scan --base ${target.baseRef}\` locally for the rest.`,
    });
  }
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

  async function toFileDiff(file: (typeof listed)[number]): Promise<FileDiff | undefined> {
    const status = STATUS[file.status];
    if (!status) return undefined;
    const base: FileDiff = { path: file.filename, ...(file.previous_filename ? { oldPath: file.previous_filename } : {}), status, binary: false, lines: [] };
    if (status === "deleted" || file.changes === 0) return base;
    if (file.patch !== undefined) {
      try {
        base.lines = parseHunks(file.patch);
      } catch (error) {
        if (!(error instanceof DiffError)) throw error;
        notices.push({ path: file.filename, message: `GitHub's patch for this file could not be read (${error.reason}); it was diffed from the blobs instead` });
        const fromHead = await fromBlobs(file, base);
        // GitHub sent a text patch, so the file is text: if its head cannot be read either, the change is unreadable.
        if (fromHead.binary) throw new DiffError(1, `${file.filename}: GitHub's patch could not be read (${error.reason}) and its head version could not be fetched`);
        return fromHead;
      }
      visible.set(file.filename, new Set(base.lines.map((l) => l.line)));
      return base;
    }
    return fromBlobs(file, base);
  }

  async function fromBlobs(file: (typeof listed)[number], diff: FileDiff): Promise<FileDiff> {
    const head = await readHead(file.filename);
    if (head === undefined || head.includes("\u0000")) {
      return { ...diff, binary: true, lines: [] };
    }
    const before = diff.status === "added" ? "" : ((await readBase(file.previous_filename ?? file.filename)) ?? "");
    if (before.includes("\u0000")) return { ...diff, binary: true, lines: [] };
    notices.push({ path: file.filename, message: "GitHub sends no diff for this file (too large); it was diffed from the base and head versions, and findings in it are reported in the check run rather than as inline comments" });
    return { ...diff, lines: diffTexts(before, head) };
  }

  return {
    notices,
    capped,
    commentable: (path, line) => visible.get(path)?.has(line) ?? false,
    readHead,
    readBase,
    async *files() {
      for (const file of listed) {
        const diff = await toFileDiff(file);
        if (diff) yield diff;
      }
    },
  };
}
