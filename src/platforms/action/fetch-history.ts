/**
 * Makes a CI checkout hold what a review needs: the base and head commits and their merge base. actions/checkout
 * fetches one commit by default (for a pull request, GitHub's merge commit, with neither the base nor the head in
 * it), so this fetches both from `origin` and deepens a shallow clone step by step until a merge base appears. A
 * full clone (fetch-depth: 0) only fetches what it lacks. When even the deepest step finds no merge base, the error
 * says which fetch-depth to set.
 */
import { redact } from "../../engine/findings/redact.js";
import { GitError, gitText, isShallow } from "../local/git.js";

/** Depth of the first fetch, then how far each further step deepens (about 6,000 commits in all). */
export const FIRST_DEPTH = 50;
export const DEEPEN_STEPS = [200, 1_000, 5_000];

export interface FetchTarget {
  base: { sha: string } | { branch: string };
  headSha: string;
}

export interface Fetched {
  baseSha: string;
  headSha: string;
  mergeBase: string;
}

export async function fetchHistory(cwd: string, target: FetchTarget, log: (line: string) => void): Promise<Fetched> {
  const baseRev = "sha" in target.base ? target.base.sha : `refs/remotes/origin/${target.base.branch}`;
  const wants = ["sha" in target.base ? target.base.sha : `+refs/heads/${target.base.branch}:refs/remotes/origin/${target.base.branch}`, target.headSha];
  const ready = async (): Promise<Fetched | undefined> => {
    const baseSha = await commit(baseRev, cwd);
    const headSha = await commit(target.headSha, cwd);
    if (!baseSha || !headSha) return undefined;
    try {
      return { baseSha, headSha, mergeBase: (await gitText(["merge-base", baseSha, headSha], { cwd })).trim() };
    } catch {
      return undefined;
    }
  };
  const found = await ready();
  if (found) return found;
  if (!(await isShallow(cwd))) {
    log(`fetching the base and head of the change from origin`);
    await fetch(cwd, wants, []);
    const afterFetch = await ready();
    if (afterFetch) return afterFetch;
    throw new GitError(`the base (${short(baseRev)}) and the head (${short(target.headSha)}) have no common ancestor: the change does not start from its base branch`);
  }
  log(`shallow checkout: fetching the base and head of the change from origin (depth ${FIRST_DEPTH})`);
  await fetch(cwd, wants, [`--depth=${FIRST_DEPTH}`]);
  let depth = FIRST_DEPTH;
  for (const step of DEEPEN_STEPS) {
    const now = await ready();
    if (now) return now;
    depth += step;
    log(`no merge base yet: deepening by ${step} commits (about ${depth} in all)`);
    await fetch(cwd, wants, [`--deepen=${step}`]);
  }
  const last = await ready();
  if (last) return last;
  throw new GitError(
    `no merge base of the base (${short(baseRev)}) and the head (${short(target.headSha)}) within about ${depth} commits of history: ` +
      "check out the full history (actions/checkout with `fetch-depth: 0`)",
  );
}

async function commit(rev: string, cwd: string): Promise<string | undefined> {
  try {
    return (await gitText(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { cwd })).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function fetch(cwd: string, wants: string[], extra: string[]): Promise<void> {
  try {
    await gitText(["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", ...extra, "origin", ...wants], { cwd });
  } catch (error) {
    // git's message may carry the remote's URL: never its credentials.
    const why = redact((error instanceof GitError ? error.message : String(error)).replace(/\/\/[^/@\s]+@/g, "//***@"));
    throw new GitError(
      `could not fetch the change's commits from origin (${why}): keep actions/checkout's default persist-credentials, or check out the full history with \`fetch-depth: 0\``,
    );
  }
}

function short(rev: string): string {
  return /^[0-9a-f]{40,64}$/.test(rev) ? rev.slice(0, 7) : rev.replace(/^refs\/remotes\//, "");
}
