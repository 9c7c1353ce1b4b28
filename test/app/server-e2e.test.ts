// End to end over real HTTP: the built App (`npm start`'s entry point) runs as a child process against a
// GitHub Enterprise-style API stand-in on loopback (GHE_HOST + GHE_PROTOCOL=http), receives signed webhooks,
// and is checked for the check run, annotations, review and idempotency on redelivery.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, HEAD, pullRequestPayload } from "./app-fixtures.js";
import { patchOf } from "./fake-github.js";
import { startStandIn } from "./github-stand-in.js";

const ROOT = join(import.meta.dirname, "..", "..");
const SECRET = "e2e-webhook-secret";
let app: ChildProcess;
let appUrl = "";
let output = "";
let standIn: Awaited<ReturnType<typeof startStandIn>>;

const payload = pullRequestPayload("opened");
const owner = payload.repository.owner.login;
const repo = payload.repository.name;

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\napp output:\n${output}\nstand-in saw:\n${standIn.state.log.join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function send(event: string, body: unknown, delivery: string): Promise<number> {
  const text = JSON.stringify(body);
  const signature = "sha256=" + createHmac("sha256", SECRET).update(text).digest("hex");
  const res = await fetch(`${appUrl}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": delivery, "x-hub-signature-256": signature },
    body: text,
  });
  return res.status;
}

beforeAll(async () => {
  standIn = await startStandIn(owner, repo, {
    number: payload.number,
    headSha: HEAD,
    baseSha: BASE,
    base: {},
    head: {},
    files: [
      { filename: "src/client.js", status: "added", additions: 2, deletions: 0, changes: 2, patch: patchOf(["const agent = new https.Agent({", "  rejectUnauthorized: false,"]) },
    ],
  });
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  app = spawn(process.execPath, [join(ROOT, "dist", "src", "app", "main.js")], {
    env: { PATH: process.env.PATH, APP_ID: "12345", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "debug", LOG_FORMAT: "json", GHE_HOST: `127.0.0.1:${standIn.port}`, GHE_PROTOCOL: "http" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout!.on("data", (d) => (output += d));
  app.stderr!.on("data", (d) => (output += d));
  appUrl = `http://127.0.0.1:${port}`;
  await waitFor("the app to listen", () => (output.includes("listening on") ? true : undefined));
}, 30_000);

afterAll(async () => {
  app?.kill("SIGTERM");
  await standIn?.close();
});

describe("the App over HTTP", () => {
  it("answers its health check", async () => {
    const res = await fetch(`${appUrl}/healthz`);
    expect(res.status).toBe(200);
  });

  it("rejects a webhook with a bad signature", async () => {
    const res = await fetch(`${appUrl}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "forged", "x-hub-signature-256": "sha256=" + "0".repeat(64) },
      body: JSON.stringify(payload),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(standIn.state.checkRuns).toHaveLength(0);
  });

  it("reviews a signed pull_request webhook: failing check, annotation, one review; redelivery posts nothing twice", async () => {
    expect(await send("pull_request", payload, "delivery-1")).toBeLessThan(300);
    const first = await waitFor("the check run to complete", () => standIn.state.checkRuns.find((c) => c.updates.some((u) => u.status === "completed")));
    expect(first.created).toMatchObject({ name: "HIPAA compliance", head_sha: HEAD, status: "in_progress" });
    const done = first.updates.at(-1);
    expect(done.conclusion).toBe("failure");
    expect(done.output.annotations).toEqual([expect.objectContaining({ path: "src/client.js", start_line: 2, annotation_level: "failure" })]);
    expect(done.output.annotations[0].message).toContain("164.312(e)");
    await waitFor("the review", () => (standIn.state.reviews.length === 1 ? true : undefined));
    expect(standIn.state.comments).toHaveLength(1);
    expect(standIn.state.comments[0]).toMatchObject({ path: "src/client.js", line: 2 });

    // The same delivery again (GitHub's redelivery) is dropped; a forced re-review of the same head re-runs
    // the check but finds its comment already there.
    expect(await send("pull_request", payload, "delivery-1")).toBeLessThan(300);
    const reopened = { ...payload, action: "reopened" };
    expect(await send("pull_request", reopened, "delivery-2")).toBeLessThan(300);
    expect(await send("pull_request", reopened, "delivery-2")).toBeLessThan(300);
    await waitFor("the second check run to complete", () => (standIn.state.checkRuns.filter((c) => c.updates.some((u) => u.status === "completed")).length === 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    expect(standIn.state.checkRuns).toHaveLength(2);
    expect(standIn.state.reviews).toHaveLength(1);
    expect(standIn.state.comments).toHaveLength(1);
    expect(standIn.state.checkRuns[1]!.updates.at(-1).output.summary).toContain("1 already posted");
    expect(standIn.state.invalid).toEqual([]);
  }, 30_000);
});

describe("starting without credentials", () => {
  it("exits 2 with one line saying what to set", async () => {
    const child = spawn(process.execPath, [join(ROOT, "dist", "src", "app", "main.js")], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
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
