// Scans one file with a rule pack written in a test (its YAML text): the line numbers of its findings, every line
// added (or, scanChangeWithPack, the file changed from a version before). The pack must load without errors.
import { expect } from "vitest";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { diffTexts } from "../../src/engine/diff/diff-texts.js";
import { DEFAULT_THRESHOLDS, type FileDiff, type Finding } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";

export function scanWithPack(pack: string, path: string, text: string, withContent = true): number[] {
  return findingsWithPack(pack, path, text, withContent).map((f) => f.line);
}

/** The findings of one file, every line added, scanned with a pack written in a test. */
export function findingsWithPack(pack: string, path: string, text: string, withContent = true): Finding[] {
  const file: FileDiff = { path, status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
  return evaluateWithPack(pack, file, withContent ? text : undefined);
}

/** Scans the change of one file from `before` to `after` (the diff's lines, as a platform gives them): `line:rule` per finding. */
export function scanChangeWithPack(pack: string, path: string, before: string, after: string): string[] {
  const file: FileDiff = { path, status: "modified", binary: false, lines: diffTexts(before, after) };
  return evaluateWithPack(pack, file, after).map((f) => `${f.line}:${f.ruleId}`);
}

function evaluateWithPack(pack: string, file: FileDiff, content: string | undefined): Finding[] {
  const loaded = loadRulePacks([{ file: "rules/t.yml", text: pack }]);
  expect(loaded.errors.map(formatError)).toEqual([]);
  return evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), file, content, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-04" }).findings;
}

/** The pack's load errors, one per line ("" when it loads). */
export function packErrors(pack: string): string {
  return loadRulePacks([{ file: "rules/t.yml", text: pack }]).errors.map(formatError).join("\n");
}
