// Runs `hipaa-review` in-process with captured output, a given working directory, stdin and clock.
import { main } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/scan-command.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { cwd: string; now: string; stdin?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    cwd: options.cwd,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: (async function* () { yield options.stdin ?? ""; })(),
    stderrIsTty: false,
    stdoutIsTty: false,
    now: () => new Date(options.now),
    ...(options.env ? { env: options.env } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
