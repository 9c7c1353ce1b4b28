// The vendor review in the App: the built-in catalogue is loaded, the manifest is read from the base sha,
// license data comes from GitHub's dependency-graph compare endpoint (quietly absent on 403/404), and an
// organisation's vendor manifest is inherited from <org>/.github with `extends: org`.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BASE, HEAD, pullRequestPayload, testProbot } from "./app-fixtures.js";
import { API, fakeGitHub, type PullFile, type Scenario } from "./fake-github.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const PKG = (deps: string[]) => `{\n  "name": "patient-portal",\n  "dependencies": {\n${deps.map((d) => `    ${d}`).join(",\n")}\n  }\n}\n`;
const BASE_PKG = PKG(['"express": "^4.19.2"']);
const SENTRY_MANIFEST = "vendors:\n  - name: Sentry\n    purpose: error tracking\n    phi: true\n    baa: { status: signed, effective: 2025-01-01, expires: 2027-06-01, document: CTR-2025-014 }\n";

/** package.json gains `dep` on line 5 (after express). */
function addsDependency(dep: string, base: Record<string, string> = {}): Scenario {
  const payload = pullRequestPayload("opened");
  const head = PKG(['"express": "^4.19.2"', dep]);
  const file: PullFile = {
    filename: "package.json",
    status: "modified",
    patch: ["@@ -3,4 +3,5 @@", '   "dependencies": {', '-    "express": "^4.19.2"', '+    "express": "^4.19.2",', `+    ${dep}`, "   }", " }"].join("\n"),
    additions: 2,
    deletions: 1,
    changes: 3,
  };
  return {
    owner: OWNER,
    repo: REPO,
    number: payload.number,
    headSha: HEAD,
    baseSha: BASE,
    installationId: payload.installation.id,
    base: { "package.json": BASE_PKG, ...base },
    head: { "package.json": head },
    files: [file],
  };
}

function dependencyGraph(status: number, body: unknown) {
  return nock(API).get(`/repos/${OWNER}/${REPO}/dependency-graph/compare/${BASE}...${HEAD}`).reply(status, body as nock.Body);
}

/** <org>/.github holds a .hipaa.yml and the given vendor manifest. */
function orgRepository(manifest: string) {
  const raw = { "content-type": "application/vnd.github.raw" };
  nock(API)
    .get(`/repos/${OWNER}/.github/contents/.hipaa.yml`)
    .reply(200, "fail_on: error\n", raw)
    .get(`/repos/${OWNER}/.github/contents/.hipaa%2Fvendors.yml`)
    .reply(200, manifest, raw);
}

async function review(s: Scenario, expectReview: number) {
  const t = await testProbot();
  const gh = fakeGitHub(s, { checkUpdates: 0, reviews: expectReview });
  await t.probot.receive({ id: `d-${Math.random()}`, name: "pull_request", payload: pullRequestPayload("opened") } as never);
  await t.app.queue.onIdle();
  expect(gh.invalid).toEqual([]);
  const done = gh.completion();
  return { done, gh, logs: t.logs.join("") };
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("vendors in the App", () => {
  it("blocks @sentry/node on its package.json line when the base has no manifest, from the built-in catalogue", async () => {
    const { done } = await review(addsDependency('"@sentry/node": "^8.9.0"'), 1);
    expect(done.conclusion).toBe("failure");
    const a = done.output.annotations.find((x: any) => x.title.includes("vendor-not-in-manifest"));
    expect(a).toMatchObject({ path: "package.json", start_line: 5, annotation_level: "failure" });
    expect(a.message).toContain("Sentry");
  });

  it("passes when the base manifest records Sentry's signed BAA", async () => {
    const { done } = await review(addsDependency('"@sentry/node": "^8.9.0"', { ".hipaa/vendors.yml": SENTRY_MANIFEST }), 0);
    expect(done.conclusion).toBe("success");
  });

  it("takes a new dependency's license from the dependency graph and applies the deny list", async () => {
    const s = addsDependency('"gpl-widget": "^1.0.0"', { ".hipaa.yml": "vendors:\n  licenses:\n    deny: [GPL-3.0-only]\n" });
    const graph = dependencyGraph(200, [
      { change_type: "added", manifest: "package.json", ecosystem: "npm", name: "gpl-widget", version: "1.0.3", package_url: "pkg:npm/gpl-widget@1.0.3", license: "GPL-3.0-only", source_repository_url: null, vulnerabilities: [], scope: "runtime" },
    ]);
    const { done } = await review(s, 1);
    expect(graph.isDone()).toBe(true);
    expect(done.conclusion).toBe("failure");
    const a = done.output.annotations.find((x: any) => x.title.includes("license-denied"));
    expect(a).toMatchObject({ path: "package.json", start_line: 5 });
    expect(a.message).toContain("GPL-3.0-only");
  });

  it("falls back quietly when the dependency graph answers 403: the license is unknown, a warning", async () => {
    const s = addsDependency('"gpl-widget": "^1.0.0"', { ".hipaa.yml": "vendors:\n  licenses:\n    deny: [GPL-3.0-only]\n" });
    const graph = dependencyGraph(403, { message: "Resource not accessible by integration" });
    const { done, logs } = await review(s, 1);
    expect(graph.isDone()).toBe(true);
    expect(done.conclusion).toBe("success");
    const a = done.output.annotations.find((x: any) => x.title.includes("license-unknown"));
    expect(a).toMatchObject({ path: "package.json", start_line: 5, annotation_level: "warning" });
    expect(done.output.summary).not.toContain("403");
    expect(logs).toContain("dependency graph is not available");
  });

  it("inherits the organisation's vendor manifest with extends: org", async () => {
    const s = addsDependency('"@sentry/node": "^8.9.0"', { ".hipaa.yml": "extends: org\n" });
    orgRepository(SENTRY_MANIFEST);
    const { done } = await review(s, 0);
    expect(done.conclusion).toBe("success");
    expect(nock.pendingMocks().filter((m) => m.includes(".github/"))).toEqual([]);
  });

  it("a broken organisation manifest fails the check with its file and line, without reviewing", async () => {
    const s = addsDependency('"@sentry/node": "^8.9.0"', { ".hipaa.yml": "extends: org\n" });
    orgRepository("vendors:\n  - name: Sentry\n    phi: maybe\n    baa: { status: signed }\n");
    const t = await testProbot();
    const gh = fakeGitHub({ ...s, files: [] }, { checkUpdates: 0, reviews: 0 });
    await t.probot.receive({ id: "d-broken-org", name: "pull_request", payload: pullRequestPayload("opened") } as never);
    await t.app.queue.onIdle();
    const done = gh.completion();
    expect(done.conclusion).toBe("failure");
    expect(done.output.summary).toContain(`${OWNER}/.github:.hipaa/vendors.yml`);
    expect(done.output.summary).toMatch(/line 3/);
  });
});
