// Vendor due diligence: a PHI vendor (or PHI subprocessor) whose manifest entry does not attest encryption at rest,
// TLS, audit logs and MFA/SSO is a vendor-safeguard-gap finding, on a line the change touched.
import { describe, expect, it } from "vitest";
import { mergeManifests, parseManifest } from "../../src/vendors/manifest.js";
import { safeguardGaps } from "../../src/vendors/safeguards.js";
import { vendorStatus } from "../../src/vendors/status.js";
import { brief, MANIFEST, review, type Change } from "./helpers.js";

const ALL = "{ encryption_at_rest: true, tls: true, audit_logs: true, mfa_sso: true }";
const SIGNED = "{ status: signed, effective: 2025-01-01, document: DOC-7 }";
const PKG = (deps: string) => `{\n  "name": "portal",\n  "dependencies": {\n${deps}\n  }\n}\n`;
const BEFORE = PKG('    "express": "^4.19.2"');
const AFTER = PKG('    "@sentry/node": "^8.9.0",\n    "express": "^4.19.2"');
const sentry = (safeguards: string | undefined, extra = "") =>
  `vendors:\n  - name: Sentry\n    phi: true\n    baa: ${SIGNED}\n${safeguards ? `    safeguards: ${safeguards}\n` : ""}${extra}`;
const addsSentry = (manifest: string): Change => ({ base: { "package.json": BEFORE, [MANIFEST]: manifest }, head: { "package.json": AFTER, [MANIFEST]: manifest } });
const gaps = <F extends { ruleId: string }>(findings: F[]) => findings.filter((f) => f.ruleId === "vendor-safeguard-gap");

describe("a new PHI vendor whose manifest entry does not attest every safeguard", () => {
  it("is a warning on the line that brings it in, naming the safeguards missing and those recorded as false", async () => {
    const { findings } = await review(addsSentry(sentry("{ encryption_at_rest: true, tls: true, mfa_sso: false }")));
    expect(brief(findings)).toEqual(["package.json:4 warning vendor-safeguard-gap"]);
    const f = findings[0]!;
    expect(f.message).toContain("Sentry handles PHI and arrives with the npm package @sentry/node, but its entry (.hipaa/vendors.yml, line 2) does not attest audit logs, and records MFA/SSO as not provided.");
    expect(f.message).toContain("164.312(b), 164.312(d)");
    expect(f.safeguard).toBe("164.314(a)(2)(i)");
    expect(f.area).toBe("vendor");
    // It suggests recording only what was left out: a safeguard the vendor says it lacks is not to be set true.
    expect(f.remediation).toContain("e.g. safeguards: { audit_logs: true }");
    expect(f.remediation).not.toContain("mfa_sso: true");
  });

  it("a missing safeguards key is a gap in all four; every one attested is no finding", async () => {
    const none = await review(addsSentry(sentry(undefined)));
    expect(brief(none.findings)).toEqual(["package.json:4 warning vendor-safeguard-gap"]);
    expect(none.findings[0]!.message).toContain("does not attest encryption at rest, TLS in transit, audit logs and MFA/SSO");
    expect((await review(addsSentry(sentry(ALL)))).findings).toEqual([]);
  });

  it("names a PHI subprocessor's gaps as \"vendor → subprocessor\"; subprocessors PHI does not reach are skipped", async () => {
    const subs = "    subprocessors:\n      - name: Google Cloud\n        baa: " + SIGNED + "\n        safeguards: " + ALL +
      "\n      - name: Acme Logs\n        baa: " + SIGNED + "\n        safeguards: { tls: true }\n      - name: Mailer\n        phi: false\n";
    const { findings } = await review(addsSentry(sentry(ALL, subs)));
    expect(brief(findings)).toEqual(["package.json:4 warning vendor-safeguard-gap"]);
    expect(findings[0]!.message).toMatch(/^Sentry → Acme Logs: /);
    expect(findings[0]!.message).toContain("passes it on to its subprocessor Acme Logs, whose entry (.hipaa/vendors.yml, line 10) does not attest encryption at rest, audit logs and MFA/SSO");
    expect(findings[0]!.message).toContain("164.314(a)(2)(iii)");
  });

  it("is not reported for a vendor recorded with phi: false, nor for a vendor the manifest does not record", async () => {
    expect((await review(addsSentry("vendors:\n  - name: Sentry\n    phi: false\n    baa: { status: none }\n"))).findings).toEqual([]);
    // Not recorded: vendor-not-in-manifest says to record it; there are no attestations to judge yet.
    const { findings } = await review({ base: { "package.json": BEFORE }, head: { "package.json": AFTER } });
    expect(gaps(findings)).toEqual([]);
  });

  it("follows vendors.safeguard_gaps (off, note, error)", async () => {
    const change = addsSentry(sentry("{ tls: true }"));
    expect((await review(change, { settings: { safeguardGaps: "off" } })).findings).toEqual([]);
    expect(brief((await review(change, { settings: { safeguardGaps: "note" } })).findings)).toEqual(["package.json:4 note vendor-safeguard-gap"]);
    expect(brief((await review(change, { settings: { safeguardGaps: "error" } })).findings)).toEqual(["package.json:4 error vendor-safeguard-gap"]);
  });

  it("is one finding per party for the whole change, on the first line that brings the vendor in", async () => {
    const m = sentry("{ tls: true }");
    const { findings } = await review({
      base: { "package.json": BEFORE, [MANIFEST]: m, "src/errors.ts": "x\n" },
      head: { "package.json": AFTER, [MANIFEST]: m, "src/errors.ts": 'x\nconst dsn = "https://o42.ingest.sentry.io/7";\n' },
    });
    expect(brief(gaps(findings))).toEqual(["package.json:4 warning vendor-safeguard-gap"]);
  });

  it("is bounded: past 40 findings in a change, a notice counts the rest", async () => {
    const subs = "    subprocessors:\n" + Array.from({ length: 45 }, (_, i) => `      - name: Sub ${i}\n        baa: ${SIGNED}\n`).join("");
    const { findings, notices } = await review(addsSentry(sentry(ALL, subs)));
    expect(gaps(findings)).toHaveLength(40);
    expect(notices).toEqual([{ path: MANIFEST, message: "5 more vendor safeguard gaps in this change are not reported one by one; `hipaa-review vendors` lists every gap" }]);
  });

  it("masks sensitive text in the names it prints", async () => {
    const m = "vendors:\n  - name: Relay for 536-22-7731\n    phi: true\n    baa: " + SIGNED + "\n    domains: [relay.example-fax.net]\n";
    const { findings } = await review({ base: { [MANIFEST]: m, "src/fax.ts": "x\n" }, head: { [MANIFEST]: m, "src/fax.ts": 'x\npost("https://api.relay.example-fax.net/v1");\n' } }, { catalogue: null });
    expect(brief(findings)).toEqual(["src/fax.ts:2 warning vendor-safeguard-gap"]);
    expect(findings[0]!.message).not.toContain("536-22-7731");
  });
});

describe("a gap the change does not touch does not weigh on it", () => {
  const m = sentry(undefined);
  it("an unrelated change, a version bump and a line that already called the vendor give no finding", async () => {
    // The gap is there: a change that brings Sentry in is told about it.
    expect(brief((await review(addsSentry(m))).findings)).toEqual(["package.json:4 warning vendor-safeguard-gap"]);
    expect((await review({ base: { [MANIFEST]: m, "src/a.ts": "x\n" }, head: { [MANIFEST]: m, "src/a.ts": "x\ny\n" } })).findings).toEqual([]);
    const bump = { base: { [MANIFEST]: m, "package.json": AFTER }, head: { [MANIFEST]: m, "package.json": AFTER.replace("^8.9.0", "^8.10.0") } };
    expect((await review(bump)).findings).toEqual([]);
    const edited = { base: { [MANIFEST]: m, "src/e.ts": 'init("https://o42.ingest.sentry.io/1")\n' }, head: { [MANIFEST]: m, "src/e.ts": 'init("https://o42.ingest.sentry.io/2")\n' } };
    expect((await review(edited)).findings).toEqual([]);
  });

  it("a manifest edit is judged on the entries it touches only, as its head version records them", async () => {
    const base = `vendors:\n  - name: Sentry\n    phi: true\n    baa: ${SIGNED}\n  - name: Twilio\n    phi: true\n    baa: ${SIGNED}\n`;
    // Only Twilio's entry changes; Sentry's standing gap is the vendors command's business.
    const head = base.replace("  - name: Twilio\n", "  - name: Twilio\n    purpose: appointment reminders\n");
    const { findings } = await review({ base: { [MANIFEST]: base }, head: { [MANIFEST]: head } });
    expect(brief(findings)).toEqual([`${MANIFEST}:6 warning vendor-safeguard-gap`]);
    expect(findings[0]!.message).toContain(`Twilio handles PHI and is recorded in the manifest this change edits, but its entry (${MANIFEST}, line 5) does not attest encryption at rest`);
    // An edit that records every safeguard leaves nothing to report.
    const fixed = base.replace("  - name: Twilio\n", `  - name: Twilio\n    safeguards: ${ALL}\n`);
    expect((await review({ base: { [MANIFEST]: base }, head: { [MANIFEST]: fixed } })).findings).toEqual([]);
  });

  it("a new entry is reported on its first line; a subprocessor added to an entry, on the subprocessor's lines", async () => {
    const base = `vendors:\n  - name: Sentry\n    phi: true\n    baa: ${SIGNED}\n    safeguards: ${ALL}\n`;
    const added = base + "  - name: Acme Fax\n    phi: true\n    baa: { status: pending }\n";
    expect(brief((await review({ base: { [MANIFEST]: base }, head: { [MANIFEST]: added } })).findings)).toEqual([`${MANIFEST}:6 warning vendor-safeguard-gap`]);
    const sub = base + "    subprocessors:\n      - name: Acme Logs\n        safeguards: { tls: true }\n";
    const { findings } = await review({ base: { [MANIFEST]: base }, head: { [MANIFEST]: sub } });
    expect(brief(findings)).toEqual([`${MANIFEST}:7 warning vendor-safeguard-gap`]);
    expect(findings[0]!.message).toMatch(/^Sentry → Acme Logs: /);
    // A phi: false entry, and an edit that breaks the manifest (vendor-manifest-invalid says so), give no gap.
    expect((await review({ base: { [MANIFEST]: base }, head: { [MANIFEST]: base + "  - name: Stripe\n    phi: false\n    baa: { status: none }\n" } })).findings).toEqual([]);
    const broken = await review({ base: { [MANIFEST]: base }, head: { [MANIFEST]: base + "  - name: Acme Fax\n    phi: maybe\n" } });
    expect(brief(broken.findings).every((b) => b.includes("vendor-manifest-invalid"))).toBe(true);
  });

  it("an edit that only removes an attestation is reported on a line the diff shows in that entry", async () => {
    const base = `vendors:\n  - name: Sentry\n    phi: true\n    baa: ${SIGNED}\n    safeguards:\n      encryption_at_rest: true\n      tls: true\n      audit_logs: true\n      mfa_sso: true\n    retention: 90 days\n`;
    const { findings } = await review({ base: { [MANIFEST]: base }, head: { [MANIFEST]: base.replace("      audit_logs: true\n", "") } });
    expect(brief(findings)).toHaveLength(1);
    expect(findings[0]!.line).toBe(5); // "    safeguards:", the first line of the hunk around the removal
    expect(findings[0]!.message).toContain("does not attest audit logs.");
    // Removing a line that does not change what is attested (a retention note) reports nothing.
    expect((await review({ base: { [MANIFEST]: base.replace("audit_logs: true", "audit_logs: false") }, head: { [MANIFEST]: base.replace("audit_logs: true", "audit_logs: false").replace("    retention: 90 days\n", "") } })).findings).toEqual([]);
  });

  it("an entry the organisation's manifest records is the organisation's: the repository's copy is not judged", async () => {
    const org = parseManifest(`vendors:\n  - name: Twilio\n    phi: true\n    baa: ${SIGNED}\n    safeguards: ${ALL}\n`, "org.yml").manifest!;
    const merged = mergeManifests(org, "acme/.github:.hipaa/vendors.yml", undefined, MANIFEST).manifest;
    const head = `vendors:\n  - name: Twilio\n    phi: true\n    baa: ${SIGNED}\n`;
    const { findings } = await review({ base: {}, head: { [MANIFEST]: head } }, { manifest: { state: "ok", path: MANIFEST, label: "org", manifest: merged } });
    expect(findings).toEqual([]);
    // Without the organisation's entry, the same new entry is judged.
    expect(brief((await review({ base: {}, head: { [MANIFEST]: head } })).findings)).toEqual([`${MANIFEST}:2 warning vendor-safeguard-gap`]);
  });
});

describe("the gaps the vendors command lists", () => {
  const manifest = parseManifest(
    `vendors:\n  - name: Sentry\n    phi: true\n    baa: ${SIGNED}\n    safeguards: { encryption_at_rest: true, tls: true, audit_logs: false }\n    subprocessors:\n      - name: Google Cloud\n        baa: ${SIGNED}\n      - name: Mailer\n        phi: false\n  - name: Stripe\n    phi: false\n    baa: { status: none }\n`,
    MANIFEST,
  ).manifest!;

  it("per vendor, subprocessors included, with what was recorded as false", () => {
    expect(safeguardGaps(manifest.vendors[0]!).map((g) => [g.party, g.missing, g.denied])).toEqual([
      ["Sentry", ["audit_logs", "mfa_sso"], ["audit_logs"]],
      ["Sentry → Google Cloud", ["encryption_at_rest", "tls", "audit_logs", "mfa_sso"], []],
    ]);
    const report = vendorStatus(manifest, "2026-06-15", 30);
    expect(report.vendors.map((v) => v.safeguardGaps.map((g) => g.party))).toEqual([["Sentry", "Sentry → Google Cloud"], []]);
    expect(report).toMatchObject({ safeguardSeverity: "warning", withSafeguardGaps: 1, outOfCompliance: 0 });
    expect(vendorStatus(manifest, "2026-06-15", 30, undefined, "off")).toMatchObject({ withSafeguardGaps: 0, vendors: [{ safeguardGaps: [] }, { safeguardGaps: [] }] });
  });
});
