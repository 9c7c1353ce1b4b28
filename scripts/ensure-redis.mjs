#!/usr/bin/env node
// npm test's first step: the App's scale-out tests start a real redis-server (Debian's redis-server package), so make
// sure one is installed. When it is missing: as root with apt-get, install it; otherwise stop with the one command to
// run. Never let those tests be skipped silently.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const onPath = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
const installed = () => onPath("redis-server") || existsSync("/usr/bin/redis-server") || existsSync("/usr/sbin/redis-server");
const COMMAND = "sudo apt-get install -y redis-server";

if (installed()) process.exit(0);

if (process.getuid?.() === 0 && onPath("apt-get")) {
  process.stderr.write("redis-server is missing: installing Debian's redis-server package for the tests (apt-get install -y redis-server)\n");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "redis-server"], { stdio: "inherit", env }).status === 0;
  // A fresh machine may have no package lists yet: fetch them once and try again.
  if (!install()) {
    spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    install();
  }
  if (installed()) process.exit(0);
  process.stderr.write("hipaa-review tests: installing redis-server failed (see above); run `apt-get update && apt-get install -y redis-server`, then npm test again\n");
  process.exit(1);
}

process.stderr.write(`hipaa-review tests need redis-server (Debian's redis-server package) and cannot install it without root: run \`${COMMAND}\`, then npm test again\n`);
process.exit(1);
