// Horizontal scale on Redis: two replicas of the built App share a real redis-server (its own loopback port and
// temporary directory) and one GitHub stand-in. Webhooks land on either replica and reviews run on both; a delivery sent
// to both is accepted once, a pull request's newest head wins, and one pull request never has two reviews at once.
// When one replica is killed with SIGKILL mid-review, the other completes every head and no inline comment is posted
// twice. The write spacing is shared through the same Redis (Probot's throttling as a Bottleneck cluster).
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullRequestPayload } from "./payloads.js";
import { startAppProcess, waitFor, type AppProcess } from "./app-process.js";
import { GitHubStandIn, duplicateComments, overlappingReviews } from "./github-stand-in.js";
import { startRedis, type RedisServer } from "./redis-server.js";

const SECRET = "scale-secret";
const BAD = "const agent = new https.Agent({\n  rejectUnauthorized: false,\n});\n";
let redis: RedisServer;
let gh: GitHubStandIn;
let a: AppProcess;
let b: AppProcess;
let baseSha = "";

const context = () => `replica A:\n${a?.output().slice(-5000)}\nreplica B:\n${b?.output().slice(-5000)}\nstand-in saw (last 40):\n${gh.log.slice(-40).join("\n")}`;
const replica = () =>
  startAppProcess({ secret: SECRET, apiPort: gh.port, env: { REDIS_URL: redis.url, HIPAA_CONCURRENCY: "3", HIPAA_STALL_TIMEOUT: "3", HIPAA_SWEEP_INTERVAL: "1", HIPAA_STATE_DIR: "/nonexistent/not-used-with-redis" } });

function push(number: number, label: string, file: string): { head: string; payload: any } {
  const head = gh.commit(label, { ...gh.commits.get(baseSha)!.tree, [file]: BAD });
  gh.pull(number, baseSha, head);
  const payload = pullRequestPayload("synchronize", { number });
  payload.pull_request.head.sha = head;
  payload.pull_request.base.sha = baseSha;
  return { head, payload };
}

const unfinishedRuns = () => gh.checkRuns.filter((c) => c.status !== "completed");

beforeAll(async () => {
  redis = await startRedis();
  gh = await new GitHubStandIn(SECRET, 12345).start();
  baseSha = gh.commit("base", { "README.md": "# service\n" });
  [a, b] = await Promise.all([replica(), replica()]);
  gh.appUrl = a.url;
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.kill("SIGKILL"), b?.kill("SIGKILL")]);
  await gh?.close();
  await redis?.stop();
});

describe("two replicas on one Redis", () => {
  it("one replica killed with kill -9 mid-review: the other completes every head; deliveries accepted once; no inline comment posted twice", async () => {
    // Reviews are held at GitHub until replica A is killed, so it dies with reviews in progress.
    gh.faults.hold = (method, path) => path.includes("/compare/");
    // Twelve pull requests, two pushes each, each push delivered to one replica and again (the same delivery) to the other.
    const newest = new Map<number, string>();
    const guids: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 12; i++) {
        const number = 200 + i;
        const { head, payload } = push(number, `kill-${i}-${round}`, `src/k${i}-${round}.js`);
        newest.set(number, head);
        const guid = `kill-${i}-${round}`;
        guids.push(guid);
        const [first, second] = (i + round) % 2 === 0 ? [a, b] : [b, a];
        expect((await gh.deliver("pull_request", payload, guid, false, first.url)).status_code).toBe(200);
        expect((await gh.deliver("pull_request", payload, guid, false, second.url)).status_code).toBe(200);
      }
    }
    const startedOnA = () => a.logs().filter((l) => /^review started/.test(l.msg) && guids.some((g) => l.delivery === g)).length;
    await waitFor("replica A to be mid-review", () => startedOnA() > 0, context);
    await a.kill("SIGKILL");
    const killedAt = Date.now();
    gh.faults.hold = undefined;
    gh.release();
    gh.appUrl = b.url;
    // Reviews A held had no check run yet (they were inside their check delay): B resumes their jobs from Redis.
    const resumedOnB = () => b.logs().some((l) => /^review started \(synchronize, resumed\)/.test(l.msg));
    await waitFor("every pull request's newest head to complete on replica B, and A's jobs resumed there", () => [...newest.values()].every((h) => gh.runsFor(h).some((c) => c.status === "completed")) && unfinishedRuns().length === 0 && resumedOnB(), context, 60_000);
    for (const [number, head] of newest) {
      expect(gh.runsFor(head).at(-1)!.conclusion).toBe("failure");
      expect(gh.pulls.get(number)!.reviews.length).toBeLessThanOrEqual(2);
    }
    // 24 pushes, each delivered twice: each delivery reviewed at most once, and older queued heads give way to newer.
    expect(gh.checkRuns.length).toBeLessThanOrEqual(24);
    expect(duplicateComments(gh)).toEqual([]);
    expect(overlappingReviews(gh, killedAt)).toEqual([]);
    expect(await (await fetch(`${b.url}/metrics`)).text()).toMatch(/hipaa_recoveries_total\{kind="resumed"\} [1-9]/);
    expect(gh.invalid).toEqual([]);
    // The write spacing is one limiter for both replicas: Probot's throttling keeps it in the shared Redis.
    const client = new Redis(redis.url);
    try {
      expect(await client.keys("b_octokit-write-*")).not.toEqual([]);
    } finally {
      client.disconnect();
    }
  }, 90_000);
});
