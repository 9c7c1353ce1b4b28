/**
 * The review queue's port, with two implementations: embedded (one process, journaled to disk; embedded.ts) and
 * Redis (any number of replicas, BullMQ; redis.ts). Jobs are plain data, so they survive a restart or move to another
 * replica. Both keep the same promises: a delivery is accepted once (its X-GitHub-Delivery id), a pull request's
 * newest head wins over a queued older one, a pull request has one review at a time, and a job whose worker died is
 * run again with the check run it had already started.
 */
import type { MergeGroupTarget, PullTarget } from "../../platforms/github/job.js";

export type JobTarget = ({ kind: "pull" } & PullTarget) | ({ kind: "merge_group" } & MergeGroupTarget);

/** What a webhook handler asks to review. */
export interface JobRequest {
  /** One review at a time per key, and the newest request per key wins: "owner/repo#12", "owner/repo@<merge group ref>". */
  key: string;
  installationId: number;
  /** Why it is reviewed, for the log ("synchronize", "/hipaa recheck"). */
  why: string;
  /** Review even when this head was already reviewed or queued (a re-run, a reopened pull request). */
  force: boolean;
  target: JobTarget;
}

export interface ReviewJob extends JobRequest {
  /** Unique: the delivery id and the request's index in it, or "sweep.<check run>.<n>". */
  id: string;
  /** Order of acceptance across the whole queue (a newer request for a key has a larger one). */
  seq: number;
  acceptedAt: number;
  delivery?: string;
  /** The check run this job completes, once it exists (a resumed or re-run job reuses it). */
  checkRunId?: number;
  /** How many times the recovery sweep has re-run this job's check run. */
  sweeps?: number;
}

/** A check run the App started and has not seen completed: the recovery sweep's list. */
export interface OpenCheck {
  checkRunId: number;
  job: ReviewJob;
  /** Epoch milliseconds after which the sweep treats the check as stuck. */
  deadline: number;
}

export type AcceptResult =
  | { status: "duplicate" }
  /** Accepted; `queued` jobs were added, `skipped` were for a head already reviewed or queued. */
  | { status: "accepted"; queued: ReviewJob[]; skipped: JobRequest[] };

/** Thrown by accept when the queue cannot take the delivery now (full, or shutting down): the webhook answers 503. */
export class QueueUnavailable extends Error {}

/** Thrown by a runner to hand its job back to the queue unfinished (graceful shutdown). */
export class HandBack extends Error {}

export interface RunContext {
  /** True when an earlier run of this job started and did not finish (its process died or handed it back). */
  recovered: boolean;
  /** Aborted when the queue is shutting down and wants the job back. */
  signal: AbortSignal;
  /** Records the job's check run, so a resumed run completes the same one. */
  setCheck(checkRunId: number): Promise<void>;
}

export type JobRunner = (job: ReviewJob, context: RunContext) => Promise<void>;

export interface QueueDepth {
  waiting: number;
  active: number;
}

export interface ReviewQueue {
  readonly mode: "embedded" | "redis";
  /**
   * Accepts a delivery once: `produce` (the handler's work: reading the event, perhaps the API) runs only for a delivery
   * not accepted before, and its jobs are stored durably before this resolves. A producer that throws leaves the
   * delivery unaccepted, so a redelivery is handled again.
   */
  accept(delivery: string | undefined, produce: () => Promise<JobRequest[]>): Promise<AcceptResult>;
  /** Whether a delivery was accepted (the sweep redelivers only the others). */
  accepted(delivery: string): Promise<boolean>;
  /** True unless this delivery's redelivery was already asked for within `ms` (redeliveries arrive later). */
  claimRedelivery(delivery: string, ms: number): Promise<boolean>;
  /** Queues a job the sweep re-runs (no delivery; forced). */
  requeue(job: ReviewJob): Promise<void>;
  /** Starts processing, resuming what an earlier process left unfinished. */
  start(run: JobRunner): Promise<void>;
  /** Whether the job is queued or running somewhere (so the sweep leaves its check alone). */
  pending(jobId: string): Promise<boolean>;
  checkOpened(check: OpenCheck): Promise<void>;
  checkClosed(checkRunId: number): Promise<void>;
  openChecks(): Promise<OpenCheck[]>;
  /** When the last delivery sweep started (epoch ms), if ever. */
  sweptUntil(): Promise<number | undefined>;
  setSweptUntil(at: number): Promise<void>;
  /** True for the one replica that may sweep now (held for `ms`). */
  sweepTurn(ms: number): Promise<boolean>;
  depth(): Promise<QueueDepth>;
  /** Resolves when nothing is queued or running here (tests). */
  onIdle(): Promise<void>;
  /** Stops accepting and starting work; running jobs get `graceMs` to finish, then are handed back. */
  close(graceMs: number): Promise<void>;
}

export function jobLabel(job: JobRequest): string {
  const t = job.target;
  return t.kind === "pull" ? `${t.owner}/${t.repo}#${t.pull_number}` : `${t.owner}/${t.repo} merge group ${t.headRef.replace(/^refs\/heads\//, "")}`;
}
