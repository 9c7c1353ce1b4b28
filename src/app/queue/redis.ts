/**
 * The review queue on Redis, for any number of replicas: BullMQ holds the jobs (durable, shared, retried with backoff,
 * and a job whose worker stops renewing its lock — a replica killed mid-review — is moved back and run by another).
 * Around it, a few keys keep the queue's promises across replicas: a delivery id is claimed once (SET NX), a key's
 * newest request wins (a sequence number; an older queued job is skipped when picked), one review per key runs at a
 * time (a lock renewed while it runs; a job finding it held waits, delayed), and the open check runs and the sweep's
 * cursor live in Redis too. On shutdown, running jobs get a grace period and are then handed back to the queue.
 */
import { DelayedError, Queue, WaitingError, Worker, type Job } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { HandBack, QueueUnavailable, type AcceptResult, type JobRequest, type JobRunner, type OpenCheck, type QueueDepth, type ReviewJob, type ReviewQueue } from "./types.js";

export interface RedisQueueOptions {
  url: string;
  concurrency: number;
  /** A replica silent this long is presumed dead: its job's lock lapses and another replica takes the job over. */
  stallMs: number;
  maxQueued: number;
  retryBaseMs: number;
  /** Key prefix (tests run several apps on one Redis). */
  prefix?: string;
  onError(job: ReviewJob, error: unknown, final: boolean): void;
}

type StoredJob = ReviewJob & { started?: boolean };

const ATTEMPTS = 5;
const DAY = 86_400;
const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

/** Sets a key's newest request unless a newer one is already recorded. */
const SET_LATEST = `local cur = redis.call('GET', KEYS[1])
if cur and tonumber(cjson.decode(cur).seq) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;
/** Deletes or renews a lock only while it is still ours. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export class RedisQueue implements ReviewQueue {
  readonly mode = "redis" as const;
  private readonly redis: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private readonly controllers = new Map<string, AbortController>();
  private closing = false;
  private readonly p: string;

  /** Connects, or fails with one line naming what could not be reached (never the URL's password). */
  static async open(options: RedisQueueOptions): Promise<RedisQueue> {
    const queue = new RedisQueue(options);
    const where = (() => {
      const u = new URL(options.url);
      return `${u.hostname}:${u.port || 6379}`;
    })();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([queue.redis.ping(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("no answer within 10 s")), 10_000)))]);
    } catch (error) {
      queue.redis.disconnect();
      await queue.queue.close().catch(() => undefined);
      throw new QueueUnavailable(`cannot reach Redis at ${where} (REDIS_URL): ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    return queue;
  }

  private constructor(private readonly options: RedisQueueOptions) {
    this.p = options.prefix ?? "hipaa-review";
    // Commands fail fast while Redis is away, so a webhook gets 503 (and a redelivery later) instead of hanging.
    this.redis = connection(options.url, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.queue = new Queue("reviews", { connection: connection(options.url, { maxRetriesPerRequest: 2 }), prefix: `${this.p}:bull` });
    this.queue.on("error", () => undefined);
  }

  async accept(delivery: string | undefined, produce: () => Promise<JobRequest[]>): Promise<AcceptResult> {
    if (this.closing) throw new QueueUnavailable("the app is shutting down");
    const claim = delivery ? `${this.p}:delivery:${delivery}` : undefined;
    if (claim) {
      if (!(await this.redis.set(claim, "accepting", "PX", 60_000, "NX"))) {
        if ((await this.redis.get(claim)) === "accepted") return { status: "duplicate" };
        throw new QueueUnavailable("another replica is accepting this delivery");
      }
    }
    try {
      const counts = await this.queue.getJobCounts("waiting", "delayed", "prioritized");
      const held = (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
      if (held >= this.options.maxQueued) throw new QueueUnavailable(`the queue holds ${held} reviews, its limit`);
      const requests = await produce();
      const queued: ReviewJob[] = [];
      const skipped: JobRequest[] = [];
      for (const [i, request] of requests.entries()) {
        const latestKey = `${this.p}:latest:${request.key}`;
        const last = await this.redis.get(latestKey);
        if (!request.force && last && (JSON.parse(last) as { head: string }).head === request.target.headSha) {
          skipped.push(request);
          continue;
        }
        const seq = await this.redis.incr(`${this.p}:seq`);
        const job: ReviewJob = { ...request, id: delivery ? `${delivery}.${i}` : `local.${seq}`, seq, acceptedAt: Date.now(), ...(delivery ? { delivery } : {}) };
        await this.add(job);
        await this.redis.eval(SET_LATEST, 1, latestKey, String(seq), JSON.stringify({ seq, head: request.target.headSha }), String(30 * DAY));
        queued.push(job);
      }
      if (claim) await this.redis.set(claim, "accepted", "EX", 3 * DAY);
      return { status: "accepted", queued, skipped };
    } catch (error) {
      if (claim) await this.redis.eval(RELEASE, 1, claim, "accepting").catch(() => undefined);
      throw error;
    }
  }

  async accepted(delivery: string): Promise<boolean> {
    return (await this.redis.get(`${this.p}:delivery:${delivery}`)) === "accepted";
  }

  async claimRedelivery(delivery: string, ms: number): Promise<boolean> {
    return (await this.redis.set(`${this.p}:redelivery:${delivery}`, "1", "PX", Math.max(1, Math.round(ms)), "NX")) === "OK";
  }

  async requeue(job: ReviewJob): Promise<void> {
    await this.add(job);
  }

  async start(run: JobRunner): Promise<void> {
    const { stallMs, concurrency } = this.options;
    this.worker = new Worker("reviews", (job: Job, token?: string) => this.process(job, token!, run), {
      connection: connection(this.options.url, { maxRetriesPerRequest: null }),
      prefix: `${this.p}:bull`,
      concurrency,
      lockDuration: stallMs,
      stalledInterval: stallMs,
      // A job may be interrupted by several replica deaths before one finishes it.
      maxStalledCount: 10,
    });
    this.worker.on("error", () => undefined);
    this.worker.on("failed", (job, error) => {
      if (job && !(error instanceof DelayedError) && !(error instanceof WaitingError)) this.options.onError(job.data as ReviewJob, error, job.attemptsMade >= ATTEMPTS);
    });
  }

  async pending(jobId: string): Promise<boolean> {
    return LIVE_STATES.has(await this.queue.getJobState(jobId));
  }

  async checkOpened(check: OpenCheck): Promise<void> {
    await this.redis.hset(`${this.p}:checks`, String(check.checkRunId), JSON.stringify(check));
  }

  async checkClosed(checkRunId: number): Promise<void> {
    await this.redis.hdel(`${this.p}:checks`, String(checkRunId));
  }

  async openChecks(): Promise<OpenCheck[]> {
    return Object.values(await this.redis.hgetall(`${this.p}:checks`)).map((v) => JSON.parse(v) as OpenCheck);
  }

  async sweptUntil(): Promise<number | undefined> {
    const at = await this.redis.get(`${this.p}:swept`);
    return at ? Number(at) : undefined;
  }

  async setSweptUntil(at: number): Promise<void> {
    await this.redis.set(`${this.p}:swept`, String(at));
  }

  async sweepTurn(ms: number): Promise<boolean> {
    return !this.closing && (await this.redis.set(`${this.p}:sweep-turn`, String(process.pid), "PX", Math.max(1, Math.round(ms)), "NX")) === "OK";
  }

  async depth(): Promise<QueueDepth> {
    const c = await this.queue.getJobCounts("waiting", "delayed", "prioritized", "active");
    return { waiting: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0 };
  }

  async onIdle(): Promise<void> {
    for (;;) {
      const d = await this.depth();
      if (d.waiting + d.active === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(graceMs: number): Promise<void> {
    this.closing = true;
    const timer = setTimeout(() => {
      for (const c of this.controllers.values()) c.abort();
    }, graceMs);
    await this.worker?.close();
    clearTimeout(timer);
    await this.queue.close();
    await this.redis.quit().catch(() => undefined);
  }

  private async add(job: ReviewJob): Promise<void> {
    await this.queue.add("review", job, {
      jobId: job.id,
      attempts: ATTEMPTS,
      backoff: { type: "exponential", delay: this.options.retryBaseMs },
      removeOnComplete: { age: 3_600, count: 1_000 },
      removeOnFail: { age: 7 * DAY, count: 1_000 },
    });
  }

  private async process(bull: Job, token: string, run: JobRunner): Promise<string> {
    let job = bull.data as StoredJob;
    if (job.checkRunId === undefined && !job.started) {
      const last = await this.redis.get(`${this.p}:latest:${job.key}`);
      if (last && (JSON.parse(last) as { seq: number }).seq > job.seq) return "superseded by a newer request";
    }
    const lock = `${this.p}:lock:${job.key}`;
    const mine = (await this.redis.set(lock, bull.id!, "PX", this.options.stallMs, "NX")) === "OK" || (await this.redis.get(lock)) === bull.id;
    if (!mine) {
      // Another review of this key is running (here or on another replica): wait for it, then look again.
      await bull.moveToDelayed(Date.now() + 200 + Math.floor(Math.random() * 600), token);
      throw new DelayedError();
    }
    const renew = setInterval(() => void this.redis.eval(RENEW, 1, lock, bull.id!, String(this.options.stallMs)).catch(() => undefined), Math.max(100, this.options.stallMs / 3));
    const controller = new AbortController();
    this.controllers.set(bull.id!, controller);
    const recovered = job.started === true;
    try {
      if (!recovered) await bull.updateData((job = { ...job, started: true }));
      await run(job, {
        recovered,
        signal: controller.signal,
        setCheck: async (checkRunId) => {
          job = { ...job, checkRunId };
          await bull.updateData(job);
        },
      });
      return "reviewed";
    } catch (error) {
      if (error instanceof HandBack) {
        await bull.moveToWait(token);
        throw new WaitingError();
      }
      throw error;
    } finally {
      clearInterval(renew);
      this.controllers.delete(bull.id!);
      await this.redis.eval(RELEASE, 1, lock, bull.id!).catch(() => undefined);
    }
  }
}

/**
 * A Redis connection whose connection errors are left to the commands that fail on them (a webhook's 503, a job's
 * retry): without a listener ioredis prints every reconnect attempt as an "Unhandled error event".
 */
function connection(url: string, options: RedisOptions): Redis {
  const redis = new Redis(url, options);
  redis.on("error", () => undefined);
  return redis;
}
