// A change cannot green its own check: an inline waiver it adds is only a proposal — listed in every output, still
// blocking — until someone allowed to waive approves it; a waiver the base already had keeps working; an `until`
// beyond waivers.max_days is itself a finding; the organisation can lock both settings.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, type Repo } from "../cli/git-fixture.js";
import { runCli } from "../cli/run-cli.js";
import { pullRequestPayload, testProbot } from "../app/app-fixtures.js";
import { fakeGitHub, fileEntry, type Scenario } from "../app/fake-github.js";

const NOW = "2026-11-20T12:00:00Z";
const FLAGGED = "const agent = new https.Agent({ rejectUnauthorized: false });";
const WAIVER = "// hipaa-review-ignore tls-verify-disabled-node: sidecar terminates mTLS";

let repo: Repo;
afterEach(() => repo?.remove());

function change(base: Record<string, string>, feature: Record<string, string>) {
  repo = makeRepo();
  repo.commit("base", { "README.md": "# x\n", ...base });
  repo.git("checkout", "-q", "-b", "feature");
  repo.commit("feature", feature);
}

const scan = (...extra: string[]) => runCli(["scan", "--base", "main", ...extra], { cwd: repo.dir, now: NOW });

describe("an inline waiver the change adds", () => {
  it("does not turn the check green: it is a proposal the CLI lists, and the scan exits 1", async () => {
    change({}, { "src/client.js": `${WAIVER}\n${FLAGGED}\n` });
    const text = await scan();
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("Proposed waiver on line 1 (added by this change, needs approval): sidecar terminates mTLS");
    expect(text.stdout).toContain("1 proposed waiver needs approval");
    const json = JSON.parse((await scan("--format", "json")).stdout);
    expect(json.summary).toMatchObject({ blocking: 1, waived: 0, proposedWaivers: 1 });
    expect(json.findings.find((f: any) => f.ruleId === "tls-verify-disabled-node").waiver).toMatchObject({ kind: "inline", status: "proposed", added: true });
    const sarif = JSON.parse((await scan("--format", "sarif")).stdout);
    const result = sarif.runs[0].results.find((r: any) => r.ruleId === "tls-verify-disabled-node");
    expect(result.suppressions).toEqual([expect.objectContaining({ kind: "inSource", status: "underReview", justification: "sidecar terminates mTLS" })]);
    expect(result.properties.blocking).toBe(true);
  });

  it("keeps working when the base revision already had it (the change only touched the flagged line)", async () => {
    change({ "src/client.js": `${WAIVER}\nconst agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });\n` }, { "src/client.js": `${WAIVER}\n${FLAGGED}\n` });
    const { code, stdout } = await scan();
    expect(stdout).toContain("Waived (audit record)");
    expect(code).toBe(0);
  });

  it("waives at once when the base policy says waivers.inline_in_change: honor", async () => {
    change({ ".hipaa.yml": "waivers:\n  inline_in_change: honor\n" }, { "src/client.js": `${WAIVER}\n${FLAGGED}\n` });
    expect((await scan()).code).toBe(0);
  });

  it("cannot be honoured when the organisation locks waivers.inline_in_change at propose", async () => {
    change({ ".hipaa.yml": "extends: org\nwaivers:\n  inline_in_change: honor\n", "org/.hipaa.yml": "locked: [waivers.inline_in_change]\nwaivers:\n  inline_in_change: propose\n" }, { "src/client.js": `${WAIVER}\n${FLAGGED}\n` });
    const { code, stdout } = await runCli(["scan", "--base", "main", "--org-config", "org/.hipaa.yml"], { cwd: repo.dir, now: NOW });
    expect(code).toBe(1);
    expect(stdout).toContain("the organisation locks waivers.inline_in_change at propose");
    expect(stdout).toContain("1 proposed waiver needs approval");
  });
});

describe("waivers.max_days", () => {
  it("an until beyond it (365 days by default) waives nothing and is itself a blocking finding", async () => {
    change({ "src/client.js": `// hipaa-review-ignore tls-verify-disabled-node: legacy until 2999-12-31\nconst agent = new https.Agent({ keepAlive: true });\n` }, { "src/client.js": `// hipaa-review-ignore tls-verify-disabled-node: legacy until 2999-12-31\n${FLAGGED}\n` });
    const json = JSON.parse((await scan("--format", "json")).stdout);
    const ids = json.findings.filter((f: any) => f.blocking).map((f: any) => f.ruleId).sort();
    expect(ids).toEqual(["tls-verify-disabled-node", "waiver-too-long"]);
    expect(json.findings.find((f: any) => f.ruleId === "waiver-too-long").message).toContain("more than 365 days");
  });

  it("is a setting the organisation can lock: a repository may lower it, not raise it", async () => {
    change({ ".hipaa.yml": "extends: org\nwaivers:\n  max_days: 1000\n", "org/.hipaa.yml": "locked: [waivers.max_days]\nwaivers:\n  max_days: 90\n", "src/client.js": "const agent = new https.Agent({ keepAlive: true });\n" }, { "src/client.js": `// hipaa-review-ignore tls-verify-disabled-node: legacy until 2027-06-01\n${FLAGGED}\n` });
    const json = JSON.parse((await runCli(["scan", "--base", "main", "--org-config", "org/.hipaa.yml", "--format", "json"], { cwd: repo.dir, now: NOW })).stdout);
    expect(json.findings.map((f: any) => f.ruleId)).toEqual(expect.arrayContaining(["waiver-too-long", "policy-setting-refused"]));
    expect(json.findings.find((f: any) => f.ruleId === "policy-setting-refused").message).toContain("locks waivers.max_days at 90");
  });
});

describe("in the App", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function review(comments: Scenario["issueComments"], permissions: Record<string, string>, expectReview: number) {
    const t = await testProbot();
    const payload = pullRequestPayload("synchronize");
    const gh = fakeGitHub(
      {
        owner: "Codertocat", repo: "Hello-World", number: payload.number, headSha: payload.pull_request.head.sha, baseSha: payload.pull_request.base.sha, installationId: payload.installation.id,
        files: [fileEntry("src/a.js", ["// hipaa-review-ignore test-tls-off: sidecar terminates mTLS", "x({ rejectUnauthorized: false })"])],
        issueComments: comments ?? [],
        permissions,
      },
      { checkUpdates: 0, reviews: expectReview },
    );
    await t.probot.receive({ id: `self-waiver-${Math.random()}`, name: "pull_request", payload } as never);
    await t.app.queue.onIdle();
    expect(gh.invalid).toEqual([]);
    return { done: gh.completion(), review: gh.writes("POST", "/reviews")[0]?.body, author: payload.pull_request.user.login as string };
  }

  it("a waiver the pull request adds keeps the check failing and asks for approval in the summary and the comment", async () => {
    const { done, review: posted } = await review([], {}, 1);
    expect(done.conclusion).toBe("failure");
    expect(done.output.summary).toContain("Proposed waivers (1) — need approval");
    expect(done.output.summary).toMatch(/`\/hipaa approve [0-9a-f]{20}`/);
    expect(posted.comments[0].body).toContain("This change proposes a waiver on line 1");
  });

  it("a maintainer's /hipaa approve passes it, and the audit record says who approved it and when", async () => {
    const { done } = await review([{ id: 21, body: "/hipaa approve test-tls-off", user: { login: "lead", type: "User" } }], { lead: "maintain" }, 0);
    expect(done.conclusion).toBe("success");
    expect(done.output.summary).toContain("Waived (1) — audit record");
    expect(done.output.summary).toMatch(/inline waiver, line 1, approved by @lead on 2026-11-20/);
  });

  it("the pull request's author cannot approve their own waiver", async () => {
    const t = pullRequestPayload("synchronize");
    const author = t.pull_request.user.login as string;
    const { done } = await review([{ id: 22, body: "/hipaa approve test-tls-off", user: { login: author, type: "User" } }], {}, 1);
    expect(done.conclusion).toBe("failure");
    expect(done.output.summary).toContain(`@${author} was not accepted: the pull request's author cannot waive`);
  });
});
