// Builds throwaway git repositories for CLI tests.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Repo {
  dir: string;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  commit(message: string, files: Record<string, string>): void;
  remove(): void;
}

export function makeRepo(): Repo {
  const dir = mkdtempSync(join(tmpdir(), "hipaa-review-test-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t", GIT_CONFIG_NOSYSTEM: "1", HOME: dir },
    });
  git("init", "-q", "-b", "main");
  const write = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  return {
    dir,
    git,
    write,
    commit(message, files) {
      write(files);
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
