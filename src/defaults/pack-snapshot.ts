/**
 * `node dist/src/defaults/pack-snapshot.js` (the last step of `npm run build`, scripts/finish-build.mjs): validates the
 * default pack and the vendor catalogue and writes each as JSON with the hash of its YAML, so runs skip parsing them (rules.ts, vendors.ts); the
 * pack's with what its patterns require (what the prefilters test before a pattern or a parse, derived once here). A
 * file with errors gets no snapshot: runs then parse the YAML and report the errors as they always did.
 *
 * A build whose YAML and compiled code are those of the last snapshot's (npm ci's build, then npm test's) keeps it:
 * the key of what shaped it is written beside it (dist/snapshots.key).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadRulePacks } from "../engine/rules/pack.js";
import { formatError } from "../engine/yaml-schema.js";
import { encodeRequirement } from "../engine/rules/required-literals.js";
import { defaultPackSources, packageRoot, packHash, SNAPSHOT_FILE, prefilteredPatterns, type PackSnapshot } from "./rules.js";
import { CATALOGUE_FILE, CATALOGUE_SNAPSHOT_FILE, catalogueHash, parseDefaultVendors } from "./vendors.js";

const KEY_FILE = "dist/snapshots.key";

/** What shapes both snapshots: the YAML they come from, every compiled module and the schemas they validate against. */
function snapshotsKey(packSourcesHash: string, catalogueText: string): string {
  const hash = createHash("sha256").update(packSourcesHash).update("\0").update(catalogueHash(catalogueText));
  for (const [folder, ending] of [["src", ".js"], ["schema", ".json"]] as const) {
    const root = join(packageRoot(), "dist", folder);
    const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith(ending)).sort();
    for (const file of files) hash.update("\0").update(join(folder, file)).update("\0").update(readFileSync(join(root, file)));
  }
  return hash.digest("hex");
}

const sources = defaultPackSources();
const catalogueText = readFileSync(join(packageRoot(), CATALOGUE_FILE), "utf8");
const target = join(packageRoot(), SNAPSHOT_FILE);
const catalogueTarget = join(packageRoot(), CATALOGUE_SNAPSHOT_FILE);
const keyFile = join(packageRoot(), KEY_FILE);
const key = snapshotsKey(packHash(sources), catalogueText);
const current = existsSync(target) && existsSync(catalogueTarget) && existsSync(keyFile) && readFileSync(keyFile, "utf8") === key;
if (!current) {
  rmSync(keyFile, { force: true });
  const pack = writePackSnapshot();
  const catalogue = writeCatalogueSnapshot();
  if (pack && catalogue) writeFileSync(keyFile, key);
}

function writePackSnapshot(): boolean {
  const loaded = loadRulePacks(sources);
  if (loaded.errors.length > 0) {
    rmSync(target, { force: true });
    process.stderr.write(`default pack not snapshotted, it has errors:\n${loaded.errors.slice(0, 10).map(formatError).join("\n")}\n`);
    return false;
  }
  const requirements = Object.fromEntries(prefilteredPatterns(loaded.rules).map((p) => [p, encodeRequirement(p)]));
  const snapshot: PackSnapshot = { hash: packHash(sources), rules: loaded.rules, requirements };
  writeFileSync(target, JSON.stringify(snapshot) + "\n");
  return true;
}

function writeCatalogueSnapshot(): boolean {
  try {
    writeFileSync(catalogueTarget, JSON.stringify({ hash: catalogueHash(catalogueText), catalogue: parseDefaultVendors(catalogueText) }) + "\n");
    return true;
  } catch (error) {
    rmSync(catalogueTarget, { force: true });
    process.stderr.write(`vendor catalogue not snapshotted: ${(error as Error).message}\n`);
    return false;
  }
}
