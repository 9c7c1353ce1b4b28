import { describe, expect, it } from "vitest";
import { parseDependencyFile } from "../../src/vendors/dependency-files.js";
import { brief, review, MANIFEST } from "./helpers.js";

const ALL_SAFEGUARDS = "{ encryption_at_rest: true, tls: true, audit_logs: true, mfa_sso: true }";
const PKG = (deps: string) => `{\n  "name": "portal",\n  "dependencies": {\n${deps}\n  }\n}\n`;
const BEFORE = PKG('    "express": "^4.19.2"');
const AFTER = PKG('    "@sentry/node": "^8.9.0",\n    "express": "^4.19.2"');
/** Sentry with every safeguard attested, so only its BAA is judged. */
const sentry = (baa: string, extra = "") => `vendors:\n  - name: Sentry\n    phi: true\n    baa: ${baa}\n    safeguards: ${ALL_SAFEGUARDS}\n${extra}`;
const withManifest = (manifest: string | undefined) => ({
  base: { "package.json": BEFORE, ...(manifest !== undefined ? { [MANIFEST]: manifest } : {}) },
  head: { "package.json": AFTER, ...(manifest !== undefined ? { [MANIFEST]: manifest } : {}) },
});

describe("a new vendor against the base manifest (today 2026-06-15)", () => {
  it("no signed BAA: blocked on the line that adds @sentry/node", async () => {
    const { findings } = await review(withManifest(undefined));
    expect(brief(findings)).toEqual(["package.json:4 error vendor-not-in-manifest"]);
    expect(findings[0]!.message).toContain("Sentry signs BAAs only on some plans");
    expect(findings[0]!.remediation).toContain("add Sentry to .hipaa/vendors.yml with baa status signed");
    // The shipped stances date from 2025-01-01: more than a year before 2026-06-15, so the message says to re-verify.
    expect(findings[0]!.message).toContain("recorded over a year ago, so re-verify it");
    const fresh = await review(withManifest(undefined), { today: "2025-06-01" });
    expect(fresh.findings[0]!.message).not.toContain("re-verify");
  });

  it("signed and valid: passes", async () => {
    expect((await review(withManifest(sentry("{ status: signed, effective: 2025-01-01, expires: 2027-01-01, document: DOC-7 }")))).findings).toEqual([]);
  });

  it("expired: blocked again; expiring within the window: a warning that says to renew by the date", async () => {
    const expired = await review(withManifest(sentry("{ status: signed, effective: 2024-01-01, expires: 2026-06-14, document: DOC-7 }")));
    expect(brief(expired.findings)).toEqual(["package.json:4 error vendor-baa-expired"]);
    expect(expired.findings[0]!.safeguard).toBe("164.314(a)(1)");
    const expiring = await review(withManifest(sentry("{ status: signed, effective: 2024-01-01, expires: 2026-07-15, document: DOC-7 }")));
    expect(brief(expiring.findings)).toEqual(["package.json:4 warning vendor-baa-expiring"]);
    expect(expiring.findings[0]!.remediation).toContain("by 2026-07-15");
    const later = await review(withManifest(sentry("{ status: signed, effective: 2024-01-01, expires: 2026-07-16, document: DOC-7 }")));
    expect(later.findings).toEqual([]);
  });

  it("a manifest vendor with PHI but only a pending BAA is blocking; phi: false is trusted", async () => {
    expect(brief((await review(withManifest(sentry("{ status: pending }")))).findings)).toEqual(["package.json:4 error vendor-baa-missing"]);
    expect((await review(withManifest("vendors:\n  - name: Sentry\n    phi: false\n    baa: { status: none }\n"))).findings).toEqual([]);
  });

  it("a PHI vendor whose subprocessor lacks a BAA is blocking", async () => {
    const m = sentry("{ status: signed, effective: 2025-01-01, document: DOC-7 }", `    subprocessors:\n      - name: Google Cloud\n        baa: { status: signed, effective: 2025-01-01, document: DOC-8 }\n        safeguards: ${ALL_SAFEGUARDS}\n      - name: Acme Logs\n        safeguards: ${ALL_SAFEGUARDS}\n      - name: Mailer\n        phi: false\n`);
    const { findings } = await review(withManifest(m));
    expect(brief(findings)).toEqual(["package.json:4 error vendor-subprocessor-baa-missing"]);
    expect(findings[0]!.message).toContain("subprocessor Acme Logs");
  });

  it("vendors only the manifest knows are identified by its own packages and domains", async () => {
    const manifest = `vendors:\n  - name: Acme Fax\n    phi: true\n    baa: { status: none }\n    packages: { npm: ['@acme/fax-*'] }\n    domains: [fax.acme.example]\n    safeguards: ${ALL_SAFEGUARDS}\n`;
    const { findings } = await review({
      base: { [MANIFEST]: manifest, "package.json": BEFORE },
      head: { [MANIFEST]: manifest, "package.json": PKG('    "@acme/fax-client": "1.0.0",\n    "express": "^4.19.2"'), "src/fax.ts": 'await fetch("https://api.fax.acme.example/send");\n' },
    }, { catalogue: null });
    expect(brief(findings)).toEqual(["package.json:4 error vendor-baa-missing", "src/fax.ts:1 error vendor-baa-missing"]);
  });

  it("a repository that does not handle PHI gets notes, except in its phi_paths", async () => {
    const change = { base: { "src/web/a.ts": "x\n", "src/phi/b.ts": "y\n" }, head: { "src/web/a.ts": 'x\nload("https://www.googletagmanager.com/gtm.js")\n', "src/phi/b.ts": 'y\nload("https://www.googletagmanager.com/gtm.js")\n' } };
    const { findings } = await review(change, { settings: { phi: false }, phiPaths: ["src/phi/"] });
    expect(brief(findings)).toEqual(["src/phi/b.ts:2 error vendor-does-not-sign-baa", "src/web/a.ts:2 note vendor-not-in-manifest"]);
  });
});

describe("the manifest itself", () => {
  it("a broken base manifest is a blocking finding on its own line, and vendors are judged without it", async () => {
    const { findings } = await review(withManifest("vendors:\n  - name: Sentry\n    phi: yes please\n    baa: { status: signed }\n"));
    expect(brief(findings)).toEqual([
      ".hipaa/vendors.yml:3 error vendor-manifest-invalid",
      "package.json:4 error vendor-not-in-manifest",
    ]);
    expect(findings[0]!.message).toBe("The vendor manifest at .hipaa/vendors.yml at main@1a2b3c4 is invalid: vendors[0].phi: must be boolean. Vendors in this change were judged as if there were no manifest.");
  });

  it("a change that breaks the manifest is blocked on the broken line; one that fixes it is not blocked by the old breakage", async () => {
    const good = "vendors:\n  - name: Sentry\n    phi: false\n    baa: { status: none }\n";
    const bad = "vendors:\n  - name: Sentry\n    phi: false\n    baa: { status: nope }\n";
    expect(brief((await review({ base: { [MANIFEST]: good }, head: { [MANIFEST]: bad } })).findings)).toEqual([".hipaa/vendors.yml:4 error vendor-manifest-invalid"]);
    expect(brief((await review({ base: { [MANIFEST]: bad }, head: { [MANIFEST]: good } })).findings)).toEqual([".hipaa/vendors.yml:4 warning vendor-manifest-invalid"]);
  });
});

describe("the cloud platform named, not called", () => {
  it("a cloud service named alone on its line (an API to enable, a service principal) is the platform; a call to it is a vendor", async () => {
    const apis = await review({ base: {}, head: { "templates/recipes/org/audit.yaml": 'data:\n  APIS:\n  - "bigquery.googleapis.com"\n  - "logging.googleapis.com"\n' } });
    expect(brief(apis.findings)).toEqual([]);
    const call = await review({ base: {}, head: { "src/export.py": 'resp = session.post("https://bigquery.googleapis.com/bigquery/v2/projects/p/datasets", json=body)\n' } });
    expect(brief(call.findings)).toEqual(["src/export.py:1 error vendor-not-in-manifest"]);
  });
});

describe("lockfiles and fragments", () => {
  it("parses yarn.lock, pnpm-lock.yaml, Gemfile.lock and package-lock.json entries with their lines", () => {
    expect(parseDependencyFile({ ecosystem: "npm", role: "lock", format: "yarn.lock" }, '"@sentry/node@^8.0.0", "@sentry/node@^8.1.0":\n  version "8.9.0"\nexpress@^4:\n  version "4.19.2"\n')).toEqual([
      { ecosystem: "npm", name: "@sentry/node", version: "8.9.0", line: 1 },
      { ecosystem: "npm", name: "express", version: "4.19.2", line: 3 },
    ]);
    expect(parseDependencyFile({ ecosystem: "npm", role: "lock", format: "pnpm-lock.yaml" }, "packages:\n  /@sentry/node@7.0.0:\n    resolution: {}\n  'express@4.19.2':\n    resolution: {}\n").map((d) => [d.name, d.version, d.line])).toEqual([["@sentry/node", "7.0.0", 2], ["express", "4.19.2", 4]]);
    expect(parseDependencyFile({ ecosystem: "rubygems", role: "lock", format: "Gemfile.lock" }, "GEM\n  specs:\n    sentry-ruby (5.17.0)\n      concurrent-ruby (~> 1.0)\n").map((d) => [d.name, d.line])).toEqual([["sentry-ruby", 3]]);
    const lock = parseDependencyFile({ ecosystem: "npm", role: "lock", format: "package-lock.json" }, '{\n  "packages": {\n    "node_modules/a/node_modules/@x/y": {\n      "version": "1.0.0",\n      "license": "MIT",\n      "dev": true\n    }\n  }\n}\n');
    expect(lock).toEqual([{ ecosystem: "npm", name: "@x/y", version: "1.0.0", license: "MIT", dev: true, line: 3 }]);
  });

  it("without the head version, dependencies are read from the diff's lines (and a notice says so)", async () => {
    const { findings, notices } = await review({ base: { "package.json": BEFORE }, head: { "package.json": AFTER } }, { headReadable: false });
    expect(brief(findings)).toEqual(["package.json:4 error vendor-not-in-manifest"]);
    expect(notices.map((n) => n.message)).toContain("the head version could not be read; dependencies were read from the diff's lines alone");
  });
});
