/** The `hipaa-review` command: turns known failures into one-line messages and exit code 2. */
import { DiffError } from "../engine/diff/parse-file-diff.js";
import { ScanBudgetError } from "../engine/scan.js";
import { ConfigError } from "../policy/load.js";
import { loadDefaultRules } from "../defaults/rules.js";
import { GitError } from "../platforms/local/git.js";
import { toolVersion } from "../defaults/version.js";
import { parseCliArgs, USAGE, UsageError } from "./args.js";
import { rulesCommand } from "./rules-command.js";
import { scanCommand, type CliIo } from "./scan-command.js";
import { vendorsCommand } from "./vendors-command.js";

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case "help":
        io.stdout(USAGE + "\n");
        return 0;
      case "version":
        io.stdout(toolVersion() + "\n");
        return 0;
      case "rules":
        return rulesCommand(args.format, loadDefaultRules(), io);
      case "scan":
        return await scanCommand(args, io);
      case "vendors":
        return await vendorsCommand(args, io);
    }
  } catch (error) {
    io.stderr(describeError(error) + "\n");
    return 2;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof UsageError) return `hipaa-review: ${error.message}`;
  if (error instanceof GitError) return `hipaa-review: git: ${error.message}`;
  if (error instanceof ConfigError) {
    return error.errors.map((e) => `hipaa-review: config error: ${e.file}:${e.line}:${e.column}: ${e.key ? `${e.key}: ` : ""}${e.message}`).join("\n");
  }
  if (error instanceof DiffError) return `hipaa-review: ${error.message}; is the input a unified diff (git diff / diff -u output)?`;
  if (error instanceof ScanBudgetError) return `hipaa-review: ${error.message}. Raise ${error.limit === "file" ? "HIPAA_FILE_TIME_LIMIT" : "HIPAA_REVIEW_TIME_LIMIT"} (seconds) or split the change.`;
  const detail = error instanceof Error ? (process.env.HIPAA_REVIEW_DEBUG ? error.stack ?? error.message : error.message) : String(error);
  return `hipaa-review: internal error: ${detail} (set HIPAA_REVIEW_DEBUG=1 for details and report it)`;
}
