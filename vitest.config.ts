import { defineConfig } from "vitest/config";

/**
 * Two groups, one after the other. First every in-process test, one file at a time in one fork (as before), so
 * nothing competes for the CPU with the tests that time the engine (linear time, fuzzing). Then the tests that start the
 * built App and redis-server as child processes: they mostly wait on those processes, so two files run at a time.
 */
const MULTI_PROCESS = ["test/app/*-e2e.test.ts", "test/app/redis-queue.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: "forks",
    poolOptions: { forks: { isolate: false } },
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    projects: [
      { extends: true, test: { name: "in-process", include: ["test/**/*.test.ts", "src/**/*.test.ts"], exclude: MULTI_PROCESS, sequence: { groupOrder: 0 }, poolOptions: { forks: { isolate: false, singleFork: true } } } },
      { extends: true, test: { name: "multi-process", include: MULTI_PROCESS, sequence: { groupOrder: 1 } } },
    ],
  },
});
