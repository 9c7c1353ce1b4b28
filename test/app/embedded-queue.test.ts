// The embedded review queue and its journal, in process: a delivery is accepted once (also after a restart), a pull
// request's newest head wins over its queued older ones, one job per key runs at a time, a job interrupted mid-review
// comes back with its check run, a line torn by a crash is skipped, the journal is compacted, and a second process
// cannot share the state directory.
import { mkdtempSync, readFileSync, appendFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EmbeddedQueue } from "../../src/app/queue/embedded.js";
import { StateDirError } from "../../src/app/queue/journal.js";
import type { JobRequest, ReviewJob, RunContext } from "../../src/app/queue/types.js";

const dir = () => mkdtempSync(join(tmpdir(), "hipaa-queue-"));
const errors: string[] = [];
const open = (d: string, concurrency = 2) => EmbeddedQueue.open({ dir: d, concurrency, maxQueued: 100, retryBaseMs: 5, onError: (job, error, final) => errors.push(`${job.id}: ${(error as Error).message}${final ? " (final)" : ""}`) });

function request(pr: number, head: string, force = false): JobRequest {
  return { key: `o/r#${pr}`, installationId: 1, why: "test", force, target: { kind: "pull", owner: "o", repo: "r", pull_number: pr, headSha: head, baseSha: "b".repeat(40), baseRef: "main" } };
}

describe("the embedded queue", () => {
  it("accepts a delivery once, also after a restart, and skips an automatic event for a head already queued", async () => {
    const d = dir();
    const q = await open(d);
    expect((await q.accept("d1", async () => [request(1, "a")])).status).toBe("accepted");
    expect(await q.accept("d1", async () => [request(1, "a")])).toEqual({ status: "duplicate" });
    const same = await q.accept("d2", async () => [request(1, "a")]);
    expect(same).toMatchObject({ status: "accepted", queued: [], skipped: [expect.objectContaining({ key: "o/r#1" })] });
    await q.close(0);
    const again = await open(d);
    expect(await again.accept("d1", async () => [request(1, "a")])).toEqual({ status: "duplicate" });
    expect(await again.accepted("d2")).toBe(true);
    expect(again.resumable).toBe(1);
    await again.close(0);
  });

  it("lets a pull request's newest head win over its queued older ones, and runs one job per pull request at a time", async () => {
    const q = await open(dir(), 4);
    const ran: string[] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    let running = 0;
    let most = 0;
    await q.start(async (job: ReviewJob) => {
      running++;
      most = Math.max(most, running);
      ran.push(job.target.headSha);
      if (job.target.headSha === "h1") await first;
      running--;
    });
    await q.accept("a", async () => [request(7, "h1")]);
    await q.accept("b", async () => [request(7, "h2")]);
    await q.accept("c", async () => [request(7, "h3")]);
    release();
    await q.onIdle();
    expect(ran).toEqual(["h1", "h3"]);
    expect(most).toBe(1);
    await q.close(0);
  });

  it("brings a job interrupted mid-review back, marked recovered, with the check run it had started", async () => {
    const d = dir();
    const q = await open(d);
    let checkSet!: () => void;
    const set = new Promise<void>((r) => (checkSet = r));
    await q.start(async (_job, context: RunContext) => {
      await context.setCheck(4242);
      checkSet();
      await new Promise(() => undefined); // the process "dies" here: the job never finishes
    });
    await q.accept("d", async () => [request(3, "h")]);
    await set;
    // A new process on the same directory (a restart after kill -9) sees the job, started, with its check run.
    const after = await open(d);
    const seen: { job: ReviewJob; recovered: boolean }[] = [];
    await after.start(async (job, context) => void seen.push({ job: { ...job }, recovered: context.recovered }));
    await after.onIdle();
    expect(seen).toEqual([{ job: expect.objectContaining({ checkRunId: 4242, key: "o/r#3" }), recovered: true }]);
    await after.close(0);
  });

  it("retries a job that throws, with backoff, then gives up and says so", async () => {
    const q = await open(dir());
    let calls = 0;
    errors.length = 0;
    await q.start(async () => {
      calls++;
      throw new Error("GitHub is down");
    });
    await q.accept("x", async () => [request(9, "h")]);
    await q.onIdle();
    expect(calls).toBe(6);
    expect(errors.at(-1)).toBe("x.0: GitHub is down (final)");
    await q.close(0);
  });

  it("skips a journal line torn by a crash, compacts the journal on open, and keeps out a second live process", async () => {
    const d = dir();
    const q = await open(d);
    await q.start(async () => undefined);
    for (let i = 0; i < 50; i++) await q.accept(`d${i}`, async () => [request(i, `h${i}`)]);
    await q.onIdle();
    await q.close(0);
    appendFileSync(join(d, "journal.jsonl"), '{"t":"add","job":{"id":"torn');
    const reopened = await open(d);
    expect(reopened.skippedRecords).toBe(1);
    expect(reopened.resumable).toBe(0);
    // Compacted: what is left is what the queue still needs (delivery ids and heads), not the 50 jobs' history.
    const lines = readFileSync(join(d, "journal.jsonl"), "utf8").trim().split("\n");
    expect(lines.filter((l) => l.includes('"t":"add"') || l.includes('"t":"done"'))).toEqual([]);
    await reopened.close(0);
    writeFileSync(join(d, "lock"), `${process.ppid}\n`);
    await expect(open(d)).rejects.toThrow(StateDirError);
    await expect(open(d)).rejects.toThrow(`is in use by process ${process.ppid}`);
  });
});
