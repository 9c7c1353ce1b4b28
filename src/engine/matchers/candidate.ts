/** A rule that matched a line (or a resource): what the findings stage turns into a finding. */
import type { CompiledRule } from "../rules/compile.js";
import type { Match } from "./pattern.js";

export interface Candidate {
  rule: CompiledRule;
  line: number;
  /** The statement's first line, when it begins above `line` (see `Finding.startLine`). */
  startLine?: number;
  text: string;
  match?: Match;
  /** A block rule's resource was already weak in the base revision: the change only touched it. */
  inBase?: boolean;
  /** A block rule's resource: its first and last lines. */
  resource?: { startLine: number; endLine: number };
  /** A run of records (`recordRuns`): how many consecutive lines the rule flagged, `startLine` to `line`. */
  rows?: number;
}

/** Whether a rule flags patient records (a patient-data rule that matches the values themselves). */
export function readsRecords(rule: CompiledRule): boolean {
  return rule.sensitive && rule.area === "phi-exposure";
}

/**
 * Rows of patient records: consecutive added lines that one patient-data rule flags (a seed file's rows, a fixture's
 * records, a pasted list) are one candidate over the run — one comment saying how many lines hold them, not one per
 * row. The run's first line gives the excerpt; it spans `startLine` to its last line. Other rules' candidates, and
 * lines apart, stay as they are (in order).
 */
export function recordRuns(candidates: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const open = new Map<CompiledRule, Candidate>();
  for (const c of candidates) {
    const isRecord = readsRecords(c.rule) && c.startLine === undefined && !c.inBase;
    const run = isRecord ? open.get(c.rule) : undefined;
    if (run && run.line === c.line - 1) {
      run.startLine ??= run.line;
      run.line = c.line;
      run.rows = (run.rows ?? 1) + 1;
      continue;
    }
    const kept = { ...c };
    if (isRecord) open.set(c.rule, kept);
    out.push(kept);
  }
  return out;
}

/**
 * A line of an area: what "one finding per weak line" is counted by (a line a line rule of the area already flagged
 * is not reported again by a syntax or block rule of that area).
 */
export function areaLine(area: string, line: number): string {
  return `${area}\u0000${line}`;
}

/**
 * The candidates of `fallback` on lines of an area that none of `primary` flags: one weakness is reported once, by the
 * primary rule (a line rule over a syntax, block or switched-value rule of the same area).
 */
export function unflagged(primary: readonly Candidate[], fallback: readonly Candidate[]): Candidate[] {
  const flagged = new Set(primary.map((c) => areaLine(c.rule.area, c.line)));
  return fallback.filter((c) => !flagged.has(areaLine(c.rule.area, c.line)));
}

/**
 * The block rules' candidates that say something the line rules did not: none of `primary` flags their line, nor a
 * line of their resource in their area with at least their weight (`weight`: as the policy will judge them). An
 * `access_logs { enabled = false }` a line rule reports as logging switched off is the weakness a "load balancer
 * without access logs" rule would report again on the resource's first line.
 */
export function unflaggedResources(primary: readonly Candidate[], blocks: readonly Candidate[], weight: (c: Candidate) => number): Candidate[] {
  return unflagged(primary, blocks).filter((b) => {
    const r = b.resource;
    if (!r) return true;
    const w = Math.max(0, weight(b));
    return !primary.some((c) => c.rule.area === b.rule.area && c.line >= r.startLine && c.line <= r.endLine && weight(c) >= w);
  });
}
