/**
 * Head-side lines of the change between two versions of a file, for files whose diff the platform does not
 * provide (GitHub omits `patch` for large files). Uses the `diff` library's line diff.
 */
import { structuredPatch } from "diff/lib/patch/create.js";
import type { DiffLine } from "../types.js";

export function diffTexts(before: string, after: string, context = 3): DiffLine[] {
  const patch = structuredPatch("a", "b", before, after, "", "", { context });
  const out: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    let n = hunk.newStart;
    for (const l of hunk.lines) {
      const c = l[0];
      if (c === "+") out.push({ line: n++, text: l.slice(1), added: true });
      else if (c === " ") out.push({ line: n++, text: l.slice(1), added: false });
    }
  }
  return out;
}
