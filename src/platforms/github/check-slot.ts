/**
 * One review's `HIPAA compliance` check run, whichever state it is in: not created yet, being created, or known. A
 * quick review creates it already completed with its report (one write: Probot spaces writes a second apart, so every
 * write saved is a second the pull request does not wait). A review not done after `delayMs` gets an in-progress run at
 * once (the timer fallback), so a required check never shows nothing for long, the deadline has a run to complete, and
 * the recovery sweep can find a review that stopped. A resumed job starts with the run it had. Until the run exists,
 * the job's record in the durable queue is what brings a review back after a crash.
 */
import type { Logger } from "probot";
import { redact } from "../../engine/findings/redact.js";
import { completeCheckRun, createCompletedCheckRun, startCheckRun, type Completion } from "./check-run.js";
import { statusOf, type GitHubClient, type RepoRef } from "./github-client.js";

/** How long a review may run before its check run is created in progress (HIPAA_CHECK_DELAY). */
export const DEFAULT_CHECK_DELAY_MS = 2_000;

export interface CheckSlotOptions {
  octokit: GitHubClient;
  repo: RepoRef;
  headSha: string;
  now: () => Date;
  log: Logger;
  /** The run this job already has (resumed, re-run by the sweep, or adopted after a crash). */
  existing?: number;
  /** Told of the run as soon as this slot creates it: "started" in progress, or "completed". */
  onCheck(checkRunId: number, how: "started" | "completed"): Promise<void>;
}

export class CheckSlot {
  private id: number | undefined;
  private creating: Promise<number | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly startedAt: Date;

  constructor(private readonly options: CheckSlotOptions) {
    this.id = options.existing;
    this.startedAt = options.now();
  }

  /** The run's id once it exists. */
  get checkRunId(): number | undefined {
    return this.id;
  }

  /** Arms the timer fallback: past `delayMs` without a run, one is created in progress. */
  arm(delayMs: number): void {
    if (this.id !== undefined || this.timer || this.disposed) return;
    this.timer = setTimeout(() => void this.open(), delayMs);
  }

  /** Creates the run in progress now, unless it exists or is being created; undefined when GitHub refused it. */
  open(): Promise<number | undefined> {
    this.clearTimer();
    if (this.id !== undefined) return Promise.resolve(this.id);
    if (this.disposed) return Promise.resolve(undefined);
    this.creating ??= (async () => {
      try {
        const id = await startCheckRun(this.options.octokit, this.options.repo, this.options.headSha, this.startedAt);
        this.id = id;
        await this.options.onCheck(id, "started");
        return id;
      } catch (error) {
        // The review goes on; its completion creates the run instead.
        this.options.log.warn({ sha: this.options.headSha, status: statusOf(error) }, `the in-progress check run could not be created: ${redact((error as Error).message)}`);
        return this.id;
      } finally {
        this.creating = undefined;
      }
    })();
    return this.creating;
  }

  /** Completes the run: the one that exists (or is being created), or a new one created completed. */
  async complete(completion: Completion): Promise<number> {
    this.clearTimer();
    if (this.creating) await this.creating;
    if (this.id !== undefined) {
      await completeCheckRun(this.options.octokit, this.options.repo, this.id, completion);
      return this.id;
    }
    return createCompletedCheckRun(this.options.octokit, this.options.repo, this.options.headSha, this.startedAt, completion, async (id) => {
      this.id = id;
      await this.options.onCheck(id, "completed");
    });
  }

  /** Replaces a completed run's title, summary and text (its annotations stay: GitHub appends those of an update). */
  async amend(output: { title: string; summary: string; text: string }): Promise<void> {
    if (this.id === undefined) return;
    await this.options.octokit.rest.checks.update({ ...this.options.repo, check_run_id: this.id, output });
  }

  /** Stops the timer for good (the review ended, or was stopped). */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
