/**
 * The embedded queue's memory on disk: an append-only file of JSON lines under HIPAA_STATE_DIR. Records are written in
 * batches with one fdatasync each (group commit), so a webhook is acknowledged only once its job would survive a crash,
 * at the cost of one disk flush per batch rather than per webhook. Replay rebuilds the state; every record is
 * idempotent, so a record written twice (around a compaction) is harmless. The file is compacted into a snapshot of the
 * live state at start and whenever it passes 4 MB, so it stays bounded. A lock file keeps a second process out.
 */
import { closeSync, constants, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { OpenCheck, ReviewJob } from "./types.js";

export type JournalRecord =
  | { t: "add"; job: ReviewJob }
  | { t: "delivery"; id: string }
  | { t: "start"; id: string }
  | { t: "check"; id: string; checkRunId: number }
  | { t: "done"; id: string }
  | { t: "open"; check: OpenCheck }
  | { t: "closed"; checkRunId: number }
  | { t: "latest"; key: string; seq: number; head: string }
  | { t: "swept"; at: number };

/** A journal past this size is compacted. */
const COMPACT_BYTES = 4 * 1024 * 1024;

export class StateDirError extends Error {}

interface Pending {
  text: string;
  resolve(): void;
  reject(error: unknown): void;
}

export class Journal {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;

  private constructor(private readonly dir: string, private fh: FileHandle, private size: number, private readonly snapshot: () => JournalRecord[]) {}

  /**
   * Opens the journal in `dir`, replaying every record into `apply`, then compacts it into `snapshot()` (the state the
   * replay built). Returns how many unreadable lines were skipped (a line torn by a crash mid-write).
   */
  static async open(dir: string, apply: (record: JournalRecord) => void, snapshot: () => JournalRecord[]): Promise<{ journal: Journal; skipped: number }> {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new StateDirError(`HIPAA_STATE_DIR=${dir} cannot be created (${(error as NodeJS.ErrnoException).code ?? "error"}); point it at a writable directory`);
    }
    takeLock(dir);
    const file = join(dir, "journal.jsonl");
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new StateDirError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    let skipped = 0;
    for (const line of text.split("\n")) {
      if (!line) continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch {
        skipped++;
        continue;
      }
      apply(record);
    }
    const journal = new Journal(dir, await open(file, "a"), text.length, snapshot);
    await journal.compact();
    return { journal, skipped };
  }

  /** Resolves once the records are on disk. */
  append(records: JournalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error("the journal is closed"));
    return new Promise((resolve, reject) => {
      this.pending.push({ text: records.map((r) => JSON.stringify(r) + "\n").join(""), resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  async close(): Promise<void> {
    await this.flushing;
    this.closed = true;
    await this.fh.close();
    try {
      unlinkSync(join(this.dir, "lock"));
    } catch {
      // already gone
    }
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      const text = batch.map((p) => p.text).join("");
      try {
        await this.fh.write(text);
        await this.fh.datasync();
        this.size += text.length;
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
      if (this.size > COMPACT_BYTES) await this.compact();
    }
    this.flushing = undefined;
  }

  /** Replaces the file with a snapshot of the live state: written aside, flushed, then renamed over it. */
  private async compact(): Promise<void> {
    const file = join(this.dir, "journal.jsonl");
    const aside = join(this.dir, "journal.jsonl.new");
    const text = this.snapshot().map((r) => JSON.stringify(r) + "\n").join("");
    const fd = openSync(aside, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await this.fh.close();
    renameSync(aside, file);
    this.fh = await open(file, "a");
    this.size = text.length;
  }
}

/** One process per state directory: a lock file holding the pid; a dead owner's lock (kill -9) is taken over. */
function takeLock(dir: string): void {
  const lock = join(dir, "lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, "wx", 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new StateDirError(`HIPAA_STATE_DIR=${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? "error"}); point it at a writable directory`);
    }
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(lock, "utf8").trim());
    } catch {
      // removed meanwhile: try again
    }
    if (owner === process.pid) return;
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
      throw new StateDirError(`HIPAA_STATE_DIR=${dir} is in use by process ${owner}; give each process its own directory, or run replicas with REDIS_URL`);
    }
    try {
      unlinkSync(lock); // its owner is gone
    } catch {
      // another process took it over first; the next attempt says so
    }
  }
  throw new StateDirError(`HIPAA_STATE_DIR=${dir}: its lock file could not be taken over; remove ${lock} if no hipaa-review process uses the directory`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
