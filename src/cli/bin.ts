#!/usr/bin/env node
/** Entry point of the `hipaa-review` executable. */
import { describeError, main } from "./main.js";

/**
 * A writer for stdout or stderr that stops quietly when the reader goes away (`hipaa-review rules | head -1`):
 * EPIPE ends the output, not the process, so the command still finishes and exits with its own code.
 */
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") closed = true;
    else throw error;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

const stdout = writer(process.stdout);
const stderr = writer(process.stderr);

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout,
  stderr,
  stdin: process.stdin,
  stderrIsTty: process.stderr.isTTY === true,
  stdoutIsTty: process.stdout.isTTY === true,
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stderr(describeError(error) + "\n");
    process.exitCode = 2;
  },
);
