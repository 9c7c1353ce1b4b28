// The App's environment: what is required, what is optional, and one-line errors for mistakes.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSettings, SettingsError } from "../../src/app/settings.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const base = { APP_ID: "42", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s" };

describe("readSettings", () => {
  it("names every missing credential in one line", () => {
    expect(() => readSettings({})).toThrow(SettingsError);
    expect(() => readSettings({})).toThrow(/set APP_ID .*PRIVATE_KEY or PRIVATE_KEY_PATH.*WEBHOOK_SECRET/);
  });

  it("builds the GitHub Enterprise Server API URL from GHE_HOST and GHE_PROTOCOL", () => {
    expect(readSettings({ ...base, GHE_HOST: "github.example.org" }).baseUrl).toBe("https://github.example.org/api/v3");
    expect(readSettings({ ...base, GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" }).baseUrl).toBe("http://127.0.0.1:8080/api/v3");
    expect(readSettings(base).baseUrl).toBeUndefined();
    expect(() => readSettings({ ...base, GHE_HOST: "https://github.example.org" })).toThrow(/GHE_HOST must be a host name/);
  });

  it("accepts a base64-encoded key and rejects garbage keys, ids and flags clearly", () => {
    expect(readSettings({ ...base, PRIVATE_KEY: Buffer.from(privateKey).toString("base64") }).privateKey).toContain("BEGIN PRIVATE KEY");
    expect(() => readSettings({ ...base, PRIVATE_KEY: "not a key" })).toThrow(/not a PEM private key/);
    expect(() => readSettings({ ...base, APP_ID: "abc" })).toThrow(/APP_ID must be the App's numeric id/);
    expect(() => readSettings({ ...base, HIPAA_REVIEW_DRAFTS: "maybe" })).toThrow(/HIPAA_REVIEW_DRAFTS must be true or false/);
    expect(() => readSettings({ ...base, PRIVATE_KEY_PATH: "/nonexistent/key.pem" })).toThrow(/cannot be read \(ENOENT\)/);
  });

  it("HIPAA_CHECK_DELAY: 2 s by default, in seconds, shorter than the deadline", () => {
    expect(readSettings(base).checkDelayMs).toBe(2_000);
    expect(readSettings({ ...base, HIPAA_CHECK_DELAY: "0.5" }).checkDelayMs).toBe(500);
    expect(() => readSettings({ ...base, HIPAA_CHECK_DELAY: "30", HIPAA_REVIEW_DEADLINE: "20" })).toThrow(/HIPAA_CHECK_DELAY \(30 s\) must be shorter than HIPAA_REVIEW_DEADLINE \(20 s\)/);
  });

  it("defaults: localhost:3000, drafts reviewed, authors may not waive", () => {
    expect(readSettings(base)).toMatchObject({ host: "localhost", port: 3000, reviewDrafts: true, allowAuthorWaivers: false, inlineCommentCap: 25, concurrency: 4 });
  });

  it("reads the queue, recovery and rate settings (seconds may have decimals) and refuses bad ones in one line", () => {
    expect(readSettings(base)).toMatchObject({ stateDir: "./.hipaa-review-state", deadlineMs: 600_000, sweepIntervalMs: 300_000, stallMs: 30_000, writeIntervalMs: 1_000, retryBaseMs: 1_000, maxQueued: 10_000, logFormat: "pretty" });
    expect(readSettings(base).redisUrl).toBeUndefined();
    expect(readSettings({ ...base, REDIS_URL: "rediss://user:pw@cache.internal:6380/2", HIPAA_REVIEW_DEADLINE: "2.5", HIPAA_SWEEP_INTERVAL: "0", HIPAA_WRITE_INTERVAL: "0", HIPAA_STATE_DIR: "/var/lib/hipaa" })).toMatchObject({
      redisUrl: "rediss://user:pw@cache.internal:6380/2",
      deadlineMs: 2_500,
      sweepIntervalMs: 0,
      writeIntervalMs: 0,
      stateDir: "/var/lib/hipaa",
    });
    expect(() => readSettings({ ...base, REDIS_URL: "http://cache:6379" })).toThrow(/REDIS_URL must start with redis:\/\/ or rediss:\/\//);
    expect(() => readSettings({ ...base, REDIS_URL: "not a url with a s3cret" })).toThrow(/^REDIS_URL must be a URL such as redis:\/\/redis:6379/);
    expect(() => readSettings({ ...base, REDIS_URL: "not a url with a s3cret" })).not.toThrow(/s3cret/);
    expect(() => readSettings({ ...base, HIPAA_REVIEW_DEADLINE: "soon" })).toThrow('HIPAA_REVIEW_DEADLINE must be a number of seconds from 1 to 86400, got "soon"');
    expect(() => readSettings({ ...base, HIPAA_STALL_TIMEOUT: "0.1" })).toThrow(/HIPAA_STALL_TIMEOUT must be a number of seconds from 0.5/);
    expect(() => readSettings({ ...base, LOG_FORMAT: "xml" } as unknown as NodeJS.ProcessEnv)).toThrow('LOG_FORMAT must be json or pretty, got "xml"');
  });
});
