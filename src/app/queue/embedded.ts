/**
 * The embedded review queue: one process, no Redis, nothing only in memory. Every accepted job, its start, its check
 * run and its end are journaled (journal.ts) before they count, so a restart after `kill -9` resumes queued jobs and
 * re-runs interrupted ones with the check run they had started. At most `concurrency` jobs run at once, one at a time
 * per key (a pull request); a queued job of a key is dropped when a newer one arrives (newest head wins), unless it
 * already owns a check run, which it must complete. A job that throws is retried with backoff, five times.
 */
import { Journal, type JournalRecord } from "./journal.js";
import { HandBack, QueueUnavailable, type AcceptResult, type JobRequest, type JobRunner, type OpenCheck, type QueueDepth, type ReviewJob, type ReviewQueue } from "./types.js";

export interface EmbeddedOptions {
  dir: string;
  concurrency: number;
  /** Jobs held at most; past it a webhook is refused with 503 (GitHub records it failed; the sweep redelivers it). */
  maxQueued: number;
  /** First retry delay of a failed job, doubled each time. */
  retryBaseMs: number;
  onError(job: ReviewJob, error: unknown, final: boolean): void;
}

/** Delivery ids and per-key heads remembered (the oldest are forgotten first). */
const REMEMBER = 10_000;
const MAX_RETRIES = 5;

export class EmbeddedQueue implements ReviewQueue {
  readonly mode = "embedded" as const;
  private readonly jobs = new Map<string, ReviewJob>();
  private readonly started = new Set<string>();
  private readonly waiting = new Map<string, string[]>(); // key → job ids, oldest first
  private readonly order: string[] = []; // keys with waiting jobs
  private readonly runningKeys = new Set<string>();
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly deliveries = new Set<string>();
  private readonly claiming = new Set<string>();
  private readonly latest = new Map<string, { seq: number; head: string }>();
  private readonly checks = new Map<number, OpenCheck>();
  private readonly retries = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Redeliveries asked for lately (only saves asking twice; forgetting it on restart costs one extra ask). */
  private readonly redeliveries = new Map<string, number>();
  private swept: number | undefined;
  private seq = 0;
  private closing = false;
  private runner: JobRunner | undefined;
  private idleWaiters: (() => void)[] = [];
  private journal!: Journal;
  /** Unreadable journal lines skipped at open (a line torn by a crash). */
  skippedRecords = 0;

  private constructor(private readonly options: EmbeddedOptions) {}

  static async open(options: EmbeddedOptions): Promise<EmbeddedQueue> {
    const queue = new EmbeddedQueue(options);
    const { journal, skipped } = await Journal.open(options.dir, (r) => queue.apply(r), () => queue.snapshot());
    queue.journal = journal;
    queue.skippedRecords = skipped;
    return queue;
  }

  /** Jobs resumed from the journal at open (before start). */
  get resumable(): number {
    return this.jobs.size;
  }

  async accept(delivery: string | undefined, produce: () => Promise<JobRequest[]>): Promise<AcceptResult> {
    if (this.closing) throw new QueueUnavailable("the app is shutting down");
    if (delivery && (this.deliveries.has(delivery) || this.claiming.has(delivery))) return { status: "duplicate" };
    if (this.jobs.size >= this.options.maxQueued) throw new QueueUnavailable(`the queue holds ${this.jobs.size} reviews, its limit`);
    if (delivery) this.claiming.add(delivery);
    try {
      const requests = await produce();
      const queued: ReviewJob[] = [];
      const skipped: JobRequest[] = [];
      requests.forEach((request, i) => {
        if (!request.force && this.latest.get(request.key)?.head === request.target.headSha) {
          skipped.push(request);
          return;
        }
        const seq = ++this.seq;
        queued.push({ ...request, id: delivery ? `${delivery}.${i}` : `local.${seq}`, seq, acceptedAt: Date.now(), ...(delivery ? { delivery } : {}) });
      });
      await this.add(queued, delivery);
      return { status: "accepted", queued, skipped };
    } finally {
      if (delivery) this.claiming.delete(delivery);
    }
  }

  async accepted(delivery: string): Promise<boolean> {
    return this.deliveries.has(delivery);
  }

  async claimRedelivery(delivery: string, ms: number): Promise<boolean> {
    const now = Date.now();
    for (const [id, until] of this.redeliveries) if (until < now) this.redeliveries.delete(id);
    if ((this.redeliveries.get(delivery) ?? 0) > now) return false;
    this.redeliveries.set(delivery, now + ms);
    return true;
  }

  async requeue(job: ReviewJob): Promise<void> {
    if (this.jobs.has(job.id)) return;
    await this.add([{ ...job, seq: ++this.seq, acceptedAt: Date.now() }], undefined);
  }

  async start(run: JobRunner): Promise<void> {
    this.runner = run;
    const dropped: JournalRecord[] = [];
    for (const job of [...this.jobs.values()].sort((a, b) => a.seq - b.seq)) if (this.jobs.has(job.id)) dropped.push(...this.schedule(job));
    await this.journal.append(dropped);
    this.drain();
  }

  async pending(jobId: string): Promise<boolean> {
    return this.jobs.has(jobId);
  }

  async checkOpened(check: OpenCheck): Promise<void> {
    this.checks.set(check.checkRunId, check);
    await this.journal.append([{ t: "open", check }]);
  }

  async checkClosed(checkRunId: number): Promise<void> {
    if (!this.checks.delete(checkRunId)) return;
    await this.journal.append([{ t: "closed", checkRunId }]);
  }

  async openChecks(): Promise<OpenCheck[]> {
    return [...this.checks.values()];
  }

  async sweptUntil(): Promise<number | undefined> {
    return this.swept;
  }

  async setSweptUntil(at: number): Promise<void> {
    this.swept = at;
    await this.journal.append([{ t: "swept", at }]);
  }

  async sweepTurn(): Promise<boolean> {
    return !this.closing;
  }

  async depth(): Promise<QueueDepth> {
    return { waiting: this.jobs.size - this.running.size, active: this.running.size };
  }

  onIdle(): Promise<void> {
    if (this.jobs.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(graceMs: number): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const all = () => Promise.allSettled([...this.running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    // Past the grace: the runners hand their jobs back; they stay journaled for the next start.
    for (const r of this.running.values()) r.controller.abort();
    await all();
    await this.journal.close();
  }

  /** Registers jobs in memory (so a compaction includes them), journals them, then lets them run. */
  private async add(jobs: ReviewJob[], delivery: string | undefined): Promise<void> {
    const before = new Map(jobs.map((j) => [j.key, this.latest.get(j.key)]));
    for (const job of jobs) this.register(job);
    if (delivery) this.remember(delivery);
    const records: JournalRecord[] = jobs.map((job) => ({ t: "add", job }));
    if (delivery && jobs.length === 0) records.push({ t: "delivery", id: delivery });
    try {
      await this.journal.append(records);
    } catch (error) {
      for (const job of jobs) this.jobs.delete(job.id);
      for (const [key, value] of before) value ? this.latest.set(key, value) : this.latest.delete(key);
      if (delivery) this.deliveries.delete(delivery);
      throw error;
    }
    const dropped: JournalRecord[] = [];
    for (const job of jobs) dropped.push(...this.schedule(job));
    await this.journal.append(dropped);
    this.drain();
  }

  private register(job: ReviewJob): void {
    this.jobs.set(job.id, job);
    this.seq = Math.max(this.seq, job.seq);
    if (job.delivery) this.remember(job.delivery);
    const last = this.latest.get(job.key);
    if (!last || last.seq < job.seq) {
      this.latest.delete(job.key);
      this.latest.set(job.key, { seq: job.seq, head: job.target.headSha });
      if (this.latest.size > REMEMBER) this.latest.delete(this.latest.keys().next().value!);
    }
  }

  private remember(delivery: string): void {
    this.deliveries.add(delivery);
    if (this.deliveries.size > REMEMBER) this.deliveries.delete(this.deliveries.values().next().value!);
  }

  /** Queues a job behind its key; older queued jobs of the key without a check run are dropped (returned as done). */
  private schedule(job: ReviewJob): JournalRecord[] {
    const ids = this.waiting.get(job.key) ?? [];
    const done: JournalRecord[] = [];
    const kept = ids.filter((id) => {
      const other = this.jobs.get(id);
      if (!other) return false;
      if (other.checkRunId !== undefined || this.started.has(id) || other.seq > job.seq) return true;
      this.jobs.delete(id);
      done.push({ t: "done", id });
      return false;
    });
    kept.push(job.id);
    kept.sort((a, b) => this.jobs.get(a)!.seq - this.jobs.get(b)!.seq);
    if (!this.waiting.has(job.key)) this.order.push(job.key);
    this.waiting.set(job.key, kept);
    return done;
  }

  private drain(): void {
    while (!this.closing && this.runner && this.running.size < this.options.concurrency) {
      const index = this.order.findIndex((k) => !this.runningKeys.has(k));
      if (index < 0) break;
      const key = this.order[index]!;
      const ids = this.waiting.get(key)!;
      const id = ids.shift()!;
      if (ids.length === 0) {
        this.waiting.delete(key);
        this.order.splice(index, 1);
      }
      const job = this.jobs.get(id);
      if (job) this.run(job);
    }
    this.notifyIdle();
  }

  private run(job: ReviewJob): void {
    const controller = new AbortController();
    const recovered = this.started.has(job.id);
    this.started.add(job.id);
    this.runningKeys.add(job.key);
    const done = (async () => {
      try {
        await this.journal.append([{ t: "start", id: job.id }]);
        await this.runner!(job, {
          recovered,
          signal: controller.signal,
          setCheck: async (checkRunId) => {
            job.checkRunId = checkRunId;
            await this.journal.append([{ t: "check", id: job.id, checkRunId }]);
          },
        });
        await this.finish(job);
      } catch (error) {
        if (error instanceof HandBack || this.closing) return;
        const attempt = (this.retries.get(job.id) ?? 0) + 1;
        const final = attempt > MAX_RETRIES;
        this.options.onError(job, error, final);
        if (final) {
          await this.finish(job).catch(() => undefined);
          return;
        }
        this.retries.set(job.id, attempt);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.schedule(job);
          this.drain();
        }, this.options.retryBaseMs * 2 ** (attempt - 1));
        this.timers.add(timer);
      }
    })().finally(() => {
      this.running.delete(job.id);
      this.runningKeys.delete(job.key);
      this.drain();
    });
    this.running.set(job.id, { controller, done });
  }

  private async finish(job: ReviewJob): Promise<void> {
    this.jobs.delete(job.id);
    this.started.delete(job.id);
    this.retries.delete(job.id);
    await this.journal.append([{ t: "done", id: job.id }]);
  }

  private notifyIdle(): void {
    if (this.jobs.size > 0 || this.running.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private apply(r: JournalRecord): void {
    switch (r.t) {
      case "add":
        this.register(r.job);
        break;
      case "delivery":
        this.remember(r.id);
        break;
      case "start":
        if (this.jobs.has(r.id)) this.started.add(r.id);
        break;
      case "check": {
        const job = this.jobs.get(r.id);
        if (job) job.checkRunId = r.checkRunId;
        break;
      }
      case "done":
        this.jobs.delete(r.id);
        this.started.delete(r.id);
        break;
      case "open":
        this.checks.set(r.check.checkRunId, r.check);
        break;
      case "closed":
        this.checks.delete(r.checkRunId);
        break;
      case "latest":
        this.latest.set(r.key, { seq: r.seq, head: r.head });
        this.seq = Math.max(this.seq, r.seq);
        break;
      case "swept":
        this.swept = r.at;
        break;
    }
  }

  private snapshot(): JournalRecord[] {
    return [
      ...[...this.deliveries].map((id): JournalRecord => ({ t: "delivery", id })),
      ...[...this.latest].map(([key, v]): JournalRecord => ({ t: "latest", key, ...v })),
      ...[...this.jobs.values()].flatMap((job): JournalRecord[] => [{ t: "add", job }, ...(this.started.has(job.id) ? [{ t: "start" as const, id: job.id }] : [])]),
      ...[...this.checks.values()].map((check): JournalRecord => ({ t: "open", check })),
      ...(this.swept !== undefined ? [{ t: "swept" as const, at: this.swept }] : []),
    ];
  }
}
