/**
 * What the App does when GitHub rate-limits it. Probot's throttling plugin waits for `retry-after` and asks
 * these; Probot's own defaults retry for ever, which can hold a review (and its concurrency slot) hostage to a
 * limit that does not lift. Here: a secondary limit (content creation bursts) is retried up to 3 times after
 * GitHub's `retry-after`; the primary hourly limit only when it resets within 15 minutes, once. Past that the
 * request fails, and the review job completes the check with a clear "re-run" summary instead of hanging.
 */
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

/** Probot's Octokit with the bounded rate-limit policy (retry and throttling stay on). */
export const HipaaOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { enabled: true, ...(options.throttle as object | undefined), onSecondaryRateLimit: retrySecondaryLimit, onRateLimit: retryPrimaryLimit },
}));
