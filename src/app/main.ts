#!/usr/bin/env node
/** `npm start`: runs the GitHub App with the standard Probot environment variables. */
import { readSettings, SettingsError } from "./settings.js";
import { startApp } from "./server.js";

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
    const why = code === "EADDRINUSE" ? `port ${settings.port} is in use; set PORT` : code === "EACCES" ? `not allowed to listen on port ${settings.port}; set PORT above 1024` : (error as Error).message;
    process.stderr.write(`hipaa-review app: cannot start: ${why}\n`);
    process.exit(2);
  }
  running.probot.log.info(`hipaa-review listening on ${running.url}${settings.webhookPath}${settings.baseUrl ? ` for ${settings.baseUrl}` : ""}`);
  const stop = (signal: string) => {
    running.probot.log.info(`${signal}: finishing queued reviews, then exiting`);
    const timer = setTimeout(() => process.exit(0), 25_000);
    timer.unref();
    void running.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

void main();
