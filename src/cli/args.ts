/** Command-line parsing with errors that say what to type instead. */
import { parseArgs } from "node:util";

export class UsageError extends Error {}

export type Format = "text" | "json" | "sarif" | "gitlab";

export interface ScanArgs {
  command: "scan";
  base?: string;
  head: string;
  format: Format;
  config?: string;
  orgConfig?: string;
  diff?: string;
  /** Review the staged changes (the index) against HEAD, with the policy from HEAD. */
  staged: boolean;
  /** Write the report in --format to this file; the text report then goes to stdout. */
  output?: string;
  color: boolean;
}

export interface VendorsArgs {
  command: "vendors";
  /** Revision whose committed .hipaa.yml and manifest are read (default HEAD). */
  ref: string;
  format: "text" | "json";
  /** Warning window in days; default: vendors.baa_expiry_warning_days of .hipaa.yml (30). */
  expiringDays?: number;
  config?: string;
  /** The organisation's .hipaa.yml (its folder holds the organisation's vendor manifest). */
  orgConfig?: string;
  /** List the vendor catalogue instead of the manifest. */
  catalogue: boolean;
  color: boolean;
}

export interface InitArgs {
  command: "init";
  /** Revision whose dependency files are read (default HEAD). */
  ref: string;
  /** Replace existing files. */
  force: boolean;
}

export interface ActionArgs {
  command: "action";
  /** Where the SARIF file is written (relative to the workspace). */
  sarif: string;
  /** An explicit base for events other than pull_request and merge_group. */
  base?: string;
}

export type Args =
  | ScanArgs
  | VendorsArgs
  | InitArgs
  | ActionArgs
  | { command: "rules"; format: Format }
  | { command: "help" }
  | { command: "version" };

export const USAGE = `Usage:
  hipaa-review scan [--base REF] [--head REF] [--staged] [--format text|json|sarif|gitlab] [--output FILE]
                    [--config FILE] [--org-config FILE] [--diff FILE|-]
  hipaa-review init [--force] [--ref REF]
  hipaa-review vendors [--ref REF] [--expiring 30d] [--format text|json] [--config FILE] [--org-config FILE] [--catalogue]
  hipaa-review rules [--format text|json]
  hipaa-review action [--sarif FILE] [--base REF]
  hipaa-review --help | --version

scan     Reviews what --head (default HEAD) adds relative to its merge base with --base (default: the
         remote's default branch, else main, else master), like a pull request. The policy (.hipaa.yml) is read
         from the base revision; --config FILE overrides it for local experiments; --org-config FILE is the
         organisation policy a .hipaa.yml with \`extends: org\` builds on (its folder also holds the
         organisation's vendor manifest, .hipaa/vendors.yml, which is then inherited). --diff reads a unified
         diff from a file (or - for standard input) instead of asking git. --staged reviews what is staged for
         the next commit against HEAD, with the policy from HEAD (the pre-commit hook). --format gitlab writes a
         GitLab Code Quality report; --output FILE writes the report there and the text report to stdout.
init     Writes a starter .hipaa.yml and .hipaa/vendors.yml listing the catalogue vendors the repository's
         dependency files (at --ref, default HEAD) already use, with their public BAA stance. Never replaces
         an existing file without --force.
vendors  Lists the vendor manifest (.hipaa/vendors.yml) as committed at --ref (default HEAD): each vendor's BAA
         status, the BAAs expiring within --expiring days (default 30) and the safeguards a PHI vendor or
         subprocessor does not attest. Exits 1 when a PHI vendor is out of compliance (no signed BAA in effect,
         or a subprocessor without one; or a safeguard gap with vendors.safeguard_gaps: error): made for a
         scheduled job.
         --catalogue lists the built-in vendor catalogue and its BAA stances instead.
rules    Lists the rules of the default pack.
action   Runs inside GitHub Actions (action.yml): reviews the pull request or merge group of the event,
         fetching what a shallow checkout lacks; writes annotations, the job summary and a SARIF file.

Exit codes: 0 no blocking finding, 1 at least one blocking finding (vendors: a PHI vendor out of compliance),
2 usage, configuration, manifest or git error.`;

const FORMATS: Format[] = ["text", "json", "sarif", "gitlab"];
const COMMANDS = ["scan", "init", "vendors", "rules", "action"];

type Values = ReturnType<typeof parse>["values"];

function parse(argv: string[]) {
  return parseArgs({
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
      staged: { type: "boolean" },
      output: { type: "string", short: "o" },
      ref: { type: "string" },
      expiring: { type: "string" },
      catalogue: { type: "boolean" },
      force: { type: "boolean" },
      sarif: { type: "string" },
      "no-color": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

/** Options and the commands they belong to, for "--x is for the y command". */
const OWNERS: Record<string, string[]> = {
  base: ["scan", "action"],
  head: ["scan"],
  diff: ["scan"],
  staged: ["scan"],
  output: ["scan"],
  ref: ["vendors", "init"],
  expiring: ["vendors"],
  catalogue: ["vendors"],
  force: ["init"],
  sarif: ["action"],
  config: ["scan", "vendors"],
  "org-config": ["scan", "vendors"],
  format: ["scan", "vendors", "rules"],
};

export function parseCliArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, "")}; see hipaa-review --help`);
  }
  const { values, positionals } = parsed;
  if (values.version) return { command: "version" };
  if (values.help || positionals.length === 0 || positionals[0] === "help") return { command: "help" };
  const [command, ...extra] = positionals as [string, ...string[]];
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; see hipaa-review --help`);
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"; the commands are ${COMMANDS.slice(0, -1).join(", ")} and ${COMMANDS.at(-1)}`);
  for (const [name, owners] of Object.entries(OWNERS)) {
    if (values[name as keyof Values] !== undefined && !owners.includes(command)) {
      const hint = command === "vendors" && ["base", "head", "diff"].includes(name) ? "; vendors reads the revision given by --ref (default HEAD)" : "";
      throw new UsageError(`--${name} is for the ${owners.join(" and ")} command${owners.length > 1 ? "s" : ""}${hint}`);
    }
  }
  for (const name of ["base", "head", "ref"] as const) {
    const value = values[name];
    if (value !== undefined && (value.trim() === "" || value.startsWith("-"))) throw new UsageError(`--${name} needs a branch, tag or commit`);
  }
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${values.format}")`);
  switch (command) {
    case "rules":
      if (format !== "text" && format !== "json") throw new UsageError("rules supports --format text or json");
      return { command: "rules", format };
    case "vendors":
      return vendorsArgs(values, format);
    case "init":
      return { command: "init", ref: values.ref ?? "HEAD", force: values.force ?? false };
    case "action":
      if (values.sarif !== undefined && (values.sarif.trim() === "" || /[\r\n]/.test(values.sarif))) throw new UsageError("--sarif needs a file name");
      return { command: "action", sarif: values.sarif ?? "hipaa-review.sarif", ...(values.base !== undefined ? { base: values.base } : {}) };
    default:
      return scanArgs(values, format);
  }
}

function vendorsArgs(values: Values, format: Format): VendorsArgs {
  if (format !== "text" && format !== "json") throw new UsageError("vendors supports --format text or json");
  let expiringDays: number | undefined;
  if (values.expiring !== undefined) {
    const m = /^(\d{1,4})d?$/.exec(values.expiring.trim());
    if (!m) throw new UsageError(`--expiring takes a number of days, e.g. 30d (got "${values.expiring}")`);
    expiringDays = Number(m[1]);
  }
  return {
    command: "vendors",
    ref: values.ref ?? "HEAD",
    format,
    ...(expiringDays !== undefined ? { expiringDays } : {}),
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values["org-config"] !== undefined ? { orgConfig: values["org-config"] } : {}),
    catalogue: values.catalogue ?? false,
    color: !values["no-color"],
  };
}

function scanArgs(values: Values, format: Format): ScanArgs {
  const staged = values.staged ?? false;
  if (staged) {
    for (const name of ["base", "head", "diff"] as const) {
      if (values[name] !== undefined) throw new UsageError(`--staged reviews the index against HEAD; drop --${name}`);
    }
  }
  if (values.output !== undefined && values.output.trim() === "") throw new UsageError("--output needs a file name");
  return {
    command: "scan",
    ...(values.base !== undefined ? { base: values.base } : {}),
    head: values.head ?? "HEAD",
    format,
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values["org-config"] !== undefined ? { orgConfig: values["org-config"] } : {}),
    ...(values.diff !== undefined ? { diff: values.diff } : {}),
    staged,
    ...(values.output !== undefined ? { output: values.output } : {}),
    color: !values["no-color"],
  };
}
