// An `enclosing` window: only the lines a finding's line is indented under count (its YAML or block parent, that
// parent's parent, …), never a sibling or a line of another block above it.
import { describe, expect, it } from "vitest";
import { packErrors, scanWithPack } from "./pack-scan.js";

const pack = (window: string) => `
area: access-control
title: Test pack
safeguard: "164.312(a)(1)"
rules:
  - id: idle
    title: Idle timeout
    severity: error
    languages: [yaml]
    keywords: [idle]
    patterns: ['^\\s*idle-timeout:\\s*(\\w+)']
    near: { patterns: ['^\\s*auth:'], within: 20, ${window} }
    message: m
    remediation: r
    examples: { bad: [{ path: a.yml, code: "auth:\\n  idle-timeout: PT12H" }], good: [{ path: a.yml, code: "pool:\\n  idle-timeout: PT12H" }] }
`;

describe("an enclosing window", () => {
  it("counts a parent or a grandparent key, and not a block that closed above", () => {
    const rules = pack("side: above, enclosing: true");
    expect(scanWithPack(rules, "a.yml", "auth:\n  clients:\n    handheld:\n      idle-timeout: PT12H")).toEqual([4]);
    // `auth:` is a sibling block above: its children ended where `pool:` began
    expect(scanWithPack(rules, "a.yml", "auth:\n  issuer: x\npool:\n  idle-timeout: PT12H")).toEqual([]);
    // a line of the same indentation between them is a sibling, not a parent
    expect(scanWithPack(rules, "a.yml", "server:\n  auth:\n  idle-timeout: PT12H")).toEqual([]);
  });

  it("is refused, with what to do, on any side but above, or combined with another kind of window", () => {
    expect(packErrors(pack("enclosing: true"))).toMatch(/near\.enclosing.*needs `side: above`/);
    expect(packErrors(pack("side: above, enclosing: true, sections: ['^x']"))).toMatch(/`enclosing` cannot be combined/);
    const unlessNear = pack("side: above, enclosing: true").replace("    message: m\n", "    unless_near: { patterns: ['^\\s*pool:'], within: 20, enclosing: true }\n    message: m\n");
    expect(packErrors(unlessNear)).toMatch(/unless_near\[0\]\.enclosing.*needs `side: above`/);
  });
});
