/**
 * `node dist/src/defaults/pack-snapshot.js` (part of `npm run build`): validates the default pack and the vendor
 * catalogue and writes each as JSON with the hash of its YAML, so runs skip parsing them (rules.ts, vendors.ts); the
 * pack's with what its patterns require (what the prefilters test before a pattern or a parse, derived once here). A
 * file with errors gets no snapshot: runs then parse the YAML and report the errors as they always did.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadRulePacks } from "../engine/rules/pack.js";
import { formatError } from "../engine/yaml-schema.js";
import { encodeRequirement } from "../engine/rules/required-literals.js";
import { defaultPackSources, packageRoot, packHash, SNAPSHOT_FILE, prefilteredPatterns, type PackSnapshot } from "./rules.js";
import { CATALOGUE_FILE, CATALOGUE_SNAPSHOT_FILE, catalogueHash, parseDefaultVendors } from "./vendors.js";

const sources = defaultPackSources();
const loaded = loadRulePacks(sources);
const target = join(packageRoot(), SNAPSHOT_FILE);
if (loaded.errors.length > 0) {
  rmSync(target, { force: true });
  process.stderr.write(`default pack not snapshotted, it has errors:\n${loaded.errors.slice(0, 10).map(formatError).join("\n")}\n`);
} else {
  const requirements = Object.fromEntries(prefilteredPatterns(loaded.rules).map((p) => [p, encodeRequirement(p)]));
  const snapshot: PackSnapshot = { hash: packHash(sources), rules: loaded.rules, requirements };
  writeFileSync(target, JSON.stringify(snapshot) + "\n");
}

const catalogueTarget = join(packageRoot(), CATALOGUE_SNAPSHOT_FILE);
const catalogueText = readFileSync(join(packageRoot(), CATALOGUE_FILE), "utf8");
try {
  writeFileSync(catalogueTarget, JSON.stringify({ hash: catalogueHash(catalogueText), catalogue: parseDefaultVendors(catalogueText) }) + "\n");
} catch (error) {
  rmSync(catalogueTarget, { force: true });
  process.stderr.write(`vendor catalogue not snapshotted: ${(error as Error).message}\n`);
}
