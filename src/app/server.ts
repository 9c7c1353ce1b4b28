/**
 * The App's HTTP server: GitHub webhooks at WEBHOOK_PATH (webhook-endpoint.ts: bounded, signature-checked),
 * `GET /healthz` for container health checks, 404 for everything else. Slow clients are cut off: headers within
 * 10 s, the whole request within 30 s.
 */
import { createServer, type Server } from "node:http";
import { Probot, type ProbotOctokit } from "probot";
import { webhookEndpoint } from "./webhook-endpoint.js";
import { createHipaaApp, type HipaaApp } from "./app.js";
import { HipaaOctokit } from "./rate-limits.js";
import type { AppSettings } from "./settings.js";

export interface RunningApp {
  server: Server;
  probot: Probot;
  app: HipaaApp;
  url: string;
  close(): Promise<void>;
}

/** How long a client may take to send its headers, and its whole request (slow clients hold sockets). */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export const HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

export async function startApp(settings: AppSettings, overrides: { Octokit?: typeof ProbotOctokit; http?: HttpLimits } = {}): Promise<RunningApp> {
  const limits = overrides.http ?? HTTP_LIMITS;
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    logLevel: settings.logLevel,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    Octokit: overrides.Octokit ?? HipaaOctokit,
  });
  const app = createHipaaApp({
    concurrency: settings.concurrency,
    inlineCommentCap: settings.inlineCommentCap,
    reviewDrafts: settings.reviewDrafts,
    allowAuthorWaivers: settings.allowAuthorWaivers,
    timeLimits: settings.timeLimits,
  });
  await probot.load(app.appFn);
  const webhooks = webhookEndpoint(probot);
  const server = createServer({ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs) }, (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (path === settings.webhookPath) {
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
  return {
    server,
    probot,
    app,
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.queue.onIdle();
    },
  };
}
