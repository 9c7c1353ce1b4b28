/**
 * The App's latency and API calls per review (issue 15), in `npm run bench` after the CLI's figures: the built App
 * (`npm start`'s entry point, as a child process) against the GitHub stand-in on loopback answering every request after
 * 20 ms, with Probot's real write spacing (HIPAA_WRITE_INTERVAL=1 s). For each App given (this build, and a baseline
 * checkout's when BENCH_BASELINE names one, interleaved): a one-file pull request with a finding, from the webhook to
 * its check completed and to its review posted (median of 5, each after the write limiter has cooled down), and the
 * requests a review makes (installation token aside) for 1 file, 250 files and 120 annotations, against the budget
 * 3 + ⌈files/100⌉ + ⌈annotations/50⌉ + 1.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startAppProcess, type AppProcess } from "../test/app/app-process.js";
import { GitHubStandIn } from "../test/app/github-stand-in.js";
import { pullRequestPayload } from "../test/app/payloads.js";

const LATENCY_MS = 20;
const SECRET = "bench-secret";
const BAD = (i: number) => `https.request({ host: "h${i}", rejectUnauthorized: false });\n`;
const CLEAN = (i: number) => `export const v${i} = ${i};\n`;

interface AppUnderTest {
  label: string;
  main: string;
}

interface Figures {
  checkMs: number[];
  doneMs: number[];
  calls: Map<string, { calls: number; budget: number; writes: number }>;
}

const budget = (files: number, annotations: number) => 3 + Math.ceil(files / 100) + Math.ceil(annotations / 50) + 1;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function appBench(apps: AppUnderTest[]): Promise<void> {
  const gh = await new GitHubStandIn(SECRET, 12345).start();
  gh.faults.delay = () => LATENCY_MS;
  const base = gh.commit("base", { "README.md": "# service\n" });
  let nextPr = 1;
  /** Opens a pull request adding `files`, delivers it, and waits for its check and (when one is due) its review. */
  async function review(app: AppProcess, files: Record<string, string>, expectReview: boolean) {
    const number = nextPr++;
    const head = gh.commit(`pr-${number}-${randomUUID()}`, { ...gh.commits.get(base)!.tree, ...files });
    gh.pull(number, base, head);
    const payload = pullRequestPayload("opened", { number });
    payload.pull_request.head.sha = head;
    payload.pull_request.base.sha = base;
    const logFrom = gh.log.length;
    const started = performance.now();
    let checkMs = 0;
    const delivery = gh.deliver("pull_request", payload, randomUUID(), false, app.url);
    for (const until = started + 120_000; performance.now() < until; await sleep(2)) {
      const runs = gh.runsFor(head);
      if (!checkMs && runs.length > 0 && runs.every((r) => r.status === "completed")) checkMs = performance.now() - started;
      if (checkMs && (!expectReview || gh.pulls.get(number)!.reviews.length > 0)) break;
    }
    const doneMs = performance.now() - started;
    await delivery;
    await sleep(300); // anything the review still sends (its job's end) is counted
    const requests = gh.log.slice(logFrom).filter((l) => !l.includes("/access_tokens") && !l.startsWith("GET /app/") && !l.startsWith("POST /app/"));
    const annotations = gh.runsFor(head).flatMap((r) => r.updates).reduce((n, u) => n + (u.output?.annotations?.length ?? 0), 0);
    return { checkMs, doneMs, calls: requests.length, writes: requests.filter((l) => !l.startsWith("GET")).length, annotations };
  }

  const figures = new Map<string, Figures>();
  const running = new Map<string, AppProcess>();
  const stateDirs: string[] = [];
  for (const app of apps) {
    const stateDir = mkdtempSync(join(tmpdir(), "hipaa-bench-app-"));
    stateDirs.push(stateDir);
    running.set(app.label, await startAppProcess({ secret: SECRET, apiPort: gh.port, main: app.main, env: { HIPAA_STATE_DIR: stateDir, HIPAA_WRITE_INTERVAL: "1", HIPAA_RETRY_BACKOFF: "1", HIPAA_SWEEP_INTERVAL: "0", LOG_LEVEL: "info" } }));
    figures.set(app.label, { checkMs: [], doneMs: [], calls: new Map() });
    await review(running.get(app.label)!, { "src/warm.js": BAD(0) }, true); // installation token, first policy built
  }
  const cool = () => sleep(3_200); // reviews (notifying writes) are spaced 3 s apart by Probot
  for (let i = 0; i < 5; i++) {
    for (const app of apps) {
      await cool();
      const r = await review(running.get(app.label)!, { [`src/one${i}.js`]: BAD(i) }, true);
      const f = figures.get(app.label)!;
      f.checkMs.push(r.checkMs);
      f.doneMs.push(r.doneMs);
      if (i === 0) f.calls.set("1 file, 1 annotation", { calls: r.calls, writes: r.writes, budget: budget(1, r.annotations) });
    }
  }
  for (const app of apps) {
    await cool();
    const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`src/m${i}.js`, i % 50 === 0 ? BAD(i) : CLEAN(i)]));
    const r250 = await review(running.get(app.label)!, many, true);
    figures.get(app.label)!.calls.set(`250 files, ${r250.annotations} annotations`, { calls: r250.calls, writes: r250.writes, budget: budget(250, r250.annotations) });
    await cool();
    const r120 = await review(running.get(app.label)!, { "src/many.js": Array.from({ length: 120 }, (_, i) => BAD(i)).join("") }, true);
    figures.get(app.label)!.calls.set(`1 file, ${r120.annotations} annotations`, { calls: r120.calls, writes: r120.writes, budget: budget(1, r120.annotations) });
  }
  for (const app of running.values()) await app.kill("SIGKILL");
  await gh.close();
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });

  console.log(`\nApp: a pull request against a GitHub stand-in answering after ${LATENCY_MS} ms, write spacing 1 s (Probot's), median of 5:`);
  for (const [label, f] of figures) {
    console.log(`  ${label.padEnd(11)} webhook to check completed ${(median(f.checkMs) / 1000).toFixed(2)} s, to review posted ${(median(f.doneMs) / 1000).toFixed(2)} s (target at most 1.2 s)`);
  }
  console.log("  API calls per review (every request but the installation token; writes in brackets) against 3 + ⌈files/100⌉ + ⌈annotations/50⌉ + 1:");
  for (const [label, f] of figures) {
    for (const [scenario, c] of f.calls) console.log(`  ${label.padEnd(11)} ${scenario.padEnd(26)} ${String(c.calls).padStart(3)} calls (${c.writes} writes), budget ${c.budget}${c.calls > c.budget ? " — over" : ""}`);
  }
}

/** This build's App, and the baseline's when BENCH_BASELINE names a built checkout. */
export function appsUnderTest(): AppUnderTest[] {
  const apps = [{ label: "this build", main: new URL("../src/app/main.js", import.meta.url).pathname }];
  if (process.env.BENCH_BASELINE) apps.push({ label: "baseline", main: join(process.env.BENCH_BASELINE, "dist/src/app/main.js") });
  return apps;
}

// `node dist/bench/app-bench.js` runs this part alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await appBench(appsUnderTest());
