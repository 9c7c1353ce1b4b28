// Scores blind cases with the CURRENT build (dist/), like test/corpus/harness.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
const build = process.env.BUILD ?? "/work/main";
const { structuredPatch } = await import(join(build, "node_modules/diff/libesm/index.js")).catch(() => import(join(build, "node_modules/diff/lib/index.mjs")));
const { parse } = await import(join(build, "node_modules/yaml/dist/index.js"));
const { runScan } = await import(join(build, "dist/src/engine/scan.js"));
const { loadReviewPolicy } = await import(join(build, "dist/src/review/review.js"));
const { loadDefaultRules } = await import(join(build, "dist/src/defaults/rules.js"));
const { patchSource } = await import(join(build, "dist/src/platforms/local/patch-source.js"));
const { waives } = await import(join(build, "dist/src/engine/types.js"));
const { treeSitterParser } = await import(join(build, "dist/src/syntax/tree-sitter.js"));
const syntax = treeSitterParser();
const AREAS = ["transmission-security", "encryption-at-rest", "audit-controls", "integrity", "authentication", "access-control", "phi-exposure"];
const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "corpus" }, { packs: loadDefaultRules() });
const per = Object.fromEntries(AREAS.map((a) => [a, { tp: 0, fp: 0, fn: 0 }]));
const fps = [], fns = [];
const byLine = { tp: 0, fp: 0, fn: 0 };
/**
 * Where a finding counts: its line, or each labelled line inside the span its comment covers (as test/corpus/harness.ts);
 * keyed by line and area, or (`byLine`) by line alone.
 */
function findingKeys(f, expected, byLine = false) {
  const key = byLine ? (n) => `${f.path}:${n}` : (n) => `${f.path}:${n}:${f.area}`;
  const keys = [];
  for (let n = f.line; n >= (f.startLine ?? f.line); n--) if (expected.has(key(n))) keys.push(key(n));
  return keys.length > 0 ? keys : [key(f.line)];
}
function caseDiff(c) {
  const out = [];
  // (in path order, as git lists them: what a file declares is known to the files after it)
  for (const f of [...c.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const before = f.before ?? "", after = f.after ?? "";
    out.push(`diff --git a/${f.path} b/${f.path}`);
    if (f.before === undefined) out.push("new file mode 100644");
    if (f.after === undefined) out.push("deleted file mode 100644");
    out.push(f.before === undefined ? "--- /dev/null" : `--- a/${f.path}`);
    out.push(f.after === undefined ? "+++ /dev/null" : `+++ b/${f.path}`);
    for (const h of structuredPatch(f.path, f.path, before, after, "", "", { context: 3 }).hunks) out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines);
  }
  return out.join("\n") + "\n";
}
for (const dir of process.argv.slice(2)) for (const name of readdirSync(dir).filter((f) => f.endsWith(".yml")).sort()) {
  const c = parse(readFileSync(join(dir, name), "utf8"));
  const contents = new Map(c.files.map((f) => [f.path, f.after]));
  const bases = new Map(c.files.map((f) => [f.path, f.before]));
  const source = { ...patchSource([caseDiff(c)], async (p) => contents.get(p)), readBase: async (p) => bases.get(p) };
  const report = await runScan({ source, policy: loaded.judge, today: "2026-11-01", syntax });
  // DUMP=1: every finding and notice of every case, waived and base ones included (to see why a line was missed)
  if (process.env.DUMP) for (const f of [...report.findings, ...report.notices]) console.log(`${name} ${f.path ?? ""}:${f.line ?? ""} ${f.ruleId ?? f.message}${f.severity ? ` ${f.severity}` : ""}${f.waiver ? ` waiver:${f.waiver.status}` : ""}${f.inBase ? " in-base" : ""}`);
  const expected = new Set((c.expect ?? []).map((e) => { const lines = (c.files.find((f) => f.path === e.path)?.after ?? "").split("\n"); const n = lines.findIndex((l) => l.includes(e.line)) + 1; return `${e.path}:${n}:${e.area}`; }));
  const predicted = new Map();
  // by line: each finding on its line, or on each labelled line (of any area) inside the span its comment covers
  const expectedLines = new Set([...expected].map((k) => k.split(":").slice(0, -1).join(":")));
  const flaggedLines = new Set();
  // A finding already in the base revision is a note about the base, not something the change introduced (labels
  // mark what the change introduces).
  for (const f of report.findings) {
    if (waives(f.waiver) || f.inBase || !AREAS.includes(f.area)) continue;
    for (const k of findingKeys(f, expected)) predicted.set(k, `${f.ruleId}`);
    for (const l of findingKeys(f, expectedLines, true)) flaggedLines.add(l);
  }
  for (const [k, r] of predicted) { const a = k.split(":").at(-1); if (expected.has(k)) per[a].tp++; else { per[a].fp++; fps.push(`${name} ${k} ${r}`); } }
  // The same, by line alone: whether a flagged line was flagged at all, whatever area the finding names.
  const pl = flaggedLines, el = expectedLines;
  for (const l of pl) el.has(l) ? byLine.tp++ : byLine.fp++;
  for (const l of el) if (!pl.has(l)) byLine.fn++;
  for (const k of expected) if (!predicted.has(k)) { const a = k.split(":").at(-1); per[a].fn++; const [p, l] = k.split(":"); fns.push(`${name} ${k} ${(contents.get(p) ?? "").split("\n")[Number(l) - 1]?.trim().slice(0, 120)}`); }
}
const r = (n, d) => (d === 0 ? "—" : (n / d).toFixed(2));
let T = { tp: 0, fp: 0, fn: 0 };
for (const a of AREAS) { const s = per[a]; T.tp += s.tp; T.fp += s.fp; T.fn += s.fn; console.log(`${a.padEnd(24)} tp ${String(s.tp).padStart(3)} fp ${String(s.fp).padStart(3)} fn ${String(s.fn).padStart(3)}  P ${r(s.tp, s.tp + s.fp)}  R ${r(s.tp, s.tp + s.fn)}`); }
console.log(`${"all".padEnd(24)} tp ${String(T.tp).padStart(3)} fp ${String(T.fp).padStart(3)} fn ${String(T.fn).padStart(3)}  P ${r(T.tp, T.tp + T.fp)}  R ${r(T.tp, T.tp + T.fn)}`);
console.log(`${"by line, any area".padEnd(24)} tp ${String(byLine.tp).padStart(3)} fp ${String(byLine.fp).padStart(3)} fn ${String(byLine.fn).padStart(3)}  P ${r(byLine.tp, byLine.tp + byLine.fp)}  R ${r(byLine.tp, byLine.tp + byLine.fn)}`);
if (process.env.VERBOSE) { console.log("\nFalse positives:\n" + fps.join("\n")); console.log("\nFalse negatives:\n" + fns.join("\n")); }
