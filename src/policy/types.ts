/** The policy's types: `.hipaa.yml` as written (ConfigSpec) and as the judge reads it (Policy). */
import type { RuleSpec, SourcedRule } from "../engine/rules/spec.js";
import type { Glob } from "../engine/rules/compile.js";
import { DEFAULT_THRESHOLDS, type Severity, type Thresholds } from "../engine/types.js";

export const CONFIG_FILE = ".hipaa.yml";

export type RuleSetting = "off" | Severity;

/** The policy's `waivers:` settings. */
export interface WaiverSettings {
  /** An `until` more than this many days after today is itself a finding, and waives nothing. */
  maxDays: number;
  /** Whether an inline waiver the change itself adds waives (`honor`) or waits for approval (`propose`). */
  inlineInChange: "propose" | "honor";
}

export const DEFAULT_WAIVER_SETTINGS: WaiverSettings = { maxDays: 365, inlineInChange: "propose" };

/** Settings an organisation can lock; a repository extending it can then only tighten them. */
export const LOCKABLE_SETTINGS = ["waivers.max_days", "waivers.inline_in_change", "waivers.allow_author"] as const;
export type LockableSetting = (typeof LOCKABLE_SETTINGS)[number];
export type AreaSwitches = Record<string, "on" | "off">;

export interface ConfigSpec {
  extends?: "org";
  locked?: string[];
  fail_on?: Severity;
  areas?: AreaSwitches;
  rules?: Record<string, RuleSetting>;
  paths?: { include?: string[]; exclude?: string[]; vendored?: "skip" | "scan" };
  overrides?: { paths: string[]; rules?: Record<string, RuleSetting>; areas?: AreaSwitches }[];
  phi_paths?: string[];
  /** `baa_expiry_days` is the same setting as `vendors.baa_expiry_warning_days`, where the readers look for it. */
  thresholds?: Partial<Thresholds> & { baa_expiry_days?: number };
  inline_comment_cap?: number;
  review_drafts?: boolean;
  waivers?: { allow_author?: boolean; max_days?: number; inline_in_change?: "propose" | "honor" };
  custom_rules?: RuleSpec[];
  /** Plug-in sections (e.g. `vendors:`), read by their registered ConfigSection. */
  [section: string]: unknown;
}

export interface PathOverride {
  globs: Glob[];
  rules: Map<string, RuleSetting>;
  areas: Map<string, "on" | "off">;
}

/** A setting the policy refused (a repository weakening a rule its organisation locked), with its position. */
export interface PolicyViolation {
  /** The file as reports name it, e.g. ".hipaa.yml at main@1a2b3c4". */
  file: string;
  /** Its path in the repository under review, when it is one of its files. */
  path?: string;
  line: number;
  key: string;
  message: string;
}

export interface Policy {
  failOn: Severity;
  areasOff: Set<string>;
  ruleOverrides: Map<string, RuleSetting>;
  include?: Glob[];
  /** Whether vendored, generated and minified files are out of scope (`paths.vendored: skip`, the default). */
  skipVendored: boolean;
  exclude: Glob[];
  overrides: PathOverride[];
  phiPaths: Glob[];
  thresholds: Thresholds;
  /** Rule ids the organisation locked: never off, never below the organisation's severity, never path-excluded. */
  locked: Set<string>;
  /** Settings the organisation locked (`waivers.max_days`…): a repository can only tighten them. */
  lockedSettings: Set<LockableSetting>;
  /** How waivers are judged (policy/waivers.ts). */
  waivers: WaiverSettings;
  customRules: SourcedRule[];
  inlineCommentCap?: number;
  reviewDrafts?: boolean;
  allowAuthorWaivers?: boolean;
  /** The repository asked for the organisation's policy. */
  extendsOrg: boolean;
  violations: PolicyViolation[];
  /** Settings of the registered plug-in sections, by key (see sections.ts); absent means the section's defaults. */
  sections: Map<string, unknown>;
  /** Where the policy came from, for reports: "defaults", or e.g. ".hipaa.yml at main@1a2b3c4". */
  source: string;
}

export function defaultPolicy(source = "built-in defaults"): Policy {
  return {
    failOn: "error", areasOff: new Set(), ruleOverrides: new Map(), exclude: [], overrides: [], phiPaths: [],
    thresholds: { ...DEFAULT_THRESHOLDS }, skipVendored: true, locked: new Set(), lockedSettings: new Set(), waivers: { ...DEFAULT_WAIVER_SETTINGS }, customRules: [], extendsOrg: false, violations: [], sections: new Map(), source,
  };
}

/** What parseConfig needs to know about the rules it configures. */
export interface KnownRule {
  area: string;
  severity: Severity;
}

