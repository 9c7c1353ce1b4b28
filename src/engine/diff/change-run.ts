/**
 * Runs of changed lines: the lines a change removes and the lines it adds in their place, between two context
 * lines. An added line of a run that also removed lines carries those removed lines (`DiffLine.replaced`), so a rule
 * can tell a setting switched from a safe value to a weak one (`require_secure_transport: "ON"` → `"OFF"`) from a
 * weak value merely added. Bounded: a run keeps at most MAX_REPLACED removed lines (its first ones).
 */
import type { DiffLine } from "../types.js";

export const MAX_REPLACED = 50;
/** A file keeps at most this many of the lines its change removed (its first ones), for `replaces_in: file` rules. */
export const MAX_REMOVED_IN_FILE = 200;

export class ChangeRun {
  private removed: string[] = [];
  private added: DiffLine[] = [];
  /** Every line the file's change removed (bounded). */
  private readonly fileRemoved: string[] = [];

  /** A line the change removes. */
  remove(text: string): void {
    if (this.removed.length < MAX_REPLACED) this.removed.push(text);
    if (this.fileRemoved.length < MAX_REMOVED_IN_FILE) this.fileRemoved.push(text);
  }

  /** A line the change adds (already placed in the head-side lines). */
  add(line: DiffLine): void {
    this.added.push(line);
  }

  /**
   * The file ends (after its last run), `lines` its head-side lines: when its change removed lines, its added lines
   * learn them all.
   */
  endFile(lines: readonly DiffLine[] | undefined): void {
    this.end();
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
