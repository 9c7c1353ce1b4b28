// Rules that fire only where a change switched a value (`replaces`, docs/rules.md): the diff keeps, for each added
// line, the lines its run of changed lines removed, and a `replaces` rule compares the text before the value.
import { describe, expect, it } from "vitest";
import { ChangeRun, MAX_REPLACED } from "../../src/engine/diff/change-run.js";
import { diffTexts } from "../../src/engine/diff/diff-texts.js";
import { parseFileDiff, parseHunks } from "../../src/engine/diff/parse-file-diff.js";
import type { DiffLine } from "../../src/engine/types.js";
import { packErrors, scanChangeWithPack } from "./pack-scan.js";

const HUNKS = `@@ -1,6 +1,8 @@
 db:
-  require_secure_transport: "ON"
-  port: 3306
+  require_secure_transport: "OFF"
+  port: 3307
+  pool: 4
 cache:
-  ttl: 60
+  ttl: 90
   size: 10
+  tls: false
`;

const replacedOf = (lines: DiffLine[]) => lines.filter((l) => l.added).map((l) => [l.text.trim(), l.replaced ?? null]);

describe("runs of changed lines", () => {
  const expected = [
    ['require_secure_transport: "OFF"', ['  require_secure_transport: "ON"', "  port: 3306"]],
    ["port: 3307", ['  require_secure_transport: "ON"', "  port: 3306"]],
    ["pool: 4", ['  require_secure_transport: "ON"', "  port: 3306"]],
    ["ttl: 90", ["  ttl: 60"]],
    // a line added after a context line replaced nothing
    ["tls: false", null],
  ];

  it("gives each added line the lines its run removed, from a patch and from GitHub's hunks alike", () => {
    expect(replacedOf(parseHunks(HUNKS))).toEqual(expected);
    const file = parseFileDiff({ lines: ["diff --git a/c.yml b/c.yml", "--- a/c.yml", "+++ b/c.yml", ...HUNKS.split("\n")], startLine: 1 });
    expect(replacedOf(file!.lines)).toEqual(expected);
  });

  it("gives the same from two versions of a file (GitHub sent no patch)", () => {
    const before = 'db:\n  require_secure_transport: "ON"\n  port: 3306\ncache:\n  ttl: 60\n  size: 10\n';
    const after = 'db:\n  require_secure_transport: "OFF"\n  port: 3307\n  pool: 4\ncache:\n  ttl: 90\n  size: 10\n  tls: false\n';
    expect(replacedOf(diffTexts(before, after))).toEqual(expected);
  });

  it("keeps at most MAX_REPLACED removed lines of a run", () => {
    const run = new ChangeRun();
    for (let i = 0; i < MAX_REPLACED + 10; i++) run.remove(`old ${i}`);
    const added: DiffLine = { line: 1, text: "new", added: true };
    run.add(added);
    run.end();
    expect(added.replaced).toHaveLength(MAX_REPLACED);
    expect(added.replaced![0]).toBe("old 0");
  });
});

const PACK = `area: transmission-security
title: t
safeguard: "164.312(e)(1)"
description: t
rules:
  - id: tls-literal-off
    title: TLS off
    severity: error
    languages: [yaml]
    keywords: [tls]
    patterns: ['(?i)\\btls:\\s*(false)\\s*$']
    value_group: 1
    message: m
    remediation: r
    examples:
      bad: ['  tls: false']
      good: ['  tls: true']
  - id: tls-switched-off
    title: TLS switched off
    severity: error
    languages: [yaml]
    keywords: [ssl, tls, secure_transport]
    patterns: ['(?i)\\b[\\w.]*(?:ssl|tls|secure_transport)["'']?:\\s*["'']?(off|false)["'']?\\s*$']
    value_group: 1
    replaces: ['(?i)\\b[\\w.]*(?:ssl|tls|secure_transport)["'']?:\\s*["'']?(on|true)["'']?\\s*$']
    message: m
    remediation: r
    examples:
      bad: [{ path: c.yml, before: "ssl: on\\n", code: "ssl: off\\n" }]
      good: [{ path: c.yml, before: "ssl: off\\n", code: "ssl: on\\n" }]
`;

const scanChange = (before: string, after: string) => scanChangeWithPack(PACK, "config/db.yml", before, after);

describe("rules that fire on a switched value (`replaces`)", () => {
  it("fires where the same setting went from a safe value to a weak one", () => {
    expect(scanChange('db:\n  require_secure_transport: "ON"\n', 'db:\n  require_secure_transport: "OFF"\n')).toEqual(["2:tls-switched-off"]);
    // whitespace and quotes aside
    expect(scanChange("db:\n  ssl:   on\n", "db:\n  'ssl': off\n")).toEqual(["2:tls-switched-off"]);
  });

  it("stays quiet on a weak value merely added, on another setting switched, and on a fix", () => {
    expect(scanChange("db:\n  port: 1\n", "db:\n  port: 1\n  ssl: off\n")).toEqual([]);
    expect(scanChange("db:\n  ssl_session_cache: on\n", "db:\n  ssl: off\n")).toEqual([]);
    expect(scanChange("db:\n  ssl: off\n", "db:\n  ssl: on\n")).toEqual([]);
    // the removed line belongs to another run (a context line between them)
    expect(scanChange("db:\n  ssl: on\n  port: 1\n  user: a\n", "db:\n  port: 1\n  user: a\n  ssl: off\n")).toEqual([]);
  });

  it("is a fallback: quiet on a line another rule of its area already flags", () => {
    expect(scanChange("cache:\n  tls: true\n", "cache:\n  tls: false\n")).toEqual(["2:tls-literal-off"]);
  });

  it("is checked when the pack loads: line rules only, a value group, a bad example with `before`", () => {
    const rule = (extra: string, examples = `bad: [{ path: c.yml, before: "ssl: on\\n", code: "ssl: off\\n" }]\n      good: ['ssl: on']`) => `area: transmission-security
title: t
safeguard: "164.312(e)(1)"
rules:
  - id: r
    title: r
    severity: error
    languages: [yaml]
    patterns: ['ssl: (off)']
${extra}
    message: m
    remediation: r
    examples:
      ${examples}
`;
    expect(packErrors(rule("    value_group: 1\n    replaces: ['ssl: (on)']"))).toBe("");
    expect(packErrors(rule("    replaces: ['ssl: (on)']"))).toMatch(/`replaces` compares the text before the value: it needs a `value_group`/);
    expect(packErrors(rule("    value_group: 1\n    replaces: ['ssl: (on)']", "bad: ['ssl: off']\n      good: ['ssl: on']"))).toMatch(/its bad examples need a `before`/);
    expect(packErrors(rule("    value_group: 1"))).toMatch(/an example with `before` is only for a `replaces` or `scope: removed` rule/);
    expect(packErrors(rule("    value_group: 1\n    replaces: ['ssl: (on']"))).toMatch(/replaces/);
  });
});

describe("`replaces_in: file`: the lines the whole file's change removed", () => {
  const pack = PACK.replace("    value_group: 1\n    replaces:", "    value_group: 1\n    replaces_in: file\n    replaces:");
  const scanFile = (before: string, after: string) => scanChangeWithPack(pack, "config/db.yml", before, after);

  it("gives every added line of a file all the lines its change removed, from a patch and from two versions alike", () => {
    const removedOf = (lines: DiffLine[]) => lines.filter((l) => l.added).map((l) => [l.text.trim(), l.removedInFile ?? null]);
    const all = ['  require_secure_transport: "ON"', "  port: 3306", "  ttl: 60"];
    const expected = [['require_secure_transport: "OFF"', all], ["port: 3307", all], ["pool: 4", all], ["ttl: 90", all], ["tls: false", all]];
    expect(removedOf(parseHunks(HUNKS))).toEqual(expected);
    const before = 'db:\n  require_secure_transport: "ON"\n  port: 3306\ncache:\n  ttl: 60\n  size: 10\n';
    const after = 'db:\n  require_secure_transport: "OFF"\n  port: 3307\n  pool: 4\ncache:\n  ttl: 90\n  size: 10\n  tls: false\n';
    expect(removedOf(diffTexts(before, after))).toEqual(expected);
    // a file whose change removed nothing gives its added lines none
    expect(removedOf(diffTexts("a: 1\n", "a: 1\nb: 2\n"))).toEqual([["b: 2", null]]);
  });

  it("fires where the removed line is in another run of the file; a run-scoped rule does not", () => {
    const before = "db:\n  ssl: on\n  port: 1\n  user: a\n";
    const after = "db:\n  port: 1\n  user: a\n  ssl: off\n";
    expect(scanFile(before, after)).toEqual(["4:tls-switched-off"]);
    expect(scanChange(before, after)).toEqual([]);
    // nothing removed, or a fix, still quiet
    expect(scanFile("db:\n  port: 1\n", "db:\n  port: 1\n  ssl: off\n")).toEqual([]);
    expect(scanFile("db:\n  ssl: off\n", "db:\n  ssl: on\n")).toEqual([]);
  });

  it("is checked when the pack loads: it needs `replaces`", () => {
    const withoutReplaces = PACK.replace(/    replaces: \[.*\]\n/, "    replaces_in: file\n");
    expect(packErrors(withoutReplaces)).toMatch(/`replaces_in` says where `replaces` looks: it needs `replaces`/);
  });
});
