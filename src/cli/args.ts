/** Command-line parsing with errors that say what to type instead. */
import { parseArgs } from "node:util";

export class UsageError extends Error {}

export type Format = "text" | "json" | "sarif";

export interface ScanArgs {
  command: "scan";
  base?: string;
  head: string;
  format: Format;
  config?: string;
  orgConfig?: string;
  diff?: string;
  color: boolean;
}

export type Args = ScanArgs | { command: "rules"; format: Format } | { command: "help" } | { command: "version" };

export const USAGE = `Usage:
  hipaa-review scan [--base REF] [--head REF] [--format text|json|sarif] [--config FILE] [--org-config FILE] [--diff FILE|-]
  hipaa-review rules [--format text|json]
  hipaa-review --help | --version

scan     Reviews what --head (default HEAD) adds relative to its merge base with --base (default: the
         remote's default branch, else main, else master), like a pull request. The policy (.hipaa.yml) is read
         from the base revision; --config FILE overrides it for local experiments; --org-config FILE is the
         organisation policy a .hipaa.yml with \`extends: org\` builds on. --diff reads a unified
         diff from a file (or - for standard input) instead of asking git.
rules    Lists the rules of the default pack.

Exit codes: 0 no blocking finding, 1 at least one blocking finding, 2 usage, configuration or git error.`;

const FORMATS: Format[] = ["text", "json", "sarif"];

export function parseCliArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        base: { type: "string" },
        head: { type: "string" },
        format: { type: "string", short: "f" },
        config: { type: "string", short: "c" },
        "org-config": { type: "string" },
        diff: { type: "string" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, "")}; see hipaa-review --help`);
  }
  const { values, positionals } = parsed;
  if (values.version) return { command: "version" };
  if (values.help || positionals.length === 0 || positionals[0] === "help") return { command: "help" };
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; see hipaa-review --help`);
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${values.format}")`);
  if (command === "rules") {
    if (format === "sarif") throw new UsageError("rules supports --format text or json");
    return { command: "rules", format };
  }
  if (command !== "scan") throw new UsageError(`unknown command "${command}"; the commands are scan and rules`);
  for (const [name, value] of [["base", values.base], ["head", values.head]] as const) {
    if (value !== undefined && (value.trim() === "" || value.startsWith("-"))) throw new UsageError(`--${name} needs a branch, tag or commit`);
  }
  return {
    command: "scan",
    ...(values.base !== undefined ? { base: values.base } : {}),
    head: values.head ?? "HEAD",
    format,
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values["org-config"] !== undefined ? { orgConfig: values["org-config"] } : {}),
    ...(values.diff !== undefined ? { diff: values.diff } : {}),
    color: !values["no-color"],
  };
}
