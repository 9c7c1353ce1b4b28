/** Reads the default rule pack shipped in the package's rules/ folder. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRulePacks, type LoadedPacks } from "../engine/rules/pack.js";

/** The package root: the nearest folder above this module holding rules/ and package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "rules"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("hipaa-review is installed without its rules/ folder; reinstall the package");
}

let cached: LoadedPacks | undefined;

export function loadDefaultRules(): LoadedPacks {
  if (cached) return cached;
  const root = packageRoot();
  const dir = join(root, "rules");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
  if (files.length === 0) throw new Error(`hipaa-review found no rule packs in ${dir}; reinstall the package`);
  cached = loadRulePacks(files.map((f) => ({ file: relative(root, join(dir, f)), text: readFileSync(join(dir, f), "utf8") })));
  return cached;
}
