// Vendor due diligence end to end: `hipaa-review scan` and `hipaa-review vendors` in throwaway git repositories
// (test/cli/git-fixture.ts), clock injected.
import { afterEach, describe, expect, it } from "vitest";
import { makeRepo, type Repo } from "../cli/git-fixture.js";
import { runCli } from "../cli/run-cli.js";

const NOW = "2026-06-15T12:00:00Z";
const run = (argv: string[], cwd: string) => runCli(argv, { cwd, now: NOW });

const PKG = (deps: string) => `{\n  "name": "patient-portal",\n  "private": true,\n  "dependencies": {\n${deps}\n  }\n}\n`;
const SIGNED = "{ status: signed, effective: 2025-01-01, document: CTR-2025-014 }";
/** Sentry with a signed BAA, attesting everything but audit logs; its subprocessor attests nothing. */
const MANIFEST = [
  "vendors:",
  "  - name: Sentry",
  "    phi: true",
  `    baa: ${SIGNED}`,
  "    safeguards: { encryption_at_rest: true, tls: true, mfa_sso: true }",
  "    subprocessors:",
  "      - name: Google Cloud",
  `        baa: ${SIGNED}`,
  "  - name: Stripe",
  "    phi: false",
  "    baa: { status: not-required, reason: payment-processing exemption }",
  "",
].join("\n");

interface JsonFinding { ruleId: string; path: string; line: number; severity: string; blocking: boolean; message: string }

let repo: Repo;
afterEach(() => repo.remove());

/** main holds the manifest (and .hipaa.yml if given); the feature branch commits `feature`. */
function pullRequest(base: Record<string, string>, feature: Record<string, string>) {
  repo = makeRepo();
  repo.commit("base", { "package.json": PKG('    "express": "^4.19.2"'), ".hipaa/vendors.yml": MANIFEST, ...base });
  repo.git("checkout", "-q", "-b", "feature");
  repo.commit("feature", feature);
}

async function scan(): Promise<{ code: number; findings: JsonFinding[] }> {
  const { code, stdout, stderr } = await run(["scan", "--base", "main", "--format", "json"], repo.dir);
  expect(stderr).toBe("");
  return { code, findings: (JSON.parse(stdout) as { findings: JsonFinding[] }).findings };
}

describe("hipaa-review scan: a PR that brings in a PHI vendor with safeguard gaps", () => {
  const SENTRY_PR = { "package.json": PKG('    "@sentry/node": "^8.9.0",\n    "express": "^4.19.2"') };

  it("warns (not blocking) on the package.json line, naming the vendor's and its subprocessor's gaps", async () => {
    pullRequest({}, SENTRY_PR);
    const { code, findings } = await scan();
    expect(code).toBe(0);
    const gaps = findings.filter((f) => f.ruleId === "vendor-safeguard-gap");
    expect(gaps.map((f) => [f.path, f.line, f.severity, f.blocking])).toEqual([["package.json", 5, "warning", false], ["package.json", 5, "warning", false]]);
    expect(gaps[0]!.message).toContain("Sentry handles PHI and arrives with the npm package @sentry/node, but its entry (.hipaa/vendors.yml, line 2) does not attest audit logs.");
    expect(gaps[1]!.message).toMatch(/^Sentry → Google Cloud: .*does not attest encryption at rest, TLS in transit, audit logs and MFA\/SSO/);
  });

  it("blocks with vendors.safeguard_gaps: error in the base .hipaa.yml, and is silent with off", async () => {
    pullRequest({ ".hipaa.yml": "vendors:\n  safeguard_gaps: error\n" }, SENTRY_PR);
    const strict = await scan();
    expect(strict.code).toBe(1);
    expect(strict.findings.filter((f) => f.ruleId === "vendor-safeguard-gap").every((f) => f.severity === "error" && f.blocking)).toBe(true);
    repo.remove();
    pullRequest({ ".hipaa.yml": "vendors:\n  safeguard_gaps: off\n" }, SENTRY_PR);
    expect((await scan()).findings.filter((f) => f.ruleId.startsWith("vendor-"))).toEqual([]);
  });

  it("an unrelated PR is not held to the standing gaps of vendors it does not touch", async () => {
    pullRequest({ ".hipaa.yml": "vendors:\n  safeguard_gaps: error\n" }, { "src/format.ts": "export const pad = (s: string) => s.padStart(2, '0');\n" });
    const { code, findings } = await scan();
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it("a PR that records a new PHI vendor without safeguards is warned on the entry it adds", async () => {
    pullRequest({}, { ".hipaa/vendors.yml": MANIFEST + `  - name: Twilio\n    phi: true\n    baa: ${SIGNED}\n` });
    const { findings } = await scan();
    expect(findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`)).toEqual([".hipaa/vendors.yml:12 policy-file-changed", ".hipaa/vendors.yml:12 vendor-safeguard-gap"]);
    expect(findings.find((f) => f.ruleId === "vendor-safeguard-gap")!.message).toContain("Twilio handles PHI and is recorded in the manifest this change edits");
  });
});

describe("hipaa-review vendors lists the gaps per vendor, subprocessors included", () => {
  const committed = (files: Record<string, string>) => {
    repo = makeRepo();
    repo.commit("base", { ".hipaa/vendors.yml": MANIFEST, ...files });
  };

  it("as text and JSON; gaps alone do not fail the command by default", async () => {
    committed({});
    const text = await run(["vendors"], repo.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("safeguard gaps");
    expect(text.stdout).toContain("! safeguards: does not attest audit logs\n");
    expect(text.stdout).toContain("! Sentry → Google Cloud: does not attest encryption at rest, TLS in transit, audit logs and MFA/SSO\n");
    expect(text.stdout).toContain("1 with safeguards not attested.");
    const json = JSON.parse((await run(["vendors", "--format", "json"], repo.dir)).stdout);
    expect(json).toMatchObject({ safeguardSeverity: "warning", withSafeguardGaps: 1, outOfCompliance: 0 });
    expect(json.vendors[0].safeguardGaps).toEqual([
      { party: "Sentry", missing: ["audit_logs"], denied: [] },
      { party: "Sentry → Google Cloud", subprocessor: "Google Cloud", missing: ["encryption_at_rest", "tls", "audit_logs", "mfa_sso"], denied: [] },
    ]);
    expect(json.vendors[1]).toMatchObject({ name: "Stripe", safeguardGaps: [] });
  });

  it("exits 1 with vendors.safeguard_gaps: error; off leaves them out", async () => {
    committed({ ".hipaa.yml": "vendors:\n  safeguard_gaps: error\n" });
    const strict = await run(["vendors"], repo.dir);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("SAFEGUARD GAPS");
    expect(strict.stdout).toContain("✗ Sentry → Google Cloud: does not attest");
    repo.remove();
    committed({ ".hipaa.yml": "vendors:\n  safeguard_gaps: off\n" });
    const off = await run(["vendors"], repo.dir);
    expect(off.code).toBe(0);
    expect(off.stdout).not.toContain("safeguard");
  });
});
