#!/usr/bin/env node
/**
 * `npm run setup`: registers the GitHub App from app.yml through GitHub's manifest flow (setup-server.ts) and writes
 * its credentials. It prints the link to open; GitHub returns the browser to PUBLIC_URL, so open it through there.
 */
import { SetupSettingsError, startSetupServer } from "./setup-server.js";

const log = (line: string) => process.stdout.write(line + "\n");
startSetupServer(process.env, log).then(
  (running) => {
    log(`hipaa-review setup: open ${running.url} to register the App (this server listens on ${running.localUrl.replace(/\/setup\?.*$/, "")}); Ctrl-C stops it.`);
    const stop = () => void running.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
  (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const why = error instanceof SetupSettingsError ? error.message : code === "EADDRINUSE" ? "the port is in use; set PORT" : (error as Error).message;
    process.stderr.write(`hipaa-review setup: ${why}\n`);
    process.exitCode = 2;
  },
);
