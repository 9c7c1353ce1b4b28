/**
 * The Probot application: maps GitHub events to review jobs. No rule logic here — jobs call the same engine as the
 * CLI. Handlers only decide what to review and hand it to the queue (queue/types.ts), which stores it durably before
 * the webhook is acknowledged; workers on this process (or any replica) run it (worker.ts).
 */
import type { ApplicationFunction, Context, Probot } from "probot";
import type { LoadedPacks } from "../engine/rules/pack.js";
import { loadDefaultRules } from "../defaults/rules.js";
import { loadDefaultVendors } from "../defaults/vendors.js";
import type { Catalogue } from "../vendors/catalogue.js";
import { CHECK_NAME } from "../platforms/github/check-run.js";
import { redact } from "../engine/findings/redact.js";
import { parseCommand } from "../policy/waivers.js";
import { loadReviewPolicy } from "../review/review.js";
import { permissionToWaive } from "../platforms/github/waiver-commands.js";
import { AppMetrics } from "./metrics.js";
import { jobLabel, type JobRequest, type ReviewQueue } from "./queue/types.js";
import { jobRunner } from "./worker.js";

export interface AppOptions {
  /** Where reviews wait and run (embedded or Redis). */
  queue: ReviewQueue;
  metrics?: AppMetrics;
  /** Inline comments per review at most; the rest go to the review body and the check summary. */
  inlineCommentCap?: number;
  /** Whether draft pull requests are reviewed. */
  reviewDrafts?: boolean;
  /** Whether a pull request's author may waive their own findings with `/hipaa waive`. */
  allowAuthorWaivers?: boolean;
  packs?: LoadedPacks;
  /** Time limits for one file and one review, in milliseconds. */
  timeLimits?: { fileMs: number; reviewMs: number };
  /** A review's deadline in milliseconds (default 10 minutes). */
  deadlineMs?: number;
  /** How long a review runs before its check run is created in progress (default: check-slot.ts DEFAULT_CHECK_DELAY_MS). */
  checkDelayMs?: number;
  /** A monotonic clock for the time limits (tests). */
  monotonic?: () => number;
  /** The built-in vendor catalogue; default: rules/vendors/catalogue.yml. */
  vendorCatalogue?: Catalogue;
  now?: () => Date;
  /** The App's id (a resumed job adopts only this App's unfinished check runs). */
  appId?: number;
}

export interface HipaaApp {
  appFn: ApplicationFunction;
  queue: ReviewQueue;
  metrics: AppMetrics;
  /** Resolves once the handlers are loaded and the queue is working (after `probot.load(appFn)`). */
  started: Promise<void>;
}

interface PullLike {
  number: number;
  user?: { login: string } | null;
  draft?: boolean;
  state?: string;
  head: { sha: string };
  base: { sha: string; ref: string };
}

export const DEFAULT_DEADLINE_MS = 600_000;

export function createHipaaApp(options: AppOptions): HipaaApp {
  const packs = options.packs ?? loadDefaultRules();
  const vendorCatalogue = options.vendorCatalogue ?? loadDefaultVendors();
  const now = options.now ?? (() => new Date());
  const reviewDrafts = options.reviewDrafts ?? true;
  const { queue } = options;
  const metrics = options.metrics ?? new AppMetrics(() => queue.depth());
  let ready!: () => void;
  let failed!: (error: unknown) => void;
  const started = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));

  /** A pull request head to review, or undefined (closed, or a draft the App does not review). */
  function pullJob(context: Context, pr: PullLike, why: string, force: boolean): JobRequest | undefined {
    if (pr.state === "closed") return undefined;
    if (pr.draft && !reviewDrafts) {
      context.log.debug({ pr: pr.number }, "draft pull request not reviewed (review_drafts is off)");
      return undefined;
    }
    const { owner, repo } = context.repo();
    const installationId = (context.payload as { installation?: { id: number } }).installation?.id;
    if (installationId === undefined) {
      context.log.warn({ pr: pr.number }, "a webhook without an installation cannot be reviewed");
      return undefined;
    }
    return {
      key: `${owner}/${repo}#${pr.number}`,
      installationId,
      why,
      force,
      target: { kind: "pull", owner, repo, pull_number: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha, baseRef: pr.base.ref, ...(pr.user ? { author: pr.user.login } : {}), draft: pr.draft ?? false },
    };
  }

  /** Hands a delivery's jobs to the queue (once per delivery id) and logs what happened. */
  async function accept(context: Context, produce: () => Promise<(JobRequest | undefined)[]>): Promise<void> {
    const result = await queue.accept(context.id, async () => (await produce()).filter((j): j is JobRequest => j !== undefined));
    if (result.status === "duplicate") {
      context.log.debug({ delivery: context.id }, "duplicate delivery ignored");
      metrics.webhooks.inc({ event: context.name, outcome: "duplicate" });
      return;
    }
    metrics.webhooks.inc({ event: context.name, outcome: result.queued.length > 0 ? "accepted" : "ignored" });
    for (const job of result.queued) context.log.debug({ delivery: context.id, pr: jobLabel(job), sha: job.target.headSha }, `queued (${job.why})`);
    for (const job of result.skipped) context.log.debug({ delivery: context.id, pr: jobLabel(job), sha: job.target.headSha }, `${job.why}: this head is already reviewed or queued`);
  }

  /** For check suites and runs: the payload's PR list is a hint; the PR itself says where base and head are now. */
  async function byNumber(context: Context, numbers: number[], why: string, force: boolean): Promise<(JobRequest | undefined)[]> {
    const { owner, repo } = context.repo();
    const jobs: (JobRequest | undefined)[] = [];
    for (const number of numbers.slice(0, 20)) {
      const { data } = await context.octokit.rest.pulls.get({ owner, repo, pull_number: number });
      jobs.push(pullJob(context, data, why, force));
    }
    return jobs;
  }

  const appFn: ApplicationFunction = (app: Probot) => {
    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.ready_for_review"], async (context) => {
      const { action } = context.payload;
      await accept(context, async () => [pullJob(context, context.payload.pull_request, action, action === "reopened" || action === "ready_for_review")]);
    });

    app.on("pull_request.edited", async (context) => {
      if (!context.payload.changes?.base) return;
      await accept(context, async () => [pullJob(context, context.payload.pull_request, "base changed", true)]);
    });

    app.on(["check_suite.requested", "check_suite.rerequested"], async (context) => {
      const { action, check_suite } = context.payload;
      await accept(context, () => byNumber(context, check_suite.pull_requests.map((p) => p.number), `check suite ${action}`, action === "rerequested"));
    });

    app.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
      const run = context.payload.check_run;
      if (run.name !== CHECK_NAME) return;
      if (context.payload.action === "requested_action" && context.payload.requested_action?.identifier !== "rerun") return;
      await accept(context, () => byNumber(context, run.pull_requests.map((p) => p.number), `check run ${context.payload.action}`, true));
    });

    app.on("merge_group.checks_requested", async (context) => {
      const group = context.payload.merge_group;
      const { owner, repo } = context.repo();
      const installationId = context.payload.installation?.id;
      if (installationId === undefined) return;
      await accept(context, async () => [
        {
          key: `${owner}/${repo}@${group.head_ref}`,
          installationId,
          why: "merge group",
          force: true,
          target: { kind: "merge_group", owner, repo, headSha: group.head_sha, baseSha: group.base_sha, baseRef: group.base_ref.replace(/^refs\/heads\//, ""), headRef: group.head_ref },
        },
      ]);
    });

    app.on("issue_comment.created", async (context) => {
      const { comment, issue } = context.payload;
      if (!issue.pull_request || !comment.body.includes("/hipaa")) return;
      if (comment.user?.type === "Bot" || comment.performed_via_github_app) return;
      const command = parseCommand(comment.body);
      if (!command) return;
      const { owner, repo } = context.repo();
      const reply = (body: string) => context.octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body });
      await accept(context, async () => {
        if (command.kind === "invalid") {
          await reply(`@${comment.user!.login} ${command.message}`);
          return [];
        }
        const { data: pr } = await context.octokit.rest.pulls.get({ owner, repo, pull_number: issue.number });
        if (command.kind === "waive" || command.kind === "approve") {
          const verdict = await permissionToWaive(context.octokit, { owner, repo }, comment.user!, pr.user?.login, options.allowAuthorWaivers ?? false);
          const what = command.kind === "waive" ? "waiver" : "approval";
          if (!verdict.allowed) {
            await reply(`@${comment.user!.login} thank you — this ${what} was not recorded: ${verdict.why}. A maintainer can ${command.kind} it, or the finding can be fixed in the change.`);
            return [];
          }
          await reply(
            command.kind === "waive"
              ? `Waiver recorded for \`${command.target}\` by @${comment.user!.login}${command.until ? ` until ${command.until}` : ""}: ${command.reason}\n\nIt is listed in the \`${CHECK_NAME}\` check's audit record; re-running the check now.`
              : `Approval recorded for the waiver proposed in the code for \`${command.target}\` by @${comment.user!.login}.\n\nIt is listed in the \`${CHECK_NAME}\` check's audit record; re-running the check now.`,
          );
        }
        return [pullJob(context, pr, `/hipaa ${command.kind}`, true)];
      });
    });

    const run = jobRunner({
      auth: (installationId) => app.auth(installationId),
      log: app.log,
      appId: options.appId ?? 0,
      queue,
      metrics,
      packs,
      vendorCatalogue,
      now,
      inlineCommentCap: options.inlineCommentCap ?? 25,
      allowAuthorWaivers: options.allowAuthorWaivers ?? false,
      ...(options.timeLimits ? { timeLimits: options.timeLimits } : {}),
      ...(options.monotonic ? { monotonic: options.monotonic } : {}),
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      ...(options.checkDelayMs !== undefined ? { checkDelayMs: options.checkDelayMs } : {}),
    });
    // Warm up (the first policy built costs most), then resume or start the queue's work.
    loadReviewPolicy({ baseLabel: "warm-up", readBase: async () => undefined }, { packs, vendorCatalogue })
      .then(() => queue.start(run))
      .then(ready, (error: unknown) => {
        app.log.error(`the review queue could not start: ${redact((error as Error)?.message ?? String(error))}`);
        failed(error);
      });
  };

  return { appFn, queue, metrics, started };
}
