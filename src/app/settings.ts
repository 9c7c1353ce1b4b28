/**
 * The App's settings from the standard Probot environment. Missing or malformed values produce one line that
 * says what to set — never a stack trace.
 */
import { readFileSync } from "node:fs";
import { getPrivateKey } from "@probot/get-private-key";
import { timeLimits } from "../review/time-limits.js";
import { DEFAULT_CHECK_DELAY_MS } from "../platforms/github/check-slot.js";

export interface AppSettings {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  webhookPath: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /** LOG_FORMAT: `json` (one JSON object a line, for machines) or `pretty` (the default). */
  logFormat: "json" | "pretty";
  /** API base for GitHub Enterprise Server (GHE_HOST / GHE_PROTOCOL); undefined for github.com. */
  baseUrl?: string;
  concurrency: number;
  inlineCommentCap: number;
  reviewDrafts: boolean;
  allowAuthorWaivers: boolean;
  /** HIPAA_FILE_TIME_LIMIT / HIPAA_REVIEW_TIME_LIMIT, in milliseconds. */
  timeLimits: { fileMs: number; reviewMs: number };
  /** REDIS_URL: replicas share one queue, de-duplication and rate limit in Redis; undefined runs embedded. */
  redisUrl?: string;
  /** HIPAA_STATE_DIR: where the embedded queue journals its work. */
  stateDir: string;
  /** HIPAA_REVIEW_DEADLINE: a review's deadline, in milliseconds. */
  deadlineMs: number;
  /** HIPAA_CHECK_DELAY: how long a review runs before its check run is created in progress (ms); a quicker one creates it completed. */
  checkDelayMs: number;
  /** HIPAA_SWEEP_INTERVAL: time between recovery sweeps, in milliseconds; 0 turns the sweep off. */
  sweepIntervalMs: number;
  /** HIPAA_STALL_TIMEOUT: Redis mode: how long a silent replica's review waits before another takes it over (ms). */
  stallMs: number;
  /** HIPAA_WRITE_INTERVAL: time between GitHub write requests, shared by all replicas (ms). */
  writeIntervalMs: number;
  /** HIPAA_RETRY_BACKOFF: the first retry delay of a failed GitHub request or job, doubled each time (ms). */
  retryBaseMs: number;
  /** HIPAA_MAX_QUEUED: reviews held at most before webhooks are refused with 503. */
  maxQueued: number;
}

export class SettingsError extends Error {}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

export function readSettings(env: NodeJS.ProcessEnv): AppSettings {
  const missing: string[] = [];
  if (!env.APP_ID) missing.push("APP_ID (the GitHub App's id)");
  let privateKey: string | null = null;
  if (env.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(env.PRIVATE_KEY_PATH, "utf8");
    } catch (error) {
      throw new SettingsError(`PRIVATE_KEY_PATH=${env.PRIVATE_KEY_PATH} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); point it at the .pem file downloaded from the App's settings`);
    }
  } else if (env.PRIVATE_KEY) {
    try {
      privateKey = getPrivateKey({ env: { PRIVATE_KEY: env.PRIVATE_KEY } });
    } catch {
      privateKey = null;
    }
    if (!privateKey) throw new SettingsError("PRIVATE_KEY is not a PEM private key (paste the .pem contents, base64-encode it, or use PRIVATE_KEY_PATH)");
  } else {
    missing.push("PRIVATE_KEY or PRIVATE_KEY_PATH (the App's private key)");
  }
  if (!env.WEBHOOK_SECRET) missing.push("WEBHOOK_SECRET (the App's webhook secret)");
  if (missing.length > 0) {
    throw new SettingsError(`cannot start the GitHub App: set ${missing.join(", ")}. To register a new App and get them, run \`PUBLIC_URL=https://<this host> npm run setup\`; to scan locally without GitHub, \`npx hipaa-review scan --base main\`.`);
  }
  const appId = Number(env.APP_ID);
  if (!Number.isInteger(appId) || appId <= 0) throw new SettingsError(`APP_ID must be the App's numeric id, got "${env.APP_ID}"`);
  const port = intSetting(env, "PORT", 3000, 0, 65_535);
  const logLevel = (env.LOG_LEVEL ?? "info") as AppSettings["logLevel"];
  if (!LEVELS.includes(logLevel)) throw new SettingsError(`LOG_LEVEL must be one of ${LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
  const logFormat = (env.LOG_FORMAT || "pretty") as AppSettings["logFormat"];
  if (logFormat !== "json" && logFormat !== "pretty") throw new SettingsError(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);
  let baseUrl: string | undefined;
  if (env.GHE_HOST) {
    const protocol = env.GHE_PROTOCOL ?? "https";
    if (protocol !== "https" && protocol !== "http") throw new SettingsError(`GHE_PROTOCOL must be https or http, got "${protocol}"`);
    if (/[/\s]/.test(env.GHE_HOST)) throw new SettingsError(`GHE_HOST must be a host name (and optional port) such as github.example.com, got "${env.GHE_HOST}"`);
    baseUrl = `${protocol}://${env.GHE_HOST}/api/v3`;
  }
  const settings: AppSettings = {
    appId,
    privateKey: privateKey!,
    webhookSecret: env.WEBHOOK_SECRET!,
    port,
    host: env.HOST ?? "localhost",
    webhookPath: env.WEBHOOK_PATH ?? "/api/github/webhooks",
    logLevel,
    logFormat,
    ...(baseUrl ? { baseUrl } : {}),
    concurrency: intSetting(env, "HIPAA_CONCURRENCY", 4, 1, 64),
    inlineCommentCap: intSetting(env, "HIPAA_INLINE_COMMENT_CAP", 25, 0, 100),
    reviewDrafts: boolSetting(env, "HIPAA_REVIEW_DRAFTS", true),
    allowAuthorWaivers: boolSetting(env, "HIPAA_ALLOW_AUTHOR_WAIVERS", false),
    timeLimits: limitsSetting(env),
    ...(env.REDIS_URL ? { redisUrl: redisSetting(env.REDIS_URL) } : {}),
    stateDir: env.HIPAA_STATE_DIR || "./.hipaa-review-state",
    deadlineMs: secondsSetting(env, "HIPAA_REVIEW_DEADLINE", 600, 1, 86_400),
    checkDelayMs: secondsSetting(env, "HIPAA_CHECK_DELAY", DEFAULT_CHECK_DELAY_MS / 1000, 0, 60),
    sweepIntervalMs: env.HIPAA_SWEEP_INTERVAL?.trim() === "0" ? 0 : secondsSetting(env, "HIPAA_SWEEP_INTERVAL", 300, 0.1, 86_400),
    stallMs: secondsSetting(env, "HIPAA_STALL_TIMEOUT", 30, 0.5, 3_600),
    writeIntervalMs: secondsSetting(env, "HIPAA_WRITE_INTERVAL", 1, 0, 60),
    retryBaseMs: secondsSetting(env, "HIPAA_RETRY_BACKOFF", 1, 0.001, 60),
    maxQueued: intSetting(env, "HIPAA_MAX_QUEUED", 10_000, 1, 1_000_000),
  };
  if (settings.checkDelayMs >= settings.deadlineMs) {
    throw new SettingsError(`HIPAA_CHECK_DELAY (${settings.checkDelayMs / 1000} s) must be shorter than HIPAA_REVIEW_DEADLINE (${settings.deadlineMs / 1000} s), so a slow review has its check run in progress before its deadline`);
  }
  return settings;
}

function redisSetting(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SettingsError("REDIS_URL must be a URL such as redis://redis:6379 or rediss://user:password@host:6380/0");
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") throw new SettingsError(`REDIS_URL must start with redis:// or rediss://, got "${parsed.protocol}//…"`);
  return url;
}

/** Seconds (decimals allowed) from the environment, in milliseconds. */
function secondsSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback * 1000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new SettingsError(`${name} must be a number of seconds from ${min} to ${max}, got "${raw}"`);
  return Math.round(n * 1000);
}

function limitsSetting(env: NodeJS.ProcessEnv): { fileMs: number; reviewMs: number } {
  try {
    return timeLimits(env);
  } catch (error) {
    throw new SettingsError((error as Error).message);
  }
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new SettingsError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new SettingsError(`${name} must be true or false, got "${env[name]}"`);
}
