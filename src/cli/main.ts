/**
 * The `hipaa-review` command: dispatches to the subcommands; known failures become one-line messages and exit code 2.
 * Each command's module is imported when that command runs, so a scan (the pre-commit hook) does not load the
 * others' code at start-up.
 */
import { ensureRepository } from "../platforms/local/git.js";
import { toolVersion } from "../defaults/version.js";
import { parseCliArgs, USAGE, type Args } from "./args.js";
import { describeError } from "./errors.js";
import type { CliIo } from "./scan-command.js";

export { describeError } from "./errors.js";

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (needsRepository(args)) await ensureRepository(io.cwd);
    switch (args.command) {
      case "help":
        io.stdout(USAGE + "\n");
        return 0;
      case "version":
        io.stdout(toolVersion() + "\n");
        return 0;
      case "rules": {
        const [{ rulesCommand }, { loadDefaultRules }] = await Promise.all([import("./rules-command.js"), import("../defaults/rules.js")]);
        return rulesCommand(args.format, loadDefaultRules(), io);
      }
      case "scan":
        return await (await import("./scan-command.js")).scanCommand(args, io);
      case "vendors":
        return await (await import("./vendors-command.js")).vendorsCommand(args, io);
      case "init":
        return await (await import("./init-command.js")).initCommand(args, io);
      case "action":
        return await (await import("./action-command.js")).actionCommand(args, io);
    }
  } catch (error) {
    io.stderr(describeError(error) + "\n");
    return 2;
  }
}

/** Every command but `rules` reads a repository (scan of a diff without --base and the catalogue listing aside). */
function needsRepository(args: Args): boolean {
  switch (args.command) {
    case "scan":
      return !(args.diff && args.base === undefined);
    case "vendors":
      return !args.catalogue;
    case "init":
    case "action":
      return true;
    default:
      return false;
  }
}
