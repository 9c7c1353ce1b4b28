// A real redis-server for the tests (Debian's redis-server package; `npm test`'s pretest installs it when it may):
// its own loopback port and temporary directory, no persistence, stopped after the file's tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, spawnOwned } from "./app-process.js";

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export function redisServerPath(): string {
  const found = spawnSync("sh", ["-c", "command -v redis-server || ls /usr/bin/redis-server /usr/sbin/redis-server 2>/dev/null | head -1"], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error("redis-server is not installed: run `sudo apt-get install -y redis-server` (npm test's pretest does this itself when run as root)");
  return found;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "hipaa-redis-"));
  const port = await freePort();
  const child = spawnOwned(redisServerPath(), ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const until = Date.now() + 10_000;
  while (!out.includes("Ready to accept connections")) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`redis-server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGKILL");
      await new Promise((r) => child.on("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
