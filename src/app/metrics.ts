/**
 * What the App tells Prometheus at `GET /metrics` (prom-client, text exposition format): the queue's depth, reviews by
 * conclusion, review latency, GitHub API calls, rate-limit waits, recoveries (resumed, re-run and redelivered work),
 * webhooks by outcome, and the process's own memory and CPU. One registry per running App.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { QueueDepth } from "./queue/types.js";

export class AppMetrics {
  readonly registry = new Registry();
  readonly webhooks = new Counter({ name: "hipaa_webhooks_total", help: "Webhook deliveries by event and outcome (accepted, duplicate, ignored, refused).", labelNames: ["event", "outcome"] as const, registers: [this.registry] });
  readonly webhookSeconds = new Histogram({ name: "hipaa_webhook_response_seconds", help: "Time from a webhook request's arrival to its answer (GitHub gives up after 10 s).", buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });
  readonly reviews = new Counter({ name: "hipaa_reviews_total", help: "Reviews finished, by kind (pull, merge_group) and check conclusion (success, failure, neutral, timed_out, unpublished).", labelNames: ["kind", "conclusion"] as const, registers: [this.registry] });
  readonly reviewSeconds = new Histogram({ name: "hipaa_review_duration_seconds", help: "Time from a review job's start to its check's completion.", buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600], registers: [this.registry] });
  readonly queueWaitSeconds = new Histogram({ name: "hipaa_queue_wait_seconds", help: "Time from a webhook's acceptance to its review's start.", buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600], registers: [this.registry] });
  readonly apiCalls = new Counter({ name: "hipaa_github_api_calls_total", help: "GitHub API requests made by reviews, by method.", labelNames: ["method"] as const, registers: [this.registry] });
  readonly rateLimitWaits = new Counter({ name: "hipaa_rate_limit_waits_total", help: "Times GitHub rate-limited a request, by kind (primary, secondary) and whether it was retried.", labelNames: ["kind", "retried"] as const, registers: [this.registry] });
  readonly recoveries = new Counter({
    name: "hipaa_recoveries_total",
    help: "Recovered work: resumed (a job re-run after its process died or handed it back), adopted (an unfinished check run taken over), redelivered (a failed webhook delivery), check_rerun (a stuck check re-run by the sweep), timed_out (a check completed at its deadline).",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });

  constructor(depth: () => Promise<QueueDepth>) {
    new Gauge({
      name: "hipaa_queue_depth",
      help: "Review jobs queued (waiting) and running (active); in Redis mode, across all replicas.",
      labelNames: ["state"] as const,
      registers: [this.registry],
      async collect() {
        try {
          const d = await depth();
          this.set({ state: "waiting" }, d.waiting);
          this.set({ state: "active" }, d.active);
        } catch {
          // Redis away: the gauge keeps its last values; the scrape still answers.
        }
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }
}
