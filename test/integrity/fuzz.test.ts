// A seeded, bounded fuzz of the readers of untrusted input: the unified-diff parser, `.hipaa.yml` and the vendor
// manifest. Every input either reads or fails with the reader's own positioned error (DiffError, ConfigError,
// manifest errors) — never another exception, a hang or a crash — and each takes well under a second.
import { describe, expect, it } from "vitest";
import { DiffError } from "../../src/engine/diff/diff-error.js";
import { parseFileDiff } from "../../src/engine/diff/parse-file-diff.js";
import { splitFiles } from "../../src/engine/diff/split-diff.js";
import { ConfigError } from "../../src/policy/load.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { parseManifest } from "../../src/vendors/manifest.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";

const SEED = 20261203;

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), next };
}

const PIECES = ["\n", " ", "@@ -1,3 +1,4 @@", "+", "-", "\\ No newline at end of file", "diff --git a/x b/x", "--- a/x", "+++ b/x", "--- /dev/null", "+++ /dev/null", "Binary files a/x and b/x differ", "rename from a", "rename to b", "index 0000000..1111111 100644", "new file mode 100644", "\u0000", "\uFFFD", "\r", "&a", "*a", "!!binary", "[", "]", "{", "}", ":", "- ", "'", '"', "#", "\t", "~", "null", "999999999999999999999", "-1", "1e309"];

/** Mutates `text` with the seed's choice of insertions, deletions, duplications and truncation. */
function mutate(text: string, r: ReturnType<typeof rng>): string {
  let out = text;
  const edits = 1 + r.int(6);
  for (let i = 0; i < edits; i++) {
    const at = r.int(out.length + 1);
    switch (r.int(6)) {
      case 0: out = out.slice(0, at) + PIECES[r.int(PIECES.length)]! + out.slice(at); break;
      case 1: out = out.slice(0, at) + out.slice(at + 1 + r.int(20)); break;
      case 2: out = out.slice(0, at) + out.slice(Math.max(0, at - 40), at) + out.slice(at); break;
      case 3: out = out.slice(0, at); break;
      case 4: out = out.slice(0, at) + String.fromCharCode(r.int(0x3000)) + out.slice(at); break;
      default: out = out.slice(0, at) + PIECES[r.int(PIECES.length)]!.repeat(1 + r.int(50)) + out.slice(at);
    }
  }
  return out;
}

const DIFF = `diff --git a/src/a.js b/src/a.js
index 1111111..2222222 100644
--- a/src/a.js
+++ b/src/a.js
@@ -1,3 +1,4 @@
 const https = require("https");
-const agent = new https.Agent();
+const agent = new https.Agent({ rejectUnauthorized: false });
+fetch("http://api.partner.com/v1");
 module.exports = agent;
diff --git a/data/p.csv b/data/p.csv
new file mode 100644
--- /dev/null
+++ b/data/p.csv
@@ -0,0 +1,2 @@
+name,ssn
+Ann,219-44-7731
`;

const CONFIG = `extends: org
fail_on: error
areas: { phi-exposure: on }
rules:
  plaintext-http-url: warning
paths:
  exclude: ["third_party/**"]
overrides:
  - paths: ["scripts/**"]
    rules: { plaintext-http-url: note }
phi_paths: ["services/ehr/**"]
thresholds: { session_idle_minutes: 15 }
waivers: { max_days: 90, inline_in_change: propose }
vendors:
  licenses: { deny: [AGPL-3.0-only] }
`;

const MANIFEST = `version: 1
vendors:
  - name: Sentry
    purpose: error tracking
    phi: true
    baa: { status: signed, effective: 2025-01-01, expires: 2027-01-01, document: CTR-1 }
    packages: { npm: ["@sentry/*"] }
    subprocessors:
      - name: AWS
        baa: { status: signed, effective: 2024-01-01 }
`;

async function readDiff(text: string): Promise<number> {
  let files = 0;
  for await (const chunk of splitFiles([text])) {
    const file = parseFileDiff(chunk);
    if (!file) continue;
    files++;
    for (const l of file.lines) if (!Number.isInteger(l.line) || l.line < 1) throw new Error(`bad line number ${l.line}`);
  }
  return files;
}

describe(`fuzz (seed ${SEED})`, () => {
  it("the diff parser reads or throws DiffError, never anything else", async () => {
    const r = rng(SEED);
    const inputs = [...Array.from({ length: 1_500 }, () => mutate(DIFF, r)), "[[[[" + "[".repeat(100_000), "\u0000".repeat(10_000), "@@ -1 +1 @@\n".repeat(2_000)];
    for (const input of inputs) {
      const started = performance.now();
      try {
        await readDiff(input);
      } catch (error) {
        if (!(error instanceof DiffError)) throw new Error(`unexpected ${(error as Error).name} on ${JSON.stringify(input.slice(0, 200))}: ${(error as Error).message}`);
      }
      expect(performance.now() - started, JSON.stringify(input.slice(0, 80))).toBeLessThan(1_000);
    }
  }, 30_000);

  it(".hipaa.yml loads or fails with a positioned ConfigError, never anything else", async () => {
    const r = rng(SEED + 1);
    const packs = loadDefaultRules();
    const inputs = [...Array.from({ length: 400 }, () => mutate(CONFIG, r)), "[".repeat(50_000), "a:\n" + "  - ".repeat(5_000) + "x\n", `k: ${"&a [".repeat(2_000)}`];
    for (const input of inputs) {
      const started = performance.now();
      try {
        await loadReviewPolicy({ readBase: async (p) => (p === ".hipaa.yml" ? input : undefined), baseLabel: "main@fuzz", readOrg: async () => ({ text: CONFIG.replace("extends: org\n", ""), label: "org" }) }, { packs });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw new Error(`unexpected ${(error as Error).name} on ${JSON.stringify(input.slice(0, 200))}: ${(error as Error).message}`);
        for (const e of error.errors) expect(e.line, e.message).toBeGreaterThanOrEqual(1);
      }
      expect(performance.now() - started, JSON.stringify(input.slice(0, 80))).toBeLessThan(1_000);
    }
  }, 30_000);

  it("the vendor manifest parses or returns positioned errors, never throws", () => {
    const r = rng(SEED + 2);
    for (const input of [...Array.from({ length: 400 }, () => mutate(MANIFEST, r)), "vendors: " + "[".repeat(50_000)]) {
      const started = performance.now();
      const parsed = parseManifest(input, ".hipaa/vendors.yml");
      expect(parsed.manifest !== undefined || parsed.errors.length > 0).toBe(true);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  }, 30_000);
});
