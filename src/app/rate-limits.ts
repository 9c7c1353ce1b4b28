/**
 * What the App does when GitHub rate-limits it, and how fast it writes. Probot's throttling plugin waits for
 * `retry-after` and asks these; Probot's own defaults retry for ever, which can hold a review (and its concurrency
 * slot) hostage to a limit that does not lift. Here: a secondary limit (content creation bursts) is retried up to 3
 * times after GitHub's `retry-after`; the primary hourly limit only when it resets within 15 minutes, once. Past that
 * the request fails, and the review job completes the check with a clear "re-run" summary instead of hanging.
 * Writes are spaced HIPAA_WRITE_INTERVAL apart (GitHub asks for one second), and writes that notify people (a review,
 * a comment) three times that, as the throttling plugin does by default; with REDIS_URL, Probot hands the throttling
 * plugin a Redis connection, and the spacing holds across every replica (a Bottleneck cluster).
 */
import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";

export const SECONDARY_LIMIT_RETRIES = 3;
export const PRIMARY_LIMIT_MAX_WAIT_SECONDS = 15 * 60;

interface LimitedRequest {
  method: string;
  url: string;
  request: { retryCount: number };
}

interface Logs {
  log: { warn(message: string): void };
}

export function retrySecondaryLimit(retryAfter: number, options: LimitedRequest, octokit: Logs): boolean {
  const retry = options.request.retryCount < SECONDARY_LIMIT_RETRIES;
  octokit.log.warn(`secondary rate limit on ${options.method} ${options.url}: ${retry ? `retrying in ${retryAfter} s (retry ${options.request.retryCount + 1} of ${SECONDARY_LIMIT_RETRIES})` : "giving up"}`);
  return retry;
}

export function retryPrimaryLimit(retryAfter: number, options: LimitedRequest, octokit: Logs): boolean {
  const retry = options.request.retryCount < 1 && retryAfter <= PRIMARY_LIMIT_MAX_WAIT_SECONDS;
  octokit.log.warn(`rate limit on ${options.method} ${options.url}: ${retry ? `retrying in ${retryAfter} s` : `giving up (resets in ${retryAfter} s)`}`);
  return retry;
}

export interface RequestPolicy {
  /** Milliseconds between write requests (GitHub asks for at least one second); 0: no spacing, writes in parallel. */
  writeIntervalMs: number;
  /** First delay of plugin-retry's backoff for a failed request (server errors), in milliseconds. */
  retryBaseMs: number;
  /** Told of every rate-limit answer, and whether it is retried (metrics). */
  onLimit?(kind: "primary" | "secondary", retried: boolean): void;
}

type ThrottleOptions = { connection?: unknown; Bottleneck?: typeof Bottleneck } & Record<string, unknown>;

/** Probot's Octokit with the bounded rate-limit policy (retry and throttling stay on) and the write spacing. */
export function hipaaOctokit(policy: RequestPolicy): typeof ProbotOctokit {
  // One pair of write limiters per process (and per Redis connection): the spacing must hold across every client.
  const writeGroups = new Map<unknown, { write: Bottleneck.Group; notifications: Bottleneck.Group }>();
  return ProbotOctokit.defaults((options: Record<string, unknown>) => {
    const throttle = (options.throttle ?? {}) as ThrottleOptions;
    const key = throttle.connection ?? "local";
    let groups = writeGroups.get(key);
    if (!groups) {
      const B = throttle.Bottleneck ?? Bottleneck;
      // An interval of 0 turns the spacing off altogether (a stand-in in tests; never against GitHub): writes run in parallel.
      const shared = { maxConcurrent: policy.writeIntervalMs > 0 ? 1 : null, timeout: 120_000, ...(throttle.connection ? { connection: throttle.connection as Bottleneck.IORedisConnection } : {}) };
      groups = {
        write: new B.Group({ id: "octokit-write", minTime: policy.writeIntervalMs, ...shared }),
        notifications: new B.Group({ id: "octokit-notifications", minTime: 3 * policy.writeIntervalMs, ...shared }),
      };
      writeGroups.set(key, groups);
    }
    return {
      ...options,
      retry: { ...(options.retry as object | undefined), retryAfterBaseValue: policy.retryBaseMs },
      throttle: {
        enabled: true,
        ...groups,
        ...throttle,
        onSecondaryRateLimit: (retryAfter: number, o: LimitedRequest, octokit: Logs) => {
          const retried = retrySecondaryLimit(retryAfter, o, octokit);
          policy.onLimit?.("secondary", retried);
          return retried;
        },
        onRateLimit: (retryAfter: number, o: LimitedRequest, octokit: Logs) => {
          const retried = retryPrimaryLimit(retryAfter, o, octokit);
          policy.onLimit?.("primary", retried);
          return retried;
        },
      },
    };
  });
}

/** The App's Octokit with GitHub's recommended pacing (one write a second) and a one-second retry backoff. */
export const HipaaOctokit = hipaaOctokit({ writeIntervalMs: 1_000, retryBaseMs: 1_000 });
