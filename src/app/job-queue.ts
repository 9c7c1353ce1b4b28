/**
 * Webhooks are acknowledged at once and their work runs here: at most `concurrency` jobs at a time, one at a
 * time per key (a pull request), and a job waiting for its key is replaced by a newer one, so a burst of
 * pushes reviews only the newest head. Duplicate deliveries (same X-GitHub-Delivery id) are dropped.
 */
export interface QueueOptions {
  concurrency: number;
  onError: (key: string, error: unknown) => void;
  /** How many delivery ids to remember for de-duplication. */
  rememberDeliveries?: number;
}

type Task = () => Promise<void>;

export class JobQueue {
  private readonly pending = new Map<string, Task>();
  private readonly running = new Set<string>();
  private readonly order: string[] = [];
  private readonly deliveries = new Set<string>();
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: QueueOptions) {}

  /** False when this delivery was seen before (and nothing is queued). */
  seenDelivery(id: string | undefined): boolean {
    if (!id) return false;
    if (this.deliveries.has(id)) return true;
    this.deliveries.add(id);
    const max = this.options.rememberDeliveries ?? 5_000;
    if (this.deliveries.size > max) this.deliveries.delete(this.deliveries.values().next().value!);
    return false;
  }

  /** Queues `task` for `key`, replacing a task for the same key that has not started yet. */
  push(key: string, task: Task): "queued" | "replaced" {
    const replaced = this.pending.has(key);
    this.pending.set(key, task);
    if (!replaced) this.order.push(key);
    this.drain();
    return replaced ? "replaced" : "queued";
  }

  get size(): number {
    return this.pending.size + this.active;
  }

  /** Resolves when nothing is queued or running (tests and graceful shutdown). */
  onIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    while (this.active < this.options.concurrency) {
      const index = this.order.findIndex((k) => !this.running.has(k));
      if (index < 0) break;
      const key = this.order.splice(index, 1)[0]!;
      const task = this.pending.get(key)!;
      this.pending.delete(key);
      this.running.add(key);
      this.active++;
      void task()
        .catch((error: unknown) => this.options.onError(key, error))
        .finally(() => {
          this.running.delete(key);
          this.active--;
          this.drain();
          if (this.size === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const w of waiters) w();
          }
        });
    }
  }
}
