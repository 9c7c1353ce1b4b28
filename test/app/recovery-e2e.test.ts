// A review is never lost, stuck or skipped, in the embedded mode (one process, its queue journaled on disk): the built
// App is killed with SIGKILL while reviews are queued and running, pull requests are opened while it is down, and it is
// restarted; it is stopped with SIGTERM with reviews queued and started again; GitHub fails its check completions for
// a while; then 500 webhooks arrive for 100 pull requests. Every head must end with a completed check, no check may stay
// in progress, no inline comment may be posted twice, and a pull request never has two reviews at once. One stand-in
// and one state directory serve the whole file, in order.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullRequestPayload } from "./payloads.js";
import { startAppProcess, waitFor, type AppProcess } from "./app-process.js";
import { GitHubStandIn, duplicateComments, overlappingReviews } from "./github-stand-in.js";

const SECRET = "recovery-secret";
const BAD = "const agent = new https.Agent({\n  rejectUnauthorized: false,\n});\n";
const stateDir = mkdtempSync(join(tmpdir(), "hipaa-recovery-"));
let gh: GitHubStandIn;
let app: AppProcess | undefined;
let port = 0;
let baseSha = "";
let nextPr = 100;

const context = () => `app output:\n${app?.output().slice(-8000)}\nstand-in saw (last 40):\n${gh.log.slice(-40).join("\n")}`;
const start = async (env: Record<string, string> = {}) => {
  app = await startAppProcess({ secret: SECRET, apiPort: gh.port, ...(port ? { port } : {}), env: { HIPAA_STATE_DIR: stateDir, HIPAA_SWEEP_INTERVAL: "0.5", HIPAA_CONCURRENCY: "8", ...env } });
  port = app.port;
  gh.appUrl = app.url;
  return app;
};

/** New pull requests, each adding a file with a blocking finding; returns their numbers and head shas. */
function openPulls(count: number): { number: number; head: string; payload: any }[] {
  return Array.from({ length: count }, () => {
    const number = nextPr++;
    const head = gh.commit(`pr-${number}`, { ...gh.commits.get(baseSha)!.tree, [`src/p${number}.js`]: BAD });
    gh.pull(number, baseSha, head);
    const payload = pullRequestPayload("opened", { number });
    payload.pull_request.head.sha = head;
    payload.pull_request.base.sha = baseSha;
    return { number, head, payload };
  });
}

const finished = (heads: string[]) => heads.every((h) => gh.runsFor(h).length > 0 && gh.runsFor(h).every((c) => c.status === "completed"));
const unfinishedRuns = () => gh.checkRuns.filter((c) => c.status !== "completed").map((c) => `${c.id}@${c.head_sha.slice(0, 7)}`);

beforeAll(async () => {
  gh = await new GitHubStandIn(SECRET, 12345).start();
  baseSha = gh.commit("base", { "README.md": "# service\n" });
  await start();
}, 30_000);

afterAll(async () => {
  await app?.kill("SIGKILL");
  await gh?.close();
});

describe("the embedded queue survives its process", () => {
  it("kill -9 with 30 pull requests queued and in review, 5 opened while it is down, restart: every head ends with a completed check", async () => {
    // Each review waits on GitHub a little, and the first three are held until the kill, so at the kill some are in
    // review and most are queued.
    const before = openPulls(30);
    const held = new Set(before.slice(0, 3).map((pr) => pr.head));
    gh.faults.delay = (method, path) => (path.includes("/compare/") ? 100 : 0);
    gh.faults.hold = (method, path) => path.includes("/compare/") && [...held].some((h) => path.endsWith(h));
    for (const pr of before) expect((await gh.deliver("pull_request", pr.payload)).status_code).toBe(200);
    await waitFor("the held reviews to be in progress", () => [...held].every((h) => gh.runsFor(h).length > 0), context);
    await app!.kill("SIGKILL");
    gh.faults.delay = undefined;
    gh.faults.hold = undefined;
    gh.release();
    const done = before.filter((pr) => gh.runsFor(pr.head).some((c) => c.status === "completed")).length;
    expect(done).toBeLessThan(30);
    expect(unfinishedRuns().length).toBeGreaterThanOrEqual(3);

    // Opened while the App is down: GitHub records failed deliveries.
    const during = openPulls(5);
    for (const pr of during) expect((await gh.deliver("pull_request", pr.payload)).status_code).toBe(0);

    await start();
    const heads = [...before, ...during].map((pr) => pr.head);
    // The check completes first, then the review is posted: wait for both.
    await waitFor("every head's check to complete and its review", () => finished(heads) && unfinishedRuns().length === 0 && [...before, ...during].every((pr) => gh.pulls.get(pr.number)!.reviews.length > 0), context, 40_000);
    for (const pr of before) expect(gh.runsFor(pr.head).at(-1)!.conclusion).toBe("failure");
    // The five came back through the recovery sweep's redelivery, with their original delivery ids.
    for (const pr of during) expect(gh.deliveries.some((d) => d.payload === pr.payload && d.redelivery && d.status_code === 200)).toBe(true);
    expect(duplicateComments(gh)).toEqual([]);
    // Every head got exactly one review, whatever the kill interrupted.
    for (const pr of [...before, ...during]) expect(gh.pulls.get(pr.number)!.reviews).toHaveLength(1);
    const metrics = await (await fetch(`${app!.url}/metrics`)).text();
    expect(metrics).toMatch(/hipaa_recoveries_total\{kind="resumed"\} [1-9]/);
    expect(metrics).toMatch(/hipaa_recoveries_total\{kind="redelivered"\} 5/);
    expect(gh.invalid).toEqual([]);
  }, 90_000);

  it("kill -9 while reviews run inside their check delay, before any check run exists: the journal brings each back", async () => {
    // A long check delay: the reviews are held at the compare with no check run on GitHub at all when the process dies.
    await app!.kill("SIGKILL");
    await start({ HIPAA_CHECK_DELAY: "30" });
    const pulls = openPulls(4);
    gh.faults.hold = (method, path) => path.includes("/compare/") && pulls.some((p) => path.endsWith(p.head));
    for (const pr of pulls) expect((await gh.deliver("pull_request", pr.payload)).status_code).toBe(200);
    await waitFor("the four reviews to be reading their change", () => pulls.every((p) => gh.log.some((l) => l.includes("/compare/") && l.includes(p.head))), context);
    expect(pulls.flatMap((p) => gh.runsFor(p.head))).toEqual([]);
    await app!.kill("SIGKILL");
    gh.faults.hold = undefined;
    gh.release();
    expect(pulls.flatMap((p) => gh.runsFor(p.head))).toEqual([]);

    await start();
    await waitFor("every head's check and review", () => finished(pulls.map((p) => p.head)) && pulls.every((p) => gh.pulls.get(p.number)!.reviews.length > 0), context, 40_000);
    for (const pr of pulls) {
      expect(gh.runsFor(pr.head)).toHaveLength(1);
      expect(gh.runsFor(pr.head)[0]!.conclusion).toBe("failure");
      expect(gh.pulls.get(pr.number)!.reviews).toHaveLength(1);
    }
    expect(await (await fetch(`${app!.url}/metrics`)).text()).toMatch(/hipaa_recoveries_total\{kind="resumed"\} [1-9]/);
    expect(gh.invalid).toEqual([]);
  }, 60_000);

  it("SIGTERM stops taking webhooks and leaves queued reviews journaled; the next start completes them", async () => {
    // Twelve pull requests on eight workers: eight reviews are running (held at GitHub) and four queued at the SIGTERM.
    gh.faults.hold = (method, path) => path.includes("/compare/");
    const pulls = openPulls(12);
    for (const pr of pulls) expect((await gh.deliver("pull_request", pr.payload)).status_code).toBe(200);
    await waitFor("eight reviews to be running", () => gh.checkRuns.filter((c) => pulls.some((p) => p.head === c.head_sha)).length === 8, context);
    const stopping = app!.kill("SIGTERM");
    const exitedAt = Date.now();
    gh.faults.hold = undefined;
    gh.release();
    expect(await stopping).toBe(0);
    expect(Date.now() - exitedAt).toBeLessThan(12_000);
    const late = openPulls(1)[0]!;
    expect((await gh.deliver("pull_request", late.payload)).status_code).not.toBe(200);
    expect(finished(pulls.map((p) => p.head))).toBe(false);

    await start();
    const heads = [...pulls, late].map((p) => p.head);
    await waitFor("the journaled reviews and the late delivery to complete", () => finished(heads) && unfinishedRuns().length === 0, context, 40_000);
    expect(duplicateComments(gh)).toEqual([]);
  }, 90_000);

  it("a check whose completion GitHub keeps refusing (500) is completed later by retry or the recovery sweep", async () => {
    gh.faults.delay = undefined;
    const [pr] = openPulls(1);
    let refused = 0;
    gh.faults.checkPatch = (id) => {
      const run = gh.checkRuns.find((c) => c.id === id);
      if (run?.head_sha !== pr!.head || refused >= 12) return undefined;
      refused++;
      return 500;
    };
    // The review is held at the compare until its check delay has passed and its run is in progress.
    gh.faults.hold = (method, path) => path.includes("/compare/") && path.endsWith(pr!.head) && gh.runsFor(pr!.head).length === 0;
    try {
      await gh.deliver("pull_request", pr!.payload);
      await waitFor("the run in progress", () => gh.runsFor(pr!.head).length > 0, context);
      gh.faults.hold = undefined;
      gh.release();
      const run = await waitFor("the refused check to complete", () => gh.runsFor(pr!.head).find((c) => c.status === "completed"), context, 30_000);
      expect(refused).toBe(12);
      expect(run.conclusion).toBe("failure");
      expect(gh.runsFor(pr!.head)).toHaveLength(1);
      expect(app!.output()).toContain("the recovery sweep re-runs it");
      expect(app!.output()).toContain("re-running a check run left unfinished");
    } finally {
      gh.faults.checkPatch = undefined;
      gh.faults.hold = undefined;
    }
  }, 60_000);

  it("load: 500 webhooks across 100 pull requests: every ack under 1 s, every head conclusive, memory bounded", async () => {
    const sends: (() => Promise<number>)[] = [];
    const newest = new Map<number, string>();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 100; i++) {
        const number = 1000 + i;
        const head = gh.commit(`load-${i}-${round}`, { ...gh.commits.get(baseSha)!.tree, [`src/l${i}-${round}.js`]: round % 2 === 0 ? BAD : `export const v = ${round};\n` });
        gh.pull(number, baseSha, head);
        newest.set(number, head);
        const payload = pullRequestPayload("synchronize", { number });
        payload.pull_request.head.sha = head;
        payload.pull_request.base.sha = baseSha;
        sends.push(async () => {
          const d = await gh.deliver("pull_request", payload);
          expect(d.status_code).toBe(200);
          return d.ms;
        });
      }
    }
    // Twenty deliveries in flight at a time, as GitHub sends bursts.
    const acks: number[] = [];
    await Promise.all(Array.from({ length: 20 }, async () => {
      while (sends.length > 0) acks.push(await sends.shift()!());
    }));
    expect(acks).toHaveLength(500);
    // As GitHub sees it (the sender's clock), and as the App measures it (its response-time histogram).
    expect(Math.max(...acks)).toBeLessThan(1_000);
    const metrics = await (await fetch(`${app!.url}/metrics`)).text();
    const count = (name: string) => Number(new RegExp(`^${name} (\\d+)`, "m").exec(metrics)?.[1]);
    expect(count('hipaa_webhook_response_seconds_bucket\\{le="1"\\}')).toBe(count("hipaa_webhook_response_seconds_count"));
    await waitFor("every pull request's head to be conclusive", () => [...newest.values()].every((h) => gh.runsFor(h).some((c) => c.status === "completed")) && unfinishedRuns().length === 0, context, 60_000);
    for (const head of newest.values()) expect(gh.runsFor(head).at(-1)!.conclusion).toBe("failure");
    // Each head's check says what its own commit holds (rounds 0, 2 and 4 add a finding; 1 and 3 are clean).
    for (const n of newest.keys()) {
      for (const h of gh.headsOf(n)) {
        const bad = Object.values(gh.commits.get(h)!.tree).some((text) => text.includes("rejectUnauthorized"));
        for (const run of gh.runsFor(h)) expect(run.conclusion).toBe(bad ? "failure" : "success");
      }
    }
    // Newest head wins: far fewer reviews than webhooks; never two reviews of one pull request at once.
    expect(gh.checkRuns.filter((c) => c.created.head_sha && [...newest.keys()].some((n) => gh.headsOf(n).has(c.head_sha))).length).toBeLessThan(400);
    expect(overlappingReviews(gh)).toEqual([]);
    expect(duplicateComments(gh)).toEqual([]);
    // Memory stays bounded: the process's resident set after the burst and the reviews.
    const rss = Number(/^process_resident_memory_bytes (\d+)/m.exec(await (await fetch(`${app!.url}/metrics`)).text())?.[1]);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThan(400 * 1024 * 1024);
    expect(gh.invalid).toEqual([]);
  }, 120_000);
});
