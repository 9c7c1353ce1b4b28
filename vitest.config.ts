import { defineConfig } from "vitest/config";

/**
 * Three groups, one after the other. First the in-process tests that time the engine or the CLI (linear time,
 * fuzzing, bounded inputs), on two forks and nothing else, so each has a core to itself (the CI machine has two;
 * their limits are ratios of best-of-three runs or seconds for what takes milliseconds). Then every
 * other in-process test, on two forks (the CI machine has two cores). Then the tests that start the built App and
 * redis-server as child processes: they mostly wait on those processes, so two files run at a time.
 */
const TIMED = [
  "test/linear-time/*.test.ts",
  "test/integrity/fuzz.test.ts",
  "test/integrity/bad-input.test.ts",
  "test/integrity/webhook-endpoint.test.ts",
  "test/cli/staged.test.ts",
  "test/core/engine.test.ts",
  "test/core/policy.test.ts",
  "test/core/name-value.test.ts",
  "test/core/names-value.test.ts",
  "test/core/same-value.test.ts",
  "test/core/config-defaults.test.ts",
];
const MULTI_PROCESS = ["test/app/*-e2e.test.ts", "test/app/redis-queue.test.ts"];
const IN_PROCESS = ["test/**/*.test.ts", "src/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: "forks",
    poolOptions: { forks: { isolate: false } },
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    projects: [
      { extends: true, test: { name: "timed", include: TIMED, sequence: { groupOrder: 0 }, } },
      { extends: true, test: { name: "in-process", include: IN_PROCESS, exclude: [...TIMED, ...MULTI_PROCESS], sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: "multi-process", include: MULTI_PROCESS, sequence: { groupOrder: 2 } } },
    ],
  },
});
