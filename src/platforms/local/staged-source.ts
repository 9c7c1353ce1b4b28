/**
 * The change a commit is about to make: the index (what `git add` staged) against HEAD — the pre-commit hook's
 * view. Whole head-side files are read from the index too (`:path`, through `git cat-file --batch`), never the working tree, so what is
 * reviewed is exactly what will be committed. In a repository without commits the index is compared with the empty
 * tree and no policy file exists yet.
 */
import { splitFiles } from "../../engine/diff/split-diff.js";
import { parseFileDiff } from "../../engine/diff/parse-file-diff.js";
import type { ChangeSource } from "../../engine/scan.js";
import type { FileDiff } from "../../engine/types.js";
import { gitStream, gitText } from "./git.js";
import { GitObjects } from "./git-objects.js";
import { DIFF_ARGS } from "./local-git-source.js";

/** git's empty tree: what an index is compared with before the first commit. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export interface StagedRange {
  cwd: string;
  /** HEAD's sha, or undefined before the first commit. */
  headSha: string | undefined;
}

/** `cwd` is a git working tree (the CLI checks that first, `ensureRepository`). */
export async function resolveStaged(cwd: string): Promise<StagedRange> {
  let headSha: string | undefined;
  try {
    headSha = (await gitText(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], { cwd })).trim() || undefined;
  } catch {
    headSha = undefined;
  }
  return { cwd, headSha };
}

export function stagedSource(range: StagedRange, objects: GitObjects = new GitObjects(range.cwd)): ChangeSource {
  const { cwd } = range;
  return {
    async *files(): AsyncGenerator<FileDiff> {
      const { stdout, done } = gitStream([...DIFF_ARGS, "--cached", range.headSha ?? EMPTY_TREE, "--"], { cwd });
      for await (const chunk of splitFiles(stdout)) {
        const file = parseFileDiff(chunk);
        if (file) yield file;
      }
      await done;
    },
    readHead: (path) => objects.read("", path),
  };
}
