// .hipaa.yml: positioned validation errors, per-path overrides, PHI paths, custom rules on the linear engine,
// and the organisation floor (`extends: org` with locked rules a repository cannot weaken).
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/policy/load.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { sectionOf } from "../../src/policy/sections.js";
import { vendorSection } from "../../src/vendors/section.js";
import { fakeReview } from "../review/fake-platform.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { formatError } from "../../src/engine/yaml-schema.js";

const PACK = `
area: transmission-security
title: T
safeguard: "164.312(e)(1)"
rules:
  - id: tls-off
    title: TLS verification off
    severity: error
    languages: [javascript]
    keywords: [rejectunauthorized]
    patterns: ['rejectUnauthorized:\\s*false']
    message: m
    remediation: r
    references: []
    examples: { bad: ['x({ rejectUnauthorized: false })', 'y({rejectUnauthorized:false})'], good: ['x({ ca })', 'y()'] }
  - id: http-url
    title: Plain HTTP
    severity: warning
    languages: [javascript]
    keywords: ['http:']
    patterns: ['http://[a-z.]+']
    message: m
    remediation: r
    references: []
    examples: { bad: ['f("http://a.com")', 'g("http://b.org")'], good: ['f("https://a.com")', 'g()'] }
`;
const packs = loadRulePacks([{ file: "rules/t.yml", text: PACK }]);

function diff(files: Record<string, string[]>): string {
  return Object.entries(files)
    .map(([path, lines]) => [`diff --git a/${path} b/${path}`, "new file mode 100644", "--- /dev/null", `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n"))
    .join("\n") + "\n";
}

async function scan(config: string | undefined, files: Record<string, string[]>, org?: string) {
  return fakeReview({
    packs,
    base: { ".hipaa.yml": config },
    diff: diff(files),
    ...(org !== undefined ? { org: { text: org, label: "acme/.github:.hipaa.yml" } } : {}),
    today: "2026-11-20",
  });
}

async function configErrors(config: string): Promise<string[]> {
  try {
    await loadReviewPolicy({ readBase: async () => config, baseLabel: "main@abc1234" }, { packs });
  } catch (error) {
    if (error instanceof ConfigError) return error.errors.map(formatError);
    throw error;
  }
  return [];
}

const TLS = { "src/a.js": ["x({ rejectUnauthorized: false })", 'f("http://partner.example.com")'] };

describe(".hipaa.yml validation", () => {
  it("names file, line, column and key for bad types, unknown keys and YAML syntax errors", async () => {
    expect(await configErrors("fail_on: error\nphi_paths: services/ehr\n")).toEqual([expect.stringMatching(/^\.hipaa\.yml at main@abc1234:2:\d+: phi_paths: must be array/)]);
    expect((await configErrors("overides:\n  - paths: [a]\n"))[0]).toMatch(/:1:1: overides: unknown key "overides".*did you mean "overrides"/);
    expect((await configErrors("rules: [unclosed\n"))[0]).toMatch(/YAML syntax error/);
    expect((await configErrors("overrides:\n  - paths: ['x/**']\n    rules:\n      tls-of: off\n"))[0]).toMatch(/:4:1: overrides\[0\]\.rules\.tls-of: unknown rule id/);
    expect((await configErrors("inline_comment_cap: 500\n"))[0]).toMatch(/inline_comment_cap: must be <= 100/);
  });
});

describe("thresholds", () => {
  it("baa_expiry_days is the BAA expiry window (vendors.baa_expiry_warning_days); two different values are an error on the line", async () => {
    const loaded = await loadReviewPolicy({ readBase: async (p) => (p === ".hipaa.yml" ? "thresholds:\n  session_idle_minutes: 10\n  baa_expiry_days: 60\n" : undefined), baseLabel: "main@abc1234" }, { packs });
    expect(sectionOf(loaded.policy, vendorSection)?.baaExpiryWarningDays).toBe(60);
    expect(loaded.policy.thresholds).toMatchObject({ session_idle_minutes: 10 });
    expect(loaded.policy.thresholds).not.toHaveProperty("baa_expiry_days");
    const errors = await configErrors("vendors:\n  baa_expiry_warning_days: 30\nthresholds:\n  baa_expiry_days: 45\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/:4:\d+: thresholds\.baa_expiry_days: says 45 days but vendors\.baa_expiry_warning_days says 30/);
    expect(await configErrors("vendors:\n  baa_expiry_warning_days: 45\nthresholds:\n  baa_expiry_days: 45\n")).toEqual([]);
  });
});

describe("per-path overrides and PHI paths", () => {
  it("turns a rule off or changes its severity only under the matching paths", async () => {
    const config = "overrides:\n  - paths: ['tools/**']\n    rules:\n      tls-off: off\n      http-url: note\n";
    const report = await scan(config, { ...TLS, "tools/b.js": TLS["src/a.js"] });
    const at = (p: string) => report.findings.filter((f) => f.path === p).map((f) => `${f.ruleId}:${f.severity}`);
    expect(at("src/a.js")).toEqual(["tls-off:error", "http-url:warning"]);
    expect(at("tools/b.js")).toEqual(["http-url:note"]);
  });

  it("raises findings one level in PHI-handling paths", async () => {
    const report = await scan("phi_paths: ['services/ehr/**']\n", { "services/ehr/a.js": TLS["src/a.js"], "web/a.js": TLS["src/a.js"] });
    expect(report.findings.filter((f) => f.ruleId === "http-url").map((f) => `${f.path}:${f.severity}`)).toEqual(["services/ehr/a.js:error", "web/a.js:warning"]);
  });
});

describe("custom rules", () => {
  const custom = (pattern: string) => `custom_rules:
  - id: no-fax-gateway
    title: Legacy fax gateway
    safeguard: "164.312(e)(1)"
    severity: error
    languages: [javascript]
    keywords: [faxgw]
    patterns: ['${pattern}']
    message: The legacy fax gateway sends PHI unencrypted.
    remediation: Use the secure fax API.
    references: []
    examples: { bad: ['faxgw.send(x)', 'faxgw.send(y)'], good: ['secureFax.send(x)', 'x()'] }
`;
  const pathological = `custom_rules:
  - id: slow-pattern
    title: Pathological
    safeguard: "164.312(e)(1)"
    severity: error
    languages: [javascript]
    keywords: [faxgw]
    patterns: ['faxgw(a+)+b']
    message: m
    remediation: r
    references: []
    examples: { bad: ['faxgwaab', 'faxgwab'], good: ['faxgwaaaa', 'x()'] }
`;
  it("run with the default pack and report under their own citation", async () => {
    const report = await scan(custom("faxgw\\.send"), { "src/f.js": ["faxgw.send(doc)"] });
    expect(report.findings.map((f) => `${f.ruleId}:${f.area}:${f.safeguard}`)).toEqual(["no-fax-gateway:custom:164.312(e)(1)"]);
  });

  it("reject patterns the linear engine cannot run, with the position", async () => {
    const errors = await configErrors(custom("(faxgw)\\1"));
    expect(errors.join("\n")).toMatch(/custom_rules\[0\]\.patterns\[0\]/);
  });

  it("a sensitive custom rule must mask what it captures (value_group on the identifier, not a separator)", async () => {
    const rule = (group: number) => `custom_rules:
  - id: member-number
    title: Member number
    safeguard: "164.312(a)(1)"
    severity: error
    sensitive: true
    languages: [python]
    keywords: [member]
    patterns: ['member_no(\\s*=\\s*)"(\\d{9})"']
    value_group: ${group}
    message: A member number ({{value}}) is committed.
    remediation: Use a synthetic one.
    references: []
    examples: { bad: ['member_no = "482913377"', 'member_no="551902834"'], good: ['member_no = os.environ["M"]', 'x()'] }
`;
    expect((await configErrors(rule(1))).join("\n")).toMatch(/examples\.bad\[0\]: this bad example's finding does not mask the sensitive value; point `value_group`/);
    expect(await configErrors(rule(2))).toEqual([]);
  });

  it("must pass their own examples, like the default pack", async () => {
    const errors = await configErrors(custom("faxgw\\.post"));
    expect(errors.join("\n")).toMatch(/custom_rules\.no-fax-gateway\.examples\.bad\[0\]: this bad example produces no finding/);
  });

  it("a pathological pattern returns promptly on the linear engine", async () => {
    const started = Date.now();
    const report = await scan(pathological, { "src/f.js": ["faxgw" + "a".repeat(50_000)] });
    expect(report.findings).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("organisation floor", () => {
  const ORG = "locked: [tls-off]\nrules:\n  http-url: error\n";

  it("inherits the organisation's settings", async () => {
    const report = await scan("extends: org\n", TLS, ORG);
    expect(report.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(["tls-off:error", "http-url:error"]);
    expect(report.policySource).toContain("extending acme/.github:.hipaa.yml");
  });

  it("a repository cannot disable, downgrade or path-exclude a locked rule, and each attempt is reported on its line", async () => {
    const repo = [
      "extends: org",
      "areas:",
      "  transmission-security: off",
      "rules:",
      "  tls-off: warning",
      "paths:",
      "  exclude: ['legacy/**']",
      "overrides:",
      "  - paths: ['src/**']",
      "    rules:",
      "      tls-off: off",
    ].join("\n") + "\n";
    const report = await scan(repo, { ...TLS, "legacy/old.js": TLS["src/a.js"] }, ORG);
    const active = report.findings.filter((f) => f.ruleId === "tls-off").map((f) => `${f.path}:${f.severity}`);
    expect(active).toEqual(["legacy/old.js:error", "src/a.js:error"]);
    // The unlocked rule follows the repository: its area is off.
    expect(report.findings.some((f) => f.ruleId === "http-url")).toBe(false);
    const refused = report.findings.filter((f) => f.ruleId === "policy-setting-refused").map((f) => `${f.path}:${f.line}`);
    expect(refused).toEqual([".hipaa.yml:3", ".hipaa.yml:5", ".hipaa.yml:7", ".hipaa.yml:11"]);
  });

  it("says so when extends: org finds no organisation policy", async () => {
    const report = await scan("extends: org\n", TLS);
    expect(report.findings.find((f) => f.ruleId === "policy-setting-refused")?.message).toMatch(/organisation's policy is not available/);
  });
});

describe("vendored, generated and minified code", () => {
  const FILES = {
    "src/a.js": ["x({ rejectUnauthorized: false })"],
    "vendor/lib/a.js": ["x({ rejectUnauthorized: false })"],
    "public/js/app.min.js": ["x({ rejectUnauthorized: false })"],
    // Generated documentation sites (javadoc, Maven JXR) render code as HTML; the code itself is still scanned.
    "target/site/apidocs/ca/uhn/A.html": ["x({ rejectUnauthorized: false })"],
    "xref/ca/uhn/hl7v2/Parser.html": ["x({ rejectUnauthorized: false })"],
    "xref/ca/uhn/hl7v2/Parser.js": ["x({ rejectUnauthorized: false })"],
    // Yarn's checked-in release bundle (a whole package manager in one file), and its Plug'n'Play loader.
    "frontend/.yarn/releases/yarn-3.6.1.cjs": ["x({ rejectUnauthorized: false })"],
    ".pnp.cjs": ["x({ rejectUnauthorized: false })"],
  };

  it("is skipped by default, and the report says which files and why", async () => {
    const report = await scan(undefined, FILES);
    expect(report.findings.map((f) => f.path).sort()).toEqual(["src/a.js", "xref/ca/uhn/hl7v2/Parser.js"]);
    const notice = report.notices.map((n) => n.message).find((m) => /vendored/.test(m));
    expect(notice).toMatch(/6 file\(s\) not scanned: vendored, generated or minified code/);
    expect(notice).toMatch(/paths\.vendored: scan/);
  });

  it("is scanned with paths.vendored: scan", async () => {
    const report = await scan("paths:\n  vendored: scan\n", FILES);
    // (the HTML pages are not JavaScript to this pack's rule: scanned, with nothing to find)
    expect(report.findings.map((f) => f.path).sort()).toEqual([".pnp.cjs", "frontend/.yarn/releases/yarn-3.6.1.cjs", "public/js/app.min.js", "src/a.js", "vendor/lib/a.js", "xref/ca/uhn/hl7v2/Parser.js"]);
    expect(report.notices.some((n) => /vendored/.test(n.message))).toBe(false);
  });
});

describe("files whose header says a generator wrote them", () => {
  const WEAK = "x({ rejectUnauthorized: false })";
  const GO_HEADER = "// Code generated by protoc-gen-es v1.10.0. DO NOT EDIT.";
  /** A diff that changes line 2 of a two-line file, its first line as context. */
  const modify = (path: string, first: string, before: string, after: string) =>
    [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, "@@ -1,2 +1,2 @@", ` ${first}`, `-${before}`, `+${after}`].join("\n") + "\n";
  const review = (diffText: string, base: Record<string, string | undefined>, head: Record<string, string>) =>
    fakeReview({ packs, base, head, diff: diffText, today: "2026-11-20" });

  it("are vendored code: a new one's findings are not reported, and the report says which files and why", async () => {
    const report = await scan(undefined, { "src/gen/client.js": [GO_HEADER, WEAK], "src/a.js": [WEAK] });
    expect(report.findings.map((f) => f.path)).toEqual(["src/a.js"]);
    expect(report.notices.map((n) => n.message)).toContain(
      'findings in 1 file(s) not reported: generated by a code generator ("Code generated … DO NOT EDIT"), as its header says (set paths.vendored: scan in .hipaa.yml to scan it) (src/gen/client.js)',
    );
  });

  it("stay generated when regenerated: the base version had the header too", async () => {
    const report = await review(modify("src/gen/client.js", GO_HEADER, "x()", WEAK), { "src/gen/client.js": `${GO_HEADER}\nx()\n` }, { "src/gen/client.js": `${GO_HEADER}\n${WEAK}\n` });
    expect(report.findings).toEqual([]);
  });

  it("are not generated when the change adds the header to a file that had none", async () => {
    const path = "src/b.js";
    const text = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, "@@ -1 +1,2 @@", "-x()", `+${GO_HEADER}`, `+${WEAK}`].join("\n") + "\n";
    const report = await review(text, { [path]: "x()\n" }, { [path]: `${GO_HEADER}\n${WEAK}\n` });
    expect(report.findings.map((f) => `${f.path}:${f.line}:${f.ruleId}`)).toEqual(["src/b.js:2:tls-off"]);
  });

  it("are scanned with paths.vendored: scan", async () => {
    const report = await scan("paths:\n  vendored: scan\n", { "src/gen/client.js": [GO_HEADER, WEAK] });
    expect(report.findings.map((f) => f.path)).toEqual(["src/gen/client.js"]);
  });

  it("are told by the headers generators write, not by the word 'generated' in code or prose", async () => {
    const { generatorOf } = await import("../../src/engine/files/generated.js");
    expect(generatorOf("<!DOCTYPE html>\n<!--\n | Generated by Apache Maven Doxia Site Renderer 1.7.4 at 2017-06-23\n-->")).toBe("Apache Maven Doxia");
    expect(generatorOf('<html>\n<head>\n<!-- Generated by javadoc (1.8.0_131) on Thu Aug 10 -->\n<meta name="date" content="2017-08-10">')).toBe("javadoc");
    expect(generatorOf('<head><meta name="generator" content="Doxygen 1.9.1"/>')).toBe("Doxygen 1.9.1");
    expect(generatorOf('<meta content="Microsoft FrontPage 4.0" name="Generator" />')).toBe("Microsoft FrontPage 4.0");
    expect(generatorOf("// Generated by the protocol buffer compiler.  DO NOT EDIT!\n// source: patient.proto")).toMatch(/do not edit/);
    expect(generatorOf("//------------------------------------------------------------------------------\n// <auto-generated>\n//     This code was generated by a tool.")).toMatch(/\.NET/);
    expect(generatorOf("/**\n * @generated SignedSource<<abc>>\n */")).toMatch(/@generated/);
    // Look-alikes: an annotation, prose, and a header past the first lines.
    expect(generatorOf('@Generated("org.mapstruct")\npublic class PatientMapperImpl {}')).toBeUndefined();
    expect(generatorOf("# This module generates the reports; do not edit them by hand, edit the template.")).toBeUndefined();
    expect(generatorOf("x\n".repeat(20) + "// Code generated by hand-rolled script. DO NOT EDIT.")).toBeUndefined();
  });
});
