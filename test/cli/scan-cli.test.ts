import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, type Repo } from "./git-fixture.js";
import { runCli } from "./run-cli.js";

function run(argv: string[], cwd: string, stdin = "") {
  return runCli(argv, { cwd, stdin, now: "2026-11-22T12:00:00Z" });
}

const INSECURE_CLIENT = `const https = require("https");
const agent = new https.Agent({ rejectUnauthorized: false });
module.exports = agent;
`;
const FIXTURE_CSV = "name,ssn,city\nJane Roe,536-22-7731,Boston\n";

let repo: Repo;
beforeEach(() => {
  repo = makeRepo();
  repo.commit("base", {
    "README.md": "# service\n",
    "src/legacy.js": 'const legacy = new https.Agent({ rejectUnauthorized: false });\nmodule.exports = legacy;\n',
  });
  repo.git("checkout", "-q", "-b", "feature");
});
afterEach(() => repo.remove());

describe("hipaa-review scan", () => {
  it("blocks on findings in added lines, groups them by file and masks PHI", async () => {
    repo.commit("feature", { "src/client.js": INSECURE_CLIENT, "test/fixtures/patients.csv": FIXTURE_CSV, "src/legacy.js": 'const legacy = new https.Agent({ rejectUnauthorized: false });\nmodule.exports = legacy; // touched\n' });
    const { code, stdout, stderr } = await run(["scan", "--base", "main"], repo.dir);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain("src/client.js");
    expect(stdout).toContain("45 CFR §164.312(e)");
    expect(stdout).toContain("***-**-7731");
    expect(stdout).not.toContain("536-22-7731");
    expect(stdout).toMatch(/Fix:/);
    // The unchanged insecure line of legacy.js is not the change's doing.
    expect(stdout).not.toMatch(/src\/legacy\.js\n\s+1\s/);
  });

  it("passes a clean change with exit code 0", async () => {
    repo.commit("feature", { "src/ok.js": 'const agent = new https.Agent({ ca: readFileSync("ca.pem") });\n' });
    const { code, stdout } = await run(["scan", "--base", "main"], repo.dir);
    expect(code).toBe(0);
    expect(stdout).toContain("no blocking findings");
  });

  it("prints SARIF 2.1.0 that validates against the OASIS schema", async () => {
    repo.commit("feature", { "src/client.js": INSECURE_CLIENT, "fixtures/p.csv": FIXTURE_CSV });
    const { code, stdout } = await run(["scan", "--base", "main", "--format", "sarif"], repo.dir);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/sarif-2.1.0-rtm.5.schema.json"), "utf8"));
    // The OASIS schema has a pattern ("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$") that is invalid with the u flag.
    const Ajv4 = (AjvDraft04 as unknown as { default: typeof AjvDraft04 }).default ?? AjvDraft04;
    const ajv = new (Ajv4 as unknown as new (o: object) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown[] } })({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const run0 = sarif.runs[0];
    expect(run0.results.length).toBeGreaterThanOrEqual(2);
    const ruleIds = new Set(run0.tool.driver.rules.map((r: { id: string }) => r.id));
    for (const r of run0.results) {
      expect(ruleIds.has(r.ruleId)).toBe(true);
      expect(run0.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(["error", "warning", "note"]).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations).toHaveLength(1);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/^\//);
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(r.properties.safeguard).toMatch(/^164\.\d{3}/);
    }
    const tls = run0.results.find((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri === "src/client.js");
    expect(tls.locations[0].physicalLocation.region.startLine).toBe(2);
    expect(tls.properties.safeguard).toMatch(/^164\.312\(e\)/);
    expect(run0.tool.driver.rules.every((r: { help?: { text: string } }) => (r.help?.text.length ?? 0) > 0)).toBe(true);
    expect(stdout).not.toContain("536-22-7731");
  });

  it("prints JSON with blocking flags", async () => {
    repo.commit("feature", { "src/client.js": INSECURE_CLIENT });
    const { stdout } = await run(["scan", "--base", "main", "--format", "json"], repo.dir);
    const json = JSON.parse(stdout);
    expect(json.summary.blocking).toBeGreaterThanOrEqual(1);
    expect(json.findings[0]).toMatchObject({ path: "src/client.js", line: 2, blocking: true });
  });

  it("reads the policy from the base: a change cannot switch off the rules that judge it", async () => {
    repo.git("checkout", "-q", "main");
    repo.commit("policy", { ".hipaa.yml": "fail_on: error\n" });
    repo.git("checkout", "-q", "-b", "sneaky");
    repo.commit("weaken", { ".hipaa.yml": "areas:\n  transmission-security: off\n", "src/client.js": INSECURE_CLIENT });
    const { code, stdout } = await run(["scan", "--base", "main", "--format", "json"], repo.dir);
    const json = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(json.policy.source).toMatch(/^\.hipaa\.yml at main@[0-9a-f]{7}$/);
    expect(json.findings.map((f: { ruleId: string; path: string }) => `${f.path}:${f.ruleId}`)).toContain(".hipaa.yml:policy-file-changed");
    expect(json.findings.some((f: { path: string; area: string }) => f.path === "src/client.js" && f.area === "transmission-security")).toBe(true);
  });

  it("applies the base policy's switches, and --config overrides it locally", async () => {
    repo.git("checkout", "-q", "main");
    repo.commit("policy", { ".hipaa.yml": "areas:\n  transmission-security: off\n" });
    repo.git("checkout", "-q", "-b", "f2");
    repo.commit("client", { "src/client.js": INSECURE_CLIENT });
    expect((await run(["scan", "--base", "main"], repo.dir)).code).toBe(0);
    repo.write({ "strict.yml": "fail_on: warning\n" });
    expect((await run(["scan", "--base", "main", "--config", "strict.yml"], repo.dir)).code).toBe(1);
  });

  it("exits 2 with file, line and key when the base policy is broken", async () => {
    repo.git("checkout", "-q", "main");
    repo.commit("policy", { ".hipaa.yml": "fail_on: error\nthresholds:\n  session_idle_minutes: fifteen\n" });
    const { code, stderr, stdout } = await run(["scan", "--base", "main", "--head", "main"], repo.dir);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^hipaa-review: config error: \.hipaa\.yml at main@[0-9a-f]{7}:3:\d+: thresholds\.session_idle_minutes: must be number\n$/);
  });

  it("exits 2 with one line for usage and git errors", async () => {
    for (const argv of [["scan", "--base", "does-not-exist"], ["scan", "--bogus"], ["frobnicate"], ["scan", "--diff", "missing.patch"]]) {
      const { code, stderr } = await run(argv, repo.dir);
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr.trim().split("\n"), argv.join(" ")).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    const outside = await run(["scan", "--base", "main"], "/");
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/not inside a git repository/);
  });

  it("reports a resource that was already weak at the merge base and is only touched as a note, not a blocker", async () => {
    const db = (cls: string, encrypted: string) =>
      `resource "aws_db_instance" "billing" {\n  engine            = "mysql"\n  instance_class    = "${cls}"\n${encrypted}}\n`;
    repo.git("checkout", "-q", "main");
    repo.commit("legacy db", { "infra/rds.tf": db("db.m5.large", "") });
    repo.git("checkout", "-q", "-b", "resize");
    repo.commit("resize", { "infra/rds.tf": db("db.m5.xlarge", "") });
    const touched = await run(["scan", "--base", "main", "--format", "json"], repo.dir);
    expect(touched.code).toBe(0);
    const [note] = JSON.parse(touched.stdout).findings;
    expect(note).toMatchObject({ ruleId: "enc-tf-rds-unencrypted", path: "infra/rds.tf", line: 3, severity: "note", inBase: true, blocking: false });
    expect(note.message).toContain("Already in the base revision");
    // The same resize on a database the change itself leaves unencrypted still blocks.
    repo.git("checkout", "-q", "main");
    repo.commit("encrypted db", { "infra/rds.tf": db("db.m5.large", "  storage_encrypted = true\n") });
    repo.git("checkout", "-q", "-b", "decrypt");
    repo.commit("decrypt", { "infra/rds.tf": db("db.m5.xlarge", "") });
    const weakened = await run(["scan", "--base", "main", "--format", "json"], repo.dir);
    expect(weakened.code).toBe(1);
    expect(JSON.parse(weakened.stdout).findings[0]).toMatchObject({ ruleId: "enc-tf-rds-unencrypted", severity: "error", blocking: true });
  });

  it("reads a unified diff from standard input with --diff -", async () => {
    repo.commit("feature", { "src/client.js": INSECURE_CLIENT });
    const diff = repo.git("diff", "main...feature");
    const { code, stdout } = await run(["scan", "--diff", "-", "--format", "json"], repo.dir, diff);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings[0]).toMatchObject({ path: "src/client.js", line: 2 });
    const broken = await run(["scan", "--diff", "-"], repo.dir, "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n+only one line\n");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^hipaa-review: malformed diff at line \d+/);
  });

  it("works as the installed executable", () => {
    repo.commit("feature", { "src/client.js": INSECURE_CLIENT });
    const bin = join(import.meta.dirname, "../../dist/src/cli/bin.js");
    const result = spawnSync(process.execPath, [bin, "scan", "--base", "main", "--no-color"], { cwd: repo.dir, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("src/client.js");
    const bad = spawnSync(process.execPath, [bin, "scan", "--base", "nope"], { cwd: repo.dir, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^hipaa-review: git: unknown revision "nope"/);
    expect(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" }).trim()).toMatch(/^\d+\.\d+\.\d+/);
    // `npx hipaa-review` runs the file itself: the build must leave it executable, with its shebang.
    expect(execFileSync(bin, ["--version"], { encoding: "utf8" }).trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("hipaa-review scan in a fresh clone", () => {
  it("finds the base as origin/<name> when there is no local branch of that name", async () => {
    repo.commit("feature", { "src/client.js": INSECURE_CLIENT });
    const clone = makeRepo();
    try {
      clone.git("remote", "add", "origin", repo.dir);
      clone.git("fetch", "-q", "origin");
      clone.git("checkout", "-q", "-b", "feature", "origin/feature");
      const { code, stdout, stderr } = await run(["scan", "--base", "main", "--format", "json"], clone.dir);
      expect(stderr).toBe("");
      expect(code).toBe(1);
      expect(JSON.parse(stdout).findings[0]).toMatchObject({ path: "src/client.js", line: 2 });
    } finally {
      clone.remove();
    }
  });
});

describe("hipaa-review scan in a shallow clone (a CI checkout)", () => {
  it("says what to fetch when the base or the merge base is missing", async () => {
    repo.commit("feature", { "src/client.js": INSECURE_CLIENT });
    const clone = makeRepo();
    try {
      clone.git("remote", "add", "origin", `file://${repo.dir}`);
      clone.git("fetch", "-q", "--depth=1", "origin", "feature");
      clone.git("checkout", "-q", "--detach", "FETCH_HEAD");
      const missing = await run(["scan", "--base", "main"], clone.dir);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^hipaa-review: git: unknown revision "main": this is a shallow clone that lacks it; fetch it \(`git fetch --no-tags --depth=200 origin <branch>`\) or check out the full history \(fetch-depth: 0 on actions\/checkout, GIT_DEPTH: 0 in GitLab CI\)\n$/);
      clone.git("fetch", "-q", "--depth=1", "origin", "main:refs/remotes/origin/main");
      const noBase = await run(["scan", "--base", "main"], clone.dir);
      expect(noBase.code).toBe(2);
      expect(noBase.stderr).toMatch(/have no common ancestor in this shallow clone: fetch more history/);
      clone.git("fetch", "-q", "--unshallow", "origin");
      expect((await run(["scan", "--base", "main"], clone.dir)).code).toBe(1);
    } finally {
      clone.remove();
    }
  });
});

