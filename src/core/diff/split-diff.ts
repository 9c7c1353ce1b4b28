/**
 * Streams a unified diff (git or plain `diff -u`) one file at a time, so memory stays bounded by the
 * largest file rather than the whole diff. Pure: it reads an async iterable of text chunks it is given.
 */

export interface FileChunk {
  /** 1-based line of the chunk's first line in the whole diff, for error messages. */
  startLine: number;
  lines: string[];
}

/** Splits chunks of text into lines (without their line ends). */
export async function* linesOf(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === "string" ? chunk : chunk.toString("utf8"));
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield text.slice(start, end);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield rest;
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

export async function* splitFiles(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<FileChunk> {
  let current: FileChunk | undefined;
  let lineNo = 0;
  let oldLeft = 0;
  let newLeft = 0;
  /** A "--- " header line waiting to see whether "+++ " follows. */
  let pending: { line: string; lineNo: number } | undefined;
  /** Whether the current chunk has had its ---/+++ pair (a second pair starts a new plain-diff file). */
  let hasHeaderPair = false;
  const start = (at: number) => {
    const previous = current;
    current = { startLine: at, lines: [] };
    hasHeaderPair = false;
    return previous;
  };
  for await (const line of lines) {
    lineNo++;
    if (oldLeft > 0 || newLeft > 0) {
      const c = line.charCodeAt(0);
      if (c === 45 /* - */) oldLeft--;
      else if (c === 43 /* + */) newLeft--;
      else if (c !== 92 /* \ No newline at end of file */) { oldLeft--; newLeft--; }
      current!.lines.push(line);
      continue;
    }
    if (pending) {
      const minus = pending;
      pending = undefined;
      if (line.startsWith("+++ ")) {
        if (!current || hasHeaderPair) {
          const done = start(minus.lineNo);
          if (done) yield done;
        }
        current!.lines.push(minus.line, line);
        hasHeaderPair = true;
        continue;
      }
      if (!current) start(minus.lineNo);
      current!.lines.push(minus.line);
    }
    if (line.startsWith("diff --git ") || line.startsWith("Index: ") || line.startsWith("diff -r ")) {
      const done = start(lineNo);
      if (done) yield done;
      current!.lines.push(line);
      continue;
    }
    if (line.startsWith("--- ")) {
      pending = { line, lineNo };
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
    }
    if (!current) {
      if (!hunk) continue; // preamble: commit message, mail headers
      start(lineNo);
    }
    current!.lines.push(line);
  }
  if (pending) {
    if (!current) start(pending.lineNo);
    current!.lines.push(pending.line);
  }
  if (current) yield current;
}
