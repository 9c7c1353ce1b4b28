import { describe, expect, it } from "vitest";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { compilePattern } from "../../src/engine/matchers/pattern.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";

const PACK = `
area: transmission-security
title: Test pack
safeguard: "164.312(e)(1)"
rules:
  - id: tls-off
    title: TLS verification off
    severity: error
    languages: [javascript]
    keywords: [rejectunauthorized]
    patterns: ['rejectUnauthorized\\s*:\\s*false']
    unless: ['NODE_ENV\\s*===\\s*.test']
    message: TLS verification is off.
    remediation: Turn it on.
    examples: { bad: ['x({ rejectUnauthorized: false })'], good: ['x({ rejectUnauthorized: true })'] }
  - id: ssn-in-change
    title: SSN
    safeguard: "164.502(a)"
    severity: error
    patterns: ['\\b\\d{3}-\\d{2}-\\d{4}\\b']
    validate: ssn
    sensitive: true
    in_comments: true
    message: "An SSN ({{value}}) is committed."
    remediation: Use synthetic data.
    examples:
      bad: [{ path: a.csv, code: "536-22-7731" }]
      good: [{ path: a.csv, code: "123-45-6789" }]
  - id: cors-credentials
    title: Wildcard CORS with credentials
    severity: error
    languages: [javascript]
    keywords: [origin]
    patterns: ["origin:\\\\s*['\\"]\\\\*['\\"]"]
    near: { patterns: ['credentials:\\s*true'], within: 3 }
    message: Wildcard origin with credentials.
    remediation: List origins.
    examples: { bad: ["cors({ origin: '*',\\n  credentials: true })"], good: ["cors({ origin: '*' })"] }
  - id: rds-unencrypted
    title: RDS without encryption
    severity: error
    languages: [terraform]
    scope: block
    block: { kind: terraform-resource, types: [aws_db_instance], missing: ['storage_encrypted\\s*=\\s*true'], anchor: 'storage_encrypted' }
    message: Unencrypted RDS.
    remediation: Set storage_encrypted = true.
    examples: { bad: ['resource "aws_db_instance" "x" {\\n}'], good: ['resource "aws_db_instance" "x" {\\n  storage_encrypted = true\\n}'] }
`;

function ruleset(): Ruleset {
  const loaded = loadRulePacks([{ file: "rules/test.yml", text: PACK }]);
  expect(loaded.errors.map(formatError)).toEqual([]);
  return new Ruleset(loaded.rules.map((r) => compileRule(r)));
}

function file(path: string, lines: [string, boolean][], startLine = 1): FileDiff {
  return { path, status: "modified", binary: false, lines: lines.map(([text, added], i) => ({ line: startLine + i, text, added })) };
}

const ctx = { thresholds: DEFAULT_THRESHOLDS, today: "2026-11-22" };

describe("evaluateFile", () => {
  it("reports added lines only, with the citation", () => {
    const result = evaluateFile(ruleset(), file("src/a.js", [["x({ rejectUnauthorized: false })", false], ["y({ rejectUnauthorized: false })", true]], 10), undefined, ctx);
    expect(result.findings.map((f) => [f.ruleId, f.line, f.safeguard])).toEqual([["tls-off", 11, "164.312(e)(1)"]]);
  });

  it("skips whole-line comments unless the rule reads them, and honours unless", () => {
    const f = file("src/a.js", [["// rejectUnauthorized: false", true], ["if (NODE_ENV === 'test') opts = { rejectUnauthorized: false }", true], ["// 536-22-7731", true]]);
    expect(evaluateFile(ruleset(), f, undefined, ctx).findings.map((x) => [x.ruleId, x.line])).toEqual([["ssn-in-change", 3]]);
  });

  it("masks sensitive values in the message, the snippet and the fingerprint input", () => {
    const [finding] = evaluateFile(ruleset(), file("data/p.csv", [["Jane,536-22-7731,Boston", true]]), undefined, ctx).findings;
    expect(finding!.message).toBe("An SSN (***-**-7731) is committed.");
    expect(finding!.snippet).toBe("Jane,***-**-7731,Boston");
    expect(JSON.stringify(finding)).not.toContain("536-22");
  });

  it("tries later matches when the first fails validation", () => {
    const findings = evaluateFile(ruleset(), file("d.txt", [["test 123-45-6789 real 536-22-7731", true]]), undefined, ctx).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("***-**-7731");
  });

  it("requires `near` context within the window", () => {
    const rs = ruleset();
    const ok = file("s.js", [["app.use(cors({ origin: '*',", true], ["  maxAge: 600,", false], ["  credentials: true }))", true]]);
    expect(evaluateFile(rs, ok, undefined, ctx).findings.map((f) => f.ruleId)).toEqual(["cors-credentials"]);
    const far = file("s.js", [["app.use(cors({ origin: '*' }))", true], ...Array.from({ length: 5 }, () => ["//", false] as [string, boolean]), ["credentials: true", true]]);
    expect(evaluateFile(rs, far, undefined, ctx).findings).toEqual([]);
  });

  it("evaluates whole Terraform resources when a line of the block changed", () => {
    const content = 'resource "aws_db_instance" "a" {\n  engine = "postgres"\n}\n\nresource "aws_db_instance" "b" {\n  engine = "postgres"\n  storage_encrypted = false\n}\n';
    const touched = file("infra/db.tf", [["  engine = \"postgres\"", true], ["  storage_encrypted = false", true]], 6);
    const findings = evaluateFile(ruleset(), touched, content, ctx).findings;
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([["rds-unencrypted", 7]]); // anchored on the attribute; block "a" untouched
    const missing = evaluateFile(ruleset(), { ...touched, lines: [{ line: 2, text: '  engine = "postgres"', added: true }] }, content, ctx).findings;
    expect(missing.map((f) => f.line)).toEqual([2]);
    // The anchor line itself unchanged: the finding stays on a changed line (GitHub can only comment there).
    const besideAnchor = evaluateFile(ruleset(), { ...touched, lines: [{ line: 6, text: '  engine = "postgres"', added: true }] }, content, ctx).findings;
    expect(besideAnchor.map((f) => f.line)).toEqual([6]);
  });

  it("`near.side` limits the window to the lines above (a parent key) or below", () => {
    const sided = (side: string) => {
      const loaded = loadRulePacks([{ file: "rules/s.yml", text: PACK.replace("within: 3 }", `within: 3, side: ${side} }`) }]);
      expect(loaded.errors.map(formatError)).toEqual([]);
      return new Ruleset(loaded.rules.map((r) => compileRule(r)));
    };
    const below = file("s.js", [["app.use(cors({ origin: '*',", true], ["  credentials: true }))", true]]);
    const above = file("s.js", [["const opts = { credentials: true };", true], ["app.use(cors({ origin: '*' }))", true]]);
    const ids = (rs: Ruleset, f: FileDiff) => evaluateFile(rs, f, undefined, ctx).findings.map((x) => x.line);
    expect([ids(sided("above"), below), ids(sided("above"), above)]).toEqual([[], [2]]);
    expect([ids(sided("below"), below), ids(sided("below"), above)]).toEqual([[1], []]);
    expect([ids(sided("both"), below), ids(sided("both"), above)]).toEqual([[1], [2]]);
  });

  it("`unless_near` keeps a rule quiet when the remedy is nearby", () => {
    const loaded = loadRulePacks([{ file: "rules/u.yml", text: PACK.replace("near: { patterns: ['credentials:\\s*true'], within: 3 }", "unless_near: { patterns: ['allowlist'], within: 2, side: below }").replace("examples: { bad: [\"cors({ origin: '*',\\n  credentials: true })\"], good: [\"cors({ origin: '*' })\"] }", "examples: { bad: [\"cors({ origin: '*' })\"], good: [\"cors({ origin: '*',\\n  allowlist })\"] }") }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const rs = new Ruleset(loaded.rules.map((r) => compileRule(r)));
    const ids = (lines: [string, boolean][]) => evaluateFile(rs, file("s.js", lines), undefined, ctx).findings.filter((f) => f.ruleId === "cors-credentials").map((f) => f.line);
    expect(ids([["app.use(cors({ origin: '*' }))", true], ["x()", true]])).toEqual([1]);
    expect(ids([["app.use(cors({ origin: '*',", true], ["  allowlist }))", true]])).toEqual([]);
    // `side: below`: the remedy above does not count.
    expect(ids([["// allowlist", true], ["app.use(cors({ origin: '*' }))", true]])).toEqual([2]);
  });

  it("asks for the whole head file when a `near` window wider than the diff's context finds nothing in the diff", () => {
    const wide = loadRulePacks([{ file: "rules/w.yml", text: PACK.replace("within: 3", "within: 20") }]);
    const rs = new Ruleset(wide.rules.map((r) => compileRule(r)));
    // Not read up front: only when a candidate's window reaches past the diff's lines.
    expect(rs.needsContent(file("src/cors.js", [["app.use(cors({ origin: '*',", true]]))).toBe(false);
    // The credentials line is 10 lines below, outside the hunk: found in the head file.
    const content = ["app.use(cors({ origin: '*',", ...Array.from({ length: 9 }, () => "  // ..."), "  credentials: true }))"].join("\n");
    const hunk = file("src/cors.js", [["app.use(cors({ origin: '*',", true], ["  // ...", false]]);
    expect(evaluateFile(rs, hunk, content, ctx).findings.map((f) => [f.ruleId, f.line])).toEqual([["cors-credentials", 1]]);
    const withoutFile = evaluateFile(rs, hunk, undefined, ctx);
    expect(withoutFile.findings).toEqual([]);
    expect(withoutFile.wantsContent).toBe(true);
    // A line no wide-window rule matches never asks for the file.
    expect(evaluateFile(rs, file("src/cors.js", [["const x = 1;", true]]), undefined, ctx).wantsContent).toBeUndefined();
  });

  it("says so when a whole-resource rule could not read the file", () => {
    const result = evaluateFile(ruleset(), file("infra/db.tf", [['resource "aws_db_instance" "a" {', true]]), undefined, ctx);
    expect(result.notices[0]!.message).toMatch(/could not be read/);
  });
});

describe("inline waivers", () => {
  it("a waiver with a reason waives and keeps an audit record; one the change adds is only proposed", () => {
    const existing = file("src/a.js", [["// hipaa-review-ignore tls-off: internal mTLS sidecar terminates TLS", false], ["x({ rejectUnauthorized: false })", true]]);
    const [kept] = evaluateFile(ruleset(), existing, undefined, ctx).findings;
    expect(kept!.waiver).toEqual({ kind: "inline", reason: "internal mTLS sidecar terminates TLS", line: 1, added: false, status: "accepted" });
    const f = file("src/a.js", [["// hipaa-review-ignore tls-off: internal mTLS sidecar terminates TLS", true], ["x({ rejectUnauthorized: false })", true]]);
    const [finding] = evaluateFile(ruleset(), f, undefined, ctx).findings;
    expect(finding!.waiver).toEqual({ kind: "inline", reason: "internal mTLS sidecar terminates TLS", line: 1, added: true, status: "proposed" });
  });

  it("does not waive without a reason, and reports the waiver", () => {
    const f = file("src/a.js", [["x({ rejectUnauthorized: false }) // hipaa-review-ignore tls-off", true]]);
    const findings = evaluateFile(ruleset(), f, undefined, ctx).findings;
    expect(findings.map((x) => [x.ruleId, !!x.waiver])).toEqual([["waiver-without-reason", false], ["tls-off", false]]);
  });

  it("stops waiving after `until` and says so", () => {
    const f = file("src/a.js", [["// hipaa-review-ignore tls-off: vendor fix pending until 2026-10-01", true], ["x({ rejectUnauthorized: false })", true]]);
    const [finding] = evaluateFile(ruleset(), f, undefined, ctx).findings;
    expect(finding!.waiver).toBeUndefined();
    expect(finding!.message).toMatch(/expired on 2026-10-01/);
    const live = evaluateFile(ruleset(), f, undefined, { ...ctx, today: "2026-09-30" }).findings[0]!;
    expect(live.waiver?.until).toBe("2026-10-01");
  });

  it("reports a waiver that matches nothing", () => {
    const f = file("src/a.js", [["// hipaa-review-ignore tls-of: typo in the id", true], ["x({ rejectUnauthorized: false })", true]]);
    expect(evaluateFile(ruleset(), f, undefined, ctx).findings.map((x) => x.ruleId).sort()).toEqual(["tls-off", "waiver-unused"]);
  });
});

describe("rule pack validation", () => {
  it("names file, line and key for unknown keys, with a suggestion", () => {
    const text = PACK.replace("    keywords: [rejectunauthorized]", "    keyword: [rejectunauthorized]");
    const { errors } = loadRulePacks([{ file: "rules/test.yml", text }]);
    expect(errors.map(formatError)).toContain('rules/test.yml:10:5: rules[0].keyword: unknown key "keyword"; did you mean "keywords"?');
  });

  it("reports YAML syntax errors with their position", () => {
    const { errors } = loadRulePacks([{ file: "r.yml", text: "area: integrity\nrules: [\n  - id: x\n" }]);
    expect(errors[0]).toMatchObject({ file: "r.yml", line: expect.any(Number) });
    expect(errors[0]!.message).toMatch(/^YAML syntax error/);
  });

  it("rejects bad enum values and duplicate ids", () => {
    const text = PACK.replace("    severity: error\n    languages: [javascript]\n    keywords: [rejectunauthorized]", "    severity: critical\n    languages: [javascript]\n    keywords: [rejectunauthorized]");
    const dup = loadRulePacks([{ file: "a.yml", text: PACK }, { file: "b.yml", text: PACK }]).errors.map(formatError);
    expect(loadRulePacks([{ file: "a.yml", text }]).errors.map(formatError)[0]).toMatch(/^a\.yml:8:15: rules\[0\]\.severity: must be one of: "error", "warning", "note"$/);
    expect(dup.some((e) => e.startsWith("b.yml:") && e.includes('duplicate rule id "tls-off" (first defined in a.yml)'))).toBe(true);
  });

  it("runs every pattern, the default pack's too, on the linear engine, and rejects look-around", () => {
    // A nested quantifier backtracks exponentially on V8; every pattern runs on re2js, so it loads and answers at once.
    const nested = PACK.replace("patterns: ['rejectUnauthorized\\s*:\\s*false']", "patterns: ['(a+)+b']");
    const loaded = loadRulePacks([{ file: "n.yml", text: nested }]);
    expect(loaded.errors).toEqual([]);
    const rule = compileRule(loaded.rules[0]!);
    const started = performance.now();
    expect(rule.patterns[0]!.test("a".repeat(50_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    const look = PACK.replace("patterns: ['rejectUnauthorized\\s*:\\s*false']", "patterns: ['foo(?!bar)']");
    expect(loadRulePacks([{ file: "l.yml", text: look }]).errors.map(formatError).join("\n")).toMatch(/not RE2 syntax/);
  });
});

describe("pattern safety", () => {
  it("runs a pathological user pattern in linear time", () => {
    // (a+)+$ on V8's backtracking engine takes exponential time on this input; re2js answers at once.
    const p = compilePattern("(a+)+$");
    const input = "a".repeat(50_000) + "!";
    expect(p.test(input)).toBe(false);
    expect(p.find(input, 0, () => true)).toBeUndefined();
  });
});

describe("runScan reads head files only when a rule needs them", () => {
  it("a wide `near` window reads the file only for a candidate the diff cannot settle", async () => {
    const { runScan } = await import("../../src/engine/scan.js");
    const { patchSource } = await import("../../src/platforms/local/patch-source.js");
    const { defaultPolicy } = await import("../../src/policy/config.js");
    const { Judge } = await import("../../src/policy/judge.js");
    const loaded = loadRulePacks([{ file: "rules/w.yml", text: PACK.replace("within: 3", "within: 20") }]);
    const rs = new Ruleset(loaded.rules.map((r) => compileRule(r)));
    const head: Record<string, string> = {
      "src/cors.js": ["app.use(cors({ origin: '*',", ...Array.from({ length: 9 }, () => "  // ..."), "  credentials: true }))"].join("\n"),
      "src/plain.js": "const x = 1;",
    };
    const diff = [
      "diff --git a/src/cors.js b/src/cors.js", "--- a/src/cors.js", "+++ b/src/cors.js", "@@ -1,1 +1,1 @@", "-app.use(cors({ origin: 'self',", "+app.use(cors({ origin: '*',",
      "diff --git a/src/plain.js b/src/plain.js", "--- a/src/plain.js", "+++ b/src/plain.js", "@@ -1,1 +1,1 @@", "-const x = 0;", "+const x = 1;",
    ].join("\n") + "\n";
    const reads: string[] = [];
    const source = patchSource([diff], async (p) => { reads.push(p); return head[p]; });
    const report = await runScan({ source, policy: new Judge(defaultPolicy("test"), rs.rules), today: "2026-11-22" });
    expect(reads).toEqual(["src/cors.js"]);
    expect(report.findings.map((f) => `${f.ruleId}:${f.path}:${f.line}`)).toEqual(["cors-credentials:src/cors.js:1"]);
  });

  it("never asks the source for a new file: its diff holds all of it (whole-resource rules read it from there)", async () => {
    const { runScan } = await import("../../src/engine/scan.js");
    const { patchSource } = await import("../../src/platforms/local/patch-source.js");
    const { defaultPolicy } = await import("../../src/policy/config.js");
    const { Judge } = await import("../../src/policy/judge.js");
    const { loadDefaultRules } = await import("../../src/defaults/rules.js");
    const rules = loadDefaultRules().rules.map((r) => compileRule(r));
    const lines = ['resource "aws_db_instance" "records" {', '  engine            = "postgres"', '  storage_encrypted = false', "}"];
    const diff = ["diff --git a/infra/main.tf b/infra/main.tf", "new file mode 100644", "--- /dev/null", "+++ b/infra/main.tf", `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n") + "\n";
    const scan = async (readHead: (p: string) => Promise<string | undefined>) =>
      (await runScan({ source: patchSource([diff], readHead), policy: new Judge(defaultPolicy("test"), rules), today: "2026-11-22" })).findings.map((f) => `${f.ruleId}:${f.line}`);
    const reads: string[] = [];
    const found = await scan(async (p) => { reads.push(p); return undefined; });
    expect(reads).toEqual([]);
    expect(found.length).toBeGreaterThan(0);
    // The same findings as from the file read whole.
    expect(found).toEqual(await scan(async () => lines.join("\n") + "\n"));
  });
});

