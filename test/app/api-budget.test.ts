// A review's API calls and writes, counted on every request the App made to the GitHub stand-in (reads and writes; the
// installation token aside): at most 3 + ⌈files/100⌉ + ⌈annotations/50⌉ + 1 per review, and a quick review of a
// one-file pull request makes at most two content-creating writes (its check run, created completed, and its review).
// A review not done within the check delay gets its check run in progress first, and the sweep's list has it meanwhile.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pullRequestPayload, testProbot } from "./app-fixtures.js";
import { API, fakeGitHub, fileEntry, type PullFile, type Scenario } from "./fake-github.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const budget = (files: number, annotations: number) => 3 + Math.ceil(files / 100) + Math.ceil(annotations / 50) + 1;

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function review(files: PullFile[], reviews: number, checkUpdates = 0, options: { checkDelayMs?: number; hold?: (t: Awaited<ReturnType<typeof testProbot>>) => () => Promise<void> } = {}) {
  const t = await testProbot(options.checkDelayMs !== undefined ? { checkDelayMs: options.checkDelayMs } : {});
  const payload = pullRequestPayload("opened");
  const s: Scenario = { owner: OWNER, repo: REPO, number: payload.number, headSha: payload.pull_request.head.sha, baseSha: payload.pull_request.base.sha, installationId: payload.installation.id, files, ...(options.hold ? { filesHeld: options.hold(t) } : {}) };
  const gh = fakeGitHub(s, { checkUpdates, reviews });
  await t.probot.receive({ id: `budget-${Math.random()}`, name: "pull_request", payload } as never);
  await t.app.queue.onIdle();
  expect(gh.invalid).toEqual([]);
  const annotations = [...gh.writes("POST", "/check-runs"), ...gh.writes("PATCH", "/check-runs/")].reduce((n, r) => n + (r.body.output?.annotations?.length ?? 0), 0);
  return { t, gh, annotations };
}

const bad = (i: number) => fileEntry(`src/f${i}.js`, [`call${i}({ rejectUnauthorized: false })`]);
const clean = (i: number) => fileEntry(`src/f${i}.js`, [`call${i}({ ca })`]);

describe("API calls per review", () => {
  it("a one-file pull request with a finding: 6 calls, two writes (the check run created completed, the review)", async () => {
    const { gh, annotations } = await review([bad(0)], 1);
    expect(annotations).toBe(1);
    expect(gh.calls.length).toBeLessThanOrEqual(budget(1, annotations));
    expect(gh.calls.filter((c) => !c.startsWith("GET"))).toEqual([`POST /repos/${OWNER}/${REPO}/check-runs`, `POST /repos/${OWNER}/${REPO}/pulls/2/reviews`]);
    expect(gh.completion()).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("a clean one-file pull request: 5 calls, one write", async () => {
    const { gh } = await review([clean(0)], 0);
    expect(gh.calls.length).toBeLessThanOrEqual(budget(1, 0));
    expect(gh.calls.filter((c) => !c.startsWith("GET"))).toEqual([`POST /repos/${OWNER}/${REPO}/check-runs`]);
    expect(gh.completion()).toMatchObject({ conclusion: "success" });
  });

  it("250 files", async () => {
    const files = Array.from({ length: 250 }, (_, i) => (i % 50 === 0 ? bad(i) : clean(i)));
    const { gh, annotations } = await review(files, 1);
    expect(annotations).toBe(5);
    expect(gh.calls.length).toBeLessThanOrEqual(budget(250, annotations));
  });

  it("120 annotations: the create carries 50, two updates the other 70", async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `call${i}({ rejectUnauthorized: false })`);
    const { gh, annotations } = await review([fileEntry("src/many.js", lines)], 1, 2);
    expect(annotations).toBe(120);
    expect(gh.calls.length).toBeLessThanOrEqual(budget(1, annotations));
  });
});

describe("the timer fallback", () => {
  it("a review not done within the check delay gets its check run in progress, on the sweep's list until it completes", async () => {
    let openWhileHeld: unknown[] = [];
    const { t, gh } = await review([bad(0)], 1, 1, {
      checkDelayMs: 5,
      // The compare is answered only once the in-progress run exists and is on the open list: no race with the clock.
      hold: (t) => async () => {
        await vi.waitFor(async () => {
          openWhileHeld = await t.app.queue.openChecks();
          expect(openWhileHeld).toHaveLength(1);
        }, { timeout: 20_000, interval: 5 });
      },
    });
    expect(openWhileHeld).toEqual([expect.objectContaining({ checkRunId: 4242 })]);
    const [create] = gh.writes("POST", "/check-runs");
    expect(create!.body).toMatchObject({ status: "in_progress" });
    expect(gh.writes("PATCH", "/check-runs/4242")).toEqual([expect.objectContaining({ body: expect.objectContaining({ status: "completed", conclusion: "failure" }) })]);
    expect(await t.app.queue.openChecks()).toEqual([]);
    expect(nock.pendingMocks().filter((m) => m.startsWith(`POST ${API}`) || m.startsWith(`PATCH ${API}`))).toEqual([]);
  });
});
