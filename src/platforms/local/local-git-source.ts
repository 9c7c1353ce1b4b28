/** A change source over a local repository: what `head` adds relative to its merge base with `base`. */
import { splitFiles } from "../../engine/diff/split-diff.js";
import { parseFileDiff } from "../../engine/diff/parse-file-diff.js";
import type { ChangeSource } from "../../engine/scan.js";
import type { FileDiff } from "../../engine/types.js";
import { gitGrepFound, gitShow, gitStream, gitText, GitError, resolveRev } from "./git.js";

export interface LocalRange {
  cwd: string;
  baseSha: string;
  headSha: string;
  mergeBase: string;
}

export async function resolveRange(cwd: string, base: string, head: string): Promise<LocalRange> {
  try {
    await gitText(["rev-parse", "--is-inside-work-tree"], { cwd });
  } catch {
    throw new GitError(`${cwd} is not inside a git repository: run hipaa-review from your repository's working tree`);
  }
  const baseSha = await resolveBase(base, cwd);
  const headSha = await resolveRev(head, { cwd });
  let mergeBase: string;
  try {
    mergeBase = (await gitText(["merge-base", baseSha, headSha], { cwd })).trim();
  } catch {
    throw new GitError(`"${base}" and "${head}" have no common ancestor; is --base the branch this work started from? (a shallow clone may need \`git fetch --unshallow\`)`);
  }
  return { cwd, baseSha, headSha, mergeBase };
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

export function localGitSource(range: LocalRange): ChangeSource {
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
    readHead: (path) => gitShow(range.headSha, path, { cwd }),
    readBase: (path) => gitShow(range.mergeBase, path, { cwd }),
    baseMentions: (texts) => gitGrepFound(range.mergeBase, texts, { cwd }),
  };
}
