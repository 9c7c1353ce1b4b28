// A rule's `value_group` must be a group of each of its patterns: a group a pattern lacks makes the whole match the
// value, which the validators then judge (and the message shows) instead of the value.
import { describe, expect, it } from "vitest";
import { packErrors } from "./pack-scan.js";

const pack = (pattern: string) => `
area: authentication
title: Test pack
safeguard: "164.312(d)"
rules:
  - id: pw
    title: Password
    severity: error
    keywords: [password]
    patterns: ['${pattern}']
    value_group: 2
    message: m
    remediation: r
    examples: { bad: [{ path: a.py, code: 'password = "Xk29-long-secret"' }], good: [{ path: a.py, code: 'password = env("P")' }] }
`;

describe("a rule's value group", () => {
  it("is refused, with the pattern's place and what to do, when a pattern has fewer groups", () => {
    expect(packErrors(pack('(password)\\s*=\\s*"[^"]+"'))).toMatch(/rules\[0\]\.patterns\[0\].*`value_group` is 2 but this pattern has 1 capturing group/);
  });
  it("is accepted when every pattern has it", () => {
    expect(packErrors(pack('(password)\\s*=\\s*"([^"]+)"'))).toBe("");
  });
});
