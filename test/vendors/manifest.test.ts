import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatError } from "../../src/engine/yaml-schema.js";
import { parseManifest } from "../../src/vendors/manifest.js";
import { shippedCatalogue } from "./helpers.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures/manifests", name), "utf8");
const errorsOf = (name: string) => parseManifest(fixture(name), `.hipaa/vendors.yml`, shippedCatalogue()).errors.map(formatError);

describe("vendor manifest validation", () => {
  it("accepts a manifest using every key, with each vendor's line", () => {
    const parsed = parseManifest(fixture("valid-full.yml"), ".hipaa/vendors.yml", shippedCatalogue());
    expect(parsed.errors).toEqual([]);
    expect(parsed.manifest!.vendors.map((v) => [v.name, v.line])).toEqual([["Sentry", 4], ["Acme Fax", 19], ["Stripe", 26]]);
    // A subprocessor records its safeguards like its vendor, and the line it starts on is kept for findings.
    expect(parsed.manifest!.vendors[0]!.subprocessors![0]!.safeguards).toEqual({ encryption_at_rest: true, tls: true, audit_logs: true, mfa_sso: false });
    expect(parsed.manifest!.vendors[0]!.subprocessorLines).toEqual([16]);
  });

  it("names a misspelt key with its line and suggests the right one", () => {
    expect(errorsOf("invalid-misspelt-key.yml")).toEqual([
      '.hipaa/vendors.yml:2:5: vendors[0]: missing required key "baa"',
      '.hipaa/vendors.yml:4:5: vendors[0].bba: unknown key "bba"; did you mean "baa"?',
    ]);
  });

  it("requires a signed BAA's effective date and document reference", () => {
    expect(errorsOf("invalid-signed-without-dates.yml")).toEqual([
      ".hipaa/vendors.yml:5:7: vendors[0].baa.effective: a signed BAA needs its effective date (YYYY-MM-DD)",
      ".hipaa/vendors.yml:5:7: vendors[0].baa.document: a signed BAA needs a document reference (contract id or link to the signed copy)",
    ].map((e) => e.replace(":5:7:", ":5:1:")));
  });

  it("rejects impossible dates and an expiry before the effective date, on their lines", () => {
    expect(errorsOf("invalid-dates.yml")).toEqual([
      '.hipaa/vendors.yml:6:1: vendors[0].baa.effective: "2026-02-30" is not a calendar date; expected YYYY-MM-DD',
      ".hipaa/vendors.yml:14:1: vendors[1].baa.expires: expires (2025-12-31) is before effective (2026-01-01)",
    ]);
  });

  it("lists the allowed BAA statuses", () => {
    expect(errorsOf("invalid-status.yml")).toEqual(['.hipaa/vendors.yml:5:15: vendors[0].baa.status: must be one of: "signed", "pending", "none", "not-required"']);
  });

  it("reports YAML syntax errors with their position instead of throwing", () => {
    const errors = errorsOf("invalid-yaml-syntax.yml");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^\.hipaa\/vendors\.yml:[34]:\d+: YAML syntax error: /);
  });

  it("catches duplicate vendors, unknown catalogue ids and a not-required BAA without a reason", () => {
    expect(errorsOf("invalid-duplicate-and-catalogue.yml")).toEqual([
      '.hipaa/vendors.yml:5:1: vendors[1].name: vendor "sentry" is listed twice (first at line 2)',
      '.hipaa/vendors.yml:6:1: vendors[1].catalogue: unknown catalogue id "sentri"; run `hipaa-review vendors --catalogue` to list them, or drop the key',
      ".hipaa/vendors.yml:8:1: vendors[1].baa.reason: say why no BAA is required (e.g. no PHI reaches the vendor, or the payment-processing exemption)",
    ]);
  });

  it("calls an empty manifest an error", () => {
    expect(parseManifest("\n", "m.yml").errors.map(formatError)).toEqual(["m.yml:1:1: the manifest is empty; expected a mapping with a `vendors:` list"]);
  });
});
