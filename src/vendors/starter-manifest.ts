/**
 * A starter vendor manifest (`hipaa-review init`): the catalogue vendors a repository's dependency files already
 * declare, each with its public BAA stance as a comment and a conservative record to complete — `phi: true` and
 * no BAA yet — so `hipaa-review vendors` lists exactly what someone has to check. Pure: the caller reads the files.
 */
import { isTestPath } from "../engine/files/paths.js";
import type { Catalogue } from "./catalogue.js";
import { VendorIndex } from "./catalogue.js";
import { dependencyFileKind, parseDependencyFile } from "./dependency-files.js";
import type { BaaStance, CatalogueEntry } from "./types.js";

/** A dependency file as committed, for the starter manifest. */
export interface DependencyFileText {
  path: string;
  text: string;
}

export interface FoundVendor {
  entry: CatalogueEntry;
  /** Where it is declared: "package.json:5 (@sentry/node)". */
  uses: string[];
}

/** Folders of vendored or installed code: their dependency files are someone else's. */
const FOREIGN = /(^|\/)(node_modules|vendor|third_party|bower_components|\.venv|venv|site-packages)\//;

/** Whether `hipaa-review init` reads this path: a dependency manifest (not a lockfile) of the repository's own code. */
export function isStarterDependencyFile(path: string): boolean {
  const kind = dependencyFileKind(path);
  return kind !== undefined && kind.role === "manifest" && !FOREIGN.test(path) && !isTestPath(path);
}

/** The catalogue vendors the files declare, by name, each with every place it is declared (at most 5 listed). */
export function vendorsInDependencyFiles(files: DependencyFileText[], catalogue: Catalogue): FoundVendor[] {
  const index = new VendorIndex(catalogue, undefined);
  const found = new Map<string, FoundVendor>();
  for (const file of files) {
    const kind = dependencyFileKind(file.path);
    if (!kind) continue;
    for (const dep of parseDependencyFile(kind, file.text)) {
      const entry = index.byPackage(dep.ecosystem, dep.name)?.entry;
      if (!entry) continue;
      const row = found.get(entry.id) ?? { entry, uses: [] };
      row.uses.push(`${file.path}:${dep.line} (${dep.name}${dep.dev ? ", development" : ""})`);
      found.set(entry.id, row);
    }
  }
  return [...found.values()].sort((a, b) => a.entry.name.localeCompare(b.entry.name));
}

const STANCE: Record<BaaStance, string> = {
  signs: "signs BAAs",
  "signs-on-some-plans": "signs BAAs on some plans only: verify yours includes one",
  "does-not-sign": "does not sign BAAs: PHI must never reach it",
  unknown: "BAA stance unknown: verify with the vendor",
};

/** YAML text of a starter manifest; every value is JSON-quoted where it comes from data. */
export function starterManifest(vendors: FoundVendor[], meta: { today: string; source: string; schema: string }): string {
  const out = [
    `# yaml-language-server: $schema=${meta.schema}`,
    `# Vendor manifest written by \`hipaa-review init\` on ${meta.today} from the dependency files at ${meta.source}.`,
    "# Each vendor below is declared in a dependency file and known to the built-in catalogue. For each one, check:",
    "#   phi:  does PHI reach this vendor? It says true until someone has checked; set false only if it never does.",
    "#   baa:  once a BAA is signed, record it (status: signed, effective: YYYY-MM-DD, document: where it is kept);",
    "#         status: not-required needs a reason. Until then `hipaa-review vendors` lists the vendor as out of",
    "#         compliance, and a change that adds a new use of it is blocked.",
    "#   safeguards: what it attests, once checked in its SOC 2 report or BAA: { encryption_at_rest: true, tls: true,",
    "#         audit_logs: true, mfa_sso: true } (subprocessors too). A PHI vendor missing one is a warning.",
    "# Vendors the catalogue does not know (your own SaaS providers, APIs called by URL) are not listed: add them.",
    "# Format: docs/vendors.md. The stances are public statements as recorded on the date shown, not legal advice.",
    "version: 1",
  ];
  if (vendors.length === 0) {
    out.push("vendors: []   # no catalogue vendor found in the dependency files; add each vendor that receives PHI");
    return out.join("\n") + "\n";
  }
  out.push("vendors:");
  for (const { entry, uses } of vendors) {
    const status = entry.baa === "does-not-sign" ? "none" : "pending";
    out.push(
      `  - name: ${JSON.stringify(entry.name)}`,
      `    catalogue: ${JSON.stringify(entry.id)}`,
      "    phi: true   # verify: does PHI reach it?",
      "    baa:",
      `      status: ${status}   # public stance (as of ${entry.as_of}): ${STANCE[entry.baa]}${entry.exemption === "payment-processing" ? "; the payment-processing exemption may apply (status: not-required, reason: ...)" : ""}`,
    );
    if (entry.note) out.push(`      # ${oneLine(entry.note)}`);
    if (entry.source) out.push(`      # source: ${oneLine(entry.source)}`);
    out.push(`    # declared in: ${uses.slice(0, 5).map(oneLine).join(", ")}${uses.length > 5 ? ` and ${uses.length - 5} more` : ""}`);
  }
  return out.join("\n") + "\n";
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ").slice(0, 300);
}
