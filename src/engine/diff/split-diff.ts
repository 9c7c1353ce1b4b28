/**
 * Streams a unified diff (git or plain `diff -u`) one file at a time, so memory stays bounded by the
 * largest file rather than the whole diff. Pure: it reads an iterable of text chunks it is given. Lines are
 * split with synchronous loops inside each chunk; only whole files cross an await, which keeps the per-line
 * cost low on million-line diffs.
 */
import { StringDecoder } from "node:string_decoder";
import { DiffError } from "./diff-error.js";

export interface FileChunk {
  /** 1-based line of the chunk's first line in the whole diff, for error messages. */
  startLine: number;
  lines: string[];
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/** Incremental splitter: feed lines, collect finished files. */
class Splitter {
  done: FileChunk[] = [];
  private current: FileChunk | undefined;
  private lineNo = 0;
  private oldLeft = 0;
  private newLeft = 0;
  /** A "--- " header line waiting to see whether "+++ " follows. */
  private pending: { line: string; lineNo: number } | undefined;
  /** Whether the current chunk has had its ---/+++ pair (a second pair starts a new plain-diff file). */
  private hasHeaderPair = false;
  /** Files started, and the first line that was not blank (to tell an empty diff from text that is no diff). */
  private sections = 0;
  private firstContent = 0;

  private start(at: number): void {
    this.sections++;
    if (this.current) this.done.push(this.current);
    this.current = { startLine: at, lines: [] };
    this.hasHeaderPair = false;
  }

  push(line: string): void {
    this.lineNo++;
    if (this.firstContent === 0 && line.trim().length > 0) this.firstContent = this.lineNo;
    if (this.oldLeft > 0 || this.newLeft > 0) {
      const c = line.charCodeAt(0);
      if (c === 45 /* - */) this.oldLeft--;
      else if (c === 43 /* + */) this.newLeft--;
      else if (c !== 92 /* \ No newline at end of file */) { this.oldLeft--; this.newLeft--; }
      this.current!.lines.push(line);
      return;
    }
    if (this.pending) {
      const minus = this.pending;
      this.pending = undefined;
      if (line.startsWith("+++ ")) {
        if (!this.current || this.hasHeaderPair) this.start(minus.lineNo);
        this.current!.lines.push(minus.line, line);
        this.hasHeaderPair = true;
        return;
      }
      if (!this.current) this.start(minus.lineNo);
      this.current!.lines.push(minus.line);
    }
    if (line.startsWith("diff --git ") || line.startsWith("Index: ") || line.startsWith("diff -r ")) {
      this.start(this.lineNo);
      this.current!.lines.push(line);
      return;
    }
    if (line.startsWith("--- ")) {
      this.pending = { line, lineNo: this.lineNo };
      return;
    }
    const hunk = line.startsWith("@@") ? HUNK.exec(line) : null;
    if (hunk) {
      this.oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      this.newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
    }
    if (!this.current) {
      if (!hunk) return; // preamble: commit message, mail headers
      this.start(this.lineNo);
    }
    this.current!.lines.push(line);
  }

  finish(): void {
    if (this.pending) {
      if (!this.current) this.start(this.pending.lineNo);
      this.current!.lines.push(this.pending.line);
      this.pending = undefined;
    }
    if (this.current) this.done.push(this.current);
    this.current = undefined;
    if (this.sections === 0 && this.firstContent > 0) {
      throw new DiffError(this.firstContent, "the input is not a unified diff: it has no file header (`diff --git`, or `---` and `+++` lines) and no hunk (`@@`)");
    }
  }
}

/** Splits a stream of diff text into per-file chunks. */
export async function* splitFiles(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<FileChunk> {
  const splitter = new Splitter();
  const decoder = new StringDecoder("utf8"); // a multi-byte character may straddle two chunks
  let rest = "";
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk));
    const lines = text.split("\n");
    rest = lines.pop()!;
    for (const line of lines) splitter.push(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
    if (splitter.done.length > 0) {
      const ready = splitter.done;
      splitter.done = [];
      yield* ready;
    }
  }
  rest += decoder.end();
  if (rest.length > 0) splitter.push(rest.charCodeAt(rest.length - 1) === 13 ? rest.slice(0, -1) : rest);
  splitter.finish();
  yield* splitter.done;
}
