/**
 * Loaded with `node --import` into a CLI run the bench measures: counts the processes the run spawns (git) and, at
 * exit, writes its CPU time, spawns and peak memory as JSON to the file named by BENCH_USAGE_FILE.
 */
import childProcess from "node:child_process";
import { writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const spawned: string[] = [];
const original = childProcess.spawn;
childProcess.spawn = function (this: unknown, command: string, args?: readonly string[], ...rest: unknown[]) {
  spawned.push(`${command} ${args?.[0] ?? ""}`.trim());
  return (original as (...a: unknown[]) => childProcess.ChildProcess).call(this, command, args, ...rest);
} as typeof childProcess.spawn;
syncBuiltinESMExports();

process.on("exit", () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (!file) return;
  const cpu = process.cpuUsage();
  const usage = process.resourceUsage();
  writeFileSync(file, JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, spawned, maxRssMb: usage.maxRSS / 1024 }));
});
