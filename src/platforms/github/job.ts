/** What a pull-request review job is given, and what it answers. */
import type { Logger } from "probot";
import type { LoadedPacks } from "../../engine/rules/pack.js";
import type { Catalogue } from "../../vendors/catalogue.js";
import type { GitHubClient } from "./github-client.js";

export interface JobDeps {
  octokit: GitHubClient;
  log: Logger;
  packs: LoadedPacks;
  /** The built-in vendor catalogue (rules/vendors/catalogue.yml). */
  vendorCatalogue: Catalogue;
  now: () => Date;
  inlineCommentCap: number;
  /** Whether the pull request's author may waive their own findings. */
  allowAuthorWaivers: boolean;
  /** Time limits for one file and one review, in milliseconds (default: review/review.ts DEFAULT_TIME_LIMITS). */
  timeLimits?: { fileMs: number; reviewMs: number };
  /** A monotonic clock in milliseconds for the time limits (default: performance.now). */
  monotonic?: () => number;
}

export interface JobResult {
  conclusion: "success" | "failure" | "neutral";
  findings: number;
  apiCalls: number;
}
