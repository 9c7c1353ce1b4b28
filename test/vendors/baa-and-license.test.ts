import { describe, expect, it } from "vitest";
import { baaState, daysBetween, isDate } from "../../src/vendors/baa.js";
import { evaluateLicense, spdxListEntryProblem } from "../../src/vendors/license.js";
import { brief, review } from "./helpers.js";

const TODAY = "2026-06-15";
const signed = (expires?: string, effective = "2025-01-01") => ({ status: "signed" as const, effective, document: "DOC-1", ...(expires ? { expires } : {}) });

describe("BAA expiry on an injected day (window 30 days)", () => {
  it.each([
    ["expires today: still in effect, a warning", "2026-06-15", "expiring", 0],
    ["expired yesterday: blocking", "2026-06-14", "expired", 1],
    ["expires in 30 days: inside the window", "2026-07-15", "expiring", 30],
    ["expires in 31 days: valid", "2026-07-16", "valid", undefined],
    ["no end date: valid", undefined, "valid", undefined],
  ])("%s", (_name, expires, kind, days) => {
    const state = baaState(signed(expires), TODAY, 30);
    expect(state.kind).toBe(kind);
    if (days !== undefined) expect((state as { days: number }).days).toBe(days);
  });

  it("a BAA that takes effect tomorrow does not cover today", () => {
    expect(baaState(signed(undefined, "2026-06-16"), TODAY, 30).kind).toBe("not-yet-effective");
    expect(baaState(signed(undefined, "2026-06-15"), TODAY, 30).kind).toBe("valid");
  });

  it("pending, none and absent BAAs are missing; not-required is not", () => {
    expect(baaState({ status: "pending" }, TODAY, 30)).toEqual({ kind: "missing", status: "pending" });
    expect(baaState({ status: "none" }, TODAY, 30)).toEqual({ kind: "missing", status: "none" });
    expect(baaState(undefined, TODAY, 30)).toEqual({ kind: "missing", status: "absent" });
    expect(baaState({ status: "not-required", reason: "conduit" }, TODAY, 30).kind).toBe("not-required");
  });

  it("does calendar arithmetic across months, leap days and DST-free UTC", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(isDate("2028-02-29")).toBe(true);
    expect(isDate("2026-02-29")).toBe(false);
    expect(isDate("2026-6-1")).toBe(false);
  });
});

describe("license expressions", () => {
  it("MIT OR GPL-3.0: acceptable when one side is", () => {
    expect(evaluateLicense("MIT OR GPL-3.0", { allow: [], deny: ["GPL-3.0-only"] }).kind).toBe("allowed");
    expect(evaluateLicense("MIT OR GPL-3.0", { allow: ["MIT"], deny: [] }).kind).toBe("allowed");
    expect(evaluateLicense("MIT OR GPL-3.0", { allow: [], deny: ["MIT", "GPL-3.0-only"] })).toMatchObject({ kind: "denied", licenses: ["MIT", "GPL-3.0"] });
  });

  it("Apache-2.0 AND BSD-3-Clause: both must be acceptable", () => {
    expect(evaluateLicense("Apache-2.0 AND BSD-3-Clause", { allow: ["Apache-2.0", "BSD-3-Clause"], deny: [] }).kind).toBe("allowed");
    expect(evaluateLicense("Apache-2.0 AND BSD-3-Clause", { allow: ["Apache-2.0"], deny: [] })).toEqual({ kind: "not-allowed", expression: "Apache-2.0 AND BSD-3-Clause", licenses: ["BSD-3-Clause"] });
    expect(evaluateLicense("Apache-2.0 AND BSD-3-Clause", { allow: [], deny: ["BSD-3-Clause"] })).toMatchObject({ kind: "denied", licenses: ["BSD-3-Clause"] });
  });

  it("or-later and exceptions", () => {
    expect(evaluateLicense("GPL-2.0-or-later", { allow: ["GPL-3.0-only"], deny: [] }).kind).toBe("allowed");
    expect(evaluateLicense("Apache-2.0 WITH LLVM-exception", { allow: ["Apache-2.0"], deny: [] }).kind).toBe("allowed");
    expect(evaluateLicense("AGPL-3.0-only", { allow: [], deny: ["AGPL-3.0-only"] }).kind).toBe("denied");
  });

  it("unknown: nothing recorded, not SPDX, or only LicenseRef", () => {
    expect(evaluateLicense(undefined, { allow: ["MIT"], deny: [] })).toEqual({ kind: "unknown" });
    expect(evaluateLicense("SEE LICENSE IN LICENSE.txt", { allow: ["MIT"], deny: [] })).toEqual({ kind: "unknown", expression: "SEE LICENSE IN LICENSE.txt" });
    expect(evaluateLicense("UNLICENSED", { allow: [], deny: ["GPL-3.0-only"] }).kind).toBe("unknown");
    expect(evaluateLicense("LicenseRef-Acme", { allow: ["MIT"], deny: [] }).kind).toBe("unknown");
  });

  it("list entries are single SPDX ids", () => {
    expect(spdxListEntryProblem("MIT")).toBeUndefined();
    expect(spdxListEntryProblem("GPL-2.0-only WITH Classpath-exception-2.0")).toBeUndefined();
    expect(spdxListEntryProblem("MIT OR ISC")).toMatch(/is an expression/);
    expect(spdxListEntryProblem("Apache 2")).toMatch(/not a valid SPDX license identifier/);
  });
});

const PKG = (deps: string) => `{\n  "name": "portal",\n  "dependencies": {\n${deps}\n  }\n}\n`;
const LOCK = (entries: Record<string, string | undefined>) =>
  JSON.stringify({ name: "portal", lockfileVersion: 3, packages: Object.fromEntries([["", { name: "portal" }], ...Object.entries(entries).map(([n, l]) => [`node_modules/${n}`, { version: "1.0.0", ...(l ? { license: l } : {}) }])]) }, null, 2) + "\n";

describe("license policy on new dependencies", () => {
  const base = { "package.json": PKG('    "express": "^4.0.0"'), "package-lock.json": LOCK({ express: "MIT" }) };
  const head = {
    "package.json": PKG('    "express": "^4.0.0",\n    "left-pad": "^1.3.0",\n    "gpl-thing": "^1.0.0",\n    "dual": "^1.0.0",\n    "mystery": "^1.0.0"'),
    "package-lock.json": LOCK({ express: "MIT", "left-pad": "WTFPL", "gpl-thing": "GPL-3.0-only", dual: "MIT OR GPL-3.0", mystery: undefined, "deep-agpl": "AGPL-3.0-only" }),
  };
  const settings = { licenses: { allow: ["MIT", "Apache-2.0", "ISC", "WTFPL"], deny: ["GPL-3.0-only", "AGPL-3.0-only"] } };

  it("reads licenses from package-lock.json; denies, passes dual-licensed, warns on unknown, checks transitive entries against the deny list", async () => {
    const { findings } = await review({ base, head }, { settings });
    expect(brief(findings)).toEqual([
      "package-lock.json:27 error license-denied",
      "package.json:6 error license-denied",
      "package.json:8 warning license-unknown",
    ]);
    expect(findings[1]!.message).toBe("gpl-thing ^1.0.0 is licensed GPL-3.0-only; the license policy denies GPL-3.0-only.");
  });

  it("unknown licenses fail when unknown_license is error", async () => {
    const { findings } = await review({ base, head }, { settings: { ...settings, unknownLicense: "error" } });
    expect(brief(findings)).toContain("package.json:8 error license-unknown");
  });

  it("asks the injected LicenseLookup for what the change does not record", async () => {
    const asked: string[] = [];
    const { findings } = await review({ base, head }, {
      settings,
      licenseLookup: { licenses: async (deps) => { asked.push(...deps.map((d) => d.name)); return new Map([["npm:mystery", "Apache-2.0 AND BSD-3-Clause"]]); } },
    });
    expect(asked).toEqual(["mystery"]);
    expect(brief(findings)).toContain("package.json:8 error license-not-allowed");
  });

  it("without a license policy nothing about licenses is reported", async () => {
    expect((await review({ base, head })).findings).toEqual([]);
  });
});
