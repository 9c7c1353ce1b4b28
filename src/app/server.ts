/**
 * The App's HTTP server: GitHub webhooks at WEBHOOK_PATH (signature-checked by Probot), `GET /healthz` for
 * container health checks, 404 for everything else.
 */
import { createServer, type Server } from "node:http";
import { createNodeMiddleware, Probot, type ProbotOctokit } from "probot";
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

export async function startApp(settings: AppSettings, overrides: { Octokit?: typeof ProbotOctokit } = {}): Promise<RunningApp> {
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
  const middleware = await createNodeMiddleware(app.appFn, { probot, webhooksPath: settings.webhookPath });
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    void middleware(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    });
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
