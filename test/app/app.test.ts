// The GitHub App end to end at the HTTP edge: Probot receives GitHub's example payloads, nock answers as the
// GitHub API would (strictly: unused or unexpected calls fail), and every request body is checked against
// GitHub's REST OpenAPI description.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BASE, examplePayload, HEAD, pullRequestPayload, testProbot } from "./app-fixtures.js";
import { API, compareBody, fakeGitHub, fileEntry, patchOf, type Scenario } from "./fake-github.js";
import { findingMarker, inlineMarker, reviewMarker } from "../../src/platforms/github/markers.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";

function scenario(partial: Partial<Scenario>): Scenario {
  return { owner: OWNER, repo: REPO, number: 2, headSha: HEAD, baseSha: BASE, installationId: 0, files: [], ...partial };
}

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function deliver(t: Awaited<ReturnType<typeof testProbot>>, name: string, payload: any, id = `delivery-${Math.random()}`) {
  await t.probot.receive({ id, name, payload } as never);
  await t.app.queue.onIdle();
}

function pendingWrites(): string[] {
  return nock.pendingMocks().filter((m) => !m.includes("/contents/") && !m.includes("access_tokens"));
}

describe("pull_request.opened with violations", () => {
  it("fails the check with annotations and posts one review of inline comments on diff lines only", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("opened");
    const s = scenario({
      installationId: payload.installation.id,
      number: payload.number,
      files: [
        fileEntry("src/client.js", ["const https = require('https');", "https.request({ host, rejectUnauthorized: false });", "fetch('http://api.partner-ehr.com/v1')"]),
        fileEntry("fixtures/patients.csv", ["name,ssn", "Ann,219-44-7731"]),
      ],
    });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 1 });
    await deliver(t, "pull_request", payload);

    expect(gh.invalid).toEqual([]);
    expect(pendingWrites()).toEqual([]);
    // A quick review: the check run is created already completed, then the review is posted (two writes).
    const [complete] = gh.writes("POST", "/check-runs");
    expect(complete!.body).toMatchObject({ name: "HIPAA compliance", head_sha: HEAD, status: "completed", conclusion: "failure" });
    expect(gh.writes("PATCH", "/check-runs/4242")).toEqual([]);
    expect(gh.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path.replace(API, "")}`)).toEqual([
      `POST /repos/${OWNER}/${REPO}/check-runs`,
      `POST /repos/${OWNER}/${REPO}/pulls/2/reviews`,
    ]);
    expect(complete!.body.output.title).toBe("2 blocking findings");
    expect(complete!.body.output.summary).toContain(`main@${BASE.slice(0, 7)}`);
    const annotations = complete!.body.output.annotations;
    expect(annotations).toHaveLength(4);
    expect(annotations[0]).toMatchObject({ path: "fixtures/patients.csv", start_line: 2, annotation_level: "failure" });
    expect(annotations.find((a: any) => a.path === "src/client.js" && a.start_line === 2).message).toContain("45 CFR §164.312(e)(2)(i)");
    const line3 = annotations.filter((a: any) => a.path === "src/client.js" && a.start_line === 3);
    // The plaintext URL is a warning; its host, which no vendor record covers, is a notice to record the vendor.
    expect(line3.map((a: any) => a.annotation_level).sort()).toEqual(["notice", "warning"]);
    expect(line3.find((a: any) => a.annotation_level === "notice").message).toContain("api.partner-ehr.com");

    const [review] = gh.writes("POST", "/reviews");
    expect(review!.body).toMatchObject({ event: "COMMENT", commit_id: HEAD });
    expect(review!.body.comments).toHaveLength(4);
    for (const c of review!.body.comments) expect(c.side).toBe("RIGHT");
    // PHI never goes back to GitHub, nor into the logs.
    const everything = JSON.stringify(gh.requests) + t.logs.join("");
    expect(everything).not.toContain("219-44-7731");
    expect(everything).toContain("***-**-7731");
  });
});

describe("a clean pull request", () => {
  it("passes the check and posts no review", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("synchronize");
    const s = scenario({ installationId: payload.installation.id, number: payload.number, files: [fileEntry("src/ok.js", ["https.request({ host, ca })"])] });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 0 });
    await deliver(t, "pull_request", payload);
    expect(gh.invalid).toEqual([]);
    expect(pendingWrites()).toEqual([]);
    expect(gh.completion()).toMatchObject({ conclusion: "success", output: { title: "No findings" } });
    expect(gh.writes("POST", "/reviews")).toEqual([]);
  });
});

describe("a resource already weak at the base revision", () => {
  it("is a note when the pull request only touches it, and only that file's base is read", async () => {
    const block = `
area: encryption-at-rest
title: Encryption at rest
safeguard: "164.312(a)(2)(iv)"
rules:
  - id: test-rds-unencrypted
    title: RDS without storage encryption
    severity: error
    languages: [terraform]
    scope: block
    block: { kind: terraform-resource, types: [aws_db_instance], missing: ['storage_encrypted\\s*=\\s*true'] }
    message: The database is not encrypted.
    remediation: Set storage_encrypted = true.
    examples: { bad: ['resource "aws_db_instance" "a" {\\n}'], good: ['resource "aws_db_instance" "a" {\\n  storage_encrypted = true\\n}'] }
`;
    const packs = loadRulePacks([{ file: "rules/enc.yml", text: block }]);
    expect(packs.errors.map((e) => e.message)).toEqual([]);
    const t = await testProbot({ packs });
    const payload = pullRequestPayload("opened");
    const db = (cls: string) => `resource "aws_db_instance" "billing" {\n  engine         = "mysql"\n  instance_class = "${cls}"\n}\n`;
    const vars = 'variable "region" {}\nvariable "env" {}\n';
    const s = scenario({
      installationId: payload.installation.id,
      number: payload.number,
      base: { "infra/rds.tf": db("db.m5.large"), "infra/vars.tf": 'variable "region" {}\n' },
      head: { "infra/rds.tf": db("db.m5.xlarge"), "infra/vars.tf": vars },
      files: [
        { filename: "infra/rds.tf", status: "modified", additions: 1, deletions: 1, changes: 2, patch: '@@ -1,4 +1,4 @@\n resource "aws_db_instance" "billing" {\n   engine         = "mysql"\n-  instance_class = "db.m5.large"\n+  instance_class = "db.m5.xlarge"\n }' },
        { filename: "infra/vars.tf", status: "modified", additions: 1, deletions: 0, changes: 1, patch: '@@ -1 +1,2 @@\n variable "region" {}\n+variable "env" {}' },
      ],
    });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 1 });
    await deliver(t, "pull_request", payload);
    expect(gh.invalid).toEqual([]);
    const complete = gh.completion();
    expect(complete.conclusion).toBe("success");
    expect(complete.output.annotations).toEqual([expect.objectContaining({ path: "infra/rds.tf", start_line: 3, annotation_level: "notice", message: expect.stringContaining("Already in the base revision") })]);
    const reads = gh.requests.filter((r) => r.method === "GET" && r.path.includes("/contents/infra")).map((r) => decodeURIComponent(r.path).replace(/^.*\/contents\//, ""));
    expect(reads).toEqual([`infra/rds.tf?ref=${HEAD}`, `infra/rds.tf?ref=${BASE}`, `infra/vars.tf?ref=${HEAD}`]);
  });
});

describe("idempotency", () => {
  it("ignores a redelivery with the same delivery id", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("opened");
    const s = scenario({ installationId: payload.installation.id, number: payload.number, files: [fileEntry("src/a.js", ["x({ rejectUnauthorized: false })"])] });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 1 });
    await deliver(t, "pull_request", payload, "same-id");
    await deliver(t, "pull_request", payload, "same-id");
    expect(gh.writes("POST", "/check-runs")).toHaveLength(1);
    expect(gh.writes("POST", "/reviews")).toHaveLength(1);
    expect(pendingWrites()).toEqual([]);
  });

  it("does not comment again on a finding already commented (a later push, a re-run, an app restart)", async () => {
    const first = await testProbot();
    const payload = pullRequestPayload("opened");
    const files = [fileEntry("src/a.js", ["x({ rejectUnauthorized: false })"])];
    const s = scenario({ installationId: payload.installation.id, number: payload.number, files });
    const gh1 = fakeGitHub(s, { checkUpdates: 0, reviews: 1 });
    await deliver(first, "pull_request", payload);
    const posted = gh1.writes("POST", "/reviews")[0]!.body;
    nock.cleanAll();

    // A new process (no memory of deliveries) sees the same finding, its comment already on the PR.
    const second = await testProbot();
    const s2 = scenario({
      ...s,
      headSha: "a".repeat(40),
      files: [fileEntry("src/a.js", ["// moved down", "x({ rejectUnauthorized: false })"])],
      existingComments: [{ id: 11, body: posted.comments[0].body, path: "src/a.js", line: 1 }],
      existingReviews: [{ id: 777, body: posted.body }],
    });
    const gh2 = fakeGitHub(s2, { checkUpdates: 0, reviews: 0 });
    const next = pullRequestPayload("synchronize");
    next.pull_request.head.sha = s2.headSha;
    await deliver(second, "pull_request", next);
    expect(gh2.writes("POST", "/reviews")).toEqual([]);
    expect(gh2.completion().output.summary).toContain("0 new, 1 already posted");
    expect(pendingWrites()).toEqual([]);
  });

  // A push that fixed the finding of inline comment 31: the new head has nothing to flag.
  const fixedFinding = (payload: ReturnType<typeof pullRequestPayload>, extra: Partial<Scenario> = {}) =>
    scenario({
      installationId: payload.installation.id,
      number: payload.number,
      files: [fileEntry("src/a.js", ["x({ ca })"])],
      existingComments: [{ id: 31, body: `🛑 **Blocking** · old finding\n${findingMarker("0123456789abcdef0123")}`, path: "src/a.js", line: 1 }],
      // The review that posted it names the finding in its inline marker.
      existingReviews: [{ id: 30, body: `**HIPAA review**\n${reviewMarker("b".repeat(40))}\n${inlineMarker(["0123456789abcdef0123"])}` }],
      ...extra,
    });

  it("edits the comment of a finding a later push fixed into a resolved note", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("synchronize");
    const s = fixedFinding(payload, {
      reviewThreads: [
        { id: "PRRT_fixed", isResolved: false, commentId: 31 },
        { id: "PRRT_someone_else", isResolved: false, commentId: 99 },
      ],
    });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 0, commentEdits: 1 });
    await deliver(t, "pull_request", payload);
    const [edit] = gh.writes("PATCH", "/pulls/comments/31");
    expect(edit!.body.body).toContain("✅ **Resolved**");
    expect(edit!.body.body).toContain(findingMarker("0123456789abcdef0123", true));
    // The fixed finding's thread is resolved too (GraphQL: one listing, one mutation); nobody else's thread is touched.
    const [list, mutation] = gh.writes("GRAPHQL", "/graphql");
    expect(list!.body.variables).toMatchObject({ owner: s.owner, repo: s.repo, number: s.number });
    expect(mutation!.body.query).toContain("resolveReviewThread");
    expect(mutation!.body.variables).toEqual({ t0: "PRRT_fixed" });
    expect(gh.invalid).toEqual([]);
    expect(pendingWrites()).toEqual([]);
  });

  it("when GraphQL refuses, the edited comment still says resolved and the check completes", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("synchronize");
    const gh = fakeGitHub(fixedFinding(payload), { checkUpdates: 0, reviews: 0, commentEdits: 1 });
    nock(API).post("/graphql").reply(403, { message: "Resource not accessible by integration" });
    await deliver(t, "pull_request", payload);
    expect(gh.writes("PATCH", "/pulls/comments/31")[0]!.body.body).toContain("✅ **Resolved**");
    expect(gh.completion()).toMatchObject({ status: "completed", conclusion: "success" });
    expect(t.logs.join("\n")).toContain("review threads of fixed findings not resolved");
    expect(pendingWrites()).toEqual([]);
  });
});

describe("policy from the base branch", () => {
  it("a PR that turns its own rule off in .hipaa.yml is still judged by the base policy, and told so", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("opened");
    const s = scenario({
      installationId: payload.installation.id,
      number: payload.number,
      base: { ".hipaa.yml": "fail_on: error\n" },
      head: { ".hipaa.yml": "rules:\n  test-tls-off: off\n" },
      files: [
        { filename: ".hipaa.yml", status: "modified", patch: "@@ -1 +1,2 @@\n-fail_on: error\n+rules:\n+  test-tls-off: off", additions: 2, deletions: 1, changes: 3 },
        fileEntry("src/a.js", ["x({ rejectUnauthorized: false })"]),
      ],
    });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 1 });
    await deliver(t, "pull_request", payload);
    const complete = gh.completion();
    expect(complete.conclusion).toBe("failure");
    const rules = complete.output.annotations.map((a: any) => a.title);
    expect(rules.some((r: string) => r.includes("[test-tls-off]"))).toBe(true);
    expect(rules.some((r: string) => r.includes("[policy-file-changed]"))).toBe(true);
    // The policy was read at the base sha, never at the head.
    const reads = gh.requests.filter((r) => r.path.includes("/contents/.hipaa.yml"));
    expect(reads.every((r) => r.path.includes(`ref=${BASE}`))).toBe(true);
  });

  it("an invalid base policy fails the check with an annotation on the offending line, without reviewing", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("opened");
    const s = scenario({ installationId: payload.installation.id, number: payload.number, base: { ".hipaa.yml": "fail_on: error\nthresholds:\n  session_idle_minutes: soon\n" }, files: [] });
    // The change and the timeline may be read while the policy loads (the reads go out together); nothing is
    // reviewed: the policy fails first.
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 0 });
    await deliver(t, "pull_request", payload);
    const complete = gh.completion();
    expect(complete.conclusion).toBe("failure");
    expect(complete.output.title).toContain("invalid");
    expect(complete.output.annotations[0]).toMatchObject({ path: ".hipaa.yml", start_line: 3, annotation_level: "failure" });
    expect(complete.output.annotations[0].message).toContain("must be number");
    expect(gh.invalid).toEqual([]);
  });
});

describe("GitHub's limits", () => {
  it("sends annotations 50 per request and caps inline comments, listing the rest in the review body", async () => {
    const t = await testProbot({ inlineCommentCap: 5 });
    const payload = pullRequestPayload("opened");
    const lines = Array.from({ length: 120 }, (_, i) => `call${i}({ rejectUnauthorized: false })`);
    const s = scenario({ installationId: payload.installation.id, number: payload.number, files: [fileEntry("src/many.js", lines)] });
    const gh = fakeGitHub(s, { checkUpdates: 2, reviews: 1 });
    await deliver(t, "pull_request", payload);
    // Created completed with the first 50 (the conclusion is final at once); GitHub appends the others' annotations.
    const writes = [...gh.writes("POST", "/check-runs"), ...gh.writes("PATCH", "/check-runs/4242")];
    expect(writes.map((u) => u.body.output.annotations?.length ?? 0)).toEqual([50, 50, 20]);
    expect(writes.map((u) => u.body.status)).toEqual(["completed", undefined, undefined]);
    expect(writes[0]!.body.conclusion).toBe("failure");
    const review = gh.writes("POST", "/reviews")[0]!.body;
    expect(review.comments).toHaveLength(5);
    expect(review.body).toContain("over the inline comment cap");
    expect(review.body.length).toBeLessThanOrEqual(65_535);
    expect(gh.invalid).toEqual([]);
  });

  it("diffs a file GitHub lists without a patch from its blobs and reports it in the check only", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("opened");
    const before = Array.from({ length: 10 }, (_, i) => `line${i}();`).join("\n") + "\n";
    const after = before + "https.get({ rejectUnauthorized: false });\n";
    const s = scenario({
      installationId: payload.installation.id,
      number: payload.number,
      base: { "src/big.js": before },
      head: { "src/big.js": after },
      files: [{ filename: "src/big.js", status: "modified", additions: 1, deletions: 0, changes: 1 }, { filename: "img/logo.png", status: "added", additions: 0, deletions: 0, changes: 0 }],
    });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 1 });
    await deliver(t, "pull_request", payload);
    const complete = gh.completion();
    expect(complete.output.annotations).toEqual([expect.objectContaining({ path: "src/big.js", start_line: 11 })]);
    expect(complete.output.summary).toContain("too large");
    const review = gh.writes("POST", "/reviews")[0]!.body;
    expect(review.comments).toEqual([]);
    expect(review.body).toContain("src/big.js:11");
  });
});

describe("failures never leave the check pending", () => {
  it("completes the check as failed with a clear summary when GitHub errors mid-review", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("opened");
    const s = scenario({ installationId: payload.installation.id, number: payload.number, filesStatus: 500 });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 0 });
    await deliver(t, "pull_request", payload);
    const complete = gh.completion();
    expect(complete).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(complete.output.summary).toContain("fails closed");
    expect(t.logs.join("")).toContain("review failed");
  });

  it("completes the check as 'timed out — re-run' when the review passes its deadline, and stops the review's requests", async () => {
    const t = await testProbot({ deadlineMs: 200 });
    const payload = pullRequestPayload("opened");
    const s = scenario({ installationId: payload.installation.id, number: payload.number, files: [fileEntry("src/a.js", ["x()"])], filesDelayMs: 600 });
    const gh = fakeGitHub(s, { checkUpdates: 1, reviews: 0 });
    await deliver(t, "pull_request", payload);
    // Past the check delay (at most half the deadline) the run was created in progress; the deadline completed it.
    expect(gh.writes("POST", "/check-runs")[0]!.body.status).toBe("in_progress");
    const complete = gh.completion();
    expect(complete).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "hipaa-review timed out — re-run" } });
    expect(complete.output.summary).toContain("HIPAA_REVIEW_DEADLINE");
    // The abandoned review makes no request once the compare answers: no comment listing, no second completion.
    const callsAtDeadline = [...gh.calls];
    await new Promise((r) => setTimeout(r, 600));
    expect(gh.calls).toEqual(callsAtDeadline);
    expect(gh.writes("PATCH", "/check-runs/4242")).toHaveLength(1);
    expect(t.logs.join("")).toContain("review passed its deadline");
    expect(await t.app.queue.openChecks()).toEqual([]);
  });
});

describe("events", () => {
  it("check_suite.rerequested reviews the suite's pull requests as they are now", async () => {
    const t = await testProbot();
    const payload = examplePayload("check_suite", "rerequested");
    const pr = payload.check_suite.pull_requests[0];
    const s = scenario({ owner: payload.repository.owner.login, repo: payload.repository.name, installationId: payload.installation.id, number: pr.number, files: [fileEntry("a.js", ["ok()"])] });
    nock("https://api.github.com")
      .get(`/repos/${s.owner}/${s.repo}/pulls/${pr.number}`)
      .reply(200, { number: pr.number, state: "open", draft: false, head: { sha: HEAD }, base: { sha: BASE, ref: "main" } });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 0 });
    await deliver(t, "check_suite", payload);
    expect(gh.completion().conclusion).toBe("success");
    expect(pendingWrites()).toEqual([]);
  });

  it("skips drafts when review_drafts is off, and ignores other apps' check runs", async () => {
    const t = await testProbot({ reviewDrafts: false });
    await deliver(t, "pull_request", pullRequestPayload("opened", { draft: true }));
    const run = examplePayload("check_run", "rerequested");
    run.check_run.name = "Some other check";
    await deliver(t, "check_run", run);
    expect(nock.pendingMocks()).toEqual([]);
    const logs = t.logs.join("");
    expect(logs).toContain("draft pull request not reviewed");
    expect(logs).not.toMatch(/job failed|review failed/);
  });

  it("reviews only the newest head when pushes arrive while a review is queued", async () => {
    const t = await testProbot({ concurrency: 1 });
    const first = pullRequestPayload("synchronize", { number: 2 });
    const other = pullRequestPayload("opened", { number: 3 });
    const second = pullRequestPayload("synchronize", { number: 2 });
    second.pull_request.head.sha = "b".repeat(40);
    const gh3 = fakeGitHub(scenario({ installationId: other.installation.id, number: 3, files: [] }), { checkUpdates: 0, reviews: 0, checkCreates: 2 });
    // PR 3 occupies the only slot; PR 2's first push waits and is replaced by its second.
    nock("https://api.github.com").get(`/repos/${OWNER}/${REPO}/compare/${BASE}...${"b".repeat(40)}`).query(true).reply(200, compareBody(BASE, []));
    nock("https://api.github.com").get(`/repos/${OWNER}/${REPO}/issues/2/timeline`).query(true).reply(200, []);
    await Promise.all([
      t.probot.receive({ id: "o", name: "pull_request", payload: other } as never),
      t.probot.receive({ id: "f", name: "pull_request", payload: first } as never),
      t.probot.receive({ id: "s", name: "pull_request", payload: second } as never),
    ]);
    await t.app.queue.onIdle();
    const heads = gh3.writes("POST", "/check-runs").map((r) => r.body.head_sha);
    expect(heads).toEqual([HEAD, "b".repeat(40)]);
    expect(t.logs.join("")).not.toMatch(/review failed|job failed/);
  });
});

describe("waivers", () => {
  const finding = fileEntry("src/a.js", ["x({ rejectUnauthorized: false })"]);

  it("a maintainer's /hipaa waive lets the check pass and is listed with who, when and why", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("synchronize");
    const s = scenario({
      installationId: payload.installation.id,
      number: payload.number,
      files: [finding],
      issueComments: [{ id: 5, body: "/hipaa waive test-tls-off sidecar terminates mTLS until 2027-01-31", user: { login: "lead", type: "User" } }],
      permissions: { lead: "maintain" },
    });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 0 });
    await deliver(t, "pull_request", payload);
    const done = gh.completion();
    expect(done.conclusion).toBe("success");
    expect(done.output.summary).toContain("Waived (1) — audit record");
    expect(done.output.summary).toMatch(/@lead on 2026-11-20.*\| 2027-01-31 \| sidecar terminates mTLS/);
    expect(pendingWrites()).toEqual([]);
  });

  it("ignores waivers from read-only users, the PR author, bots and expired ones, and says so", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("synchronize");
    const author = payload.pull_request.user.login;
    const s = scenario({
      installationId: payload.installation.id,
      number: payload.number,
      files: [finding],
      issueComments: [
        { id: 6, body: "/hipaa waive test-tls-off I think it is fine", user: { login: "reader", type: "User" } },
        { id: 7, body: "/hipaa waive test-tls-off trust me", user: { login: author, type: "User" } },
        { id: 8, body: "/hipaa waive test-tls-off automated", user: { login: "some-bot[bot]", type: "Bot" } },
        { id: 9, body: "/hipaa waive test-tls-off old exception until 2026-01-01", user: { login: "admin1", type: "User" } },
      ],
      permissions: { reader: "read", admin1: "admin" },
    });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 1 });
    await deliver(t, "pull_request", payload);
    const done = gh.completion();
    expect(done.conclusion).toBe("failure");
    expect(done.output.summary).toContain("@reader was not accepted: waiving needs write, maintain or admin permission");
    expect(done.output.summary).toContain(`@${author} was not accepted: the pull request's author cannot waive`);
    expect(done.output.summary).toContain("expired on 2026-01-01");
    expect(done.output.summary).not.toContain("some-bot");
    expect(pendingWrites()).toEqual([]);
  });

  it("answers a /hipaa waive comment from a read-only user with a polite refusal, and re-runs for a writer", async () => {
    const t = await testProbot();
    const comment = examplePayload("issue_comment", "created");
    comment.issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1" };
    comment.comment.body = "/hipaa waive test-tls-off vendor endpoint is internal";
    comment.comment.user = { ...comment.comment.user, login: "reader", type: "User" };
    const api = nock("https://api.github.com");
    api.post(/access_tokens/).reply(201, { token: "t", expires_at: "2999-01-01T00:00:00Z" });
    api.get(`/repos/${OWNER}/${REPO}/pulls/1`).reply(200, { number: 1, state: "open", user: { login: "author" }, head: { sha: HEAD }, base: { sha: BASE, ref: "main" } });
    api.get(`/repos/${OWNER}/${REPO}/collaborators/reader/permission`).reply(200, { permission: "read", role_name: "read" });
    let replyBody = "";
    api.post(`/repos/${OWNER}/${REPO}/issues/1/comments`).reply(201, (_p, body: any) => {
      replyBody = body.body;
      return { id: 1 };
    });
    await deliver(t, "issue_comment", comment);
    expect(replyBody).toContain("@reader thank you — this waiver was not recorded");
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("ignores commands from bots without any API call", async () => {
    const t = await testProbot();
    const comment = examplePayload("issue_comment", "created");
    comment.issue.pull_request = { url: "x" };
    comment.comment.body = "/hipaa recheck";
    comment.comment.user = { ...comment.comment.user, login: "hipaa-review[bot]", type: "Bot" };
    await deliver(t, "issue_comment", comment);
    expect(t.logs.join("")).not.toMatch(/failed/);
  });
});

describe("organisation floor in the App", () => {
  it("reads the org policy from <org>/.github and keeps a locked rule on although the repository turns it off", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("opened");
    const s = scenario({
      installationId: payload.installation.id,
      number: payload.number,
      base: { ".hipaa.yml": "extends: org\nrules:\n  test-tls-off: off\n" },
      files: [fileEntry("src/a.js", ["x({ rejectUnauthorized: false })"])],
    });
    nock("https://api.github.com")
      .get(`/repos/${OWNER}/.github/contents/.hipaa.yml`)
      .reply(200, "locked: [test-tls-off]\n", { "content-type": "application/vnd.github.raw" })
      // The organisation keeps no vendor manifest: only the repository's applies.
      .get(`/repos/${OWNER}/.github/contents/.hipaa%2Fvendors.yml`)
      .reply(404, { message: "Not Found" });
    const gh = fakeGitHub(s, { checkUpdates: 0, reviews: 1 });
    await deliver(t, "pull_request", payload);
    const done = gh.completion();
    expect(done.conclusion).toBe("failure");
    const titles = done.output.annotations.map((a: any) => `${a.title}@${a.path}:${a.start_line}`);
    expect(titles).toContain("TLS certificate verification disabled [test-tls-off]@src/a.js:1");
    expect(titles).toContain("Policy setting refused [policy-setting-refused]@.hipaa.yml:3");
    expect(done.output.summary).toContain(`extending ${OWNER}/.github:.hipaa.yml`);
    expect(nock.pendingMocks().filter((m) => m.includes(".github"))).toEqual([]);
  });
});
