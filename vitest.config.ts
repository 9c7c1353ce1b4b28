import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
    poolOptions: { forks: { isolate: false } },
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
  },
});
