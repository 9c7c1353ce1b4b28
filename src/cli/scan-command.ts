/** `hipaa-review scan`: resolve the range, read the policy from the base, scan, report. */
import { createReadStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadPolicy } from "../policy/load.js";
import { blockingFindings, runScan, type ChangeSource, type ScanStats } from "../engine/scan.js";
import { loadDefaultRules } from "../defaults/rules.js";
import { loadDefaultVendors } from "../defaults/vendors.js";
import { orgPolicyFromFile, readPolicyFile } from "./policy-files.js";
import { toJson } from "../reporters/json.js";
import { toSarif } from "../reporters/sarif.js";
import { toText } from "../reporters/text.js";
import { gitShow, gitText, GitError } from "../platforms/local/git.js";
import { localGitSource, resolveRange } from "../platforms/local/local-git-source.js";
import { patchSource } from "../platforms/local/patch-source.js";
import { TOOL_URI, toolVersion } from "../defaults/version.js";
import { UsageError, type ScanArgs } from "./args.js";

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: AsyncIterable<Buffer | string>;
  /** Whether stderr is a terminal (progress) and stdout is one (colour). */
  stderrIsTty: boolean;
  stdoutIsTty: boolean;
  now: () => Date;
}

export async function scanCommand(args: ScanArgs, io: CliIo): Promise<number> {
  const packs = loadDefaultRules();
  const override = args.config ? readPolicyFile("--config", args.config, io.cwd) : undefined;
  let source: ChangeSource;
  let readBase: (path: string) => Promise<string | undefined>;
  let baseLabel: string;
  let revisions: { base: string; head: string } | undefined;

  if (args.diff) {
    const input = args.diff === "-" ? io.stdin : openDiff(args.diff, io.cwd);
    source = patchSource(input);
    if (args.base) {
      const range = await resolveRange(io.cwd, args.base, args.head);
      readBase = (path) => gitShow(range.baseSha, path, { cwd: io.cwd });
      baseLabel = `${args.base}@${range.baseSha.slice(0, 7)}`;
    } else {
      readBase = async () => undefined;
      baseLabel = "no base revision (--diff without --base)";
    }
  } else {
    const base = args.base ?? (await defaultBase(io.cwd));
    const range = await resolveRange(io.cwd, base, args.head);
    source = localGitSource(range);
    readBase = (path) => gitShow(range.baseSha, path, { cwd: io.cwd });
    baseLabel = `${base}@${range.baseSha.slice(0, 7)}`;
    revisions = { base: range.baseSha, head: range.headSha };
  }

  const readOrg = args.orgConfig ? orgPolicyFromFile(args.orgConfig, io.cwd) : undefined;
  const loaded = await loadPolicy({
    packs,
    readBase,
    baseLabel,
    vendorCatalogue: loadDefaultVendors(),
    ...(override ? { override } : {}),
    ...(readOrg ? { readOrg } : {}),
  });
  const progress = io.stderrIsTty ? progressReporter(io) : undefined;
  const report = await runScan({
    ruleset: loaded.ruleset,
    ...(loaded.lockedRuleset ? { lockedRuleset: loaded.lockedRuleset } : {}),
    policy: loaded.policy,
    source,
    today: io.now().toISOString().slice(0, 10),
    policyFiles: loaded.policyFiles,
    ...(progress ? { onFile: progress.update } : {}),
  });
  progress?.done();

  const version = toolVersion();
  if (args.format === "sarif") {
    const sarif = toSarif({ report, rules: loaded.allRules, version, informationUri: TOOL_URI, ...(revisions ? { revisions } : {}) });
    io.stdout(JSON.stringify(sarif, null, 2) + "\n");
  } else if (args.format === "json") {
    io.stdout(JSON.stringify(toJson(report, { version, ...(revisions ?? {}) }), null, 2) + "\n");
  } else {
    io.stdout(toText(report, { color: args.color && io.stdoutIsTty && !process.env.NO_COLOR }));
  }
  return blockingFindings(report).length > 0 ? 1 : 0;
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
