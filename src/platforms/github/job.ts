/** What a review job on GitHub is given (its dependencies and its target), and what it answers. */
import type { Logger } from "probot";
import type { LoadedPacks } from "../../engine/rules/pack.js";
import type { Catalogue } from "../../vendors/catalogue.js";
import type { GitHubClient, RepoRef } from "./github-client.js";

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
  /** How long a review runs before its check run is created in progress (default: check-slot.ts DEFAULT_CHECK_DELAY_MS). */
  checkDelayMs?: number;
}

/** A change on GitHub pinned to two commits: the review reads exactly these, never a branch's current state. */
export interface ChangeTarget extends RepoRef {
  headSha: string;
  baseSha: string;
  /** The base branch's name, for messages ("main"). */
  baseRef: string;
}

/** One head of a pull request. */
export interface PullTarget extends ChangeTarget {
  pull_number: number;
  /** Login of the pull request's author (for the waiver rule on authors). */
  author?: string;
  draft?: boolean;
}

/** A merge queue's merge group: its head commit against the base branch commit it was built on. */
export interface MergeGroupTarget extends ChangeTarget {
  /** The merge group's ref, e.g. refs/heads/gh-readonly-queue/main/pr-12-<sha>. */
  headRef: string;
}

/** Where a review's check run came from; every one but "completed" is in progress when it is told. */
export type CheckOrigin = "resumed" | "started" | "completed";

/** How a job meets its check run: one it already has, or one to look for or create. */
export interface CheckHooks {
  /** The check run to complete (a resumed or re-run job), instead of creating one. */
  checkRunId?: number;
  /** Look for this App's unfinished check on the head before creating one (a job resumed after a crash). */
  adoptFrom?: { appId: number };
  /**
   * Told the check run's id as soon as it exists: the job's own or an adopted one at the start ("resumed"), one created
   * in progress past the check delay ("started"), or one created already completed ("completed").
   */
  onCheck?(checkRunId: number, how: CheckOrigin): Promise<void>;
  /** Aborted when the review is stopped (its deadline, a shutdown): no check run is created after that. */
  signal?: AbortSignal;
}

export interface JobResult {
  conclusion: "success" | "failure" | "neutral";
  findings: number;
  apiCalls: number;
  checkRunId: number;
}
