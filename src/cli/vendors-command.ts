/**
 * `hipaa-review vendors`: the vendor manifest as committed at --ref (default HEAD), with each vendor's BAA
 * status, upcoming expiries and the safeguards it (or a PHI subprocessor) does not attest. Like the policy, it is read from a committed revision (never the working tree),
 * so a scheduled job on the default branch reports what is actually in force.
 */
import { formatError } from "../engine/yaml-schema.js";
import { loadDefaultRules } from "../defaults/rules.js";
import { loadDefaultVendors } from "../defaults/vendors.js";
import { gitShow, resolveRev } from "../platforms/local/git.js";
import { loadReviewPolicy } from "../review/review.js";
import { mergeCatalogue } from "../vendors/catalogue.js";
import { vendorSetupOf } from "../vendors/policy-plugin.js";
import { describeGap } from "../vendors/safeguards.js";
import { vendorStatus, type VendorStatusReport, type VendorStatusRow } from "../vendors/status.js";
import type { VendorsArgs } from "./args.js";
import { orgPolicyFromFile, readPolicyFile } from "./policy-files.js";
import type { CliIo } from "./scan-command.js";

export async function vendorsCommand(args: VendorsArgs, io: CliIo): Promise<number> {
  const builtIn = loadDefaultVendors();
  if (args.catalogue) return listCatalogue(args, io, builtIn.entries);

  const sha = await resolveRev(args.ref, { cwd: io.cwd });
  const label = `${args.ref}@${sha.slice(0, 7)}`;
  const policyOverride = args.config ? readPolicyFile("--config", args.config, io.cwd) : undefined;
  const readOrg = args.orgConfig ? orgPolicyFromFile(args.orgConfig, io.cwd) : undefined;
  const loaded = await loadReviewPolicy(
    {
      baseLabel: label,
      readBase: (path) => gitShow(sha, path, { cwd: io.cwd }),
      ...(policyOverride ? { policyOverride } : {}),
      ...(readOrg ? { readOrg } : {}),
    },
    { packs: loadDefaultRules(), vendorCatalogue: builtIn },
  );
  const { settings, manifest: m } = vendorSetupOf(loaded.pluginStates)!;
  if (m.state === "absent") {
    // Not a broken setup: the repository has not recorded its vendors yet. Say how to start.
    const hint = `Run \`hipaa-review init\` to write one listing the vendors your dependency files already use (then commit it), or set vendors.manifest in .hipaa.yml if it lives elsewhere. See docs/vendors.md.`;
    if (args.format === "json") io.stdout(JSON.stringify({ manifest: m.path, revision: label, found: false, message: `no vendor manifest at ${m.label}`, hint }, null, 2) + "\n");
    else io.stdout(`No vendor manifest at ${m.label}, so there are no BAAs to list.\n${hint}\n`);
    return 0;
  }
  if (m.state === "broken") {
    const more = m.errors.length > 1 ? ` (and ${m.errors.length - 1} more problem${m.errors.length > 2 ? "s" : ""})` : "";
    io.stderr(`hipaa-review: vendor manifest error at ${label}: ${formatError(m.errors[0]!)}${more}\n`);
    return 2;
  }
  const today = io.now().toISOString().slice(0, 10);
  const window = args.expiringDays ?? settings.baaExpiryWarningDays;
  const report = vendorStatus(m.manifest, today, window, mergeCatalogue(builtIn, settings.catalogue), settings.safeguardGaps);
  if (args.format === "json") io.stdout(JSON.stringify({ manifest: m.path, revision: label, ...report }, null, 2) + "\n");
  else io.stdout(toText(report, m.label, args.color && io.stdoutIsTty && !process.env.NO_COLOR));
  // Gaps fail the command only when .hipaa.yml makes them errors (vendors.safeguard_gaps: error), as in a review.
  return report.outOfCompliance > 0 || (report.safeguardSeverity === "error" && report.withSafeguardGaps > 0) ? 1 : 0;
}

/** "Sentry → Google Cloud: does not attest audit logs, and records MFA/SSO as not provided". */
function gapText(g: VendorStatusRow["safeguardGaps"][number]): string {
  return `${g.subprocessor !== undefined ? `${g.party}: ` : "safeguards: "}${describeGap(g)}`;
}

function toText(report: VendorStatusReport, label: string, color: boolean): string {
  const red = (s: string) => (color ? `\u001b[31m${s}\u001b[39m` : s);
  const yellow = (s: string) => (color ? `\u001b[33m${s}\u001b[39m` : s);
  const out: string[] = [`Vendors in ${label} (today ${report.today}, expiry window ${report.windowDays} days)`, ""];
  const width = Math.max(6, ...report.vendors.map((v) => v.name.length));
  const gapsBlock = report.safeguardSeverity === "error";
  for (const v of report.vendors) {
    const gaps = v.safeguardGaps.length > 0;
    const mark = v.problems.length > 0 ? red("OUT OF COMPLIANCE") : gaps && gapsBlock ? red("SAFEGUARD GAPS") : v.warnings.length > 0 ? yellow("expiring") : gaps ? yellow("safeguard gaps") : "ok";
    out.push(`  ${v.name.padEnd(width)}  ${(v.phi ? "PHI" : "no PHI").padEnd(6)}  ${v.baaText.padEnd(36)}  ${mark}`);
    const details = [v.purpose, v.document ? `BAA: ${v.document}` : undefined, v.stance ? `public stance: ${v.stance}` : undefined].filter(Boolean);
    if (details.length > 0) out.push(`  ${" ".repeat(width)}  ${details.join(" · ")}`);
    for (const p of v.problems) out.push(`  ${" ".repeat(width)}  ${red("✗")} ${p}`);
    for (const w of v.warnings) out.push(`  ${" ".repeat(width)}  ${yellow("!")} ${w}`);
    for (const g of v.safeguardGaps) out.push(`  ${" ".repeat(width)}  ${gapsBlock ? red("✗") : yellow("!")} ${gapText(g)}`);
  }
  out.push("");
  const n = report.vendors.length;
  out.push(
    `${n} vendor${n === 1 ? "" : "s"}; ${report.outOfCompliance === 0 ? "all PHI vendors have a BAA in effect" : `${report.outOfCompliance} PHI vendor${report.outOfCompliance === 1 ? "" : "s"} out of compliance`}; ${report.expiring} with a BAA expiring within ${report.windowDays} days` +
      (report.safeguardSeverity === "off" ? "." : `; ${report.withSafeguardGaps} with safeguards not attested.`),
  );
  return out.join("\n") + "\n";
}

function listCatalogue(args: VendorsArgs, io: CliIo, entries: ReturnType<typeof loadDefaultVendors>["entries"]): number {
  if (args.format === "json") {
    io.stdout(JSON.stringify(entries, null, 2) + "\n");
    return 0;
  }
  const width = Math.max(...entries.map((e) => e.id.length));
  let category = "";
  for (const e of [...entries].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id))) {
    if (e.category !== category) {
      category = e.category;
      io.stdout(`\n${category}\n`);
    }
    io.stdout(`  ${e.id.padEnd(width)}  ${e.baa.padEnd(20)} as of ${e.as_of}  ${e.name}${e.note ? ` — ${e.note}` : ""}\n`);
  }
  io.stdout(`\n${entries.length} vendors. Stances are public statements as recorded on the date shown; verify with the vendor.\n`);
  return 0;
}
