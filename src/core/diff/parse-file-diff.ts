/** Turns one file's part of a unified diff into the head-side lines the rules read. */
import { parsePatch } from "diff";
import type { DiffLine, FileDiff, FileStatus } from "../types.js";
import type { FileChunk } from "./split-diff.js";

export class DiffError extends Error {
  constructor(readonly diffLine: number, readonly reason: string) {
    super(`malformed diff at line ${diffLine}: ${reason}`);
  }
}

function stripPrefix(name: string | undefined): string | undefined {
  if (!name || name === "/dev/null") return undefined;
  const clean = name.replace(/\t.*$/, "");
  return /^[ab]\//.test(clean) ? clean.slice(2) : clean;
}

export function parseFileDiff(chunk: FileChunk): FileDiff | undefined {
  let patches;
  try {
    patches = parsePatch(chunk.lines.join("\n"));
  } catch (error) {
    const message = (error as Error).message;
    const at = /line (\d+)/i.exec(message);
    throw new DiffError(chunk.startLine + (at ? Number(at[1]) - 1 : 0), message);
  }
  const patch = patches[0];
  if (!patch) return undefined;
  const p = patch as typeof patch & { isBinary?: boolean; isCreate?: boolean; isDelete?: boolean; isRename?: boolean; isCopy?: boolean };
  const newPath = stripPrefix(p.newFileName);
  const oldPath = stripPrefix(p.oldFileName);
  const path = newPath ?? oldPath;
  if (!path) {
    if (p.hunks.length === 0) return undefined;
    throw new DiffError(chunk.startLine, "a file section has hunks but no file name (missing ---/+++ or diff --git header)");
  }
  const deleted = p.isDelete === true || (p.newFileName === "/dev/null" && !!oldPath);
  const created = p.isCreate === true || p.oldFileName === "/dev/null";
  const status: FileStatus = deleted ? "deleted" : created ? "added" : p.isRename ? "renamed" : p.isCopy ? "copied" : "modified";
  const lines: DiffLine[] = [];
  if (!deleted) {
    for (const hunk of p.hunks) {
      let n = hunk.newStart;
      for (const l of hunk.lines) {
        const c = l.charCodeAt(0);
        if (c === 43) lines.push({ line: n++, text: l.slice(1), added: true });
        else if (c === 32 || l.length === 0) lines.push({ line: n++, text: l.slice(1), added: false });
      }
    }
  }
  const binary = p.isBinary === true || chunk.lines.some((l) => l.startsWith("Binary files ") || l === "GIT binary patch");
  return { path, ...(oldPath && oldPath !== path ? { oldPath } : {}), status, binary, lines };
}
