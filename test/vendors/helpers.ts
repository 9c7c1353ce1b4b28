// Runs the vendor check over base/head file maps, the way the scan would, with an injected clock.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { diffTexts } from "../../src/engine/diff/diff-texts.js";
import type { FileDiff, Finding, ScanNotice } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";
import { ConfigError } from "../../src/policy/load.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { parseCatalogue, type Catalogue } from "../../src/vendors/catalogue.js";
import { loadManifest, type ManifestLoad } from "../../src/vendors/manifest-load.js";
import { createVendorPlugin } from "../../src/vendors/plugin.js";
import { defaultVendorSettings, type LicenseLookup, type VendorSettings } from "../../src/vendors/types.js";

export const ROOT = join(import.meta.dirname, "../..");
export const MANIFEST = ".hipaa/vendors.yml";

let catalogue: Catalogue | undefined;
export function shippedCatalogue(): Catalogue {
  if (!catalogue) {
    const parsed = parseCatalogue(readFileSync(join(ROOT, "rules/vendors/catalogue.yml"), "utf8"), "rules/vendors/catalogue.yml");
    if (!parsed.catalogue) throw new Error(JSON.stringify(parsed.errors));
    catalogue = parsed.catalogue;
  }
  return catalogue;
}

export interface Change {
  base: Record<string, string>;
  head: Record<string, string>;
  /** new path → old path */
  renames?: Record<string, string>;
}

/** The FileDiffs git would report for base → head. */
export function fileDiffs(change: Change): FileDiff[] {
  const renames = change.renames ?? {};
  const renamedOld = new Set(Object.values(renames));
  const out: FileDiff[] = [];
  const paths = [...new Set([...Object.keys(change.base), ...Object.keys(change.head)])].sort();
  for (const path of paths) {
    const before = change.base[path];
    const after = change.head[path];
    if (renames[path] !== undefined) {
      const old = change.base[renames[path]!] ?? "";
      out.push({ path, oldPath: renames[path], status: "renamed", binary: false, lines: diffTexts(old, after ?? "") });
    } else if (after === undefined) {
      if (!renamedOld.has(path)) out.push({ path, status: "deleted", binary: false, lines: [] });
    } else if (before === undefined) {
      out.push({ path, status: "added", binary: false, lines: after.replace(/\n$/, "").split("\n").map((text, i) => ({ line: i + 1, text, added: true })) });
    } else if (before !== after) {
      out.push({ path, status: "modified", binary: false, lines: diffTexts(before, after) });
    }
  }
  return out;
}

export interface ReviewOptions {
  today?: string;
  settings?: Partial<VendorSettings>;
  /** Without it, the shipped catalogue. */
  catalogue?: Catalogue | null;
  phiPaths?: string[];
  licenseLookup?: LicenseLookup;
  /** Whether readHead answers (false: a patch without a repository). */
  headReadable?: boolean;
  /** The loaded manifest, instead of the base's (e.g. one merged with the organisation's). */
  manifest?: ManifestLoad;
}

export async function review(change: Change, options: ReviewOptions = {}): Promise<{ findings: Finding[]; notices: ScanNotice[] }> {
  const settings = { ...defaultVendorSettings(), ...options.settings };
  const cat = options.catalogue === null ? undefined : (options.catalogue ?? shippedCatalogue());
  const manifest = options.manifest ?? loadManifest(change.base[settings.manifest], settings.manifest, `${settings.manifest} at main@1a2b3c4`, cat);
  const check = createVendorPlugin({
    settings,
    manifest,
    ...(cat ? { catalogue: cat } : {}),
    readBase: async (p) => change.base[p],
    isPhiPath: (p) => (options.phiPaths ?? []).some((g) => p.startsWith(g)),
    ...(options.licenseLookup ? { licenseLookup: options.licenseLookup } : {}),
  });
  const run = check.start({ today: options.today ?? "2026-06-15", readHead: async (p) => (options.headReadable === false ? undefined : change.head[p]) });
  for (const f of fileDiffs(change)) await run.file(f);
  const result = await run.finish();
  result.findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return result;
}

/** The short form tests compare. */
export function brief(findings: Finding[]): string[] {
  return findings.map((f) => `${f.path}:${f.line} ${f.severity} ${f.ruleId}`);
}

/** The positioned errors a base `.hipaa.yml` gets with the default pack (none: []). */
export async function configErrors(config: string): Promise<string[]> {
  try {
    await loadReviewPolicy({ readBase: async (p) => (p === ".hipaa.yml" ? config : undefined), baseLabel: "main@abc1234" }, { packs: loadDefaultRules() });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.errors.map(formatError);
    throw error;
  }
}
