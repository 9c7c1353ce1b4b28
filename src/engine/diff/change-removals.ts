/**
 * The lines a change removed, in the files read so far, for rules whose `replaces` looks across the change
 * (`replaces_in: change`): a scoped lookup removed from a controller and an unscoped one added in the controller split
 * out of it. Files come in the order git lists them (by path), so a removal in a file listed later is not seen, nor
 * one in a deleted file (its diff keeps no head-side line to carry it).
 * Bounded: at most MAX_LINES lines, each at most MAX_LINE characters, copied out of the diff's text (a substring would
 * keep the diff's chunk alive).
 */
import type { FileDiff } from "../types.js";

const MAX_LINES = 2_000;
const MAX_LINE = 1_000;

export class ChangeRemovals {
  private readonly removed: string[] = [];
  /** The list handed out since the last file was added (one list per file: rules cache what they read by it). */
  private current: readonly string[] | undefined;

  /** Keeps what `file` removed (call it as each file is read, before its rules ask). */
  add(file: FileDiff): void {
    for (const text of removedBy(file)) {
      if (this.removed.length >= MAX_LINES) break;
      if (text.length <= MAX_LINE) this.removed.push(structuredClone(text));
    }
    this.current = undefined;
  }

  /** The lines removed by the files added so far. */
  lines(): readonly string[] {
    return (this.current ??= this.removed.slice());
  }
}

/**
 * What the file's change removed, as its diff lines carry it: every removed line on its added lines (`removedInFile`,
 * bounded by the run parser), or, when it added none, each run's removed lines on the context line beside it.
 */
function removedBy(file: FileDiff): readonly string[] {
  const out: string[] = [];
  const seen = new Set<readonly string[]>();
  for (const l of file.lines) {
    if (l.added && l.removedInFile) return l.removedInFile;
    for (const run of [l.removedAbove, l.removedBelow]) {
      if (run && !seen.has(run)) {
        seen.add(run);
        out.push(...run);
      }
    }
  }
  return out;
}
