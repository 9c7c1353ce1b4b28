// `unless_near` windows with `same_value` (docs/rules.md): a nearby line counts only when its setting has the
// finding's value; such a window reads at most the 3 lines the diff shows.
import { describe, expect, it } from "vitest";
import { packErrors, scanWithPack } from "./pack-scan.js";

const pack = (within: number) => `area: authentication
title: t
safeguard: "164.312(d)"
description: t
rules:
  - id: password-literal
    title: Password literal
    severity: error
    languages: [yaml]
    keywords: [password]
    patterns: ['(?i)password["'']?\\s*:\\s*"([^"]{4,})"']
    value_group: 1
    unless_near:
      patterns: ['(?i)user["'']?\\s*:']
      within: ${within}
      same_value: true
    message: m
    remediation: r
    examples:
      bad: ['  POSTGRES_PASSWORD: "s3cret-value"']
      good: ["  POSTGRES_USER: \\"app\\"\\n  POSTGRES_PASSWORD: \\"app\\""]
`;

const scan = (text: string) => scanWithPack(pack(3), "docker-compose.yml", text);

describe("unless_near with same_value", () => {
  it("stays quiet only when a nearby line matching the window sets the same value", () => {
    expect(scan('    POSTGRES_USER: "matchbox"\n    POSTGRES_PASSWORD: "matchbox"')).toEqual([]);
    expect(scan("    POSTGRES_USER: matchbox,\n    POSTGRES_PASSWORD: \"matchbox\"")).toEqual([]);
    expect(scan('    POSTGRES_USER: "matchbox"\n    POSTGRES_PASSWORD: "Mx7#pq2LzR91"')).toEqual([2]);
    // the value inside a longer one, or on a line the window's pattern does not match, does not count
    expect(scan('    POSTGRES_USER: "matchbox-admin"\n    POSTGRES_PASSWORD: "matchbox"')).toEqual([2]);
    expect(scan('    POSTGRES_DB: "matchbox"\n    POSTGRES_PASSWORD: "matchbox"')).toEqual([2]);
    // farther than the window
    expect(scan('    POSTGRES_USER: "matchbox"\n    a: 1\n    b: 2\n    c: 3\n    POSTGRES_PASSWORD: "matchbox"')).toEqual([5]);
  });

  it("is refused with a window wider than the diff's 3 lines of context, and in `near` (not a key of it)", () => {
    expect(packErrors(pack(10))).toMatch(/same_value.*within.*at most 3/);
    const inNear = pack(3).replace("unless_near:", "near:");
    expect(packErrors(inNear)).toMatch(/near\.same_value/);
  });

  it("reads a crafted neighbour line in linear time", () => {
    const long = `    POSTGRES_USER: ${"a".repeat(200_000)}`;
    const t = performance.now();
    expect(scan(`${long}\n    POSTGRES_PASSWORD: "${"a".repeat(100_000)}"`)).toEqual([2]);
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});
