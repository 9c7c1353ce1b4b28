import { defineConfig } from "vitest/config";

/**
 * Tests that start the built App and redis-server as child processes run as a second group, after every in-process
 * test, so their processes never compete for the CPU (or the worker's heap) with the tests that time the engine
 * (linear time, fuzzing).
 */
const MULTI_PROCESS = ["test/app/*-e2e.test.ts", "test/app/redis-queue.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: "forks",
    poolOptions: { forks: { isolate: false } },
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    projects: [
      { extends: true, test: { name: "in-process", include: ["test/**/*.test.ts", "src/**/*.test.ts"], exclude: MULTI_PROCESS, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "multi-process", include: MULTI_PROCESS, sequence: { groupOrder: 1 } } },
    ],
  },
});
