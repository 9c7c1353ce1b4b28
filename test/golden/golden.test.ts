// Golden files: the CLI's text, JSON, SARIF and GitLab Code Quality reports, `rules`, `vendors`, and every request the App makes on
// a few pull requests, compared byte for byte with test/golden/*.golden. They pin behaviour across refactors.
// Regenerate deliberately with UPDATE_GOLDEN=1 npm test -- test/golden, and review the diff.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, type Repo } from "../cli/git-fixture.js";
import { runCli } from "../cli/run-cli.js";
import { pullRequestPayload, testProbot } from "../app/app-fixtures.js";
import { fakeGitHub, fileEntry, patchOf, type Scenario } from "../app/fake-github.js";
import { findingMarker, reviewMarker } from "../../src/platforms/github/markers.js";

const DIR = join(import.meta.dirname, "files");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function golden(name: string, actual: string): void {
  const path = join(DIR, `${name}.golden`);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual, `differs from ${path}; regenerate with UPDATE_GOLDEN=1 if the change is intended`).toBe(readFileSync(path, "utf8"));
}

const NOW = "2026-11-22T12:00:00Z";
const DATE = "2026-11-01T09:00:00Z";

const BASE_POLICY = `# repository policy
fail_on: error
rules:
  plaintext-http-url: warning
paths:
  exclude: ["third_party/**"]
overrides:
  - paths: ["scripts/**"]
    rules: { plaintext-http-url: note }
phi_paths: ["services/ehr/**"]
custom_rules:
  - id: no-legacy-fax-gateway
    title: Legacy fax gateway
    safeguard: "164.312(e)(1)"
    severity: error
    languages: [javascript]
    keywords: [faxgw]
    patterns: ['faxgw\\.send\\(']
    message: The legacy fax gateway sends PHI unencrypted.
    remediation: Use the secure fax API.
    references: []
    examples: { bad: ['faxgw.send(doc)', 'await faxgw.send(x)'], good: ['secureFax.send(doc)', 'faxgwStatus()'] }
`;
const MANIFEST = `vendors:
  - name: Sentry
    purpose: error tracking
    phi: true
    baa: { status: signed, effective: 2025-01-01, expires: 2026-12-10, document: CTR-2025-014 }
    safeguards: { encryption_at_rest: true, tls: true, audit_logs: true, mfa_sso: false }
    subprocessors:
      - name: Google Cloud
        baa: { status: signed, effective: 2025-01-01, document: "Sentry DPA, annex 3" }
        safeguards: { encryption_at_rest: true, tls: true }
  - name: Twilio
    purpose: appointment reminders
    phi: true
    baa: { status: none }
`;

const FEATURE: Record<string, string> = {
  "src/client.js": [
    'const https = require("https");',
    "const agent = new https.Agent({ rejectUnauthorized: false });",
    'fetch("http://api.partner-ehr.com/v1/records");',
    "// hipaa-review-ignore plaintext-http-url: partner has no TLS endpoint until 2027-01-31",
    'fetch("http://legacy.partner-ehr.com/v1");',
    "// hipaa-review-ignore tls-verify-disabled-node",
    "const other = new https.Agent({ rejectUnauthorized: false });",
    "// hipaa-review-ignore no-such-rule: nothing here",
    "faxgw.send(doc);",
    'const password = "Hunter2-Hunter2-Prod";',
    "",
  ].join("\n"),
  "services/ehr/intake.py": ['import logging', 'log = logging.getLogger(__name__)', 'def admit(patient):', '    log.info("admitting %s", patient.ssn)', ""].join("\n"),
  "scripts/sync.sh": "curl http://files.partner-ehr.com/export.csv\n",
  "third_party/lib.js": "new https.Agent({ rejectUnauthorized: false });\n",
  "data/patients.csv": "name,ssn,dob\nJane Roe,536-22-7731,1961-04-12\n",
  "infra/db.tf": 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  storage_encrypted = false\n}\n',
  "package.json": '{\n  "name": "portal",\n  "dependencies": {\n    "@sentry/node": "^8.9.0",\n    "twilio": "^5.0.0",\n    "express": "^4.19.2"\n  }\n}\n',
  ".hipaa.yml": BASE_POLICY.replace("fail_on: error", "fail_on: error\nareas: { phi-exposure: off }"),
  "assets/logo.png": "\u0000PNG binary",
  "README.md": "# portal\nSee http://docs.partner-ehr.com/guide.html\n",
};

describe("golden: the CLI", () => {
  let repo: Repo;
  beforeAll(() => {
    process.env.GIT_AUTHOR_DATE = DATE;
    process.env.GIT_COMMITTER_DATE = DATE;
    repo = makeRepo();
    repo.commit("base", {
      "README.md": "# portal\n",
      "package.json": '{\n  "name": "portal",\n  "dependencies": {\n    "express": "^4.19.2"\n  }\n}\n',
      ".hipaa.yml": BASE_POLICY,
      ".hipaa/vendors.yml": MANIFEST,
      "src/legacy.js": "const legacy = new https.Agent({ rejectUnauthorized: false });\n",
    });
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("feature", FEATURE);
  });
  afterAll(() => {
    repo.remove();
    delete process.env.GIT_AUTHOR_DATE;
    delete process.env.GIT_COMMITTER_DATE;
  });
  const run = (argv: string[], stdin?: string) => runCli(argv, { cwd: repo.dir, now: NOW, ...(stdin !== undefined ? { stdin } : {}) });
  const both = (r: { code: number; stdout: string; stderr: string }) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

  it("scan --format text", async () => golden("cli-scan-text", both(await run(["scan", "--base", "main"]))));
  it("scan --format json", async () => golden("cli-scan-json", both(await run(["scan", "--base", "main", "--format", "json"]))));
  it("scan --format sarif", async () => golden("cli-scan-sarif", both(await run(["scan", "--base", "main", "--format", "sarif"]))));
  it("scan --format gitlab", async () => golden("cli-scan-gitlab", both(await run(["scan", "--base", "main", "--format", "gitlab"]))));
  it("scan --diff - --base main", async () => {
    const diff = repo.git("diff", "main...feature");
    golden("cli-scan-diff", both(await run(["scan", "--diff", "-", "--base", "main", "--format", "json"], diff)));
  });
  it("scan --config (an invalid one)", async () => {
    writeFileSync(join(repo.dir, "bad.yml"), "fail_on: sometimes\nrules:\n  no-such-rule: off\n");
    golden("cli-scan-bad-config", both(await run(["scan", "--base", "main", "--config", "bad.yml"])));
  });
  it("rules", async () => golden("cli-rules", both(await run(["rules"]))));
  it("rules --format json", async () => golden("cli-rules-json", both(await run(["rules", "--format", "json"]))));
  it("vendors", async () => golden("cli-vendors", both(await run(["vendors", "--ref", "main"]))));
  it("vendors --format json", async () => golden("cli-vendors-json", both(await run(["vendors", "--ref", "main", "--format", "json"]))));
});

const OWNER = "Codertocat";
const REPO = "Hello-World";

describe("golden: the App's requests", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function review(name: string, partial: Partial<Scenario>, expectWrites: Parameters<typeof fakeGitHub>[1], action = "opened") {
    const t = await testProbot();
    const payload = pullRequestPayload(action);
    const s: Scenario = { owner: OWNER, repo: REPO, number: payload.number, headSha: payload.pull_request.head.sha, baseSha: payload.pull_request.base.sha, installationId: payload.installation.id, files: [], ...partial };
    const gh = fakeGitHub(s, expectWrites);
    await t.probot.receive({ id: `golden-${name}`, name: "pull_request", payload } as never);
    await t.app.queue.onIdle();
    expect(gh.invalid).toEqual([]);
    const requests = gh.requests.map((r) => ({ method: r.method, path: r.path.replace(/^https:\/\/api\.github\.com/, ""), body: r.body }));
    // Every call the review made, reads included (sorted: the reads made in parallel may arrive in any order), then the
    // contents reads and the writes with their bodies, in order.
    golden(`app-${name}`, JSON.stringify({ calls: [...gh.calls].sort(), requests }, null, 2) + "\n");
  }

  it("a pull request with findings, a suppressed one and a policy change", () =>
    review(
      "violations",
      {
        base: { ".hipaa.yml": "rules:\n  test-http-url: warning\n" },
        files: [
          fileEntry("src/client.js", ["const https = require('https');", "https.request({ host, rejectUnauthorized: false });", "fetch('http://api.partner-ehr.com/v1')", "// hipaa-review-ignore test-tls-off: sidecar terminates mTLS", "tls.connect({ rejectUnauthorized: false });"]),
          fileEntry("fixtures/patients.csv", ["name,ssn", "Ann,219-44-7731"]),
          { filename: ".hipaa.yml", status: "modified", patch: "@@ -1,2 +1,3 @@\n rules:\n   test-http-url: warning\n+  test-tls-off: off", additions: 1, deletions: 0, changes: 1 },
        ],
      },
      { checkUpdates: 0, reviews: 1 },
    ));

  it("a later push that fixes one finding and keeps another", () =>
    review(
      "resolved",
      {
        files: [fileEntry("src/client.js", ["fetch('http://api.partner-ehr.com/v1')"])],
        existingComments: [
          { id: 11, body: `old\n${findingMarker("aaaaaaaaaaaaaaaa")}`, path: "src/client.js", line: 1 },
        ],
        // Posted by an earlier version (no inline marker), so its comments are listed.
        existingReviews: [{ id: 10, body: `**HIPAA review**\n${reviewMarker("c".repeat(40))}` }],
        reviewThreads: [{ id: "T_1", isResolved: false, commentId: 11 }],
      },
      { checkUpdates: 0, reviews: 1, commentEdits: 1 },
      "synchronize",
    ));

  it("an invalid base policy", () =>
    review("bad-policy", { base: { ".hipaa.yml": "fail_on: sometimes\n" }, files: [fileEntry("src/a.js", ["x()"])] }, { checkUpdates: 0, reviews: 0 }));

  it("a clean pull request", () =>
    review("clean", { files: [fileEntry("src/a.js", ["https.request({ ca })"]), { filename: "src/b.js", status: "modified", patch: patchOf(["y()"], 4), additions: 1, deletions: 0, changes: 1 }] }, { checkUpdates: 0, reviews: 0 }));
});
