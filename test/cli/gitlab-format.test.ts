// `--format gitlab`: GitLab's Code Quality report (what `artifacts: reports: codequality` reads), and `--output`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, type Repo } from "./git-fixture.js";
import { runCli } from "./run-cli.js";

const run = (argv: string[], cwd: string) => runCli(argv, { cwd, now: "2026-11-22T12:00:00Z" });

let repo: Repo;
beforeEach(() => {
  repo = makeRepo();
  repo.commit("base", { "README.md": "# service\n", "src/old.js": "// hipaa-review-ignore plaintext-http-url-code: partner has no TLS endpoint until 2027-01-31\nfetch('http://api.partner-ehr.com/v1');\n" });
  repo.git("checkout", "-q", "-b", "feature");
  repo.commit("feature", {
    "src/client.js": 'const agent = new https.Agent({ rejectUnauthorized: false });\nconst again = new https.Agent({ rejectUnauthorized: false });\n',
    "src/old.js": "// hipaa-review-ignore plaintext-http-url-code: partner has no TLS endpoint until 2027-01-31\nfetch('http://api.partner-ehr.com/v1'); // touched\n",
    "data/patients.csv": "name,ssn\nJane Roe,536-22-7731\n",
  });
});
afterEach(() => repo.remove());

const SEVERITIES = ["info", "minor", "major", "critical", "blocker"];

describe("--format gitlab", () => {
  it("is a Code Quality report: one issue per open finding with GitLab's required fields", async () => {
    const { code, stdout, stderr } = await run(["scan", "--base", "main", "--format", "gitlab"], repo.dir);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const issues = JSON.parse(stdout) as Record<string, unknown>[];
    expect(Array.isArray(issues)).toBe(true);
    expect(issues.length).toBeGreaterThanOrEqual(3);
    for (const issue of issues) {
      expect(typeof issue.description).toBe("string");
      expect(typeof issue.check_name).toBe("string");
      expect(issue.fingerprint).toMatch(/^[0-9a-f-]+$/);
      expect(SEVERITIES).toContain(issue.severity);
      const location = issue.location as { path: string; lines: { begin: number } };
      expect(location.path).not.toMatch(/^\//);
      expect(Number.isInteger(location.lines.begin) && location.lines.begin >= 1).toBe(true);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    const tls = issues.filter((i) => i.check_name === "tls-verify-disabled-node");
    expect(tls.map((i) => [(i.location as { lines: { begin: number } }).lines.begin, i.severity])).toEqual([[1, "blocker"], [2, "blocker"]]);
    // Waived findings are the audit record's, not the widget's; PHI is masked.
    expect(issues.some((i) => (i.location as { path: string }).path === "src/old.js")).toBe(false);
    expect(stdout).not.toContain("536-22-7731");
  });

  it("--output writes the report to a file and the text report to stdout", async () => {
    const { code, stdout } = await run(["scan", "--base", "main", "--format", "gitlab", "--output", "gl-code-quality-report.json"], repo.dir);
    expect(code).toBe(1);
    expect(stdout).toContain("blocking finding(s)");
    const issues = JSON.parse(readFileSync(join(repo.dir, "gl-code-quality-report.json"), "utf8"));
    expect(issues.length).toBeGreaterThanOrEqual(3);
    const bad = await run(["scan", "--base", "main", "--output", "no/such/dir/report.json"], repo.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^hipaa-review: --output no\/such\/dir\/report\.json: cannot be written \(ENOENT\)\n$/);
  });
});
