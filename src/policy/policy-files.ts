/**
 * Findings about the policy itself: a change that edits a policy file (judged by the base's policy all the same),
 * and a setting the policy refused (a repository weakening what its organisation locked). The policy cannot turn
 * these off or re-grade them.
 */
import { fingerprintOf } from "../engine/findings/fingerprint.js";
import type { FileDiff, Finding, Plugin } from "../engine/types.js";
import type { PolicyViolation } from "./config.js";

/** Reports each change to one of `paths` (read from the base): the new policy applies only after merging. */
export function policyFilesPlugin(paths: readonly string[], policySource: string): Plugin {
  const watched = new Set(paths);
  return {
    id: "policy-files",
    judged: false,
    start: () => ({
      file: (file) => (watched.has(file.path) || (file.oldPath !== undefined && watched.has(file.oldPath)) ? [policyChangeFinding(file, policySource)] : []),
      finish: async () => ({ findings: [], notices: [] }),
    }),
  };
}

function policyChangeFinding(file: FileDiff, policySource: string): Finding {
  const line = file.lines.find((l) => l.added)?.line ?? 1;
  return {
    ruleId: "policy-file-changed",
    title: "Change to a policy file",
    area: "policy",
    safeguard: "164.316(b)(1)",
    severity: "warning",
    path: file.path,
    line,
    message: `This change edits ${file.path}. It was judged under the policy of the base revision (${policySource}); the new policy applies only after it is merged, and its edits deserve a reviewer's eye.`,
    remediation: "Have a maintainer review the policy change on its own merits; it takes effect for changes based on it after merging.",
    references: [],
    fingerprint: fingerprintOf({ ruleId: "policy-file-changed", path: file.path, maskedLine: "", occurrence: 0 }),
  };
}

/** A setting the policy refused, anchored on its line. */
export function violationFinding(v: PolicyViolation): Finding {
  const path = v.path ?? v.file;
  return {
    ruleId: "policy-setting-refused",
    title: "Policy setting refused",
    area: "policy",
    safeguard: "164.316(a)",
    severity: "warning",
    path,
    line: v.line,
    message: `${v.key}: ${v.message}.`,
    remediation: "Remove the setting, or ask the organisation's administrators to change the organisation policy.",
    references: [],
    fingerprint: fingerprintOf({ ruleId: "policy-setting-refused", path, maskedLine: `${v.key} ${v.message}`, occurrence: 0 }),
  };
}
