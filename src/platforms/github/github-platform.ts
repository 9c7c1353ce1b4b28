/**
 * What every change on GitHub shares as a review platform: the base through the contents API at the base sha, the
 * organisation's policy from its .github repository, the change pinned to its two shas (change-source.ts), license
 * data from the dependency graph, and the outcome published by completing the `HIPAA compliance` check run (created
 * completed when the review was quick: check-slot.ts). The change is asked for at once (`prefetch`), while the policy
 * loads. The pull request (inline review, PR waivers, drafts) and the merge group (waivers of the pull requests it
 * carries) add theirs.
 */
import type { Report } from "../../engine/report.js";
import { redact } from "../../engine/findings/redact.js";
import type { Policy } from "../../policy/config.js";
import { CONFIG_FILE } from "../../policy/config.js";
import { DEFAULT_MANIFEST } from "../../vendors/types.js";
import type { OrgPolicySource } from "../../policy/plugins.js";
import type { ReviewOutcome, ReviewPlatform } from "../../review/platform.js";
import type { CheckSlot } from "./check-slot.js";
import { failedCompletion, invalidPolicyCompletion, reviewedCompletion, type CheckCompletion, type Conclusion } from "./check-completion.js";
import { githubChange, type GitHubChange } from "./change-source.js";
import { dependencyGraphLicenses, type DependencyGraphLookup } from "./dependency-graph-licenses.js";
import { readFileAt, statusOf, type RepoRef } from "./github-client.js";
import type { ChangeTarget, JobDeps } from "./job.js";

export abstract class GitHubPlatform implements ReviewPlatform {
  readonly baseLabel: string;
  readonly licenseLookup: DependencyGraphLookup;
  /** The check run's conclusion once published. */
  conclusion: Conclusion = "failure";
  protected readonly repo: RepoRef;
  protected source: GitHubChange | undefined;
  private pending: Promise<GitHubChange> | undefined;
  /** What the change is, for messages: "pull request", "merge group". */
  protected abstract readonly what: string;
  /** Fields that identify the change in log lines. */
  protected abstract readonly logFields: Record<string, unknown>;

  constructor(protected readonly deps: JobDeps, protected readonly target: ChangeTarget, protected readonly slot: CheckSlot) {
    this.repo = { owner: target.owner, repo: target.repo };
    this.baseLabel = `${target.baseRef}@${target.baseSha.slice(0, 7)}`;
    // Licenses of new dependencies the change does not record; asked at most once, and only when needed.
    this.licenseLookup = dependencyGraphLicenses(deps.octokit, this.repo, target.baseSha, target.headSha);
  }

  /** Base files read so far (each at most once a review); the policy files are asked for at the start (`prefetch`). */
  private readonly baseReads = new Map<string, Promise<string | undefined>>();

  readBase(path: string): Promise<string | undefined> {
    let read = this.baseReads.get(path);
    if (!read) {
      this.baseReads.set(path, (read = readFileAt(this.deps.octokit, this.repo, path, this.target.baseSha)));
      read.catch(() => undefined); // a prefetched read may never be asked for
    }
    return read;
  }

  /** `extends: org`: the organisation's policy lives in its .github repository, on that repository's default branch. */
  async readOrg(): Promise<OrgPolicySource | undefined> {
    const { octokit } = this.deps;
    const orgRepo = { owner: this.target.owner, repo: ".github" };
    const text = await readFileAt(octokit, orgRepo, ".hipaa.yml");
    if (text === undefined) return undefined;
    return { text, label: `${this.target.owner}/.github:.hipaa.yml`, readFile: (path) => readFileAt(octokit, orgRepo, path), fileLabel: (path) => `${this.target.owner}/.github:${path}` };
  }

  /**
   * Starts reading the change (and what the platform reads besides) while the policy loads, and the policy and the
   * vendor manifest at their usual paths at once, rather than one after the other (a manifest elsewhere is read when
   * the policy names it).
   */
  prefetch(): void {
    if (!this.pending) for (const path of [CONFIG_FILE, DEFAULT_MANIFEST]) void this.readBase(path);
    this.pending ??= githubChange(this.deps.octokit, this.target, { commits: this.commitsWanted });
    this.pending.catch(() => undefined); // awaited by change(); no unhandled rejection if the review stops before
  }

  async change(): Promise<GitHubChange> {
    this.prefetch();
    this.source = await this.pending!;
    return this.source;
  }

  /** How many of the comparison's commits the platform reads (their messages). */
  protected readonly commitsWanted: number = 1;

  /** Completes the check run with the outcome; throws only when GitHub refuses even a bare completion. */
  async publish(outcome: ReviewOutcome): Promise<void> {
    const completion = await this.completion(outcome);
    this.conclusion = completion.conclusion;
    const { log } = this.deps;
    try {
      await this.slot.complete({ ...completion, completedAt: this.deps.now() });
    } catch (error) {
      log.error({ ...this.logFields, status: statusOf(error) }, `could not complete the check run: ${redact((error as Error).message)}`);
      // Last resort: a bare completion without annotations, so a required check is never stuck pending.
      this.conclusion = "failure";
      await this.slot.complete({
        conclusion: "failure",
        annotations: [],
        output: { title: "hipaa-review could not publish its report", summary: "Publishing the report to GitHub failed. Re-run the check; if it keeps failing, see the app's logs.", text: "" },
        completedAt: this.deps.now(),
      });
    }
    await this.published();
  }

  /** What the platform does once the check run is complete (the pull request posts its inline review). */
  protected async published(): Promise<void> {}

  /** The completion of a reviewed change; the pull request adds its inline review first. */
  protected async reviewed(report: Report, _policy: Policy): Promise<CheckCompletion> {
    return reviewedCompletion(report, undefined);
  }

  private async completion(outcome: ReviewOutcome): Promise<CheckCompletion> {
    switch (outcome.kind) {
      case "reviewed":
        if (this.licenseLookup.unavailable) this.deps.log.debug(this.logFields, `license data: ${this.licenseLookup.unavailable}; using what the change records`);
        return this.reviewed(outcome.report, outcome.loaded.policy);
      case "skipped":
        return { conclusion: "neutral", annotations: [], output: { title: outcome.title, summary: outcome.summary, text: "" } };
      case "invalid-policy":
        return invalidPolicyCompletion(outcome.error, this.target);
      case "failed":
        return failedCompletion(outcome.error, this.target, this.what, this.deps.log, { ...this.logFields, sha: this.target.headSha });
    }
  }
}
