// Scans one file with a rule pack written in a test (its YAML text): the line numbers of its findings, every line
// added. The pack must load without errors.
import { expect } from "vitest";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";

export function scanWithPack(pack: string, path: string, text: string, withContent = true): number[] {
  const loaded = loadRulePacks([{ file: "rules/t.yml", text: pack }]);
  expect(loaded.errors.map(formatError)).toEqual([]);
  const file: FileDiff = { path, status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
  return evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), file, withContent ? text : undefined, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-04" }).findings.map((f) => f.line);
}

/** The pack's load errors, one per line ("" when it loads). */
export function packErrors(pack: string): string {
  return loadRulePacks([{ file: "rules/t.yml", text: pack }]).errors.map(formatError).join("\n");
}
