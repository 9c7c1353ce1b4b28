/**
 * The recovery sweep, on start and every few minutes (one replica at a time in Redis mode). It does what GitHub's
 * "handling failed webhook deliveries" guide recommends: lists this App's recent deliveries (`GET
 * /app/hook/deliveries`, as the App with its JWT) and redelivers each one that never succeeded and that the App did
 * not accept (`POST /app/hook/deliveries/{id}/attempts`) — so a pull request opened while the App was down still gets
 * its check. Then it takes the check runs the App started and has not seen completed: one whose job is no longer queued
 * or running anywhere (its completion failed, or its job was lost), or that is overdue by a whole deadline past its
 * own, is re-run (at most twice), then completed as timed out. Nothing stays in progress.
 */
import type { Logger } from "probot";
import { redact } from "../engine/findings/redact.js";
import { isCheckRunCompleted } from "../platforms/github/check-run.js";
import type { GitHubClient } from "../platforms/github/github-client.js";
import type { AppMetrics } from "./metrics.js";
import type { ReviewQueue } from "./queue/types.js";
import { timedOut } from "./worker.js";

export interface SweepDeps {
  /** An Octokit authenticated as the App itself (JWT). */
  appOctokit(): Promise<GitHubClient>;
  auth(installationId: number): Promise<GitHubClient>;
  queue: ReviewQueue;
  log: Logger;
  metrics: AppMetrics;
  deadlineMs: number;
  intervalMs: number;
}

export interface SweepReport {
  redelivered: number;
  rerun: number;
  timedOut: number;
  closed: number;
}

/** How far back the first sweep looks (GitHub keeps deliveries for three days). */
const FIRST_LOOKBACK_MS = 24 * 3_600_000;
/** Deliveries read per sweep at most (10 pages of 100), and redeliveries asked per sweep at most. */
const MAX_PAGES = 10;
const MAX_REDELIVERIES = 100;
/** A delivery is not redelivered again once this many attempts have failed. */
const MAX_ATTEMPTS = 5;
/** The next sweep re-reads this much before the last one's start, so nothing falls between two sweeps. */
const OVERLAP_MS = 60_000;
/** How long a requested redelivery is given to arrive before it is asked for again. */
const REDELIVERY_WAIT_MS = 60_000;
/** Times the sweep re-runs one stuck check before completing it as timed out. */
const MAX_RERUNS = 2;

interface Delivery {
  id: number;
  guid: string;
  delivered_at: string;
  status_code: number;
  redelivery: boolean;
}

export async function sweep(deps: SweepDeps): Promise<SweepReport | undefined> {
  if (!(await deps.queue.sweepTurn(deps.intervalMs * 0.8))) return undefined;
  const report: SweepReport = { redelivered: 0, rerun: 0, timedOut: 0, closed: 0 };
  try {
    await redeliverFailed(deps, report);
  } catch (error) {
    deps.log.warn(`recovery sweep: failed deliveries could not be listed or redelivered: ${redact((error as Error).message)}`);
  }
  await rerunStuckChecks(deps, report);
  if (report.redelivered + report.rerun + report.timedOut > 0) deps.log.info(report, "recovery sweep");
  return report;
}

/** A failure worth redelivering: no connection, a timeout or a server error — not our own 4xx refusal of a bad payload. */
const retriable = (status: number) => status === 0 || status === 429 || status >= 500;

async function redeliverFailed(deps: SweepDeps, report: SweepReport): Promise<void> {
  const startedAt = Date.now();
  const since = (await deps.queue.sweptUntil()) ?? startedAt - FIRST_LOOKBACK_MS;
  const octokit = await deps.appOctokit();
  const byGuid = new Map<string, { ok: boolean; failures: number; latest?: Delivery }>();
  let pages = 0;
  for await (const page of octokit.paginate.iterator("GET /app/hook/deliveries", { per_page: 100 })) {
    let older = false;
    for (const d of page.data as Delivery[]) {
      if (Date.parse(d.delivered_at) < since) {
        older = true;
        continue;
      }
      const entry = byGuid.get(d.guid) ?? { ok: false, failures: 0 };
      if (d.status_code >= 200 && d.status_code < 300) entry.ok = true;
      else {
        entry.failures++;
        if (retriable(d.status_code) && (!entry.latest || Date.parse(d.delivered_at) > Date.parse(entry.latest.delivered_at))) entry.latest = d;
      }
      byGuid.set(d.guid, entry);
    }
    if (older || ++pages >= MAX_PAGES) break;
  }
  for (const [guid, entry] of byGuid) {
    if (entry.ok || !entry.latest || entry.failures >= MAX_ATTEMPTS) continue;
    if (await deps.queue.accepted(guid)) continue;
    if (report.redelivered >= MAX_REDELIVERIES) break;
    // A redelivery arrives a moment later: do not ask again for it before the next sweeps could see its outcome.
    if (!(await deps.queue.claimRedelivery(guid, Math.max(REDELIVERY_WAIT_MS, 2 * deps.intervalMs)))) continue;
    await octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: entry.latest.id });
    report.redelivered++;
    deps.metrics.recoveries.inc({ kind: "redelivered" });
    deps.log.info({ delivery: guid }, "redelivering a webhook the app never accepted");
  }
  await deps.queue.setSweptUntil(startedAt - OVERLAP_MS);
}

async function rerunStuckChecks(deps: SweepDeps, report: SweepReport): Promise<void> {
  const now = Date.now();
  for (const check of await deps.queue.openChecks()) {
    const { job, checkRunId } = check;
    // A job still queued or running owns its check (its worker's deadline bounds it) — unless even that has failed.
    const overdue = check.deadline + deps.deadlineMs < now;
    try {
      if (!overdue && (await deps.queue.pending(job.id))) continue;
      const octokit = await deps.auth(job.installationId);
      if (await isCheckRunCompleted(octokit, { owner: job.target.owner, repo: job.target.repo }, checkRunId)) {
        await deps.queue.checkClosed(checkRunId);
        report.closed++;
        continue;
      }
      const reruns = job.sweeps ?? 0;
      if (reruns >= MAX_RERUNS) {
        await timedOut(deps, job, checkRunId);
        report.timedOut++;
        deps.log.warn({ delivery: job.delivery, checkRun: checkRunId }, `check run still unfinished after ${reruns} re-runs: completed as timed out`);
        continue;
      }
      const rerun = { ...job, id: `sweep.${checkRunId}.${reruns + 1}`, sweeps: reruns + 1, force: true, checkRunId, why: "recovery sweep" };
      await deps.queue.checkOpened({ checkRunId, job: rerun, deadline: now + deps.deadlineMs });
      await deps.queue.requeue(rerun);
      report.rerun++;
      deps.metrics.recoveries.inc({ kind: "check_rerun" });
      deps.log.warn({ delivery: job.delivery, checkRun: checkRunId }, "re-running a check run left unfinished past its deadline");
    } catch (error) {
      deps.log.warn({ checkRun: checkRunId }, `recovery sweep: check run not recovered yet (next sweep tries again): ${redact((error as Error).message)}`);
    }
  }
}
