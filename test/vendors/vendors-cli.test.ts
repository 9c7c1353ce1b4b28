// End to end through `hipaa-review` in throwaway git repositories (test/cli/git-fixture.ts), clock injected.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, type Repo } from "../cli/git-fixture.js";
import { runCli } from "../cli/run-cli.js";

const NOW = "2026-06-15T12:00:00Z";

function run(argv: string[], cwd: string) {
  return runCli(argv, { cwd, now: NOW });
}

const PKG = (deps: string) => `{\n  "name": "patient-portal",\n  "private": true,\n  "dependencies": {\n${deps}\n  }\n}\n`;
const SENTRY_PR = PKG('    "@sentry/node": "^8.9.0",\n    "express": "^4.19.2"');
const manifest = (baa: string) => `# Vendors of the patient portal\nvendors:\n  - name: Sentry\n    purpose: error tracking\n    phi: true\n    baa: ${baa}\n    safeguards: { encryption_at_rest: true, tls: true, audit_logs: true, mfa_sso: true }\n`;
const VALID = manifest("{ status: signed, effective: 2025-01-01, expires: 2027-01-01, document: CTR-2025-014 }");
const EXPIRED = manifest("{ status: signed, effective: 2024-01-01, expires: 2026-06-14, document: CTR-2024-003 }");
const EXPIRING = manifest("{ status: signed, effective: 2024-01-01, expires: 2026-07-15, document: CTR-2024-003 }");

let repo: Repo;
afterEach(() => repo.remove());

/** main holds the manifest (or none); the feature branch adds @sentry/node and nothing else. */
function sentryPullRequest(baseManifest: string | undefined) {
  repo = makeRepo();
  repo.commit("base", { "package.json": PKG('    "express": "^4.19.2"'), ...(baseManifest ? { ".hipaa/vendors.yml": baseManifest } : {}) });
  repo.git("checkout", "-q", "-b", "feature");
  repo.commit("add sentry", { "package.json": SENTRY_PR });
}

describe("Done when: a PR adding @sentry/node to a PHI repository", () => {
  it("is blocked on the package.json line that adds it when the base manifest has no signed BAA", async () => {
    sentryPullRequest(undefined);
    const { code, stdout, stderr } = await run(["scan", "--base", "main", "--format", "json"], repo.dir);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings as { ruleId: string; path: string; line: number; severity: string; blocking: boolean; safeguard: string }[];
    const vendor = findings.filter((f) => f.ruleId.startsWith("vendor-"));
    expect(vendor).toMatchObject([{ ruleId: "vendor-not-in-manifest", path: "package.json", line: 5, severity: "error", safeguard: "164.308(b)(1)" }]);
  });

  it("passes once the base manifest records Sentry with a valid signed BAA", async () => {
    sentryPullRequest(VALID);
    const { code, stdout } = await run(["scan", "--base", "main"], repo.dir);
    expect(stdout).not.toContain("vendor-");
    expect(code).toBe(0);
  });

  it("is blocked again when that BAA has expired (and warned when it expires within 30 days)", async () => {
    sentryPullRequest(EXPIRED);
    const expired = await run(["scan", "--base", "main"], repo.dir);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/package\.json\n\s+5\s+error\s+Vendor BAA expired\s+\[vendor-baa-expired\]/);
    expect(expired.stdout).toContain("its BAA expired on 2026-06-14 (1 day ago)");
    repo.remove();
    sentryPullRequest(EXPIRING);
    const expiring = await run(["scan", "--base", "main"], repo.dir);
    expect(expiring.code).toBe(0);
    expect(expiring.stdout).toContain("[vendor-baa-expiring] (not blocking)");
    expect(expiring.stdout).toContain("Renew the BAA with Sentry by 2026-07-15");
  });

  it("a PR that signs the BAA in the same change is still judged by the base manifest, and the edit is reported", async () => {
    repo = makeRepo();
    repo.commit("base", { "package.json": PKG('    "express": "^4.19.2"') });
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("add sentry and vouch for it", { "package.json": SENTRY_PR, ".hipaa/vendors.yml": VALID });
    const { code, stdout } = await run(["scan", "--base", "main"], repo.dir);
    expect(code).toBe(1);
    expect(stdout).toContain("[vendor-not-in-manifest]");
    expect(stdout).toContain("[policy-file-changed]");
  });
});

describe("hipaa-review vendors", () => {
  const setup = (files: Record<string, string>) => {
    repo = makeRepo();
    repo.commit("base", files);
  };

  it("lists vendors with BAA status; exit 0 when every PHI vendor is covered, with upcoming expiries", async () => {
    setup({ ".hipaa/vendors.yml": EXPIRING });
    const { code, stdout } = await run(["vendors"], repo.dir);
    expect(code).toBe(0);
    expect(stdout).toContain("Sentry");
    expect(stdout).toContain("signed, expires 2026-07-15 (in 30 days)");
    expect(stdout).toContain("renew it by 2026-07-15");
    const narrow = await run(["vendors", "--expiring", "29d", "--format", "json"], repo.dir);
    const json = JSON.parse(narrow.stdout);
    expect(json).toMatchObject({ today: "2026-06-15", windowDays: 29, outOfCompliance: 0, expiring: 0 });
    expect(json.vendors[0]).toMatchObject({ name: "Sentry", phi: true, baaText: "signed, valid until 2026-07-15" });
  });

  it("exits 1 when a PHI vendor is out of compliance (expired BAA, subprocessor without one)", async () => {
    setup({ ".hipaa/vendors.yml": EXPIRED + "  - name: Acme Fax\n    phi: true\n    baa: { status: signed, effective: 2025-01-01, document: D-9 }\n    subprocessors:\n      - name: Relay Inc\n" });
    const { code, stdout } = await run(["vendors"], repo.dir);
    expect(code).toBe(1);
    expect(stdout).toContain("expired 2026-06-14 (1 day ago)");
    expect(stdout).toContain("subprocessor Relay Inc receives PHI but its BAA is no BAA recorded");
    expect(stdout).toContain("2 PHI vendors out of compliance");
  });

  it("reads the committed manifest, not the working tree", async () => {
    setup({ ".hipaa/vendors.yml": EXPIRED });
    repo.write({ ".hipaa/vendors.yml": VALID });
    expect((await run(["vendors"], repo.dir)).code).toBe(1);
  });

  it("exits 2 with a one-line error on a broken manifest; a missing one suggests init", async () => {
    setup({ ".hipaa/vendors.yml": "vendors:\n  - name: Sentry\n    phi: true\n    baa: { status: singed }\n" });
    const broken = await run(["vendors"], repo.dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr.trim().split("\n")).toHaveLength(1);
    expect(broken.stderr).toMatch(/^hipaa-review: vendor manifest error at HEAD@[0-9a-f]{7}: \.hipaa\/vendors\.yml:4:\d+: vendors\[0\]\.baa\.status: must be one of/);
    repo.remove();
    setup({ "README.md": "x\n" });
    // No manifest is not a broken setup: it says so and how to start (exit 0).
    const missing = await run(["vendors"], repo.dir);
    expect(missing.code).toBe(0);
    expect(missing.stderr).toBe("");
    expect(missing.stdout).toMatch(/^No vendor manifest at \.hipaa\/vendors\.yml at HEAD@[0-9a-f]{7}/);
    expect(missing.stdout).toContain("hipaa-review init");
    const json = JSON.parse((await run(["vendors", "--format", "json"], repo.dir)).stdout);
    expect(json).toMatchObject({ manifest: ".hipaa/vendors.yml", found: false });
  });

  it("honours vendors.manifest and the window from .hipaa.yml", async () => {
    setup({ ".hipaa.yml": "vendors:\n  manifest: compliance/vendors.yml\n  baa_expiry_warning_days: 10\n", "compliance/vendors.yml": EXPIRING });
    const { code, stdout } = await run(["vendors", "--format", "json"], repo.dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ manifest: "compliance/vendors.yml", windowDays: 10, expiring: 0 });
  });

  it("lists the catalogue with --catalogue; rejects scan options", async () => {
    setup({ "README.md": "x\n" });
    const { code, stdout } = await run(["vendors", "--catalogue"], repo.dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/google-analytics\s+does-not-sign/);
    expect((await run(["vendors", "--base", "main"], repo.dir)).code).toBe(2);
    expect((await run(["vendors", "--expiring", "soon"], repo.dir)).stderr).toContain("--expiring takes a number of days");
  });
});

describe(".hipaa.yml vendors: section", () => {
  it("points at a bad SPDX id with file, line and key", async () => {
    repo = makeRepo();
    repo.commit("base", { ".hipaa.yml": "vendors:\n  licenses:\n    deny:\n      - GPL-3.0-only\n      - Apache 2\n" });
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("x", { "a.txt": "a\n" });
    const { code, stderr } = await run(["scan", "--base", "main"], repo.dir);
    expect(code).toBe(2);
    expect(stderr).toContain(".hipaa.yml at main@");
    expect(stderr).toMatch(/:5:1: vendors\.licenses\.deny\[1\]: "Apache 2" is not a valid SPDX license identifier/);
  });

  it("turns vendor rules down like any rule, and checks license policy from the base .hipaa.yml", async () => {
    repo = makeRepo();
    repo.commit("base", { ".hipaa.yml": "rules:\n  vendor-not-in-manifest: warning\nvendors:\n  licenses:\n    deny: [AGPL-3.0-only]\n  unknown_license: error\n", "package.json": PKG('    "express": "^4.19.2"') });
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("add", { "package.json": SENTRY_PR });
    const { code, stdout } = await run(["scan", "--base", "main", "--format", "json"], repo.dir);
    const findings = JSON.parse(stdout).findings as { ruleId: string; severity: string }[];
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`).sort()).toEqual(["license-unknown error", "vendor-not-in-manifest warning"]);
    expect(code).toBe(1);
  });
});

describe("the organisation's vendor manifest (extends: org)", () => {
  let orgDir: string;
  beforeEach(() => {
    orgDir = mkdtempSync(join(tmpdir(), "hipaa-org-"));
    writeFileSync(join(orgDir, ".hipaa.yml"), "fail_on: error\n");
    mkdirSync(join(orgDir, ".hipaa"));
    writeFileSync(join(orgDir, ".hipaa", "vendors.yml"), VALID);
  });
  afterEach(() => rmSync(orgDir, { recursive: true, force: true }));

  it("is inherited from the folder of --org-config: Sentry's organisation BAA lets the PR pass", async () => {
    repo = makeRepo();
    repo.commit("base", { ".hipaa.yml": "extends: org\n", "package.json": PKG('    "express": "^4.19.2"') });
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("add sentry", { "package.json": SENTRY_PR });
    const org = join(orgDir, ".hipaa.yml");
    expect((await run(["scan", "--base", "main"], repo.dir)).code).toBe(1);
    const { code, stdout } = await run(["scan", "--base", "main", "--org-config", org], repo.dir);
    expect(stdout).not.toContain("vendor-");
    expect(code).toBe(0);
  });

  it("keeps the organisation's entry over the repository's for the same vendor, and reports the repository's line", async () => {
    repo = makeRepo();
    const own = "vendors:\n  - name: Acme Fax\n    phi: false\n    baa: { status: not-required, reason: no PHI is faxed }\n  - name: sentry\n    phi: false\n    baa: { status: none }\n";
    repo.commit("base", { ".hipaa.yml": "extends: org\n", ".hipaa/vendors.yml": own });
    const { code, stdout } = await run(["vendors", "--org-config", join(orgDir, ".hipaa.yml"), "--format", "json"], repo.dir);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { vendors: { name: string; phi: boolean }[] };
    expect(report.vendors.map((v) => `${v.name} ${v.phi}`)).toEqual(["Sentry true", "Acme Fax false"]);
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("x", { "a.txt": "a\n" });
    const scan = await run(["scan", "--base", "main", "--org-config", join(orgDir, ".hipaa.yml"), "--format", "json"], repo.dir);
    const refused = (JSON.parse(scan.stdout).findings as { ruleId: string; path: string; line: number; message: string }[]).filter((f) => f.ruleId === "policy-setting-refused");
    expect(refused).toMatchObject([{ path: ".hipaa/vendors.yml", line: 5 }]);
    expect(refused[0]!.message).toContain("already records this vendor");
  });

  it("a broken organisation manifest is a one-line configuration error naming its file and line", async () => {
    writeFileSync(join(orgDir, ".hipaa", "vendors.yml"), "vendors:\n  - name: Sentry\n    phi: maybe\n    baa: { status: none }\n");
    repo = makeRepo();
    repo.commit("base", { ".hipaa.yml": "extends: org\n" });
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("x", { "a.txt": "a\n" });
    const { code, stderr } = await run(["scan", "--base", "main", "--org-config", join(orgDir, ".hipaa.yml")], repo.dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\.hipaa\/vendors\.yml \(next to --org-config\):3:\d+: vendors\[0\]\.phi/);
  });
});
