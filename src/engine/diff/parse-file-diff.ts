/**
 * Turns one file's part of a unified diff into the head-side lines the rules read. The `diff` library parses
 * the file header (git extended headers, renames, quoting, binary markers); the hunk bodies, which are most of
 * the bytes, are walked here in one pass with their line counts checked.
 */
import { parsePatch } from "diff/lib/patch/parse.js";
import type { DiffLine, FileDiff, FileStatus } from "../types.js";
import { ChangeRun } from "./change-run.js";
import { DiffError } from "./diff-error.js";
import type { FileChunk } from "./split-diff.js";

export { DiffError } from "./diff-error.js";

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function stripPrefix(name: string | undefined): string | undefined {
  if (!name || name === "/dev/null") return undefined;
  const clean = name.replace(/\t.*$/, "");
  return /^[ab]\//.test(clean) ? clean.slice(2) : clean;
}

interface Header {
  oldFileName?: string;
  newFileName?: string;
  isBinary?: boolean;
  isCreate?: boolean;
  isDelete?: boolean;
  isRename?: boolean;
  isCopy?: boolean;
}

export function parseFileDiff(chunk: FileChunk): FileDiff | undefined {
  const { lines: raw, startLine } = chunk;
  const firstHunk = raw.findIndex((l) => l.startsWith("@@"));
  const headerLines = firstHunk < 0 ? raw : raw.slice(0, firstHunk);
  let header: Header | undefined;
  try {
    header = parsePatch(headerLines.join("\n"))[0] as Header | undefined;
  } catch (error) {
    throw new DiffError(startLine, (error as Error).message);
  }
  const newPath = stripPrefix(header?.newFileName);
  const oldPath = stripPrefix(header?.oldFileName);
  const path = newPath ?? oldPath;
  if (!path) {
    if (firstHunk < 0) return undefined;
    throw new DiffError(startLine, "a file section has hunks but no file name (missing ---/+++ or diff --git header)");
  }
  const h = header!;
  const deleted = h.isDelete === true || (h.newFileName === "/dev/null" && !!oldPath);
  const created = h.isCreate === true || h.oldFileName === "/dev/null";
  const status: FileStatus = deleted ? "deleted" : created ? "added" : h.isRename ? "renamed" : h.isCopy ? "copied" : "modified";
  const lines: DiffLine[] = [];
  const noFinalNewline = firstHunk >= 0 && walkHunks(raw, firstHunk, startLine, deleted ? undefined : lines) && !deleted;
  const binary = h.isBinary === true || headerLines.some((l) => l.startsWith("Binary files ") || l === "GIT binary patch");
  return { path, ...(oldPath && oldPath !== path ? { oldPath } : {}), status, binary, lines, ...(noFinalNewline ? { noFinalNewline } : {}) };
}

/**
 * Walks hunk bodies from `from`, checking each hunk's line counts; collects head-side lines into `out` (an added
 * line with the lines its run removed, see change-run.ts). Returns
 * whether the head side's last line has no newline (a `\ No newline at end of file` after an added or context line).
 */
function walkHunks(raw: string[], from: number, startLine: number, out: DiffLine[] | undefined): boolean {
  let i = from;
  let headSide = false;
  let noFinalNewline = false;
  const run = new ChangeRun();
  while (i < raw.length) {
    const headerLine = raw[i]!;
    const m = HUNK.exec(headerLine);
    if (!m) {
      if (headerLine.length === 0 && i === raw.length - 1) {
        run.endFile(out);
        return noFinalNewline;
      }
      throw new DiffError(startLine + i, `expected a hunk header "@@ -a,b +c,d @@", found ${JSON.stringify(headerLine.slice(0, 60))}`);
    }
    let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
    let newLeft = m[4] === undefined ? 1 : Number(m[4]);
    let n = Number(m[3]);
    const hunkLine = startLine + i;
    i++;
    while ((oldLeft > 0 || newLeft > 0) && i < raw.length) {
      const l = raw[i]!;
      const c = l.charCodeAt(0);
      if (c === 43 /* + */) {
        if (out) {
          const added: DiffLine = { line: n++, text: l.slice(1), added: true };
          out.push(added);
          run.add(added);
        }
        newLeft--;
        headSide = true;
      } else if (c === 45 /* - */) {
        if (out) run.remove(l.slice(1));
        oldLeft--;
        headSide = false;
      } else if (c === 32 /* space */ || l.length === 0) {
        const context: DiffLine = { line: n++, text: l.slice(1), added: false };
        run.context(context);
        out?.push(context);
        oldLeft--;
        newLeft--;
        headSide = true;
      } else if (c === 92 /* \ No newline at end of file */) {
        if (headSide && newLeft === 0) noFinalNewline = true;
      } else {
        throw new DiffError(startLine + i, `unexpected line in the hunk starting at diff line ${hunkLine}: ${JSON.stringify(l.slice(0, 60))}`);
      }
      i++;
    }
    run.endHunk();
    if (oldLeft !== 0 || newLeft !== 0) {
      throw new DiffError(hunkLine, `the hunk header promises more lines than follow (${oldLeft} old and ${newLeft} new line(s) missing)`);
    }
    while (i < raw.length && raw[i]!.charCodeAt(0) === 92) {
      if (headSide) noFinalNewline = true;
      i++;
    }
  }
  run.endFile(out);
  return noFinalNewline;
}

/**
 * Head-side lines of a hunk-only patch, as GitHub's pull request file listing gives it (`patch`: hunks without
 * file headers). Throws DiffError with the patch line on malformed input.
 */
export function parseHunks(patch: string): DiffLine[] {
  const raw = patch.split(/\r?\n/);
  const out: DiffLine[] = [];
  if (raw.length === 0 || (raw.length === 1 && raw[0] === "")) return out;
  walkHunks(raw, 0, 1, out);
  return out;
}
