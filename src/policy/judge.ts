/**
 * Every decision the policy makes about rules and findings, in one place: which rules run at all (area switches
 * and rule settings), which paths they read (include/exclude, with the organisation's locked rules reading even
 * excluded paths), and the severity a finding takes at its path (per-path overrides, then PHI paths one level up;
 * a finding already in the base revision is a note). The engine asks through `ScanPolicy`; nothing else re-grades
 * a finding.
 */
import type { ScanPolicy } from "../engine/scan.js";
import type { CompiledRule } from "../engine/rules/compile.js";
import { Ruleset } from "../engine/rules/ruleset.js";
import { inPathClass } from "../engine/files/paths.js";
import { SEVERITY_RANK, type Finding, type Severity } from "../engine/types.js";
import type { Policy, RuleSetting } from "./config.js";

const RAISE: Record<Severity, Severity> = { note: "warning", warning: "error", error: "error" };

export class Judge implements ScanPolicy {
  /** Rules that run on paths in scope; the organisation's locked ones alone run on excluded paths. */
  private readonly inScope: Ruleset;
  private readonly lockedOnly?: Ruleset;
  /** What a rule's finding in a test or fixture file becomes (its `in_tests`), by rule id. */
  private readonly inTests = new Map<string, "off" | Severity>();

  constructor(readonly policy: Policy, rules: CompiledRule[], private readonly policyFiles: ReadonlySet<string> = new Set()) {
    for (const r of rules) if (r.inTests) this.inTests.set(r.id, r.inTests);
    const active = rules.filter((r) => this.runs(r.id, r.area)).map((r) => this.graded(r));
    this.inScope = new Ruleset(active);
    const locked = active.filter((r) => policy.locked.has(r.id));
    if (locked.length > 0) this.lockedOnly = new Ruleset(locked);
  }

  get thresholds() {
    return this.policy.thresholds;
  }

  /** The active rules (after area switches and rule settings), for the rule list of reports. */
  get ruleset(): Ruleset {
    return this.inScope;
  }

  rulesFor(path: string): Ruleset | undefined {
    return this.pathInScope(path) ? this.inScope : this.lockedOnly;
  }

  judge(f: Finding): Severity | "off" {
    const locked = this.policy.locked.has(f.ruleId);
    if (!locked && !this.policyFiles.has(f.path) && !this.pathInScope(f.path)) return "off";
    if (!this.runs(f.ruleId, f.area)) return "off";
    let severity = this.severityAt(f.ruleId, f.area, f.path, this.setting(f.ruleId) ?? f.severity);
    // In a test or fixture file a rule's `in_tests` has the last word: synthetic data never blocks.
    const inTests = this.inTests.get(f.ruleId);
    if (severity !== "off" && inTests && inPathClass(f.path, "tests")) {
      if (inTests === "off") return "off";
      if (SEVERITY_RANK[inTests] < SEVERITY_RANK[severity]) severity = inTests;
    }
    // A resource that was weak before the change and that the change only touched: reported, never blocking.
    return f.inBase && severity !== "off" ? "note" : severity;
  }

  whyOutOfScope(path: string): string | undefined {
    const { policy } = this;
    if (policy.exclude.some((g) => g.match(path))) return "excluded by paths.exclude";
    if (policy.skipVendored && inPathClass(path, "vendored")) return "vendored, generated or minified code (set paths.vendored: scan in .hipaa.yml to scan it)";
    if (policy.include && !policy.include.some((g) => g.match(path))) return "outside paths.include";
    return undefined;
  }

  pathInScope(path: string): boolean {
    const { policy } = this;
    if (policy.exclude.some((g) => g.match(path))) return false;
    if (policy.skipVendored && inPathClass(path, "vendored")) return false;
    return !policy.include || policy.include.some((g) => g.match(path));
  }

  /** Whether a rule runs at all: not turned off, and not in an area turned off (unless set or locked). */
  private runs(ruleId: string, area: string): boolean {
    const override = this.policy.ruleOverrides.get(ruleId);
    const locked = this.policy.locked.has(ruleId);
    if (override === "off" && !locked) return false;
    return !(this.policy.areasOff.has(area) && !override && !locked);
  }

  /** The repository-wide severity the policy sets for a rule, if any. */
  private setting(ruleId: string): Severity | undefined {
    const override = this.policy.ruleOverrides.get(ruleId);
    return override && override !== "off" ? override : undefined;
  }

  private graded(rule: CompiledRule): CompiledRule {
    const severity = this.setting(rule.id);
    return severity ? { ...rule, severity } : rule;
  }

  /**
   * The severity a finding of `ruleId` in `area` takes at `path` after per-path overrides (last match wins) and
   * PHI paths (one level up); "off" when an override turns it off there. Locked rules are never turned off or
   * lowered here (parseConfig already refused such overrides).
   */
  severityAt(ruleId: string, area: string, path: string, severity: Severity): RuleSetting {
    const { policy } = this;
    let result: RuleSetting = severity;
    for (const o of policy.overrides) {
      if (!o.globs.some((g) => g.match(path))) continue;
      const areaSwitch = o.areas.get(area);
      if (areaSwitch === "off" && !policy.locked.has(ruleId)) result = "off";
      else if (areaSwitch === "on" && result === "off") result = severity;
      const rule = o.rules.get(ruleId);
      if (rule) result = rule;
    }
    if (result !== "off" && policy.phiPaths.some((g) => g.match(path))) result = RAISE[result];
    return result;
  }
}
