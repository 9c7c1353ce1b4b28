/**
 * Reads the vendor catalogue shipped in the package's rules/vendors/ folder — from the build's validated JSON copy
 * (dist/default-catalogue.json, written by pack-snapshot.ts) while the YAML still hashes the same, as for the rules.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../policy/load.js";
import { packageRoot } from "./rules.js";
import { parseCatalogue, type Catalogue } from "../vendors/catalogue.js";

export const CATALOGUE_FILE = "rules/vendors/catalogue.yml";
export const CATALOGUE_SNAPSHOT_FILE = "dist/default-catalogue.json";

let cached: Catalogue | undefined;

export function catalogueHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The shipped catalogue, validated; throws ConfigError when it is broken. */
export function parseDefaultVendors(text: string): Catalogue {
  const parsed = parseCatalogue(text, CATALOGUE_FILE);
  if (!parsed.catalogue) throw new ConfigError(parsed.errors);
  return parsed.catalogue;
}

export function loadDefaultVendors(): Catalogue {
  if (cached) return cached;
  const path = join(packageRoot(), CATALOGUE_FILE);
  if (!existsSync(path)) throw new Error(`hipaa-review is installed without ${CATALOGUE_FILE}; reinstall the package`);
  const text = readFileSync(path, "utf8");
  cached = snapshot(catalogueHash(text)) ?? parseDefaultVendors(text);
  return cached;
}

function snapshot(hash: string): Catalogue | undefined {
  try {
    const value = JSON.parse(readFileSync(join(packageRoot(), CATALOGUE_SNAPSHOT_FILE), "utf8")) as { hash: string; catalogue: Catalogue };
    return value.hash === hash && Array.isArray(value.catalogue?.entries) ? value.catalogue : undefined;
  } catch {
    return undefined;
  }
}
