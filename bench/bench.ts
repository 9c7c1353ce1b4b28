/**
 * `npm run bench`: throughput and peak memory of the full default pack over a generated diff of
 * ≥ 50 MB and ≥ 1 M added lines, streamed through the same parser and engine the CLI uses.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { runScan } from "../src/engine/scan.js";
import { treeSitterParser } from "../src/syntax/tree-sitter.js";
import { loadDefaultRules } from "../src/defaults/rules.js";
import { loadDefaultVendors } from "../src/defaults/vendors.js";
import { patchSource } from "../src/platforms/local/patch-source.js";
import { loadReviewPolicy } from "../src/review/review.js";
import { generateDiff, type GeneratedStats } from "./generate-diff.js";

interface Result {
  label: string;
  mb: number;
  lines: number;
  files: number;
  seconds: number;
  findings: number;
  peakHeapMb: number;
  peakRssMb: number;
}

/** Writes the generated diff to a file first, so the measurement reads it as the CLI reads git's output. */
async function writeDiff(targetBytes: number): Promise<{ path: string; stats: GeneratedStats }> {
  const stats: GeneratedStats = { bytes: 0, addedLines: 0, files: 0 };
  const path = join(tmpdir(), `hipaa-review-bench-${process.pid}-${targetBytes}.diff`);
  const out = createWriteStream(path);
  for (const chunk of generateDiff(targetBytes, stats)) {
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { path, stats };
}

async function measure(label: string, targetBytes: number): Promise<Result> {
  const { path, stats } = await writeDiff(targetBytes);
  const packs = loadDefaultRules();
  // As the CLI scans: the rules and the vendor review (catalogue, no manifest).
  const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "bench" }, { packs, vendorCatalogue: loadDefaultVendors() });
  (globalThis as { gc?: () => void }).gc?.();
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const source = patchSource(createReadStream(path, { highWaterMark: 256 * 1024 }));
  const started = process.hrtime.bigint();
  const report = await runScan({
    policy: loaded.judge,
    plugins: loaded.plugins,
    source,
    today: "2026-11-22",
    syntax: treeSitterParser(),
    onFile: (s) => {
      if (s.files % 50 === 0) sample();
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sample();
  const bytes = statSync(path).size;
  rmSync(path);
  return {
    label,
    mb: bytes / 1e6,
    lines: stats.addedLines,
    files: stats.files,
    seconds,
    findings: report.findings.length,
    peakHeapMb: peakHeap / 1e6,
    peakRssMb: peakRss / 1e6,
  };
}

function row(r: Result): string {
  return [
    r.label.padEnd(7),
    `${r.mb.toFixed(1)} MB`.padStart(9),
    `${(r.lines / 1e6).toFixed(2)} M lines`.padStart(13),
    `${r.files} files`.padStart(12),
    `${r.seconds.toFixed(2)} s`.padStart(9),
    `${(r.mb / r.seconds).toFixed(1)} MB/s`.padStart(12),
    `${Math.round(r.lines / r.seconds).toLocaleString("en-US")} lines/s`.padStart(18),
    `peak heap ${r.peakHeapMb.toFixed(0)} MB`.padStart(18),
    `peak RSS ${r.peakRssMb.toFixed(0)} MB`.padStart(17),
    `${r.findings} findings`.padStart(15),
  ].join(" ");
}

const rules = loadDefaultRules().rules.length;
console.log(`hipaa-review bench: ${rules} default rules, Node ${process.version}, one core (single-threaded scan)`);
await measure("warm-up", 5e6);
const small = await measure("small", 12e6);
console.log(row(small));
const large = await measure("large", 60e6);
console.log(row(large));
if (large.lines < 1_000_000 || large.mb < 50) {
  console.error("bench: the generated diff is smaller than 50 MB / 1 M lines");
  process.exitCode = 1;
}
console.log(`memory growth from ${small.mb.toFixed(0)} MB to ${large.mb.toFixed(0)} MB of diff: heap ${(large.peakHeapMb - small.peakHeapMb).toFixed(0)} MB`);
