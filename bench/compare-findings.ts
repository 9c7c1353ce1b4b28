/**
 * `node dist/bench/compare-findings.js <baseline checkout> [diff file]` (after `npm run build`, the baseline built
 * too): scans the bench's real-code change (or the given diff) with this build's engine and with the baseline's, in
 * one process, and compares every finding and notice, in order. A speed-up must not change what a review says: any
 * difference is printed and the exit code is 1. Also prints each build's CPU time for the scan, side by side.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DIFF_ARGS } from "../src/platforms/local/local-git-source.js";
import { realChange, realCodeRoots } from "./real-code.js";

interface Scanned {
  findings: unknown[];
  notices: unknown[];
  cpuSeconds: number;
}

/** Scans `diff` with the engine, rules and tree-sitter parser of the build at `root` (its dist/), as the CLI does. */
async function scanWith(root: string, diff: string): Promise<Scanned> {
  const load = (path: string) => import(pathToFileURL(join(root, "dist", path)).href);
  const [{ runScan }, { treeSitterParser }, { loadDefaultRules }, { loadDefaultVendors }, { patchSource }, { loadReviewPolicy }] = await Promise.all([
    load("src/engine/scan.js"), load("src/syntax/tree-sitter.js"), load("src/defaults/rules.js"), load("src/defaults/vendors.js"), load("src/platforms/local/patch-source.js"), load("src/review/review.js"),
  ]);
  const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "bench" }, { packs: loadDefaultRules(), vendorCatalogue: loadDefaultVendors() });
  const started = process.cpuUsage();
  const report = await runScan({ policy: loaded.judge, plugins: loaded.plugins, source: patchSource(createReadStream(diff, { highWaterMark: 256 * 1024 })), today: "2026-11-22", syntax: treeSitterParser() });
  const cpu = process.cpuUsage(started);
  return { findings: report.findings, notices: report.notices, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function differences(label: string, a: unknown[], b: unknown[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 10; i++) {
    const x = JSON.stringify(a[i]);
    const y = JSON.stringify(b[i]);
    if (x !== y) out.push(`${label} ${i}:\n  this build: ${x?.slice(0, 300)}\n  baseline:   ${y?.slice(0, 300)}`);
  }
  return out;
}

const baseline = process.argv[2];
if (!baseline) {
  process.stderr.write("usage: node dist/bench/compare-findings.js <built baseline checkout> [diff file]\n");
  process.exit(2);
}
let diff = process.argv[3];
let made: { dir: string; diff: string } | undefined;
if (!diff) {
  const real = realChange(realCodeRoots(join(process.cwd(), "node_modules")), 44e6);
  diff = join(tmpdir(), `hipaa-review-compare-${process.pid}.diff`);
  writeFileSync(diff, execFileSync("git", [...DIFF_ARGS, `${real.base}..${real.head}`, "--"], { cwd: real.dir, maxBuffer: 1 << 30 }));
  made = { dir: real.dir, diff };
}
try {
  const mine = await scanWith(resolve(new URL("../..", import.meta.url).pathname), diff);
  const theirs = await scanWith(resolve(baseline), diff);
  const mb = statSync(diff).size / 1e6;
  console.log(`${mb.toFixed(1)} MB diff: this build ${mine.cpuSeconds.toFixed(2)} s CPU (${(mb / mine.cpuSeconds).toFixed(1)} MB/s), baseline ${theirs.cpuSeconds.toFixed(2)} s CPU (${(mb / theirs.cpuSeconds).toFixed(1)} MB/s)`);
  const diffs = [...differences("finding", mine.findings, theirs.findings), ...differences("notice", mine.notices, theirs.notices)];
  if (diffs.length === 0) console.log(`identical: ${mine.findings.length} findings, ${mine.notices.length} notices`);
  else {
    console.log(`DIFFERENT (${mine.findings.length} findings / ${theirs.findings.length}, ${mine.notices.length} notices / ${theirs.notices.length}):\n${diffs.join("\n")}`);
    process.exitCode = 1;
  }
} finally {
  if (made) {
    rmSync(made.diff, { force: true });
    rmSync(made.dir, { recursive: true, force: true });
  }
}
