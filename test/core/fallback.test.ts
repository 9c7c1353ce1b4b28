// A `fallback: true` line rule speaks only where no other line rule of its area flags the line.
import { describe, expect, it } from "vitest";
import { findingsWithPack, scanWithPack } from "./pack-scan.js";

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

// A finding whose `near` window spans up to the line its window matched covers that line: a fallback rule there is
// quiet (a backup's upload spanning up to the dump it sends is that dump's finding), even when the spanning rule is
// itself a fallback; a line outside the span still speaks.
const spanPack = `
area: encryption-at-rest
title: Test pack
safeguard: "164.312(a)(2)(iv)"
rules:
  - id: dump
    title: A dump written
    severity: warning
    fallback: true
    keywords: [dump]
    patterns: ['^dump ']
    message: m
    remediation: r
    examples: { bad: [{ path: a.sh, code: 'dump a' }], good: [{ path: a.sh, code: 'upload a' }] }
  - id: upload
    title: The dump uploaded
    severity: warning
    fallback: true
    keywords: [upload]
    patterns: ['^upload ']
    near: { patterns: ['^dump '], within: 5, side: above, spans: true }
    message: m
    remediation: r
    examples: { bad: [{ path: a.sh, code: "dump a\\nupload a" }], good: [{ path: a.sh, code: 'upload a' }] }
`;

describe("a fallback rule inside another finding's span", () => {
  it("is quiet on the lines the span covers, and speaks outside it", () => {
    const found = findingsWithPack(spanPack, "a.sh", "dump one\n\n\n\n\n\n\ndump two\ntar\nupload two");
    expect(found.map((f) => `${f.line}:${f.ruleId}`)).toEqual(["1:dump", "10:upload"]);
    expect(found[1]!.startLine).toBe(8);
  });
});
