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
  /**
   * A block rule's resource was already weak in the base revision, or a limit was already past its threshold there
   * (line.ts `alreadyPast`): the change only touched it.
   */
  inBase?: boolean;
  /** A block rule's resource: its first and last lines. */
  resource?: { startLine: number; endLine: number };
  /** A run of records (`recordRuns`): how many consecutive lines patient-data rules flagged, `startLine` to `line`. */
  rows?: number;
  /**
   * A syntax rule's name read outside the call that sends it (a field of a payload assigned above the call, a helper's
   * returned value): the call's first and last lines.
   */
  call?: { startLine: number; endLine: number };
}

/** Whether a rule flags patient records (a patient-data rule that matches the values themselves). */
export function readsRecords(rule: CompiledRule): boolean {
  return rule.sensitive && rule.area === "phi-exposure";
}

/**
 * Patient records: consecutive added lines that patient-data rules flag (a seed file's rows, a fixture's record with
 * its name, birth date and number on lines of their own, a pasted list) are one run, reported once — by the
 * candidates of its first line, each spanning the run (`startLine` to its last line), with one comment saying how
 * many lines hold patient data, not a comment per line and field. The first line gives the excerpt. Other rules'
 * candidates, and record lines apart, stay as they are (in order).
 */
export function recordRuns(candidates: readonly Candidate[]): Candidate[] {
  const isRecord = (c: Candidate) => readsRecords(c.rule) && c.startLine === undefined && !c.inBase;
  const lines = [...new Set(candidates.filter(isRecord).map((c) => c.line))].sort((a, b) => a - b);
  const runs = new Map<number, { first: number; last: number }>();
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    const run = { first: lines[i]!, last: lines[j]! };
    for (let k = i; k <= j; k++) runs.set(lines[k]!, run);
    i = j + 1;
  }
  const out: Candidate[] = [];
  for (const c of candidates) {
    const run = isRecord(c) ? runs.get(c.line) : undefined;
    if (!run || run.first === run.last) out.push(c);
    else if (c.line === run.first) out.push({ ...c, startLine: run.first, line: run.last, rows: run.last - run.first + 1 });
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
 * primary rule (a line rule over a syntax, block or switched-value rule of the same area). The candidates of
 * `spanning` flag the lines their span covers above their own (a backup's upload whose finding spans up to the dump
 * it sends covers the dump).
 */
export function unflagged(primary: readonly Candidate[], fallback: readonly Candidate[], spanning: readonly Candidate[] = []): Candidate[] {
  const flagged = new Set(primary.map((c) => areaLine(c.rule.area, c.line)));
  for (const c of spanning) for (let n = c.startLine ?? c.line; n < c.line; n++) flagged.add(areaLine(c.rule.area, n));
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
