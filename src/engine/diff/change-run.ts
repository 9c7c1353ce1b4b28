/**
 * Runs of changed lines: the lines a change removes and the lines it adds in their place, between two context
 * lines. An added line of a run that also removed lines carries those removed lines (`DiffLine.replaced`), so a rule
 * can tell a setting switched from a safe value to a weak one (`require_secure_transport: "ON"` → `"OFF"`) from a
 * weak value merely added. A run that only removed lines leaves them on the context line after it
 * (`DiffLine.removedAbove`), or, when the hunk ends with it, on the head-side line before it (`removedBelow`): a
 * safeguard deleted outright (`storage_encrypted = true`) is then still a change inside its resource. Bounded: a run
 * keeps at most MAX_REPLACED removed lines (its first ones).
 */
import type { DiffLine } from "../types.js";

export const MAX_REPLACED = 50;
/** A file keeps at most this many of the lines its change removed (its first ones), for `replaces_in: file` rules. */
export const MAX_REMOVED_IN_FILE = 200;

/** Whether the change adds or removes a line of the file (a rename or a mode change touches none). */
export function touchesLines(file: { lines: readonly DiffLine[] }): boolean {
  return file.lines.some((l) => l.added || l.removedAbove !== undefined || l.removedBelow !== undefined);
}

export class ChangeRun {
  private removed: string[] = [];
  private added: DiffLine[] = [];
  /** Every line the file's change removed (bounded). */
  private readonly fileRemoved: string[] = [];
  /** The hunk's last head-side line so far. */
  private lastHead: DiffLine | undefined;

  /** A line the change removes. */
  remove(text: string): void {
    if (this.removed.length < MAX_REPLACED) this.removed.push(text);
    if (this.fileRemoved.length < MAX_REMOVED_IN_FILE) this.fileRemoved.push(text);
  }

  /** A line the change adds (already placed in the head-side lines). */
  add(line: DiffLine): void {
    this.added.push(line);
    this.lastHead = line;
  }

  /** A context line: the run before it ends, and a run that only removed lines leaves them on it. */
  context(line: DiffLine): void {
    if (this.removed.length > 0 && this.added.length === 0) line.removedAbove = this.removed;
    this.end();
    this.lastHead = line;
  }

  /** A hunk ends: a run that only removed lines leaves them on the hunk's last head-side line, if it has one. */
  endHunk(): void {
    if (this.removed.length > 0 && this.added.length === 0 && this.lastHead) this.lastHead.removedBelow = this.removed;
    this.end();
    this.lastHead = undefined;
  }

  /**
   * The file ends (after its last run), `lines` its head-side lines: when its change removed lines, its added lines
   * learn them all.
   */
  endFile(lines: readonly DiffLine[] | undefined): void {
    this.endHunk();
    if (this.fileRemoved.length === 0 || !lines) return;
    const removed: readonly string[] = this.fileRemoved;
    for (const l of lines) if (l.added) l.removedInFile = removed;
  }

  /** The run ends (a context line, the hunk's end): its added lines learn what they replaced. */
  end(): void {
    if (this.removed.length > 0 && this.added.length > 0) {
      const replaced: readonly string[] = this.removed;
      for (const l of this.added) l.replaced = replaced;
    }
    if (this.removed.length > 0) this.removed = [];
    if (this.added.length > 0) this.added = [];
  }
}
