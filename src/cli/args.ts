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

export type Args = ScanArgs | VendorsArgs | { command: "rules"; format: Format } | { command: "help" } | { command: "version" };

export const USAGE = `Usage:
  hipaa-review scan [--base REF] [--head REF] [--format text|json|sarif] [--config FILE] [--org-config FILE] [--diff FILE|-]
  hipaa-review rules [--format text|json]
  hipaa-review vendors [--ref REF] [--expiring 30d] [--format text|json] [--config FILE] [--org-config FILE] [--catalogue]
  hipaa-review --help | --version

scan     Reviews what --head (default HEAD) adds relative to its merge base with --base (default: the
         remote's default branch, else main, else master), like a pull request. The policy (.hipaa.yml) is read
         from the base revision; --config FILE overrides it for local experiments; --org-config FILE is the
         organisation policy a .hipaa.yml with \`extends: org\` builds on (its folder also holds the
         organisation's vendor manifest, .hipaa/vendors.yml, which is then inherited). --diff reads a unified
         diff from a file (or - for standard input) instead of asking git.
rules    Lists the rules of the default pack.
vendors  Lists the vendor manifest (.hipaa/vendors.yml) as committed at --ref (default HEAD): each vendor's BAA
         status and the BAAs expiring within --expiring days (default 30). Exits 1 when a PHI vendor is out of
         compliance (no signed BAA in effect, or a subprocessor without one): made for a scheduled job.
         --catalogue lists the built-in vendor catalogue and its BAA stances instead.

Exit codes: 0 no blocking finding, 1 at least one blocking finding (vendors: a PHI vendor out of compliance),
2 usage, configuration, manifest or git error.`;

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
        ref: { type: "string" },
        expiring: { type: "string" },
        catalogue: { type: "boolean" },
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
  if (command === "vendors") {
    if (format === "sarif") throw new UsageError("vendors supports --format text or json");
    for (const name of ["base", "head", "diff"] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} is for scan; vendors reads the revision given by --ref (default HEAD)`);
    }
    if (values.ref !== undefined && (values.ref.trim() === "" || values.ref.startsWith("-"))) throw new UsageError("--ref needs a branch, tag or commit");
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
  for (const name of ["ref", "expiring", "catalogue"] as const) {
    if (values[name] !== undefined) throw new UsageError(`--${name} is for the vendors command`);
  }
  if (command !== "scan") throw new UsageError(`unknown command "${command}"; the commands are scan, rules and vendors`);
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
