// Reading files through git: one `git cat-file --batch` answers every read of a review in order, with what
// `git show` would say (missing files, the index, odd paths, large and non-UTF-8-safe sizes), and a scan through git
// spawns a fixed number of git processes however many files it reads — none for a file whose content is its diff.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gitShow } from "../../src/platforms/local/git.js";
import { GitObjects } from "../../src/platforms/local/git-objects.js";
import { makeRepo, type Repo } from "./git-fixture.js";

let repo: Repo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.remove());

describe("GitObjects (git cat-file --batch)", () => {
  it("answers many reads in order from one process, as git show does", async () => {
    const big = "x".repeat(300_000) + "\nünïcode ✓\n";
    const files: Record<string, string> = { "big.txt": big, "dir/a b.txt": "spaces\n", "no-newline.txt": "last" };
    for (let i = 0; i < 40; i++) files[`pkg${i}/package.json`] = `{ "name": "p${i}" }\n`;
    repo.commit("base", files);
    const head = repo.git("rev-parse", "HEAD").trim();
    const objects = new GitObjects(repo.dir);
    try {
      const paths = [...Object.keys(files), "missing.txt", "dir", "pkg3"];
      const answers = await Promise.all(paths.map((p) => objects.read(head, p)));
      const shown = await Promise.all(paths.map((p) => gitShow(head, p, { cwd: repo.dir })));
      expect(answers).toEqual(shown);
      expect(answers[0]).toBe(big);
      expect(answers[paths.indexOf("missing.txt")]).toBeUndefined();
      expect(answers[paths.indexOf("dir")]).toContain("a b.txt"); // a tree: git show's listing
      expect(objects.spawned).toBe(1);
      expect(await objects.read("0000000000000000000000000000000000000000", "big.txt")).toBeUndefined();
    } finally {
      objects.close();
    }
  });

  it("reads the index (`:path`), and starts again after close", async () => {
    repo.commit("base", { "a.txt": "one\n" });
    repo.write({ "a.txt": "staged\n" });
    repo.git("add", "a.txt");
    const objects = new GitObjects(repo.dir);
    expect(await objects.read("", "a.txt")).toBe("staged\n");
    objects.close();
    repo.write({ "a.txt": "staged again\n" });
    repo.git("add", "a.txt");
    expect(await objects.read("", "a.txt")).toBe("staged again\n");
    expect(objects.spawned).toBe(2);
    objects.close();
  });

  it("fails with git's own message outside a repository, not silently", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hipaa-review-norepo-"));
    try {
      const objects = new GitObjects(dir);
      await expect(objects.read("HEAD", "a.txt")).rejects.toThrow(/not a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a scan through git", () => {
  const cli = join(process.cwd(), "dist/src/cli/bin.js");

  /** Runs the built CLI with a `git` on PATH that logs each invocation, and returns the logged subcommands. */
  function gitCalls(args: string[]): { code: number | null; calls: string[]; stderr: string } {
    const shim = mkdtempSync(join(tmpdir(), "hipaa-review-git-shim-"));
    try {
      const real = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
      const log = join(shim, "calls.log");
      writeFileSync(join(shim, "git"), `#!/bin/sh\necho "$1" >> "${log}"\nexec "${real}" "$@"\n`);
      chmodSync(join(shim, "git"), 0o755);
      writeFileSync(log, "");
      const run = spawnSync(process.execPath, [cli, ...args], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, PATH: `${shim}:${process.env.PATH}` } });
      const calls = execFileSync("cat", [log], { encoding: "utf8" }).split("\n").filter(Boolean);
      return { code: run.status, calls, stderr: run.stderr };
    } finally {
      rmSync(shim, { recursive: true, force: true });
    }
  }

  it("spawns the same few git processes for 60 dependency files and Terraform files as for one", () => {
    const base: Record<string, string> = { "README.md": "# r\n" };
    for (let i = 0; i < 30; i++) base[`svc${i}/package.json`] = `{\n  "name": "svc${i}",\n  "dependencies": {}\n}\n`;
    for (let i = 0; i < 10; i++) base[`infra${i}/main.tf`] = `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b${i}"\n}\n`;
    repo.commit("base", base);
    repo.git("checkout", "-q", "-b", "feature");
    const head: Record<string, string> = {};
    // Edited manifests and Terraform (read from git), and new ones (their content is their diff: not read).
    for (let i = 0; i < 30; i++) head[`svc${i}/package.json`] = `{\n  "name": "svc${i}",\n  "dependencies": { "left-pad": "^1.3.0" }\n}\n`;
    for (let i = 0; i < 30; i++) head[`new${i}/package.json`] = `{\n  "name": "new${i}",\n  "dependencies": { "left-pad": "^1.3.0" }\n}\n`;
    for (let i = 0; i < 10; i++) head[`infra${i}/main.tf`] = `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b${i}-renamed"\n}\n`;
    repo.commit("feature", head);
    const { code, calls, stderr } = gitCalls(["scan", "--base", "main"]);
    expect(stderr).toBe("");
    expect(code).not.toBeNull();
    expect(calls.filter((c) => c === "show")).toEqual([]);
    expect(calls.filter((c) => c === "cat-file")).toEqual(["cat-file"]);
    expect(calls.length).toBeLessThanOrEqual(8);
  });
});
