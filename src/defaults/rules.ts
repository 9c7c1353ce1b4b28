/**
 * Reads the default rule pack shipped in the package's rules/ folder. Parsing and validating its YAML takes about a
 * second, which every CLI run (the pre-commit hook: every commit) would pay; so the build writes the validated pack
 * as JSON (dist/default-pack.json, see pack-snapshot.ts) with a hash of the YAML it came from, and a run whose
 * rules/ still hash the same reads the JSON instead. Edited rules (another hash) are parsed and validated as before.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRulePacks, type LoadedPacks, type PackSource } from "../engine/rules/pack.js";
import type { SourcedRule } from "../engine/rules/spec.js";
import { seedRequirements, type EncodedRequirement } from "../engine/rules/required-literals.js";

/** The package root: the nearest folder above this module holding rules/ and package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "rules"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("hipaa-review is installed without its rules/ folder; reinstall the package");
}

/** Where the build writes the validated pack, relative to the package root. */
export const SNAPSHOT_FILE = "dist/default-pack.json";

export interface PackSnapshot {
  hash: string;
  rules: SourcedRule[];
  /** What the patterns prefilters test require (engine/rules/required-literals.ts), by source. */
  requirements?: Record<string, EncodedRequirement>;
}

/** The patterns whose requirements the scan tests before them: line rules' patterns, syntax rules' names and callees. */
export function prefilteredPatterns(rules: readonly SourcedRule[]): string[] {
  return rules.flatMap(({ spec }) => (spec.syntax ? [...spec.syntax.names, ...(spec.syntax.records ?? []), ...(spec.syntax.callee ?? [])] : spec.block ? [] : (spec.patterns ?? [])));
}

let cached: LoadedPacks | undefined;

/** The shipped pack's files, in order. */
export function defaultPackSources(): PackSource[] {
  const root = packageRoot();
  const dir = join(root, "rules");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
  if (files.length === 0) throw new Error(`hipaa-review found no rule packs in ${dir}; reinstall the package`);
  return files.map((f) => ({ file: relative(root, join(dir, f)), text: readFileSync(join(dir, f), "utf8") }));
}

export function packHash(sources: PackSource[]): string {
  const hash = createHash("sha256");
  for (const s of sources) hash.update(s.file).update("\0").update(s.text).update("\0");
  return hash.digest("hex");
}

export function loadDefaultRules(): LoadedPacks {
  if (cached) return cached;
  const sources = defaultPackSources();
  const snapshot = readSnapshot();
  const fresh = snapshot && snapshot.hash === packHash(sources);
  if (fresh && snapshot.requirements) seedRequirements(snapshot.requirements);
  cached = fresh ? { rules: snapshot.rules, errors: [] } : loadRulePacks(sources);
  return cached;
}

function readSnapshot(): PackSnapshot | undefined {
  try {
    const value = JSON.parse(readFileSync(join(packageRoot(), SNAPSHOT_FILE), "utf8")) as PackSnapshot;
    return typeof value.hash === "string" && Array.isArray(value.rules) ? value : undefined;
  } catch {
    return undefined; // no snapshot (a source checkout before its build): parse the YAML
  }
}
