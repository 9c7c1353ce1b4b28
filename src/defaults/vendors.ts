/** Reads the vendor catalogue shipped in the package's rules/vendors/ folder. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../policy/load.js";
import { packageRoot } from "./rules.js";
import { parseCatalogue, type Catalogue } from "../vendors/catalogue.js";

export const CATALOGUE_FILE = "rules/vendors/catalogue.yml";

let cached: Catalogue | undefined;

export function loadDefaultVendors(): Catalogue {
  if (cached) return cached;
  const path = join(packageRoot(), CATALOGUE_FILE);
  if (!existsSync(path)) throw new Error(`hipaa-review is installed without ${CATALOGUE_FILE}; reinstall the package`);
  const parsed = parseCatalogue(readFileSync(path, "utf8"), CATALOGUE_FILE);
  if (!parsed.catalogue) throw new ConfigError(parsed.errors);
  cached = parsed.catalogue;
  return cached;
}
