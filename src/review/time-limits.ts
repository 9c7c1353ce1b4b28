/**
 * The review's time limits, from the environment both entry points share: HIPAA_FILE_TIME_LIMIT (seconds for one
 * file, default 60) and HIPAA_REVIEW_TIME_LIMIT (seconds for the whole review, default 300).
 */
import type { ScanBudget } from "../engine/scan.js";
import { DEFAULT_TIME_LIMITS } from "./review.js";

export class TimeLimitError extends Error {}

function seconds(env: Record<string, string | undefined>, name: string, fallbackMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallbackMs;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 86_400) throw new TimeLimitError(`${name} must be a whole number of seconds from 1 to 86400, got "${raw}"`);
  return n * 1000;
}

export function timeLimits(env: Record<string, string | undefined>): { fileMs: number; reviewMs: number } {
  return { fileMs: seconds(env, "HIPAA_FILE_TIME_LIMIT", DEFAULT_TIME_LIMITS.fileMs), reviewMs: seconds(env, "HIPAA_REVIEW_TIME_LIMIT", DEFAULT_TIME_LIMITS.reviewMs) };
}

/** A budget over the given limits, timed by `now` (milliseconds). */
export function budgetOf(limits: { fileMs: number; reviewMs: number }, now: () => number): ScanBudget {
  return { ...limits, now };
}
