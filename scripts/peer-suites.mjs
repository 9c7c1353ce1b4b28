#!/usr/bin/env node
/**
 * Peers' own labelled suites, scored by line (issue 10): semgrep-rules' test files for the rules in our categories
 * and checkov's Terraform and CloudFormation examples for the checks in our areas, mapped to our safeguard areas in
 * test/peer-suites/peer-map.yml. An outside measure of recall and precision on examples other projects wrote and
 * labelled. The peers' code is read from local git mirrors and never copied into this repository; the output names
 * only ids, paths and line numbers, never a flagged value.
 *
 *   npm run peer-suites -- --mirrors /work/.mirror          per-area tables
 *   VERBOSE=1 npm run peer-suites -- --mirrors …            plus one line per peer rule or check, and every miss
 *   … --json FILE                                          every scored label as JSON
 *   … --write-results                                      rewrite the generated part of test/peer-suites/RESULTS.md
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { openMirror } from "./peer-suites/mirror.mjs";
import { resultsMarkdown } from "./peer-suites/results.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let args;
try {
  args = parseArgs({ options: { mirrors: { type: "string" }, json: { type: "string" }, only: { type: "string" }, "write-results": { type: "boolean" } } }).values;
} catch (e) {
  console.error(`peer-suites: ${e.message}. Usage: npm run peer-suites -- --mirrors DIR [--only semgrep|checkov] [--json FILE] [--write-results]`);
  process.exit(2);
}
if (args.only && !["semgrep", "checkov"].includes(args.only)) { console.error(`peer-suites: --only takes semgrep or checkov, not ${JSON.stringify(args.only.slice(0, 40))}`); process.exit(2); }
if (args["write-results"] && args.only) { console.error("peer-suites: --write-results needs both peers; drop --only"); process.exit(2); }
if (!args.mirrors) { console.error("peer-suites: --mirrors DIR is required (the folder holding semgrep+semgrep-rules/repo and bridgecrewio+checkov/repo)"); process.exit(2); }

const AREAS = ["transmission-security", "encryption-at-rest", "audit-controls", "integrity", "authentication", "access-control"];
const map = parse(readFileSync(join(root, "test/peer-suites/peer-map.yml"), "utf8"));
const verbose = Boolean(process.env.VERBOSE);
const all = [];
const notes = [];
const peers = [];
try {
  // Imported here, so a usage error does not first pay for loading the engine.
  if (args.only !== "checkov") {
    const { scoreSemgrep } = await import("./peer-suites/semgrep.mjs");
    const m = openMirror(args.mirrors, ["semgrep+semgrep-rules", "returntocorp+semgrep-rules"]);
    const t = Date.now();
    const { results, noTest } = await scoreSemgrep(m, map.semgrep);
    all.push(...results);
    peers.push({ name: "semgrep/semgrep-rules", commit: m.commit, date: m.date });
    console.log(`semgrep-rules ${m.commit.slice(0, 12)} (${m.date}): ${results.length} labelled lines in ${new Set(results.map((r) => r.file)).size} test files, ${((Date.now() - t) / 1000).toFixed(0)} s`);
    if (noTest.length) notes.push(`semgrep rule files without a test file: ${noTest.join(", ")}`);
  }
  if (args.only !== "semgrep") {
    const { scoreCheckov } = await import("./peer-suites/checkov.mjs");
    const m = openMirror(args.mirrors, ["bridgecrewio+checkov"]);
    const t = Date.now();
    const { results, skipped } = await scoreCheckov(m, map.checkov);
    all.push(...results);
    peers.push({ name: "bridgecrewio/checkov", commit: m.commit, date: m.date });
    console.log(`checkov ${m.commit.slice(0, 12)} (${m.date}): ${results.length} labelled resources in ${new Set(results.map((r) => r.rule)).size} check examples, ${((Date.now() - t) / 1000).toFixed(0)} s`);
    notes.push(...skipped.map((s) => `checkov left out: ${s}`));
  }
} catch (e) {
  console.error(`peer-suites: ${e.message}`);
  process.exit(2);
}

/** A miss where we did report the label's area, only not on its line: another line of the statement, or the
 * companion resource that carries the setting (aws_s3_bucket_acl for aws_s3_bucket). Counted as a miss. */
const NEAR = new Set(["reported on another line of the statement", "reported on a companion resource"]);
const tally = (rs) => rs.reduce((s, r) => (s[r.outcome]++, NEAR.has(r.cause) && s.near++, s), { tp: 0, fn: 0, fp: 0, tn: 0, near: 0 });
const ratio = (n, d) => (d === 0 ? "—" : (n / d).toFixed(2));
function table(title, rs) {
  console.log(`\n${title}\n${"area".padEnd(22)}${["tp", "fn", "fp", "tn"].map((k) => k.padStart(6)).join("")}  recall  precision  specificity  near`);
  for (const a of [...AREAS, "all"]) {
    const s = tally(a === "all" ? rs : rs.filter((r) => r.area === a));
    if (s.tp + s.fn + s.fp + s.tn === 0) continue;
    console.log(`${a.padEnd(22)}${[s.tp, s.fn, s.fp, s.tn].map((n) => String(n).padStart(6)).join("")}  ${ratio(s.tp, s.tp + s.fn).padStart(6)}  ${ratio(s.tp, s.tp + s.fp).padStart(9)}  ${ratio(s.tn, s.tn + s.fp).padStart(11)}  ${String(s.near).padStart(4)}`);
  }
}
for (const peer of ["semgrep", "checkov"]) {
  const rs = all.filter((r) => r.peer === peer);
  if (rs.length === 0) continue;
  table(`${peer}: core (the categories of this measurement)`, rs.filter((r) => r.scope === "core"));
  table(`${peer}: extra (outside the headline; see why in peer-map.yml)`, rs.filter((r) => r.scope === "extra"));
}
console.log("\nnear: misses where we did report the area, but on another line of the statement (semgrep) or on the companion\nresource that carries the setting (checkov); they count as misses above.");
if (verbose) {
  console.log("\nPer peer rule or check (scope area: tp fn fp tn):");
  const by = new Map();
  for (const r of all) by.set(r.rule, [...(by.get(r.rule) ?? []), r]);
  for (const [rule, rs] of [...by].sort(([a], [b]) => a.localeCompare(b))) {
    const s = tally(rs);
    console.log(`  ${rule}  ${rs[0].scope} ${rs[0].area}: ${s.tp} ${s.fn} ${s.fp} ${s.tn}`);
  }
  console.log("\nMisses (peer label → our finding, if any, and the cause):");
  for (const r of all.filter((r) => r.outcome === "fn")) console.log(`  ${r.scope} ${r.rule} ${r.file}:${r.line}${r.resource ? ` ${r.resource}` : ""}: ${r.cause}${r.ours ? ` [${r.ours}]` : ""}`);
  console.log("\nFalse alarms (peer says fine, we report):");
  for (const r of all.filter((r) => r.outcome === "fp")) console.log(`  ${r.scope} ${r.rule} ${r.file}:${r.line}${r.resource ? ` ${r.resource}` : ""}: ${r.ours}`);
}
if (notes.length) console.log(`\n${notes.join("\n")}`);
if (args.json) writeFileSync(args.json, JSON.stringify(all, null, 1) + "\n");
if (args["write-results"]) {
  const file = join(root, "test/peer-suites/RESULTS.md");
  const MARK = "<!-- Everything below is written by `npm run peer-suites -- --mirrors DIR --write-results`; edit above this line. -->";
  const head = readFileSync(file, "utf8").split(MARK)[0];
  writeFileSync(file, `${head}${MARK}\n\n${resultsMarkdown(all, peers, notes)}`);
  console.log(`wrote ${file}`);
}
