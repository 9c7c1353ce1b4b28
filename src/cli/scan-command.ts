/** `hipaa-review scan`: the local platform (git or a diff) through the review, reported in the chosen format. */
import { createReadStream, existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { blockingFindings } from "../engine/report.js";
import type { ScanStats } from "../engine/scan.js";
import { loadDefaultRules } from "../defaults/rules.js";
import { loadDefaultVendors } from "../defaults/vendors.js";
import { TOOL_URI, toolVersion } from "../defaults/version.js";
import { gitText, GitError } from "../platforms/local/git.js";
import { localReading } from "../platforms/local/local-platform.js";
import { gitlabReporter } from "../reporters/gitlab.js";
import { jsonReporter } from "../reporters/json.js";
import type { Reporter } from "../reporters/reporter.js";
import { sarifReporter } from "../reporters/sarif.js";
import { textReporter } from "../reporters/text.js";
import { runReview } from "../review/review.js";
import { budgetOf, timeLimits, TimeLimitError } from "../review/time-limits.js";
import type { ReviewOutcome } from "../review/platform.js";
import { orgPolicyFromFile, readPolicyFile } from "./policy-files.js";
import { UsageError, type Format, type ScanArgs } from "./args.js";

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: AsyncIterable<Buffer | string>;
  /** Whether stderr is a terminal (progress) and stdout is one (colour). */
  stderrIsTty: boolean;
  stdoutIsTty: boolean;
  now: () => Date;
  /** The environment (default: process.env); tests pass a simulated CI's. */
  env?: NodeJS.ProcessEnv;
}

export const REPORTERS: Record<Format, Reporter> = { text: textReporter, json: jsonReporter, sarif: sarifReporter, gitlab: gitlabReporter };

export async function scanCommand(args: ScanArgs, io: CliIo): Promise<number> {
  let limits;
  try {
    limits = timeLimits(io.env ?? process.env);
  } catch (error) {
    if (error instanceof TimeLimitError) throw new UsageError(error.message);
    throw error;
  }
  const packs = loadDefaultRules();
  const policyOverride = args.config ? readPolicyFile("--config", args.config, io.cwd) : undefined;
  const readOrg = args.orgConfig ? orgPolicyFromFile(args.orgConfig, io.cwd) : undefined;
  const reading = await localReading({
    cwd: io.cwd,
    head: args.head,
    ...(args.diff ? { diff: args.diff === "-" ? io.stdin : openDiff(args.diff, io.cwd) } : {}),
    ...(args.staged ? { staged: true } : args.base !== undefined ? { base: args.base } : args.diff ? {} : { base: await defaultBase(io.cwd) }),
    ...(policyOverride ? { policyOverride } : {}),
    ...(readOrg ? { readOrg } : {}),
  });
  const progress = io.stderrIsTty ? progressReporter(io) : undefined;
  let exitCode = 0;
  const publish = async (outcome: ReviewOutcome) => {
    if (outcome.kind === "invalid-policy") throw outcome.error;
    if (outcome.kind === "failed") throw outcome.error;
    if (outcome.kind === "skipped") return;
    progress?.done();
    const { report, loaded } = outcome;
    const color = args.color && io.stdoutIsTty && !(io.env ?? process.env).NO_COLOR;
    const revisions = reading.revisions;
    const context = { report, rules: loaded.allRules, tool: { version: toolVersion(), uri: TOOL_URI }, ...(revisions ? { revisions } : {}), color };
    if (args.output) {
      writeReport(args.output, io.cwd, REPORTERS[args.format].render({ ...context, color: false }));
      io.stdout(textReporter.render(context));
    } else {
      io.stdout(REPORTERS[args.format].render(context));
    }
    exitCode = blockingFindings(report).length > 0 ? 1 : 0;
  };
  try {
    await runReview({ ...reading, publish }, {
      packs,
      vendorCatalogue: loadDefaultVendors(),
      today: io.now().toISOString().slice(0, 10),
      budget: budgetOf(limits, () => performance.now()),
      ...(progress ? { onFile: progress.update } : {}),
    });
  } finally {
    reading.close();
  }
  return exitCode;
}

function writeReport(file: string, cwd: string, text: string): void {
  try {
    writeFileSync(resolve(cwd, file), text);
  } catch (error) {
    throw new UsageError(`--output ${file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function openDiff(file: string, cwd: string): AsyncIterable<Buffer> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UsageError(`--diff ${file}: no such file`);
  return createReadStream(path);
}

/** The remote's default branch if git knows it, else main, else master. */
async function defaultBase(cwd: string): Promise<string> {
  try {
    const ref = (await gitText(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], { cwd })).trim();
    if (ref) return ref;
  } catch {
    // no remote default recorded
  }
  for (const candidate of ["main", "master"]) {
    try {
      await gitText(["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`], { cwd });
      return candidate;
    } catch {
      // try the next
    }
  }
  throw new GitError("no --base given and neither origin/HEAD, main nor master exists: pass --base <branch>");
}

function progressReporter(io: CliIo) {
  let last = 0;
  let shown = false;
  return {
    update(stats: ScanStats, path: string) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      const name = path.length > 50 ? "…" + path.slice(-49) : path;
      io.stderr(`\r\u001b[2Kscanning: ${stats.files} files, ${stats.addedLines} added lines — ${name}`);
    },
    done() {
      if (shown) io.stderr("\r\u001b[2K");
    },
  };
}
