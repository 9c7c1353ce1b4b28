/**
 * The App's HTTP server and its moving parts: GitHub webhooks at WEBHOOK_PATH (webhook-endpoint.ts: bounded,
 * signature-checked), `GET /healthz` for container health checks, `GET /metrics` for Prometheus, 404 for everything
 * else; the review queue (embedded, journaled under HIPAA_STATE_DIR, or shared through REDIS_URL), its workers, and
 * the recovery sweep on start and every HIPAA_SWEEP_INTERVAL. Slow clients are cut off: headers within 10 s, the
 * whole request within 30 s. `close()` stops taking webhooks and hands unfinished work back (graceful shutdown).
 */
import { createServer, type Server } from "node:http";
import { Probot, type ProbotOctokit } from "probot";
import { redact } from "../engine/findings/redact.js";
import { webhookEndpoint } from "./webhook-endpoint.js";
import { createHipaaApp, type HipaaApp } from "./app.js";
import { AppMetrics } from "./metrics.js";
import { EmbeddedQueue } from "./queue/embedded.js";
import type { ReviewJob, ReviewQueue } from "./queue/types.js";
import { hipaaOctokit } from "./rate-limits.js";
import type { AppSettings } from "./settings.js";
import { sweep } from "./sweep.js";

export interface RunningApp {
  server: Server;
  probot: Probot;
  app: HipaaApp;
  url: string;
  /** Runs one recovery sweep now (tests; the timer runs them otherwise). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

/** How long a client may take to send its headers, and its whole request (slow clients hold sockets). */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export const HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

/** On shutdown, running reviews get this long to finish before they are handed back. */
export const SHUTDOWN_GRACE_MS = 10_000;

export async function startApp(settings: AppSettings, overrides: { Octokit?: typeof ProbotOctokit; http?: HttpLimits } = {}): Promise<RunningApp> {
  const limits = overrides.http ?? HTTP_LIMITS;
  let probot: Probot | undefined;
  const onError = (job: ReviewJob, error: unknown, final: boolean) =>
    probot?.log.error({ delivery: job.delivery, job: job.id }, `review job failed${final ? " for the last time" : "; retrying with backoff"}: ${redact((error as Error)?.message ?? String(error))}`);
  const common = { concurrency: settings.concurrency, maxQueued: settings.maxQueued, retryBaseMs: settings.retryBaseMs, onError };
  // BullMQ and its Redis client load only in Redis mode (a third of a second at start otherwise).
  const queue: ReviewQueue = settings.redisUrl
    ? await (await import("./queue/redis.js")).RedisQueue.open({ ...common, url: settings.redisUrl, stallMs: settings.stallMs })
    : await EmbeddedQueue.open({ ...common, dir: settings.stateDir });
  const metrics = new AppMetrics(() => queue.depth());
  probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    logLevel: settings.logLevel,
    logFormat: settings.logFormat,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    // Probot gives its throttling plugin a Redis connection: the write spacing then holds across replicas.
    ...(settings.redisUrl ? { redisConfig: settings.redisUrl } : {}),
    Octokit:
      overrides.Octokit ??
      hipaaOctokit({ writeIntervalMs: settings.writeIntervalMs, retryBaseMs: settings.retryBaseMs, onLimit: (kind, retried) => metrics.rateLimitWaits.inc({ kind, retried: String(retried) }) }),
  });
  const app = createHipaaApp({
    queue,
    metrics,
    appId: settings.appId,
    inlineCommentCap: settings.inlineCommentCap,
    reviewDrafts: settings.reviewDrafts,
    allowAuthorWaivers: settings.allowAuthorWaivers,
    timeLimits: settings.timeLimits,
    deadlineMs: settings.deadlineMs,
    checkDelayMs: settings.checkDelayMs,
  });
  await probot.load(app.appFn);
  await app.started;
  const log = probot.log;
  if (queue instanceof EmbeddedQueue && queue.skippedRecords > 0) log.warn(`the journal in ${settings.stateDir} had ${queue.skippedRecords} unreadable line(s) (a write cut off by a crash); skipped`);

  const webhooks = webhookEndpoint(probot, { metrics });
  const server = createServer({ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs) }, (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
        () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
      );
      return;
    }
    if (path === settings.webhookPath) {
      const arrived = performance.now();
      res.once("finish", () => metrics.webhookSeconds.observe((performance.now() - arrived) / 1000));
      void webhooks(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  const url = `http://${settings.host.includes(":") ? `[${settings.host}]` : settings.host}:${port}`;

  let sweeping: Promise<void> | undefined;
  const runSweep = (): Promise<void> => {
    sweeping ??= sweep({ appOctokit: () => probot.auth(), auth: (id) => probot.auth(id), queue, log, metrics, deadlineMs: settings.deadlineMs, intervalMs: settings.sweepIntervalMs })
      .then(
        () => undefined,
        (error: unknown) => log.warn(`recovery sweep failed: ${redact((error as Error)?.message ?? String(error))}`),
      )
      .finally(() => (sweeping = undefined));
    return sweeping;
  };
  let timer: NodeJS.Timeout | undefined;
  if (settings.sweepIntervalMs > 0) {
    void runSweep();
    timer = setInterval(() => void runSweep(), settings.sweepIntervalMs);
    timer.unref();
  } else {
    log.warn("HIPAA_SWEEP_INTERVAL=0: no recovery sweep; failed deliveries are not redelivered and stuck checks are not re-run");
  }

  return {
    server,
    probot,
    app,
    url,
    sweep: runSweep,
    async close() {
      clearInterval(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await sweeping;
      await queue.close(SHUTDOWN_GRACE_MS);
      await closed;
    },
  };
}
