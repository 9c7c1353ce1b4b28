#!/usr/bin/env node
/** Entry point of the `hipaa-review` executable. */
import { describeError, main } from "./main.js";

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  stdin: process.stdin,
  stderrIsTty: process.stderr.isTTY === true,
  stdoutIsTty: process.stdout.isTTY === true,
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(describeError(error) + "\n");
    process.exitCode = 2;
  },
);
