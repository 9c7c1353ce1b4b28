// The built App (`npm start`'s entry point) as a child process for the end-to-end tests: started against a stand-in
// with test-speed settings (no write spacing, short backoff), killed as an operator or a crash would (SIGTERM, SIGKILL).
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
export const MAIN = join(ROOT, "dist", "src", "app", "main.js");
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

/** Child processes still running: killed if the test worker exits first (a timeout, an aborted run). */
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts a child process that dies with the test worker. */
export function spawnOwned(command: string, args: string[], options: Parameters<typeof spawn>[2]): ChildProcess {
  const child = spawn(command, args, options);
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AppProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** The JSON log lines so far, parsed (once each). */
  logs(): any[];
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function startAppProcess(options: { secret: string; apiPort: number; env?: Record<string, string>; port?: number; nodeArgs?: string[]; main?: string }): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const child = spawnOwned(process.execPath, [...(options.nodeArgs ?? []), options.main ?? MAIN], {
    env: {
      PATH: process.env.PATH,
      APP_ID: "12345",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: options.secret,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      GHE_HOST: `127.0.0.1:${options.apiPort}`,
      GHE_PROTOCOL: "http",
      HIPAA_WRITE_INTERVAL: "0",
      HIPAA_RETRY_BACKOFF: "0.01",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const parsed: any[] = [];
  let pending = "";
  const take = (d: Buffer) => {
    out += d;
    pending += d;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const l of lines) if (l.startsWith("{")) parsed.push(JSON.parse(l));
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const app: AppProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => out,
    logs: () => parsed,
    exited,
    kill: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
  const until = Date.now() + 20_000;
  while (!out.includes("listening on")) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the app did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return app;
}

/** Polls `probe` until it returns a value; fails with `what` and `context()` after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, context: () => string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
