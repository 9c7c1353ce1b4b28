// A resource that was already weak in the base revision and that the change only touches is a note ("already in
// the base revision"), not a blocker: the engine compares each block finding with the same resource (type and
// name) in the base version of the file, read only for files where a whole-resource rule fired.
import { describe, expect, it } from "vitest";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { runScan, type ChangeSource, type ScanPolicy } from "../../src/engine/scan.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";
import { fakeReview } from "../review/fake-platform.js";

const PACK = `
area: encryption-at-rest
title: Test pack
safeguard: "164.312(a)(2)(iv)"
rules:
  - id: kms-rotation
    title: KMS key without rotation
    severity: error
    languages: [terraform]
    scope: block
    block: { kind: terraform-resource, types: [aws_kms_key], missing: ['enable_key_rotation\\s*=\\s*true'], anchor: 'enable_key_rotation' }
    message: Rotation is off.
    remediation: Turn it on.
    examples: { bad: ['resource "aws_kms_key" "k" {\\n}'], good: ['resource "aws_kms_key" "k" {\\n  enable_key_rotation = true\\n}'] }
`;

function packs() {
  const loaded = loadRulePacks([{ file: "rules/test.yml", text: PACK }]);
  expect(loaded.errors.map(formatError)).toEqual([]);
  return loaded;
}
const ruleset = () => new Ruleset(packs().rules.map((r) => compileRule(r)));
const ctx = { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-01" };

const BASE = ['resource "aws_kms_key" "imaging" {', '  description         = "PACS"', "  enable_key_rotation = false", "  tags = {", '    Name = "pacs"', "  }", "}", ""].join("\n");
const TOUCHED = BASE.replace('    Name = "pacs"', '    Name = "pacs"\n    team = "radiology"');

/** The file as a diff of `after` against `before`, by line: a line is added when `before` does not have it there. */
function modified(path: string, before: string, after: string, oldPath?: string): FileDiff {
  const old = before.split("\n");
  const lines = after.split("\n").map((text, i) => ({ line: i + 1, text, added: !old.includes(text) }));
  return { path, ...(oldPath ? { oldPath } : {}), status: oldPath ? "renamed" : "modified", binary: false, lines };
}

describe("a whole-resource finding compared with the base revision", () => {
  it("asks for the base when a block rule fires on a file that existed before", () => {
    const result = evaluateFile(ruleset(), modified("infra/kms.tf", BASE, TOUCHED), TOUCHED, ctx);
    expect(result.wantsBase).toBe(true);
    expect(result.findings.map((f) => f.inBase)).toEqual([undefined]);
  });

  it("marks the finding `inBase` when the same resource was already weak there, and says so", () => {
    const [finding] = evaluateFile(ruleset(), modified("infra/kms.tf", BASE, TOUCHED), TOUCHED, ctx, { base: BASE }).findings;
    expect(finding).toMatchObject({ ruleId: "kms-rotation", line: 6, inBase: true });
    expect(finding!.message).toMatch(/Already in the base revision/);
  });

  it("keeps it a finding of the change when the change made the resource weak, added it or renamed it", () => {
    const good = BASE.replace("false", "true");
    const weakened = modified("infra/kms.tf", good, BASE);
    expect(evaluateFile(ruleset(), weakened, BASE, ctx, { base: good }).findings.map((f) => [f.line, f.inBase])).toEqual([[3, undefined]]);
    const renamed = TOUCHED.replace('"imaging"', '"imaging_v2"');
    expect(evaluateFile(ruleset(), modified("infra/kms.tf", BASE, renamed), renamed, ctx, { base: BASE }).findings.map((f) => f.inBase)).toEqual([undefined]);
    // a file with no base version (""): every resource is new
    expect(evaluateFile(ruleset(), modified("infra/kms.tf", BASE, TOUCHED), TOUCHED, ctx, { base: "" }).findings.map((f) => f.inBase)).toEqual([undefined]);
  });

  it("never asks for the base of an added or copied file: its resources are new deployments", () => {
    const file: FileDiff = { path: "infra/new.tf", status: "added", binary: false, lines: BASE.split("\n").map((text, i) => ({ line: i + 1, text, added: true })) };
    expect(evaluateFile(ruleset(), file, BASE, ctx).wantsBase).toBeUndefined();
    const copy: FileDiff = { ...modified("infra/copy.tf", BASE, TOUCHED), status: "copied", oldPath: "infra/kms.tf" };
    expect(evaluateFile(ruleset(), copy, TOUCHED, ctx).wantsBase).toBeUndefined();
  });
});

describe("the scan reads the base only where a whole-resource rule fired", () => {
  it("reads the base of that file (at its old path when renamed), and of no other", async () => {
    const heads: Record<string, string> = { "infra/kms.tf": TOUCHED, "infra/moved.tf": TOUCHED, "infra/vars.tf": 'variable "x" {}\n' };
    const files: FileDiff[] = [
      modified("infra/kms.tf", BASE, TOUCHED),
      modified("infra/moved.tf", BASE, TOUCHED, "infra/old.tf"),
      modified("infra/vars.tf", "", heads["infra/vars.tf"]!),
      { path: "infra/new.tf", status: "added", binary: false, lines: BASE.split("\n").map((text, i) => ({ line: i + 1, text, added: true })) },
    ];
    const baseReads: string[] = [];
    const source: ChangeSource = {
      async *files() {
        yield* files;
      },
      readHead: async (path) => heads[path] ?? BASE,
      readBase: async (path) => {
        baseReads.push(path);
        return BASE;
      },
    };
    const rules = ruleset();
    const policy: ScanPolicy = { thresholds: DEFAULT_THRESHOLDS, rulesFor: () => rules, judge: (f) => f.severity };
    const { findings } = await runScan({ source, policy, today: ctx.today });
    expect(baseReads).toEqual(["infra/kms.tf", "infra/old.tf"]);
    expect(findings.map((f) => [f.path, !!f.inBase])).toEqual([["infra/kms.tf", true], ["infra/moved.tf", true], ["infra/new.tf", false]]);
  });

  it("without the capability (a plain diff) the finding stays a finding of the change: fail closed", async () => {
    const source: ChangeSource = {
      async *files() {
        yield modified("infra/kms.tf", BASE, TOUCHED);
      },
      readHead: async () => TOUCHED,
    };
    const rules = ruleset();
    const { findings } = await runScan({ source, policy: { thresholds: DEFAULT_THRESHOLDS, rulesFor: () => rules, judge: (f) => f.severity }, today: ctx.today });
    expect(findings.map((f) => [f.severity, f.inBase])).toEqual([["error", undefined]]);
  });
});

describe("the policy's weight for a finding already in the base revision", () => {
  const diff = [
    "diff --git a/infra/kms.tf b/infra/kms.tf",
    "--- a/infra/kms.tf",
    "+++ b/infra/kms.tf",
    "@@ -5,2 +5,3 @@",
    '     Name = "pacs"',
    '+    team = "radiology"',
    "   }",
    "",
  ].join("\n");

  it("is a note that never blocks, even where PHI paths and rule settings raise it", async () => {
    const report = await fakeReview({
      packs: packs(),
      today: ctx.today,
      diff,
      head: { "infra/kms.tf": TOUCHED },
      base: { "infra/kms.tf": BASE, ".hipaa.yml": "phi_paths: ['infra/**']\nrules:\n  kms-rotation: error\n" },
    });
    expect(report.findings.map((f) => [f.ruleId, f.line, f.severity, f.inBase])).toEqual([["kms-rotation", 6, "note", true]]);
  });
});

describe("a limit the change tightens that is still past its threshold", () => {
  const rules = new Ruleset(loadDefaultRules().rules.filter((r) => r.spec.id === "session-absolute-lifetime-long").map((r) => compileRule(r)));
  const devise = (before: string, after: string): FileDiff => ({
    path: "config/initializers/devise.rb",
    status: "modified",
    binary: false,
    lines: [
      { line: 1, text: "Devise.setup do |config|", added: false },
      { line: 2, text: `  config.remember_for = ${after}`, added: true, replaced: [`  config.remember_for = ${before}`] },
      { line: 3, text: "end", added: false },
    ],
  });
  const judged = (before: string, after: string) => evaluateFile(rules, devise(before, after), "", ctx).findings.map((f) => ({ line: f.line, inBase: f.inBase ?? false }));

  it("is a note when the base already set the same setting past it, at least as far", () => {
    expect(judged("2.weeks", "1.week")).toEqual([{ line: 2, inBase: true }]);
    expect(judged("1.week", "1.week")).toEqual([{ line: 2, inBase: true }]);
  });

  it("is the change's own when it loosens the limit, or moves it past the threshold", () => {
    expect(judged("1.week", "1.month")).toEqual([{ line: 2, inBase: false }]);
    expect(judged("8.hours", "1.week")).toEqual([{ line: 2, inBase: false }]);
  });
});
