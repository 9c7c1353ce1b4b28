// vendors.safeguard_gaps in .hipaa.yml (validated, merged over the organisation's floor) and which safeguards of a
// PHI vendor and its PHI subprocessors a manifest leaves unattested.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { vendorSetupOf } from "../../src/vendors/policy-plugin.js";
import { safeguardGaps } from "../../src/vendors/safeguards.js";
import { mergeVendorSettings } from "../../src/vendors/section.js";
import { defaultVendorSettings } from "../../src/vendors/types.js";
import { configErrors } from "./helpers.js";

describe("vendors.safeguard_gaps in .hipaa.yml", () => {

  it("is validated with the file, line and allowed values", async () => {
    const bad = await configErrors("fail_on: error\nvendors:\n  safeguard_gaps: loud\n");
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^\.hipaa\.yml at main@abc1234:3:\d+: vendors\.safeguard_gaps: must be one of: "off", "note", "warning", "error"/);
    for (const level of ["off", "note", "warning", "error"]) expect(await configErrors(`vendors:\n  safeguard_gaps: ${level}\n`)).toEqual([]);
  });

  it("defaults to warning; under an organisation floor a repository cannot lower a level the organisation raised", () => {
    expect(defaultVendorSettings().safeguardGaps).toBe("warning");
    const org = { ...defaultVendorSettings(), safeguardGaps: "error" as const };
    expect(mergeVendorSettings(org, { safeguard_gaps: "off" }, true).safeguardGaps).toBe("error");
    expect(mergeVendorSettings(org, { safeguard_gaps: "warning" }, true).safeguardGaps).toBe("error");
    // The default warning is not a floor; raising is always allowed; without a floor the repository's value applies.
    expect(mergeVendorSettings(defaultVendorSettings(), { safeguard_gaps: "off" }, true).safeguardGaps).toBe("off");
    expect(mergeVendorSettings(defaultVendorSettings(), { safeguard_gaps: "error" }, true).safeguardGaps).toBe("error");
    expect(mergeVendorSettings(org, { safeguard_gaps: "note" }, false).safeguardGaps).toBe("note");
  });
});

describe("which safeguards a manifest entry leaves unattested", () => {
  it("only true attests: a missing key and false are gaps, false ones named apart; subprocessors PHI does not reach are skipped", () => {
    const vendor = {
      name: "Sentry",
      phi: true,
      safeguards: { encryption_at_rest: true, tls: true, audit_logs: false },
      subprocessors: [{ name: "Google Cloud" }, { name: "Mailer", phi: false }, { name: "Relay", safeguards: { encryption_at_rest: true, tls: true, audit_logs: true, mfa_sso: true } }],
    };
    expect(safeguardGaps(vendor)).toEqual([
      { party: "Sentry", missing: ["audit_logs", "mfa_sso"], denied: ["audit_logs"] },
      { party: "Sentry → Google Cloud", subprocessor: "Google Cloud", index: 0, missing: ["encryption_at_rest", "tls", "audit_logs", "mfa_sso"], denied: [] },
    ]);
    // A vendor PHI does not reach has nothing to safeguard, nor have its subprocessors.
    expect(safeguardGaps({ ...vendor, phi: false })).toEqual([]);
  });
});

describe("an organisation that locks vendor-safeguard-gap", () => {
  it("keeps a repository from silencing it with vendors.safeguard_gaps: off", async () => {
    const setting = async (org: string) => {
      const loaded = await loadReviewPolicy(
        {
          readBase: async (p) => (p === ".hipaa.yml" ? "extends: org\nvendors:\n  safeguard_gaps: off\n" : undefined),
          baseLabel: "main@abc1234",
          readOrg: async () => ({ text: org, label: "acme/.github:.hipaa.yml" }),
        },
        { packs: loadDefaultRules() },
      );
      return vendorSetupOf(loaded.pluginStates)!.settings.safeguardGaps;
    };
    expect(await setting("fail_on: error\n")).toBe("off");
    expect(await setting("locked: [vendor-safeguard-gap]\nrules:\n  vendor-safeguard-gap: error\n")).toBe("warning");
  });
});
