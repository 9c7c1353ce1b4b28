// The keyword prefilter: which rules a line triggers, whatever the case, with keywords that overlap, share a
// prefix, or contain one another; and in the rules' own order.
import { describe, expect, it } from "vitest";
import { keywordRulesOf, Ruleset, type CompiledRule } from "../../src/core/ruleset.js";

const rule = (id: string, keywords: string[]) => ({ id, keywords, patterns: [], unless: [] }) as unknown as CompiledRule;
const RULES = [
  rule("pass", ["pass"]),
  rule("password-eq", ["password="]),
  rule("session", ["session", "sess_"]),
  rule("secret", ["secret", "client_secret"]),
  rule("url", ["://", "http"]),
];
const index = new Ruleset(RULES).forFile("src/a.js").keywords!;
const ids = (text: string) => keywordRulesOf(index, text).map((r) => r.id);

describe("keywordRulesOf", () => {
  it("finds nothing on a line without keywords", () => {
    expect(ids("const total = items.reduce((a, b) => a + b, 0);")).toEqual([]);
  });

  it("counts every keyword starting at one position (a keyword inside a longer one)", () => {
    expect(ids('PASSWORD="hunter2"')).toEqual(["pass", "password-eq"]);
  });

  it("matches case-insensitively and keeps the rules' order, not the line's", () => {
    expect(ids("fetch('HTTPS://x'); const CLIENT_SECRET = 1; SESS_ID; Pass")).toEqual(["pass", "session", "secret", "url"]);
  });

  it("finds keywords that overlap or share a prefix at any position", () => {
    expect(ids("sesssession")).toEqual(["session"]);
    expect(ids("xx_client_secretx")).toEqual(["secret"]);
    expect(ids("passpassword=")).toEqual(["pass", "password-eq"]);
  });

  it("reports each rule once however often its keywords occur", () => {
    expect(ids("secret secret client_secret")).toEqual(["secret"]);
  });

  it("reads characters regular expressions treat specially as plain text", () => {
    expect(ids("a://b")).toEqual(["url"]);
    expect(ids("a:/b")).toEqual([]);
  });
});
