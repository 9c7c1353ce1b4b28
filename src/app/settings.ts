/**
 * The App's settings from the standard Probot environment. Missing or malformed values produce one line that
 * says what to set — never a stack trace.
 */
import { readFileSync } from "node:fs";
import { getPrivateKey } from "@probot/get-private-key";
import { timeLimits } from "../review/time-limits.js";

export interface AppSettings {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  webhookPath: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /** API base for GitHub Enterprise Server (GHE_HOST / GHE_PROTOCOL); undefined for github.com. */
  baseUrl?: string;
  concurrency: number;
  inlineCommentCap: number;
  reviewDrafts: boolean;
  allowAuthorWaivers: boolean;
  /** HIPAA_FILE_TIME_LIMIT / HIPAA_REVIEW_TIME_LIMIT, in milliseconds. */
  timeLimits: { fileMs: number; reviewMs: number };
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
  let baseUrl: string | undefined;
  if (env.GHE_HOST) {
    const protocol = env.GHE_PROTOCOL ?? "https";
    if (protocol !== "https" && protocol !== "http") throw new SettingsError(`GHE_PROTOCOL must be https or http, got "${protocol}"`);
    if (/[/\s]/.test(env.GHE_HOST)) throw new SettingsError(`GHE_HOST must be a host name (and optional port) such as github.example.com, got "${env.GHE_HOST}"`);
    baseUrl = `${protocol}://${env.GHE_HOST}/api/v3`;
  }
  return {
    appId,
    privateKey: privateKey!,
    webhookSecret: env.WEBHOOK_SECRET!,
    port,
    host: env.HOST ?? "localhost",
    webhookPath: env.WEBHOOK_PATH ?? "/api/github/webhooks",
    logLevel,
    ...(baseUrl ? { baseUrl } : {}),
    concurrency: intSetting(env, "HIPAA_CONCURRENCY", 4, 1, 64),
    inlineCommentCap: intSetting(env, "HIPAA_INLINE_COMMENT_CAP", 25, 0, 100),
    reviewDrafts: boolSetting(env, "HIPAA_REVIEW_DRAFTS", true),
    allowAuthorWaivers: boolSetting(env, "HIPAA_ALLOW_AUTHOR_WAIVERS", false),
    timeLimits: limitsSetting(env),
  };
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
