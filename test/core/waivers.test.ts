import { describe, expect, it } from "vitest";
import { decideWaivers, parseCommand, type WaiverCommand } from "../../src/policy/waivers.js";
import { DEFAULT_WAIVER_SETTINGS } from "../../src/policy/types.js";
import type { Finding } from "../../src/engine/types.js";

const finding = (ruleId: string, fingerprint: string): Finding => ({
  ruleId, title: "t", area: "integrity", safeguard: "164.312(c)(1)", severity: "error", path: "a.js", line: 1,
  message: "m", remediation: "r", references: [], fingerprint,
});

describe("parseCommand", () => {
  it("reads waive with reason and optional until, and recheck", () => {
    expect(parseCommand("/hipaa waive md5-hash legacy checksum only until 2027-03-01")).toEqual({ kind: "waive", target: "md5-hash", reason: "legacy checksum only", until: "2027-03-01" });
    expect(parseCommand("Looks good\n/hipaa recheck")).toEqual({ kind: "recheck" });
    expect(parseCommand("no command here")).toBeUndefined();
  });
  it("refuses a waiver without a reason or with a bad date, with usage", () => {
    expect(parseCommand("/hipaa waive md5-hash")).toMatchObject({ kind: "invalid", message: expect.stringContaining("needs a reason") });
    expect(parseCommand("/hipaa waive md5-hash ok until 2027-13-45")).toMatchObject({ kind: "invalid" });
    expect(parseCommand("/hipaa frobnicate")).toMatchObject({ kind: "invalid", message: expect.stringContaining("Usage") });
  });
  it("masks secrets pasted into a reason", () => {
    const c = parseCommand("/hipaa waive secret-aws-key rotated AKIAIOSFODNN7REALKEY already");
    expect(c).toMatchObject({ kind: "waive" });
    expect(JSON.stringify(c)).not.toContain("AKIAIOSFODNN7REALKEY");
  });
});

const decide = (findings: Finding[], commands: WaiverCommand[], today: string) =>
  decideWaivers({ findings, commands, settings: DEFAULT_WAIVER_SETTINGS, today, inBase: async () => false });

describe("waiver commands", () => {
  const w = { kind: "waive" as const, reason: "accepted", by: "lead", at: "2026-11-20T09:00:00Z" };
  it("matches by rule id or fingerprint prefix (8+), skips expired ones, reports unused", async () => {
    const findings = [finding("md5-hash", "aaaaaaaaaaaaaaaaaaaa"), finding("tls-off", "bbbbbbbbbbbbbbbbbbbb"), finding("other", "cccccccccccccccccccc")];
    const result = await decide(findings, [
      { ...w, target: "md5-hash" },
      { ...w, target: "bbbbbbbb" },
      { ...w, target: "other", until: "2026-11-19" },
      { ...w, target: "nothing-matches" },
      { ...w, target: "ccc" },
    ], "2026-11-20");
    expect(result.findings.map((f) => f.waiver?.kind ?? "none")).toEqual(["command", "command", "none"]);
    expect(result.unused.map((u) => u.why)).toEqual(["expired on 2026-11-19", "matched no finding", "matched no finding"]);
  });
  it("a waiver valid through its until date still applies on that day", async () => {
    expect((await decide([finding("x", "d".repeat(20))], [{ ...w, target: "x", until: "2026-11-20" }], "2026-11-20")).findings[0]!.waiver).toBeDefined();
  });
});
