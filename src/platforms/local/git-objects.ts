/**
 * Reads files of a revision (`rev:path`, or `:path` for the index) through one long-lived `git cat-file --batch`
 * process instead of one `git show` per file: a change with hundreds of dependency manifests or Terraform files
 * spawned hundreds of processes. Requests are answered in order; the process is started on the first read, let go
 * of by the event loop while idle (so it never keeps the CLI running), and ended after a minute idle or on
 * `close()`. Anything the batch protocol cannot carry (a path with a newline, a tree or submodule entry) falls back
 * to `git show`, so every answer is the one `gitShow` gives.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { GitError, gitShow } from "./git.js";

/** How long an idle reader keeps its git process (the scan may work a while between reads; the CLI closes it itself). */
const IDLE_MS = 60_000;

interface Pending {
  spec: string;
  rev: string;
  path: string;
  resolve: (text: string | undefined) => void;
  reject: (error: Error) => void;
}

export class GitObjects {
  private child: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  private readonly pending: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The header of the object being received, once its line has arrived. */
  private body: { size: number; type: string } | undefined;
  private idle: NodeJS.Timeout | undefined;
  /** How many `git` processes this reader started (the bench counts them). */
  spawned = 0;

  constructor(private readonly cwd: string) {}

  /** The file at `path` in `rev` ("" for the index), undefined when it does not exist there. */
  read(rev: string, path: string): Promise<string | undefined> {
    if (/[\n\r]/.test(path) || /[\n\r]/.test(rev)) return gitShow(rev, path, { cwd: this.cwd });
    return new Promise((resolve, reject) => {
      const child = this.process();
      this.pending.push({ spec: `${rev}:${path}`, rev, path, resolve, reject });
      this.hold(true);
      child.stdin.write(`${rev}:${path}\n`);
    });
  }

  /** Ends the git process (a later read starts a new one). */
  close(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.stdin.end();
    this.fail(new GitError("git cat-file was closed before it answered"));
  }

  private process(): ChildProcessByStdio<Writable, Readable, Readable> {
    clearTimeout(this.idle);
    this.idle = undefined;
    if (this.child) return this.child;
    const child = spawn("git", ["cat-file", "--batch"], { cwd: this.cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.spawned++;
    this.child = child;
    this.chunks = [];
    this.buffered = 0;
    this.body = undefined;
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => {
      if (this.child === child) this.receive(d);
    });
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.stdin.on("error", () => undefined); // reported through "close" / "error" below
    // An ended process (close(), or replaced) answers nothing more: its requests were already failed.
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.fail(new GitError(e.code === "ENOENT" ? "git is not installed or not on PATH" : `could not run git: ${e.message}`));
    });
    child.on("close", (code) => {
      if (this.child !== child) return;
      this.child = undefined;
      const why = Buffer.concat(err).toString("utf8").trim().split("\n")[0]?.replace(/^fatal:\s*/, "");
      this.fail(new GitError(why || `git cat-file exited with ${code}`));
    });
    return child;
  }

  private receive(data: Buffer): void {
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      if (!this.body) {
        const all = this.joined();
        const eol = all.indexOf(10);
        if (eol < 0) return;
        const header = all.subarray(0, eol).toString("utf8");
        this.keep(all.subarray(eol + 1));
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (m) {
          this.body = { type: m[1]!, size: Number(m[2]) };
          continue;
        }
        // "<spec> missing" or "<spec> ambiguous": nothing follows.
        const request = this.pending.shift();
        if (request) request.resolve(undefined);
        this.settled();
        continue;
      }
      if (this.buffered < this.body.size + 1) return;
      const all = this.joined();
      const content = all.subarray(0, this.body.size);
      const { type } = this.body;
      this.body = undefined;
      const request = this.pending.shift();
      const text = type === "blob" ? content.toString("utf8") : undefined;
      this.keep(all.subarray(content.length + 1));
      if (request) {
        if (type === "blob") request.resolve(text);
        else gitShow(request.rev, request.path, { cwd: this.cwd }).then(request.resolve, request.reject);
      }
      this.settled();
    }
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Keeps the unread rest (copied, so a large object's buffer is not held by a small remainder). */
  private keep(rest: Buffer): void {
    this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.buffered = rest.length;
  }

  /** After an answer: when nothing more is asked, let the event loop go and end the process after a while. */
  private settled(): void {
    if (this.pending.length > 0) return;
    this.hold(false);
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), IDLE_MS);
    this.idle.unref();
  }

  /** Whether the git process keeps the event loop alive (only while an answer is awaited). */
  private hold(on: boolean): void {
    const child = this.child;
    if (!child) return;
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as { ref?: () => void; unref?: () => void }[]) {
      if (on) handle.ref?.();
      else handle.unref?.();
    }
  }

  private fail(error: Error): void {
    for (const request of this.pending.splice(0)) request.reject(error);
    this.chunks = [];
    this.buffered = 0;
    this.body = undefined;
  }
}
