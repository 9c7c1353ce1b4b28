/**
 * `hipaa-review init`: the first run in a repository. Writes a starter `.hipaa.yml` and a vendor manifest listing
 * the catalogue vendors the dependency files at --ref (default HEAD) already declare, each with its public BAA
 * stance, so `hipaa-review vendors` immediately lists what someone has to check. Existing files are kept unless
 * --force; what is written is validated with the same loader a review uses before it touches the disk.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadDefaultRules } from "../defaults/rules.js";
import { loadDefaultVendors } from "../defaults/vendors.js";
import { TOOL_URI } from "../defaults/version.js";
import { gitShow, gitText, resolveRev } from "../platforms/local/git.js";
import { CONFIG_FILE } from "../policy/config.js";
import { loadReviewPolicy } from "../review/review.js";
import { vendorSetupOf } from "../vendors/policy-plugin.js";
import { isStarterDependencyFile, starterManifest, vendorsInDependencyFiles, type DependencyFileText } from "../vendors/starter-manifest.js";
import { UsageError, type InitArgs } from "./args.js";
import type { CliIo } from "./scan-command.js";

/** Dependency files read at most, and their size: a monorepo with more lists the first ones and says so. */
const MAX_FILES = 500;
const MAX_BYTES = 1_048_576;

const SCHEMA_BASE = "https://raw.githubusercontent.com/hipaa-review/hipaa-review/main/schema";

export const STARTER_CONFIG = `# yaml-language-server: $schema=${SCHEMA_BASE}/hipaa-config.schema.json
# hipaa-review policy, written by \`hipaa-review init\`. Every change is judged by this file as its base branch has
# it, so a change cannot weaken the rules that judge it. All keys: ${TOOL_URI}#hipaa-yml
fail_on: error                 # lowest severity that blocks: error | warning | note
# phi_paths: ["services/ehr/**"]   # PHI-handling code: findings there are raised one level
# paths:
#   exclude: ["third_party/**"]
# rules:
#   plaintext-http-url: warning    # per rule: off | error | warning | note
vendors:
  manifest: .hipaa/vendors.yml   # the vendor manifest (BAAs), read from the base branch too
  phi: true                      # the whole repository handles PHI; false: only phi_paths do
  baa_expiry_warning_days: 30
waivers:
  max_days: 365                  # an inline waiver's \`until\` may be at most this far ahead
  inline_in_change: propose      # a waiver a change adds needs /hipaa approve before it waives
`;

export async function initCommand(args: InitArgs, io: CliIo): Promise<number> {
  const root = (await gitText(["rev-parse", "--show-toplevel"], { cwd: io.cwd })).trim();
  const { files, total, source } = await dependencyFiles(args.ref, io.cwd);
  const today = io.now().toISOString().slice(0, 10);

  const configPath = join(root, CONFIG_FILE);
  const keepConfig = existsSync(configPath) && !args.force;
  const configText = keepConfig ? readFileSync(configPath, "utf8") : STARTER_CONFIG;
  const catalogue = loadDefaultVendors();
  const deps = { packs: loadDefaultRules(), vendorCatalogue: catalogue };
  // The manifest goes where the policy (a kept one may say otherwise) expects it.
  const policyOnly = await loadReviewPolicy({ baseLabel: "the working tree", readBase: async (p) => (p === CONFIG_FILE ? configText : undefined) }, deps);
  const manifestPath = vendorSetupOf(policyOnly.pluginStates)!.settings.manifest;
  const found = vendorsInDependencyFiles(files, catalogue);
  const manifestText = starterManifest(found, { today, source, schema: `${SCHEMA_BASE}/vendor-manifest.schema.json` });

  const loaded = await loadReviewPolicy({ baseLabel: "the files init writes", readBase: async (p) => (p === CONFIG_FILE ? configText : p === manifestPath ? manifestText : undefined) }, deps);
  const manifest = vendorSetupOf(loaded.pluginStates)!.manifest;
  if (manifest.state !== "ok") throw new Error(`the starter manifest does not validate (${manifest.state})`);

  const lines: string[] = [];
  lines.push(keepConfig ? `Kept ${CONFIG_FILE} (it exists; --force replaces it).` : `Wrote ${CONFIG_FILE}: the policy, with the defaults spelled out (fails on error; the whole repository handles PHI).`);
  const target = join(root, manifestPath);
  if (existsSync(target) && !args.force) {
    lines.push(`Kept ${manifestPath} (it exists; --force replaces it). \`hipaa-review vendors\` lists it.`);
  } else {
    write(target, manifestText);
    lines.push(`Wrote ${manifestPath}: ${found.length} vendor${found.length === 1 ? "" : "s"} found in ${files.length} dependency file${files.length === 1 ? "" : "s"} at ${source}${total > files.length ? ` (the first ${files.length} of ${total})` : ""}.`);
    const width = Math.max(6, ...found.map((v) => v.entry.name.length));
    for (const v of found) lines.push(`  ${v.entry.name.padEnd(width)}  ${v.entry.baa.padEnd(19)}  ${v.uses[0]}${v.uses.length > 1 ? ` and ${v.uses.length - 1} more` : ""}`);
  }
  if (!keepConfig) write(configPath, configText);
  lines.push(
    "",
    "Next: for each vendor, check `phi:` and record the BAA under `baa:`; add vendors the catalogue does not know.",
    "Commit both files: reviews read them from the base branch. `hipaa-review vendors` lists what is still open.",
  );
  io.stdout(lines.join("\n") + "\n");
  return 0;
}

async function dependencyFiles(ref: string, cwd: string): Promise<{ files: DependencyFileText[]; total: number; source: string }> {
  let sha: string;
  try {
    sha = await resolveRev(ref, { cwd });
  } catch (error) {
    if (ref === "HEAD" && !(await hasCommits(cwd))) return { files: [], total: 0, source: "HEAD (no commits yet)" };
    throw error;
  }
  // "<mode> <type> <object> <size>\t<path>", NUL-separated: sizes first, so an oversized file is never read.
  const listing = await gitText(["ls-tree", "-r", "-l", "-z", sha], { cwd });
  const entries = listing.split("\0").flatMap((line) => {
    const m = /^\d+ blob [0-9a-f]+ +(\d+)\t(.+)$/s.exec(line);
    return m && isStarterDependencyFile(m[2]!) ? [{ path: m[2]!, size: Number(m[1]) }] : [];
  });
  const paths = entries.map((e) => e.path);
  const files: DependencyFileText[] = [];
  for (const { path, size } of entries.slice(0, MAX_FILES)) {
    if (size > MAX_BYTES) continue;
    const text = await gitShow(sha, path, { cwd });
    if (text !== undefined) files.push({ path, text });
  }
  return { files, total: paths.length, source: `${ref}@${sha.slice(0, 7)}` };
}

async function hasCommits(cwd: string): Promise<boolean> {
  try {
    await gitText(["rev-parse", "--verify", "--quiet", "HEAD"], { cwd });
    return true;
  } catch {
    return false;
  }
}

function write(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
