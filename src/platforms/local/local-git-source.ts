/** A change source over a local repository: what `head` adds relative to its merge base with `base`. */
import { splitFiles } from "../../engine/diff/split-diff.js";
import { parseFileDiff } from "../../engine/diff/parse-file-diff.js";
import type { ChangeSource } from "../../engine/scan.js";
import type { FileDiff } from "../../engine/types.js";
import { gitGrepFound, gitStream, gitText, GitError, isShallow, resolveRev } from "./git.js";
import { GitObjects } from "./git-objects.js";

export interface LocalRange {
  cwd: string;
  baseSha: string;
  headSha: string;
  mergeBase: string;
}

/** `cwd` is a git working tree (the CLI checks that first, `ensureRepository`). */
export async function resolveRange(cwd: string, base: string, head: string): Promise<LocalRange> {
  const shallow = await isShallow(cwd);
  const baseSha = await withShallowHint(resolveBase(base, cwd), shallow);
  const headSha = await withShallowHint(resolveRev(head, { cwd }), shallow);
  let mergeBase: string;
  try {
    mergeBase = (await gitText(["merge-base", baseSha, headSha], { cwd })).trim();
  } catch {
    throw new GitError(
      shallow
        ? `"${base}" and "${head}" have no common ancestor in this shallow clone: fetch more history (\`git fetch --deepen=200 origin ${base}\`, or a full clone: fetch-depth: 0 on actions/checkout, GIT_DEPTH: 0 in GitLab CI)`
        : `"${base}" and "${head}" have no common ancestor; is --base the branch this work started from?`,
    );
  }
  return { cwd, baseSha, headSha, mergeBase };
}

/** In a shallow clone, a missing revision is most likely one the checkout did not fetch: say so. */
async function withShallowHint(resolving: Promise<string>, shallow: boolean): Promise<string> {
  try {
    return await resolving;
  } catch (error) {
    if (shallow && error instanceof GitError) throw new GitError(`${error.message.replace(/: fetch it first.*$/, "")}: this is a shallow clone that lacks it; fetch it (\`git fetch --no-tags --depth=200 origin <branch>\`) or check out the full history (fetch-depth: 0 on actions/checkout, GIT_DEPTH: 0 in GitLab CI)`);
    throw error;
  }
}

/** A fresh clone of a feature branch has `origin/main` but no local `main`: accept either. */
async function resolveBase(base: string, cwd: string): Promise<string> {
  try {
    return await resolveRev(base, { cwd });
  } catch (error) {
    if (base.includes("/")) throw error;
    try {
      return await resolveRev(`origin/${base}`, { cwd });
    } catch {
      throw error;
    }
  }
}

export const DIFF_ARGS = ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames", "--unified=3", "--src-prefix=a/", "--dst-prefix=b/", "--submodule=short"];

/** `objects` reads the head and base versions of files (one `git cat-file --batch` for the whole change). */
export function localGitSource(range: LocalRange, objects: GitObjects = new GitObjects(range.cwd)): ChangeSource {
  const { cwd } = range;
  return {
    async *files(): AsyncGenerator<FileDiff> {
      const { stdout, done } = gitStream([...DIFF_ARGS, `${range.mergeBase}..${range.headSha}`, "--"], { cwd });
      for await (const chunk of splitFiles(stdout)) {
        const file = parseFileDiff(chunk);
        if (file) yield file;
      }
      await done;
    },
    readHead: (path) => objects.read(range.headSha, path),
    readBase: (path) => objects.read(range.mergeBase, path),
    baseMentions: (texts) => gitGrepFound(range.mergeBase, texts, { cwd }),
  };
}
