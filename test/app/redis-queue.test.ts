// The Redis review queue against a real redis-server, with two queue instances standing in for two replicas: a delivery
// is accepted once across both, a pull request's newest queued head wins, one job per pull request runs at a time across
// both, a job handed back on shutdown is resumed elsewhere with its check run, and the open checks and the sweep's
// cursor and turn are shared.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisQueue } from "../../src/app/queue/redis.js";
import { HandBack, QueueUnavailable, type JobRequest, type ReviewJob, type RunContext } from "../../src/app/queue/types.js";
import { startRedis, type RedisServer } from "./redis-server.js";

let redis: RedisServer;
let prefix = 0;

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

/** Two "replicas" on one Redis, with their own key prefix per test. */
async function replicas(concurrency = 2): Promise<[RedisQueue, RedisQueue]> {
  const options = { url: redis.url, concurrency, stallMs: 1_000, maxQueued: 100, retryBaseMs: 10, prefix: `t${++prefix}`, onError: () => undefined };
  return [await RedisQueue.open(options), await RedisQueue.open(options)];
}

function request(pr: number, head: string): JobRequest {
  return { key: `o/r#${pr}`, installationId: 1, why: "test", force: false, target: { kind: "pull", owner: "o", repo: "r", pull_number: pr, headSha: head, baseSha: "b".repeat(40), baseRef: "main" } };
}

describe("the Redis queue across replicas", () => {
  it("accepts a delivery once across replicas and runs a pull request's newest head, one review at a time", async () => {
    const [a, b] = await replicas();
    expect((await a.accept("d1", async () => [request(1, "h1")])).status).toBe("accepted");
    expect(await b.accept("d1", async () => [request(1, "h1")])).toEqual({ status: "duplicate" });
    await a.accept("d2", async () => [request(1, "h2")]);
    await b.accept("d3", async () => [request(1, "h3")]);
    await a.accept("d4", async () => [request(2, "x1")]);
    const ran: string[] = [];
    let running = 0;
    let most = 0;
    const run = async (job: ReviewJob) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 50));
      ran.push(job.target.headSha);
      running--;
    };
    // Pull request 1's three heads were queued before any worker ran: only the newest is reviewed.
    await Promise.all([a.start(run), b.start(run)]);
    await a.onIdle();
    expect(ran.sort()).toEqual(["h3", "x1"]);
    // While one replica reviews a pull request, the other's job for it waits.
    ran.length = 0;
    most = 0;
    const perPr: Record<number, number> = {};
    let overlap = false;
    const slow = async (job: ReviewJob) => {
      const pr = (job.target as { pull_number: number }).pull_number;
      perPr[pr] = (perPr[pr] ?? 0) + 1;
      if (perPr[pr]! > 1) overlap = true;
      await new Promise((r) => setTimeout(r, 150));
      ran.push(job.target.headSha);
      perPr[pr]!--;
    };
    await Promise.all([a.close(0), b.close(0)]);
    const [c, d] = await replicas();
    await Promise.all([c.start(slow), d.start(slow)]);
    await c.accept("e1", async () => [{ ...request(5, "p1"), force: true }]);
    await new Promise((r) => setTimeout(r, 30));
    await d.accept("e2", async () => [{ ...request(5, "p1"), force: true }]);
    await c.onIdle();
    expect(ran).toEqual(["p1", "p1"]);
    expect(overlap).toBe(false);
    await Promise.all([c.close(0), d.close(0)]);
  });

  it("hands a running job back on shutdown; another replica resumes it, recovered, with its check run", async () => {
    const [a, b] = await replicas();
    let started!: () => void;
    const isRunning = new Promise<void>((r) => (started = r));
    await a.start(async (_job, context: RunContext) => {
      await context.setCheck(99);
      started();
      await new Promise<void>((_, reject) => context.signal.addEventListener("abort", () => reject(new HandBack())));
    });
    await a.accept("h1", async () => [request(8, "z")]);
    await isRunning;
    const seen: { checkRunId?: number; recovered: boolean }[] = [];
    const closing = a.close(100);
    await b.start(async (job, context) => void seen.push({ checkRunId: job.checkRunId, recovered: context.recovered }));
    await closing;
    await b.onIdle();
    expect(seen).toEqual([{ checkRunId: 99, recovered: true }]);
    await expect(a.accept("h2", async () => [request(8, "y")])).rejects.toThrow(QueueUnavailable);
    await b.close(0);
  });

  it("shares the open checks, the sweep's cursor and its turn", async () => {
    const [a, b] = await replicas();
    const job = { ...request(3, "q"), id: "j", seq: 1, acceptedAt: 0 };
    await a.checkOpened({ checkRunId: 5, job, deadline: 123 });
    expect(await b.openChecks()).toEqual([{ checkRunId: 5, job, deadline: 123 }]);
    await b.checkClosed(5);
    expect(await a.openChecks()).toEqual([]);
    await a.setSweptUntil(42);
    expect(await b.sweptUntil()).toBe(42);
    expect(await a.sweepTurn(5_000)).toBe(true);
    expect(await b.sweepTurn(5_000)).toBe(false);
    expect(await a.claimRedelivery("g", 5_000)).toBe(true);
    expect(await b.claimRedelivery("g", 5_000)).toBe(false);
    await Promise.all([a.close(0), b.close(0)]);
  });

  it("fails to open with one line naming the unreachable Redis, never its password", async () => {
    const error = await RedisQueue.open({ url: "redis://user:s3cret@127.0.0.1:1", concurrency: 1, stallMs: 1_000, maxQueued: 1, retryBaseMs: 1, onError: () => undefined }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(QueueUnavailable);
    expect((error as Error).message).toMatch(/^cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/);
    expect((error as Error).message).not.toContain("s3cret");
  });
});
