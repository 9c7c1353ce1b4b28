// The App's rate-limit policy: bounded retries after GitHub's retry-after, never an endless wait. (Reads, so the
// throttling plugin's one-write-per-second pacing does not slow the test; retryAfterBaseValue makes 1 s one ms.)
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HipaaOctokit, PRIMARY_LIMIT_MAX_WAIT_SECONDS, retryPrimaryLimit, retrySecondaryLimit, SECONDARY_LIMIT_RETRIES } from "../../src/app/rate-limits.js";

const warnings: string[] = [];
const octokit = { log: { warn: (m: string) => void warnings.push(m) } };
const req = (retryCount: number) => ({ method: "POST", url: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", request: { retryCount } });

beforeEach(() => {
  warnings.length = 0;
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("rate-limit decisions", () => {
  it("retries a secondary limit up to three times, then gives up and says so", () => {
    expect([0, 1, 2, 3].map((n) => retrySecondaryLimit(60, req(n), octokit))).toEqual([true, true, true, false]);
    expect(SECONDARY_LIMIT_RETRIES).toBe(3);
    expect(warnings[0]).toContain("retrying in 60 s (retry 1 of 3)");
    expect(warnings[3]).toContain("giving up");
  });

  it("waits for the primary limit once, and only when it resets within 15 minutes", () => {
    expect(retryPrimaryLimit(PRIMARY_LIMIT_MAX_WAIT_SECONDS, req(0), octokit)).toBe(true);
    expect(retryPrimaryLimit(PRIMARY_LIMIT_MAX_WAIT_SECONDS + 1, req(0), octokit)).toBe(false);
    expect(retryPrimaryLimit(30, req(1), octokit)).toBe(false);
    expect(warnings[1]).toContain(`giving up (resets in ${PRIMARY_LIMIT_MAX_WAIT_SECONDS + 1} s)`);
  });
});

describe("HipaaOctokit", () => {
  it("retries a secondary-rate-limited request after retry-after, then fails after the last retry", async () => {
    const limited = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" };
    const scope = nock("https://api.github.com").get("/repos/o/r/pulls/1/files").times(SECONDARY_LIMIT_RETRIES + 1).reply(403, limited, { "retry-after": "1" });
    const client = new HipaaOctokit({ auth: "token", retry: { enabled: false }, throttle: { retryAfterBaseValue: 1 }, log: { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} } as never });
    await expect(client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { owner: "o", repo: "r", pull_number: 1 })).rejects.toMatchObject({ status: 403 });
    expect(scope.isDone()).toBe(true);
    expect(warnings.filter((w) => w.includes("secondary rate limit"))).toHaveLength(SECONDARY_LIMIT_RETRIES + 1);
  });

  it("succeeds when the limit lifts", async () => {
    nock("https://api.github.com")
      .get("/repos/o/r/pulls/1/files")
      .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" })
      .get("/repos/o/r/pulls/1/files")
      .reply(200, { id: 7 });
    const client = new HipaaOctokit({ auth: "token", retry: { enabled: false }, throttle: { retryAfterBaseValue: 1 }, log: { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} } as never });
    const res = await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { owner: "o", repo: "r", pull_number: 1 });
    expect(res.data).toEqual({ id: 7 });
  });
});
