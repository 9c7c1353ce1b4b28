/**
 * The port between a review and where it runs. The review (review.ts) reads the base, the change and the waivers
 * through it and hands it the outcome to publish; the GitHub App, the local CLI and the GitHub Action
 * implement it, and each platform's limits live in its own implementation, never in the review.
 */
import type { Report } from "../engine/report.js";
import type { ChangeSource } from "../engine/scan.js";
import type { ScanNotice } from "../engine/types.js";
import type { Policy } from "../policy/config.js";
import type { ConfigError, LoadedPolicy } from "../policy/load.js";
import type { OrgPolicySource } from "../policy/plugins.js";
import type { WaiverCommand } from "../policy/waivers.js";
import type { LicenseLookup } from "../vendors/types.js";

/** A change as a platform provides it: its files, and what could not be read fully. */
export interface PlatformChange extends ChangeSource {
  readonly notices?: readonly ScanNotice[];
}

/** Waiver commands recorded on the platform (`/hipaa waive`, `/hipaa approve`), re-verified for this review. */
export interface PlatformWaivers {
  waivers: WaiverCommand[];
  /** Commands that were not accepted, and why (listed for the audit record). */
  refused: { login: string; why: string; url: string }[];
}

export type ReviewOutcome =
  | { kind: "reviewed"; report: Report; loaded: LoadedPolicy }
  /** The policy says not to review this change now (the App: a draft with `review_drafts: false`). */
  | { kind: "skipped"; title: string; summary: string }
  /** The base's policy cannot be used: nothing was reviewed. */
  | { kind: "invalid-policy"; error: ConfigError }
  | { kind: "failed"; error: unknown };

/** What a platform provides to load the policy: the base revision's files and the organisation's policy. */
export type PolicyReading = Pick<ReviewPlatform, "baseLabel" | "readBase" | "readOrg" | "policyOverride" | "licenseLookup">;

export interface ReviewPlatform {
  /** Describes the base revision for reports, e.g. "main@1a2b3c4". */
  readonly baseLabel: string;
  /** Reads a file at the base revision; undefined when it does not exist there. */
  readBase(path: string): Promise<string | undefined>;
  /** The organisation's policy, for `extends: org` (optional capability). */
  readOrg?(): Promise<OrgPolicySource | undefined>;
  /** An explicit policy that replaces the base's `.hipaa.yml` (the CLI's --config). */
  readonly policyOverride?: { file: string; text: string };
  /** License data from outside the change (optional capability: the App's dependency graph). */
  readonly licenseLookup?: LicenseLookup;
  /** The change under review. */
  change(): Promise<PlatformChange>;
  /** Why not to scan under this policy, if so (optional capability). */
  skip?(policy: Policy): { title: string; summary: string } | undefined;
  /** Waivers recorded on the platform (optional capability). */
  waivers?(policy: Policy, today: string): Promise<PlatformWaivers>;
  /** Publishes the outcome (a check run and a review, a report on stdout…). */
  publish(outcome: ReviewOutcome): Promise<void>;
}
