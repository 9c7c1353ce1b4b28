/**
 * The bench's end-to-end measures, each run as a user runs the CLI (a separate `node` process): start-up on a
 * one-line staged change against a bare `node -e 0`, the git processes a large change through git spawns, the CPU of
 * a 43 MB real-code change against the naive 31-pattern scan, and a large diff with the heap capped. Each measure
 * runs every CLI given (this build, and a baseline checkout's when BENCH_BASELINE names one), interleaved, so the
 * figures of one run compare side by side on the same machine load.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Cli {
  label: string;
  /** Path of the CLI's bin.js. */
  bin: string;
}

export interface Usage {
  cpuSeconds: number;
  wallSeconds: number;
  spawned: string[];
  maxRssMb: number;
  status: number | null;
  stderr: string;
}

const USAGE_MODULE = fileURLToPath(new URL("./child-usage.js", import.meta.url));

/** Runs `node [nodeArgs] bin args` in `cwd` and returns its own CPU time, spawns and peak RSS. */
export function runCli(cli: Cli, args: string[], cwd: string, nodeArgs: string[] = []): Usage {
  const dir = mkdtempSync(join(tmpdir(), "hipaa-review-bench-usage-"));
  const file = join(dir, "usage.json");
  try {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [...nodeArgs, "--import", USAGE_MODULE, cli.bin, ...args], {
      // The review's time limits off (an hour): a slow baseline on a busy machine is measured, not stopped at 300 s.
      cwd, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, BENCH_USAGE_FILE: file, HIPAA_REVIEW_TIME_LIMIT: "3600", HIPAA_FILE_TIME_LIMIT: "3600" },
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    let usage = { cpuSeconds: NaN, spawned: [] as string[], maxRssMb: NaN };
    try {
      usage = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      // the process died before exit (out of memory): no usage written
    }
    return { ...usage, wallSeconds, status: run.status, stderr: run.stderr.slice(0, 300) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function gitIn(dir: string) {
  return (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@b", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@b", GIT_CONFIG_NOSYSTEM: "1", HOME: dir } });
}

/**
 * Start-up: a repository with one commit and one staged line, `scan --staged` (the pre-commit hook) against
 * `node -e 0`, `rounds` times interleaved; medians of wall time.
 */
export function startUp(clis: Cli[], rounds = 15): { nodeSeconds: number; cli: { label: string; seconds: number; ratio: number }[] } {
  const dir = mkdtempSync(join(tmpdir(), "hipaa-review-bench-start-"));
  try {
    const git = gitIn(dir);
    git("init", "-q", "-b", "main");
    writeFileSync(join(dir, "README.md"), "# service\n");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    writeFileSync(join(dir, "index.js"), "const answer = 42;\n");
    git("add", "-A");
    const node: number[] = [];
    const times = clis.map(() => [] as number[]);
    for (let i = 0; i < rounds; i++) {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, ["-e", "0"]);
      node.push(Number(process.hrtime.bigint() - t) / 1e9);
      clis.forEach((cli, j) => {
        const t0 = process.hrtime.bigint();
        const run = spawnSync(process.execPath, [cli.bin, "scan", "--staged"], { cwd: dir, encoding: "utf8" });
        if (run.status !== 0) throw new Error(`${cli.label}: scan --staged exited with ${run.status}: ${run.stderr.slice(0, 200)}`);
        times[j]!.push(Number(process.hrtime.bigint() - t0) / 1e9);
      });
    }
    const nodeSeconds = median(node);
    return { nodeSeconds, cli: clis.map((c, j) => ({ label: c.label, seconds: median(times[j]!), ratio: median(times[j]!) / nodeSeconds })) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
