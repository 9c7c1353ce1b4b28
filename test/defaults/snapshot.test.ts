// The build's JSON copies of the default pack and the vendor catalogue (start-up speed for the pre-commit hook) must
// say exactly what the YAML says, and must be ignored as soon as the YAML changes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { defaultPackSources, loadDefaultRules, packHash, packageRoot, SNAPSHOT_FILE } from "../../src/defaults/rules.js";
import { CATALOGUE_FILE, CATALOGUE_SNAPSHOT_FILE, catalogueHash, loadDefaultVendors, parseDefaultVendors } from "../../src/defaults/vendors.js";

describe("the build's snapshots of the shipped YAML", () => {
  it("the rule pack snapshot equals the parsed YAML and carries its hash", () => {
    const sources = defaultPackSources();
    const snapshot = JSON.parse(readFileSync(join(packageRoot(), SNAPSHOT_FILE), "utf8"));
    expect(snapshot.hash).toBe(packHash(sources));
    const parsed = loadRulePacks(sources);
    expect(parsed.errors).toEqual([]);
    expect(snapshot.rules).toEqual(JSON.parse(JSON.stringify(parsed.rules)));
    expect(loadDefaultRules().rules).toEqual(snapshot.rules);
  });

  it("a changed pack no longer matches the snapshot's hash", () => {
    const sources = defaultPackSources();
    const edited = sources.map((s, i) => (i === 0 ? { ...s, text: s.text + "\n# edited\n" } : s));
    expect(packHash(edited)).not.toBe(packHash(sources));
  });

  it("the catalogue snapshot equals the parsed YAML", () => {
    const text = readFileSync(join(packageRoot(), CATALOGUE_FILE), "utf8");
    const snapshot = JSON.parse(readFileSync(join(packageRoot(), CATALOGUE_SNAPSHOT_FILE), "utf8"));
    expect(snapshot.hash).toBe(catalogueHash(text));
    expect(snapshot.catalogue).toEqual(JSON.parse(JSON.stringify(parseDefaultVendors(text))));
    expect(loadDefaultVendors().entries.length).toBe(snapshot.catalogue.entries.length);
  });
});
