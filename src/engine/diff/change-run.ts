/**
 * Runs of changed lines: the lines a change removes and the lines it adds in their place, between two context
 * lines. An added line of a run that also removed lines carries those removed lines (`DiffLine.replaced`), so a rule
 * can tell a setting switched from a safe value to a weak one (`require_secure_transport: "ON"` → `"OFF"`) from a
 * weak value merely added. Bounded: a run keeps at most MAX_REPLACED removed lines (its first ones).
 */
import type { DiffLine } from "../types.js";

export const MAX_REPLACED = 50;

export class ChangeRun {
  private removed: string[] = [];
  private added: DiffLine[] = [];

  /** A line the change removes. */
  remove(text: string): void {
    if (this.removed.length < MAX_REPLACED) this.removed.push(text);
  }

  /** A line the change adds (already placed in the head-side lines). */
  add(line: DiffLine): void {
    this.added.push(line);
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
