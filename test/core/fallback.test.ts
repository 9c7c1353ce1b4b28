// A `fallback: true` line rule speaks only where no other line rule of its area flags the line.
import { describe, expect, it } from "vitest";
import { scanWithPack } from "./pack-scan.js";

const pack = `
area: authentication
title: Test pack
safeguard: "164.312(d)"
rules:
  - id: literal
    title: A real-looking literal
    severity: error
    keywords: [secret]
    patterns: ['secret\\s*\\|\\|\\s*"[A-Z][a-z0-9]{7,}"']
    message: m
    remediation: r
    examples: { bad: [{ path: a.js, code: 'secret || "Xk39fLq2"' }], good: [{ path: a.js, code: 'secret || "dev"' }] }
  - id: any-fallback
    title: Any literal fallback
    severity: warning
    fallback: true
    keywords: [secret]
    patterns: ['secret\\s*\\|\\|\\s*"[^"]+"']
    message: m
    remediation: r
    examples: { bad: [{ path: a.js, code: 'secret || "dev"' }], good: [{ path: a.js, code: 'secret || env.X' }] }
`;

describe("a fallback rule", () => {
  it("is quiet on a line another rule of its area flags, and speaks where none does", () => {
    expect(scanWithPack(pack, "a.js", 'const a = secret || "Xk39fLq2";\nconst b = secret || "dev";')).toEqual([1, 2]);
  });
});
