/** Known failures as one-line messages (config errors: one line per problem), never a stack trace. */
import { DiffError } from "../engine/diff/parse-file-diff.js";
import { ScanBudgetError } from "../engine/scan.js";
import { ConfigError } from "../policy/load.js";
import { ActionEventError } from "../platforms/action/event.js";
import { GitError } from "../platforms/local/git.js";
import { UsageError } from "./args.js";

export function describeError(error: unknown): string {
  if (error instanceof UsageError) return `hipaa-review: ${error.message}`;
  if (error instanceof GitError) return `hipaa-review: git: ${error.message}`;
  if (error instanceof ActionEventError) return `hipaa-review: action: ${error.message}`;
  if (error instanceof ConfigError) {
    return error.errors.map((e) => `hipaa-review: config error: ${e.file}:${e.line}:${e.column}: ${e.key ? `${e.key}: ` : ""}${e.message}`).join("\n");
  }
  if (error instanceof DiffError) return `hipaa-review: ${error.message}; is the input a unified diff (git diff / diff -u output)?`;
  if (error instanceof ScanBudgetError) return `hipaa-review: ${error.message}. Raise ${error.limit === "file" ? "HIPAA_FILE_TIME_LIMIT" : "HIPAA_REVIEW_TIME_LIMIT"} (seconds) or split the change.`;
  const detail = error instanceof Error ? (process.env.HIPAA_REVIEW_DEBUG ? error.stack ?? error.message : error.message) : String(error);
  return `hipaa-review: internal error: ${detail} (set HIPAA_REVIEW_DEBUG=1 for details and report it)`;
}
