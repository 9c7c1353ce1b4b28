// End to end over real HTTP: the built App (`npm start`'s entry point) runs as a child process against the GitHub
// stand-in (GHE_HOST + GHE_PROTOCOL=http), receives signed webhooks, and is checked for the check run, annotations,
// review and idempotency on redelivery; for head pinning (a push during a review), the merge queue, a change past
// GitHub's 3,000-file listing cap, and its Prometheus metrics.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examplePayload, pullRequestPayload } from "./payloads.js";
import { MAIN, startAppProcess, waitFor, type AppProcess } from "./app-process.js";
import { GitHubStandIn, duplicateComments } from "./github-stand-in.js";

const SECRET = "e2e-webhook-secret";
let app: AppProcess;
let gh: GitHubStandIn;

const context = () => `app output:\n${app?.output().slice(-6000)}\nstand-in saw:\n${gh.log.slice(-60).join("\n")}`;
const completed = (sha: string) => gh.runsFor(sha).find((c) => c.status === "completed");

const BAD = "const agent = new https.Agent({\n  rejectUnauthorized: false,\n});\n";
const base = () => gh.commit("base", { "README.md": "# service\n", ".hipaa.yml": "fail_on: error\n" });

/** A pull_request payload (GitHub's example) for PR `number` from `baseSha` to `headSha`. */
function prPayload(action: string, number: number, baseSha: string, headSha: string): any {
  const p = pullRequestPayload(action, { number });
  p.pull_request.head.sha = headSha;
  p.pull_request.base.sha = baseSha;
  return p;
}

beforeAll(async () => {
  gh = await new GitHubStandIn(SECRET, 12345).start();
  app = await startAppProcess({ secret: SECRET, apiPort: gh.port, env: { HIPAA_STATE_DIR: mkdtempSync(join(tmpdir(), "hipaa-e2e-")), LOG_LEVEL: "debug" } });
  gh.appUrl = app.url;
}, 30_000);

afterAll(async () => {
  await app?.kill("SIGTERM");
  await gh?.close();
});

describe("the App over HTTP", () => {
  it("answers its health check and its metrics", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    for (const name of ["hipaa_queue_depth", "hipaa_reviews_total", "hipaa_review_duration_seconds", "hipaa_github_api_calls_total", "hipaa_rate_limit_waits_total", "hipaa_recoveries_total", "process_resident_memory_bytes"]) {
      expect(metrics).toContain(`# TYPE ${name}`);
    }
  });

  it("rejects a webhook with a bad signature", async () => {
    const res = await fetch(`${app.url}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "forged", "x-hub-signature-256": "sha256=" + "0".repeat(64) },
      body: JSON.stringify(pullRequestPayload("opened")),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(gh.checkRuns).toHaveLength(0);
  });

  it("reviews a signed pull_request webhook: failing check, annotation, one review; redelivery posts nothing twice", async () => {
    const b = base();
    const head = gh.commit("pr-2", { ...gh.commits.get(b)!.tree, "src/client.js": BAD });
    gh.pull(2, b, head);
    const payload = prPayload("opened", 2, b, head);
    expect((await gh.deliver("pull_request", payload, "delivery-1")).status_code).toBe(200);
    const first = await waitFor("the check run to complete", () => completed(head), context);
    // A quick review: the check run is created already completed, with its report.
    expect(first.created).toMatchObject({ name: "HIPAA compliance", head_sha: head, status: "completed" });
    const done = first.updates.at(-1);
    expect(done.conclusion).toBe("failure");
    expect(done.output.annotations).toEqual([expect.objectContaining({ path: "src/client.js", start_line: 2, annotation_level: "failure" })]);
    expect(done.output.annotations[0].message).toContain("164.312(e)");
    const pr = gh.pulls.get(2)!;
    await waitFor("the review", () => pr.reviews.length === 1, context);
    expect(pr.comments).toEqual([expect.objectContaining({ path: "src/client.js", line: 2 })]);

    // The same delivery again (GitHub's redelivery) is dropped; a forced re-review of the same head re-runs
    // the check but finds its comment already there.
    expect((await gh.deliver("pull_request", payload, "delivery-1")).status_code).toBe(200);
    const reopened = prPayload("reopened", 2, b, head);
    await gh.deliver("pull_request", reopened, "delivery-2");
    await gh.deliver("pull_request", reopened, "delivery-2");
    await waitFor("the second check run to complete", () => gh.runsFor(head).filter((c) => c.status === "completed").length === 2, context);
    await new Promise((r) => setTimeout(r, 300));
    expect(gh.runsFor(head)).toHaveLength(2);
    expect(pr.reviews).toHaveLength(1);
    expect(pr.comments).toHaveLength(1);
    expect(gh.runsFor(head)[1]!.updates.at(-1).output.summary).toContain("1 already posted");
    expect(gh.invalid).toEqual([]);
    // Logs carry the delivery id and the pull request.
    expect(app.logs().some((l) => l.delivery === "delivery-1" && l.pr === "Codertocat/Hello-World#2" && /reviewed/.test(l.msg))).toBe(true);
  }, 30_000);

  it("reviews exactly the head it was asked about, even after a force-push changed the pull request", async () => {
    const b = base();
    const old = gh.commit("pr-3-old", { ...gh.commits.get(b)!.tree, "src/old.js": BAD });
    const now = gh.commit("pr-3-new", { ...gh.commits.get(b)!.tree, "src/new.js": "export const ok = 1;\n" });
    gh.pull(3, b, now); // the pull request already points at the new head when the old head's review runs
    await gh.deliver("pull_request", prPayload("opened", 3, b, old));
    await gh.deliver("pull_request", prPayload("synchronize", 3, b, now));
    const oldRun = await waitFor("the old head's check", () => completed(old), context);
    const newRun = await waitFor("the new head's check", () => completed(now), context);
    expect(oldRun.conclusion).toBe("failure");
    expect(oldRun.updates.at(-1).output.annotations.map((a: any) => a.path)).toEqual(["src/old.js"]);
    expect(newRun.conclusion).toBe("success");
    expect(gh.log.some((l) => l.includes("/pulls/3/files"))).toBe(false);
  }, 30_000);

  it("reviews a change of 3,100 files completely: the finding in the 3,050th file fails the check", async () => {
    const b = base();
    const tree: Record<string, string> = { ...gh.commits.get(b)!.tree };
    for (let i = 0; i < 3_100; i++) tree[`pkg/m${String(i).padStart(4, "0")}.js`] = i === 3_049 ? BAD : `export const v${i} = ${i};\n`;
    const head = gh.commit("pr-4", tree);
    gh.pull(4, b, head);
    await gh.deliver("pull_request", prPayload("opened", 4, b, head));
    const run = await waitFor("the large change's check", () => completed(head), context, 40_000);
    const done = run.updates.at(-1);
    expect(run.conclusion).toBe("failure");
    expect(done.output.summary).toContain("Scanned 3100 of 3100 changed file(s)");
    expect(done.output.summary).toContain("more than the 300 GitHub's compare lists");
    expect(done.output.annotations.map((a: any) => a.path)).toEqual(["pkg/m3049.js"]);
  }, 60_000);

  it("fails closed, saying why, when a large change's tree is past what GitHub lists", async () => {
    const b = base();
    const tree: Record<string, string> = { ...gh.commits.get(b)!.tree };
    for (let i = 0; i < 320; i++) tree[`gen/f${i}.js`] = `export const f${i} = ${i};\n`;
    const head = gh.commit("pr-5", tree);
    gh.pull(5, b, head);
    gh.treeLimit = 100;
    try {
      await gh.deliver("pull_request", prPayload("opened", 5, b, head));
      const run = await waitFor("the truncated change's check", () => completed(head), context);
      expect(run.conclusion).toBe("failure");
      expect(run.updates.at(-1).output).toMatchObject({ title: "hipaa-review could not read the whole change" });
      expect(run.updates.at(-1).output.summary).toContain("fails closed rather than passing files nobody reviewed");
    } finally {
      gh.treeLimit = 100_000;
    }
  }, 30_000);
});

describe("the merge queue", () => {
  function groupPayload(number: number, baseSha: string, headSha: string): any {
    const p = examplePayload("merge_group", "checks_requested");
    p.repository = pullRequestPayload("opened").repository;
    p.merge_group.base_sha = baseSha;
    p.merge_group.head_sha = headSha;
    p.merge_group.head_ref = `refs/heads/gh-readonly-queue/main/pr-${number}-${baseSha}`;
    return p;
  }

  it("completes the check on the merge group's head: failure with a blocking finding, success when clean, waivers from its pull request", async () => {
    const b = base();
    const bad = gh.commit("group-bad", { ...gh.commits.get(b)!.tree, "src/queue.js": BAD }, "Merge pull request #10 from octo/tls");
    const clean = gh.commit("group-clean", { ...gh.commits.get(b)!.tree, "src/fine.js": "export const fine = true;\n" }, "Add fine (#11)");
    const waived = gh.commit("group-waived", { ...gh.commits.get(b)!.tree, "src/waived.js": BAD }, "Merge pull request #12 from octo/waived");
    for (const [n, head] of [[10, bad], [11, clean], [12, waived]] as const) gh.pull(n, b, head);
    gh.permissions.lead = "maintain";
    gh.pulls.get(12)!.issueComments.push({ id: 1, body: "/hipaa waive tls-verify-disabled-node internal sidecar terminates mTLS", user: { login: "lead", type: "User" }, created_at: "2026-11-20T09:00:00Z", html_url: "https://github.com/x/y/pull/12#issuecomment-1" });
    for (const [n, head] of [[10, bad], [11, clean], [12, waived]] as const) expect((await gh.deliver("merge_group", groupPayload(n, b, head))).status_code).toBe(200);
    const failed = await waitFor("the failing group's check", () => completed(bad), context);
    expect(failed).toMatchObject({ name: "HIPAA compliance", conclusion: "failure" });
    expect(failed.updates.at(-1).output.annotations.map((a: any) => a.path)).toEqual(["src/queue.js"]);
    expect((await waitFor("the clean group's check", () => completed(clean), context)).conclusion).toBe("success");
    const w = await waitFor("the waived group's check", () => completed(waived), context);
    expect(w.updates.at(-1).output.summary).toContain("Merge group of pull request(s) #12");
    expect(w.conclusion).toBe("success");
    // No pull request to comment on: a merge group gets no inline review.
    expect(gh.pulls.get(10)!.reviews).toEqual([]);
    expect(duplicateComments(gh)).toEqual([]);
    expect(gh.invalid).toEqual([]);
  }, 30_000);
});

describe("starting without credentials", () => {
  it("exits 2 with one line saying what to set", async () => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toContain("set APP_ID");
    expect(err).toContain("WEBHOOK_SECRET");
    expect(err).not.toMatch(/\n\s+at /);
  });
});
