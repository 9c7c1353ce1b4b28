/**
 * `hipaa-review action`: the entry point of action.yml. Reads what the workflow's event reviews, fetches what a
 * shallow checkout lacks, runs the review on the Action platform (annotations, job summary, SARIF, outputs) and
 * exits 1 on a blocking finding. A failure is also an error annotation, so it shows on the pull request.
 */
import { resolve } from "node:path";
import { loadDefaultRules } from "../defaults/rules.js";
import { loadDefaultVendors } from "../defaults/vendors.js";
import { TOOL_URI, toolVersion } from "../defaults/version.js";
import { readActionEvent } from "../platforms/action/event.js";
import { fetchHistory } from "../platforms/action/fetch-history.js";
import { actionPlatform } from "../platforms/action/action-platform.js";
import { annotationCommand } from "../platforms/action/workflow-commands.js";
import { runReview } from "../review/review.js";
import { budgetOf, timeLimits, TimeLimitError } from "../review/time-limits.js";
import { UsageError, type ActionArgs } from "./args.js";
import { describeError } from "./errors.js";
import type { CliIo } from "./scan-command.js";

export async function actionCommand(args: ActionArgs, io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    return await run(args, io, env);
  } catch (error) {
    // One annotation for the pull request's checks; main prints the same line to stderr and exits 2.
    io.stdout(annotationCommand({ kind: "error", title: "hipaa-review could not review this change", message: describeError(error) }));
    throw error;
  }
}

async function run(args: ActionArgs, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  let limits;
  try {
    limits = timeLimits(env);
  } catch (error) {
    if (error instanceof TimeLimitError) throw new UsageError(error.message);
    throw error;
  }
  const target = readActionEvent(env, args.base);
  const fetched = await fetchHistory(io.cwd, target, (line) => io.stdout(`hipaa-review: ${line}\n`));
  const baseLabel = `${target.baseRef ?? "base"}@${fetched.baseSha.slice(0, 7)}`;
  io.stdout(`hipaa-review: reviewing ${target.description}: ${fetched.headSha.slice(0, 7)} against ${baseLabel}\n`);
  const platform = actionPlatform({
    cwd: io.cwd,
    fetched,
    baseLabel,
    description: target.description,
    sarifPath: resolve(io.cwd, args.sarif),
    ...(env.GITHUB_STEP_SUMMARY ? { summaryPath: env.GITHUB_STEP_SUMMARY } : {}),
    ...(env.GITHUB_OUTPUT ? { outputPath: env.GITHUB_OUTPUT } : {}),
    tool: { version: toolVersion(), uri: TOOL_URI },
    stdout: io.stdout,
  });
  await runReview(platform, {
    packs: loadDefaultRules(),
    vendorCatalogue: loadDefaultVendors(),
    today: io.now().toISOString().slice(0, 10),
    budget: budgetOf(limits, () => performance.now()),
  });
  const result = platform.result();
  if (result.error !== undefined) throw result.error;
  return result.exitCode;
}
