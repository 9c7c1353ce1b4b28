#!/usr/bin/env node
/** `npm start`: runs the GitHub App with the standard Probot environment variables. */
import { readSettings, SettingsError } from "./settings.js";
import { redact } from "../engine/findings/redact.js";
import { startApp, SHUTDOWN_GRACE_MS } from "./server.js";

async function main(): Promise<void> {
  let settings;
  try {
    settings = readSettings(process.env);
  } catch (error) {
    if (error instanceof SettingsError) {
      process.stderr.write(`hipaa-review app: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let running;
  try {
    running = await startApp(settings);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? `port ${settings.port} is in use; set PORT` : code === "EACCES" ? `not allowed to listen on port ${settings.port}; set PORT above 1024` : redact((error as Error).message);
    process.stderr.write(`hipaa-review app: cannot start: ${why}\n`);
    process.exit(2);
  }
  const mode = settings.redisUrl ? "queue in Redis" : `queue journaled in ${settings.stateDir}`;
  running.probot.log.info(`hipaa-review listening on ${running.url}${settings.webhookPath}${settings.baseUrl ? ` for ${settings.baseUrl}` : ""} (${mode})`);
  const stop = (signal: string) => {
    running.probot.log.info(
      `${signal}: no new webhooks; running reviews get ${SHUTDOWN_GRACE_MS / 1000} s, then ${settings.redisUrl ? "go back to the shared queue" : "stay journaled for the next start"}`,
    );
    const timer = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS + 10_000);
    timer.unref();
    void running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

void main();
