// One fixture directory per scenario under fixtures/changes/: base/ and head/ trees and the findings expected.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { brief, review, type Change } from "./helpers.js";

const DIR = join(import.meta.dirname, "fixtures/changes");

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    let entries: string[] = [];
    try { entries = readdirSync(d); } catch { return; }
    for (const e of entries) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

interface Expect { description: string; findings: string[]; renames?: Record<string, string> }

describe("dependency and domain changes per ecosystem", () => {
  for (const name of readdirSync(DIR).sort()) {
    const expected = JSON.parse(readFileSync(join(DIR, name, "expect.json"), "utf8")) as Expect;
    it(`${name}: ${expected.description}`, async () => {
      const change: Change = { base: tree(join(DIR, name, "base")), head: tree(join(DIR, name, "head")), ...(expected.renames ? { renames: expected.renames } : {}) };
      const { findings } = await review(change);
      expect(brief(findings)).toEqual(expected.findings);
      for (const f of findings) {
        expect(f.area).toBe("vendor");
        expect(["164.308(b)(1)", "164.314(a)(1)"]).toContain(f.safeguard);
        expect(f.fingerprint).toMatch(/^[0-9a-f]{20}$/);
        expect(f.message.length).toBeGreaterThan(40);
      }
    });
  }
});
