/**
 * The Probot application: maps GitHub events to review jobs. No rule logic here — jobs call the same engine
 * as the CLI. Handlers return at once (the queue does the work), so webhooks are acknowledged fast.
 */
import type { ApplicationFunction, Context, Probot } from "probot";
import type { LoadedPacks } from "../engine/rules/pack.js";
import { loadDefaultRules } from "../defaults/rules.js";
import { loadDefaultVendors } from "../defaults/vendors.js";
import type { Catalogue } from "../vendors/catalogue.js";
import { CHECK_NAME } from "../platforms/github/check-run.js";
import type { GitHubClient } from "../platforms/github/github-client.js";
import { JobQueue } from "./job-queue.js";
import type { PullTarget } from "../platforms/github/pull-request-source.js";
import { reviewPullRequest } from "../platforms/github/pull-request-review.js";
import { redact } from "../engine/findings/redact.js";
import { parseCommand } from "../policy/waivers.js";
import { permissionToWaive } from "../platforms/github/waiver-commands.js";

export interface AppOptions {
  /** Jobs running at once across all repositories. */
  concurrency?: number;
  /** Inline comments per review at most; the rest go to the review body and the check summary. */
  inlineCommentCap?: number;
  /** Whether draft pull requests are reviewed. */
  reviewDrafts?: boolean;
  /** Whether a pull request's author may waive their own findings with `/hipaa waive`. */
  allowAuthorWaivers?: boolean;
  packs?: LoadedPacks;
  /** Time limits for one file and one review, in milliseconds. */
  timeLimits?: { fileMs: number; reviewMs: number };
  /** A monotonic clock for the time limits (tests). */
  monotonic?: () => number;
  /** The built-in vendor catalogue; default: rules/vendors/catalogue.yml. */
  vendorCatalogue?: Catalogue;
  now?: () => Date;
}

export interface HipaaApp {
  appFn: ApplicationFunction;
  queue: JobQueue;
}

interface PullLike {
  number: number;
  user?: { login: string } | null;
  draft?: boolean;
  state?: string;
  head: { sha: string };
  base: { sha: string; ref: string };
}

export function createHipaaApp(options: AppOptions = {}): HipaaApp {
  const packs = options.packs ?? loadDefaultRules();
  const vendorCatalogue = options.vendorCatalogue ?? loadDefaultVendors();
  const now = options.now ?? (() => new Date());
  const reviewDrafts = options.reviewDrafts ?? true;
  let appLog: Probot["log"] | undefined;
  const queue = new JobQueue({
    concurrency: options.concurrency ?? 4,
    onError: (key, error) => appLog?.error({ key }, `job failed: ${redact((error as Error)?.message ?? String(error))}`),
  });

  /** Head last queued per pull request: an automatic event for a head already under review is not repeated. */
  const lastHead = new Map<string, string>();

  function enqueue(context: Context, octokit: GitHubClient, owner: string, repo: string, pr: PullLike, why: string, force: boolean): void {
    if (pr.state === "closed") return;
    const key = `${owner}/${repo}#${pr.number}`;
    if (!force && lastHead.get(key) === pr.head.sha) {
      context.log.debug({ pr: pr.number, sha: pr.head.sha }, `${why}: this head is already reviewed or queued`);
      return;
    }
    if (pr.draft && !reviewDrafts) {
      context.log.debug({ pr: pr.number }, "draft pull request not reviewed (review_drafts is off)");
      return;
    }
    const target: PullTarget = { owner, repo, pull_number: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha, baseRef: pr.base.ref, ...(pr.user ? { author: pr.user.login } : {}), draft: pr.draft ?? false };
    lastHead.set(key, pr.head.sha);
    if (lastHead.size > 10_000) lastHead.delete(lastHead.keys().next().value!);
    const outcome = queue.push(key, async () => {
      const result = await reviewPullRequest({ octokit, log: context.log, packs, vendorCatalogue, now, inlineCommentCap: options.inlineCommentCap ?? 25, allowAuthorWaivers: options.allowAuthorWaivers ?? false, ...(options.timeLimits ? { timeLimits: options.timeLimits } : {}), ...(options.monotonic ? { monotonic: options.monotonic } : {}) }, target);
      context.log.info({ pr: pr.number, sha: pr.head.sha, conclusion: result.conclusion, findings: result.findings }, `reviewed (${why})`);
    });
    if (outcome === "replaced") context.log.debug({ pr: pr.number }, "a queued review of an older head was replaced by this one");
  }

  /** For check suites and runs: the payload's PR list is a hint; the PR itself says where base and head are now. */
  async function enqueueByNumber(context: Context, numbers: number[], why: string, force: boolean): Promise<void> {
    const { owner, repo } = context.repo();
    for (const number of numbers) {
      const { data } = await context.octokit.rest.pulls.get({ owner, repo, pull_number: number });
      enqueue(context, context.octokit, owner, repo, data, why, force);
    }
  }

  const appFn: ApplicationFunction = (app) => {
    appLog = app.log;
    const fresh = (context: Context) => {
      if (queue.seenDelivery(context.id)) {
        context.log.debug({ delivery: context.id }, "duplicate delivery ignored");
        return false;
      }
      return true;
    };

    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.ready_for_review"], async (context) => {
      if (!fresh(context)) return;
      const { owner, repo } = context.repo();
      const { action } = context.payload;
      enqueue(context, context.octokit, owner, repo, context.payload.pull_request, action, action === "reopened" || action === "ready_for_review");
    });

    app.on("pull_request.edited", async (context) => {
      if (!context.payload.changes?.base || !fresh(context)) return;
      const { owner, repo } = context.repo();
      enqueue(context, context.octokit, owner, repo, context.payload.pull_request, "base changed", true);
    });

    app.on(["check_suite.requested", "check_suite.rerequested"], async (context) => {
      if (!fresh(context)) return;
      await enqueueByNumber(context, context.payload.check_suite.pull_requests.map((p) => p.number), `check suite ${context.payload.action}`, context.payload.action === "rerequested");
    });

    app.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
      const run = context.payload.check_run;
      if (run.name !== CHECK_NAME || !fresh(context)) return;
      if (context.payload.action === "requested_action" && context.payload.requested_action?.identifier !== "rerun") return;
      await enqueueByNumber(context, run.pull_requests.map((p) => p.number), `check run ${context.payload.action}`, true);
    });

    app.on("issue_comment.created", async (context) => {
      const { comment, issue } = context.payload;
      if (!issue.pull_request || !comment.body.includes("/hipaa")) return;
      if (comment.user?.type === "Bot" || comment.performed_via_github_app) return;
      const command = parseCommand(comment.body);
      if (!command || !fresh(context)) return;
      const { owner, repo } = context.repo();
      const reply = (body: string) => context.octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body });
      if (command.kind === "invalid") {
        await reply(`@${comment.user!.login} ${command.message}`);
        return;
      }
      const { data: pr } = await context.octokit.rest.pulls.get({ owner, repo, pull_number: issue.number });
      if (command.kind === "waive" || command.kind === "approve") {
        const verdict = await permissionToWaive(context.octokit, { owner, repo }, comment.user!, pr.user?.login, options.allowAuthorWaivers ?? false);
        const what = command.kind === "waive" ? "waiver" : "approval";
        if (!verdict.allowed) {
          await reply(`@${comment.user!.login} thank you — this ${what} was not recorded: ${verdict.why}. A maintainer can ${command.kind} it, or the finding can be fixed in the change.`);
          return;
        }
        await reply(
          command.kind === "waive"
            ? `Waiver recorded for \`${command.target}\` by @${comment.user!.login}${command.until ? ` until ${command.until}` : ""}: ${command.reason}\n\nIt is listed in the \`${CHECK_NAME}\` check's audit record; re-running the check now.`
            : `Approval recorded for the waiver proposed in the code for \`${command.target}\` by @${comment.user!.login}.\n\nIt is listed in the \`${CHECK_NAME}\` check's audit record; re-running the check now.`,
        );
      }
      enqueue(context, context.octokit, owner, repo, pr, `/hipaa ${command.kind}`, true);
    });
  };

  return { appFn, queue };
}
