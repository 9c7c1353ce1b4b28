/**
 * The vendor manifest as the base revision has it (absent, valid, or broken), and with `extends: org` the
 * organisation's manifest inherited under it.
 */
import type { PositionedError } from "../engine/yaml-schema.js";
import { ConfigError } from "../policy/load.js";
import type { Policy } from "../policy/config.js";
import type { OrgPolicySource } from "../policy/plugins.js";
import type { Catalogue } from "./catalogue.js";
import { mergeManifests, parseManifest } from "./manifest.js";
import type { Manifest } from "./types.js";

export type ManifestLoad =
  | { state: "absent"; path: string; label: string }
  | { state: "ok"; path: string; label: string; manifest: Manifest }
  | { state: "broken"; path: string; label: string; errors: PositionedError[] };

export function loadManifest(text: string | undefined, path: string, label: string, catalogue?: Catalogue): ManifestLoad {
  if (text === undefined) return { state: "absent", path, label };
  const parsed = parseManifest(text, path, catalogue);
  return parsed.manifest ? { state: "ok", path, label, manifest: parsed.manifest } : { state: "broken", path, label, errors: parsed.errors };
}

/**
 * `extends: org` inherits the organisation's vendor manifest too (its `vendors.manifest` path, default
 * .hipaa/vendors.yml, in the same place as its .hipaa.yml). Its vendors come first; a vendor the repository also
 * records keeps the organisation's entry, and the repository's is reported. A broken organisation manifest is a
 * configuration error, like a broken organisation policy; a broken repository manifest stays broken (blocking).
 */
export async function withOrgManifest(repo: ManifestLoad, source: OrgPolicySource, manifestPath: string, policy: Policy, catalogue: Catalogue | undefined): Promise<ManifestLoad> {
  if (!source.readFile || repo.state === "broken") return repo;
  const text = await source.readFile(manifestPath);
  if (text === undefined) return repo;
  const label = source.fileLabel?.(manifestPath) ?? manifestPath;
  const parsed = parseManifest(text, label, catalogue);
  if (!parsed.manifest) throw new ConfigError(parsed.errors);
  const merged = mergeManifests(parsed.manifest, label, repo.state === "ok" ? repo.manifest : undefined, repo.path);
  for (const s of merged.shadowed) {
    policy.violations.push({
      file: repo.path,
      path: repo.path,
      line: s.vendor.line,
      key: `vendors: ${s.vendor.name}`,
      message: `the organisation's manifest (${label}, line ${s.orgLine}) already records this vendor and its entry applies, so this one is ignored; remove it, or have the organisation's entry changed`,
    });
  }
  return { state: "ok", path: repo.path, label: repo.state === "ok" ? `${repo.label} with ${label}` : label, manifest: merged.manifest };
}
