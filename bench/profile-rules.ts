/**
 * `node dist/bench/profile-rules.js`: time each default rule alone over a generated diff, slowest first,
 * to find the rules that hold back `npm run bench`.
 */
import { splitFiles } from "../src/engine/diff/split-diff.js";
import { parseFileDiff } from "../src/engine/diff/parse-file-diff.js";
import { evaluateFile } from "../src/engine/evaluate.js";
import { compileRule } from "../src/engine/rules/compile.js";
import { Ruleset } from "../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../src/engine/types.js";
import { loadDefaultRules } from "../src/defaults/rules.js";
import { generateDiff } from "./generate-diff.js";

const files: FileDiff[] = [];
for await (const chunk of splitFiles([...generateDiff(6_000_000, { bytes: 0, addedLines: 0, files: 0 })])) {
  const f = parseFileDiff(chunk);
  if (f) files.push(f);
}
const rules = loadDefaultRules().rules.map((r) => compileRule(r));
const timings: [string, number][] = [];
for (const rule of rules) {
  const set = new Ruleset([rule]);
  const t = process.hrtime.bigint();
  for (const f of files) evaluateFile(set, f, undefined, { thresholds: DEFAULT_THRESHOLDS, today: "2026-11-22" });
  timings.push([rule.id, Number(process.hrtime.bigint() - t) / 1e6]);
}
const all = new Ruleset(rules);
const t = process.hrtime.bigint();
for (const f of files) evaluateFile(all, f, undefined, { thresholds: DEFAULT_THRESHOLDS, today: "2026-11-22" });
console.log(`all rules together: ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms over 6 MB`);
for (const [id, ms] of timings.sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms.toFixed(0).padStart(6)} ms  ${id}`);
