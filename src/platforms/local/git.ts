/** A thin wrapper over the git command line that turns failures into one-line, actionable errors. */
import { spawn } from "node:child_process";

export class GitError extends Error {}

export interface GitOptions {
  cwd: string;
}

/** Runs git and returns stdout; throws GitError with git's own first error line. */
export function gitText(args: string[], options: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e: NodeJS.ErrnoException) =>
      reject(new GitError(e.code === "ENOENT" ? "git is not installed or not on PATH" : `could not run git: ${e.message}`)),
    );
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new GitError(firstLine(Buffer.concat(err).toString("utf8")) || `git ${args[0]} exited with ${code}`));
    });
  });
}

/** Like gitText, but returns undefined where git says the object does not exist. */
export async function gitShow(rev: string, path: string, options: GitOptions): Promise<string | undefined> {
  try {
    return await gitText(["show", `${rev}:${path}`], options);
  } catch (error) {
    if (error instanceof GitError && /does not exist|exists on disk, but not in|not in '|invalid object name|bad revision/i.test(error.message)) return undefined;
    throw error;
  }
}

/** Streams git's stdout; the returned promise-like `done` rejects with a GitError if git fails. */
export function gitStream(args: string[], options: GitOptions): { stdout: AsyncIterable<Buffer>; done: Promise<void> } {
  const child = spawn("git", args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  const err: Buffer[] = [];
  child.stderr.on("data", (d: Buffer) => err.push(d));
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", (e) => reject(new GitError(`could not run git: ${e.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new GitError(firstLine(Buffer.concat(err).toString("utf8")) || `git ${args[0]} exited with ${code}`));
    });
  });
  done.catch(() => undefined); // observed by the caller after the stream ends
  return { stdout: child.stdout, done };
}

function firstLine(text: string): string {
  return text.trim().split("\n").find((l) => l.trim().length > 0)?.replace(/^fatal:\s*/, "").trim() ?? "";
}

/** Throws a one-line GitError unless `cwd` is inside a git working tree. */
export async function ensureRepository(cwd: string): Promise<void> {
  try {
    await gitText(["rev-parse", "--is-inside-work-tree"], { cwd });
  } catch (error) {
    if (error instanceof GitError && /not installed/.test(error.message)) throw error;
    throw new GitError(`${cwd} is not inside a git repository: run hipaa-review from your repository's working tree`);
  }
}

/** Whether the repository is a shallow clone (a CI checkout with a fetch depth). */
export async function isShallow(cwd: string): Promise<boolean> {
  return (await gitText(["rev-parse", "--is-shallow-repository"], { cwd })).trim() === "true";
}

/** Resolves a revision to a full sha, with a message that says what to do when it does not exist. */
export async function resolveRev(rev: string, options: GitOptions): Promise<string> {
  try {
    return (await gitText(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], options)).trim();
  } catch {
    throw new GitError(`unknown revision "${rev}": fetch it first (e.g. \`git fetch origin ${rev}\`) or pass --base with an existing branch, tag or sha`);
  }
}

/**
 * Whether any file of `rev` contains one of `texts` (fixed strings, case-insensitive): one `git grep -q` over the
 * revision's tree. Undefined when git cannot answer (an error other than "not found").
 */
export function gitGrepFound(rev: string, texts: string[], options: GitOptions): Promise<boolean | undefined> {
  if (texts.length === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const args = ["grep", "-q", "-I", "-i", "-F", ...texts.flatMap((t) => ["-e", t]), rev, "--"];
    const child = spawn("git", args, { cwd: options.cwd, stdio: ["ignore", "ignore", "ignore"] });
    child.on("error", () => resolve(undefined));
    child.on("close", (code) => resolve(code === 0 ? true : code === 1 ? false : undefined));
  });
}
