/**
 * The setup server for the App's first run (`npm run setup`): serves /setup (setup.ts), guarded by a random token
 * it prints, until someone stops it. Settings: PUBLIC_URL (required: where GitHub will reach this deployment), PORT,
 * HOST, GHE_HOST / GHE_PROTOCOL for GitHub Enterprise Server, HIPAA_SETUP_DIR (default ./hipaa-review-credentials).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { packageRoot } from "../defaults/rules.js";
import { setupHandler } from "./setup.js";

export class SetupSettingsError extends Error {}

export interface SetupServer {
  server: Server;
  /** The link to open, through PUBLIC_URL: https://…/setup?token=… */
  url: string;
  /** The same page on the local listener: http://host:port/setup?token=… */
  localUrl: string;
  close(): Promise<void>;
}

export function setupSettings(env: NodeJS.ProcessEnv) {
  const publicUrl = env.PUBLIC_URL?.trim();
  if (!publicUrl) throw new SetupSettingsError("set PUBLIC_URL to the address GitHub will reach this deployment at (e.g. https://hipaa-review.example.org); webhooks go to $PUBLIC_URL/api/github/webhooks");
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    throw new SetupSettingsError(`PUBLIC_URL must be an absolute URL such as https://hipaa-review.example.org, got "${publicUrl}"`);
  }
  if ((parsed.protocol !== "https:" && parsed.protocol !== "http:") || parsed.search || parsed.hash || parsed.username) {
    throw new SetupSettingsError(`PUBLIC_URL must be a plain http(s) URL without query, fragment or credentials, got "${publicUrl}"`);
  }
  const protocol = env.GHE_PROTOCOL ?? "https";
  if (protocol !== "https" && protocol !== "http") throw new SetupSettingsError(`GHE_PROTOCOL must be https or http, got "${protocol}"`);
  if (env.GHE_HOST && /[/\s]/.test(env.GHE_HOST)) throw new SetupSettingsError(`GHE_HOST must be a host name (and optional port) such as github.example.com, got "${env.GHE_HOST}"`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new SetupSettingsError(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`);
  return {
    publicUrl: parsed.href.replace(/\/+$/, ""),
    webBase: env.GHE_HOST ? `${protocol}://${env.GHE_HOST}` : "https://github.com",
    apiBase: env.GHE_HOST ? `${protocol}://${env.GHE_HOST}/api/v3` : "https://api.github.com",
    credentialsDir: env.HIPAA_SETUP_DIR ?? "hipaa-review-credentials",
    webhookPath: env.WEBHOOK_PATH ?? "/api/github/webhooks",
    port,
    host: env.HOST ?? "localhost",
    insecure: parsed.protocol === "http:",
  };
}

export async function startSetupServer(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<SetupServer> {
  const settings = setupSettings(env);
  const accessToken = randomBytes(16).toString("hex");
  const handle = setupHandler({ ...settings, appYml: readFileSync(join(packageRoot(), "app.yml"), "utf8"), accessToken, log });
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    handle(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404, { "content-type": "text/plain" }).end("not found: open /setup with the link the setup server printed\n");
      },
      (error: unknown) => {
        log(`setup: ${(error as Error).message}`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("setup failed; see the server's log\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  const localUrl = `http://${settings.host.includes(":") ? `[${settings.host}]` : settings.host}:${port}/setup?token=${accessToken}`;
  const url = `${settings.publicUrl}/setup?token=${accessToken}`;
  if (settings.insecure) log("setup: PUBLIC_URL is plain http; GitHub will send webhooks unencrypted. Use https outside a test instance.");
  return { server, url, localUrl, close: () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }) };
}

