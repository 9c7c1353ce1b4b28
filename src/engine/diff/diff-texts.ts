/**
 * Head-side lines of the change between two versions of a file, for files whose diff the platform does not
 * provide (GitHub omits `patch` for large files). Uses the `diff` library's line diff; an added line carries the lines
 * its run removed, as from a patch (change-run.ts).
 */
import { structuredPatch } from "diff/lib/patch/create.js";
import type { DiffLine } from "../types.js";
import { ChangeRun } from "./change-run.js";

export function diffTexts(before: string, after: string, context = 3): DiffLine[] {
  const patch = structuredPatch("a", "b", before, after, "", "", { context });
  const out: DiffLine[] = [];
  const run = new ChangeRun();
  for (const hunk of patch.hunks) {
    let n = hunk.newStart;
    for (const l of hunk.lines) {
      const c = l[0];
      if (c === "+") {
        const added: DiffLine = { line: n++, text: l.slice(1), added: true };
        out.push(added);
        run.add(added);
      } else if (c === "-") run.remove(l.slice(1));
      else if (c === " ") {
        const context: DiffLine = { line: n++, text: l.slice(1), added: false };
        run.context(context);
        out.push(context);
      }
    }
    run.endHunk();
  }
  run.endFile(out);
  return out;
}
