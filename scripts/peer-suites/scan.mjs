/**
 * Runs the built engine (dist/) on a set of files presented as new files of one change, the way
 * scripts/score-cases.mjs does: every line is an added line, nothing is in a base revision, and the default pack
 * and default policy judge the findings. Returns the findings as { path, line, startLine?, area, ruleId } only: no excerpt, so
 * nothing flagged can reach the output.
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const dist = (p) => import(join(root, "dist/src", p));
const { structuredPatch } = await import("diff");
const { runScan } = await dist("engine/scan.js");
const { loadReviewPolicy } = await dist("review/review.js");
const { loadDefaultRules } = await dist("defaults/rules.js");
const { patchSource } = await dist("platforms/local/patch-source.js");
const { waives } = await dist("engine/types.js");
const { treeSitterParser } = await dist("syntax/tree-sitter.js");
export const { isTestPath } = await dist("engine/files/paths.js");
const { isLocalHost, hostUnder } = await dist("engine/hosts.js");

/** A host our rules treat as a placeholder: loopback, or a domain reserved for documentation (RFC 2606). */
export function isPlaceholderHost(host) {
  return isLocalHost(host) || ["example.com", "example.net", "example.org"].some((d) => hostUnder(host.toLowerCase(), d));
}

const syntax = treeSitterParser();
const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "peer-suites" }, { packs: loadDefaultRules() });

/** Whether any rule of the default pack reads `path` at all. */
export function anyRuleReads(path) {
  return loaded.judge.rulesFor(path) !== undefined;
}

function addedDiff(files) {
  const out = [];
  for (const [path, text] of files) {
    out.push(`diff --git a/${path} b/${path}`, "new file mode 100644", "--- /dev/null", `+++ b/${path}`);
    for (const h of structuredPatch(path, path, "", text, "", "", { context: 0 }).hunks) out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines);
  }
  return out.join("\n") + "\n";
}

/** Findings on `files` (a Map of path to text), all of them new files of one change. */
export async function scanAdded(files) {
  const source = patchSource([addedDiff(files)], async (p) => files.get(p));
  const report = await runScan({ source, policy: loaded.judge, today: "2026-12-01", syntax });
  return report.findings.filter((f) => !waives(f.waiver) && !f.inBase).map((f) => ({ path: f.path, line: f.line, ...(f.startLine !== undefined ? { startLine: f.startLine } : {}), area: f.area, ruleId: f.ruleId }));
}
