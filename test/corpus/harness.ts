// Labelled corpus harness: builds a git-style diff from each case's before/after, runs the real pipeline
// (diff parser → engine → report), and scores findings against the labels per safeguard area.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { structuredPatch } from "diff";
import { parse } from "yaml";
import { runScan } from "../../src/engine/scan.js";
import { waives } from "../../src/engine/types.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { patchSource } from "../../src/platforms/local/patch-source.js";
import { treeSitterParser } from "../../src/syntax/tree-sitter.js";

export const AREAS = ["transmission-security", "encryption-at-rest", "audit-controls", "integrity", "authentication", "access-control", "phi-exposure"] as const;

export interface CaseFile {
  path: string;
  before?: string;
  after?: string;
}

export interface CorpusCase {
  name: string;
  description: string;
  files: CaseFile[];
  expect: { path: string; line: string; area: string }[];
}

export function loadCases(dir: string): CorpusCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yml"))
    .sort()
    .map((f) => ({ name: f, ...(parse(readFileSync(join(dir, f), "utf8")) as Omit<CorpusCase, "name">) }));
}

/** Files in the order git lists them (by path, byte for byte): what a file declares is known to the files after it. */
export function byPath<T extends { path: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A git-style unified diff for the case, as `git diff` would print it: its files in path order, as git sorts them. */
export function caseDiff(c: CorpusCase): string {
  const out: string[] = [];
  for (const f of byPath(c.files)) {
    const before = f.before ?? "";
    const after = f.after ?? "";
    out.push(`diff --git a/${f.path} b/${f.path}`);
    if (f.before === undefined) out.push("new file mode 100644");
    if (f.after === undefined) out.push("deleted file mode 100644");
    out.push(f.before === undefined ? "--- /dev/null" : `--- a/${f.path}`);
    out.push(f.after === undefined ? "+++ /dev/null" : `+++ b/${f.path}`);
    const patch = structuredPatch(f.path, f.path, before, after, "", "", { context: 3 });
    for (const h of patch.hunks) {
      out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
      out.push(...h.lines);
    }
  }
  return out.join("\n") + "\n";
}

export function expectedLine(c: CorpusCase, path: string, needle: string): number {
  const file = c.files.find((f) => f.path === path);
  const lines = (file?.after ?? "").split("\n");
  const hits = lines.map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter((n) => n > 0);
  if (hits.length !== 1) throw new Error(`${c.name}: label "${needle}" in ${path} matches ${hits.length} lines (needs exactly one)`);
  return hits[0]!;
}

/**
 * Where a finding counts: its line, or, for a finding whose comment spans lines (`startLine`–`line`: a statement, a
 * run of records), each labelled line inside that span (a label on a call's first line and one on its argument line
 * both name it; every labelled row of a run is flagged by the comment over the run). As scripts/score-cases.mjs.
 */
export function findingKeys(f: { path: string; line: number; startLine?: number; area: string }, expected: ReadonlySet<string>): string[] {
  const key = (n: number) => `${f.path}:${n}:${f.area}`;
  const keys: string[] = [];
  for (let n = f.line; n >= (f.startLine ?? f.line); n--) if (expected.has(key(n))) keys.push(key(n));
  return keys.length > 0 ? keys : [key(f.line)];
}

export interface Scored {
  perArea: Record<string, { tp: number; fp: number; fn: number }>;
  falsePositives: string[];
  falseNegatives: string[];
}

export async function scoreCorpus(cases: CorpusCase[], today = "2026-11-01"): Promise<Scored> {
  const packs = loadDefaultRules();
  const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "corpus" }, { packs });
  const perArea: Scored["perArea"] = Object.fromEntries(AREAS.map((a) => [a, { tp: 0, fp: 0, fn: 0 }]));
  const falsePositives: string[] = [];
  const falseNegatives: string[] = [];
  for (const c of cases) {
    const contents = new Map(c.files.map((f) => [f.path, f.after]));
    const bases = new Map(c.files.map((f) => [f.path, f.before]));
    const source = { ...patchSource([caseDiff(c)], async (p: string) => contents.get(p)), readBase: async (p: string) => bases.get(p) };
    // The rules alone, as the default policy runs them (the vendor review is measured by its own tests).
    const report = await runScan({ source, policy: loaded.judge, today, syntax: treeSitterParser() });
    const expected = new Set(c.expect.map((e) => `${e.path}:${expectedLine(c, e.path, e.line)}:${e.area}`));
    const predicted = new Map<string, string>();
    for (const f of report.findings) {
      // A finding already in the base revision is a note about the base, not something the change introduced.
      if (waives(f.waiver) || f.inBase || !(AREAS as readonly string[]).includes(f.area)) continue;
      for (const key of findingKeys(f, expected)) predicted.set(key, `${f.ruleId} — ${f.snippet ?? ""}`);
    }
    for (const [key, what] of predicted) {
      const area = key.split(":").at(-1)!;
      if (expected.has(key)) perArea[area]!.tp++;
      else {
        perArea[area]!.fp++;
        falsePositives.push(`${c.name} ${key} ${what}`);
      }
    }
    for (const key of expected) {
      if (!predicted.has(key)) {
        const area = key.split(":").at(-1)!;
        perArea[area] ??= { tp: 0, fp: 0, fn: 0 };
        perArea[area]!.fn++;
        const [path, line] = key.split(":");
        const text = (c.files.find((f) => f.path === path)?.after ?? "").split("\n")[Number(line) - 1]?.trim();
        falseNegatives.push(`${c.name} ${key} ${text}`);
      }
    }
  }
  return { perArea, falsePositives, falseNegatives };
}

export function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}
