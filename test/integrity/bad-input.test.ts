// Bad input gets a clear, positioned error and a conclusive result — never a crash, a hang, a stack trace or a
// silent pass: random bytes as a diff, YAML alias bombs, undefined aliases, unknown tags, duplicate and 100,000
// unknown keys, a reader that closes the pipe, a secret hidden after kilobytes of padding, a scan past its time.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, type Repo } from "../cli/git-fixture.js";
import { runCli } from "../cli/run-cli.js";
import { pullRequestPayload, testProbot } from "../app/app-fixtures.js";
import { fakeGitHub } from "../app/fake-github.js";
import { runScan, ScanBudgetError } from "../../src/engine/scan.js";
import { patchSource } from "../../src/platforms/local/patch-source.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";

const ROOT = join(import.meta.dirname, "..", "..");
const NOW = "2026-11-20T12:00:00Z";
let repo: Repo;
beforeEach(() => {
  repo = makeRepo();
  repo.commit("base", { "README.md": "# x\n" });
});
afterEach(() => repo.remove());

const scan = (argv: string[], stdin?: string) => runCli(["scan", ...argv], { cwd: repo.dir, now: NOW, ...(stdin !== undefined ? { stdin } : {}) });

describe("a diff that is not a diff", () => {
  it("100 KB of random bytes given as --diff exits 2 with 'not a unified diff'", async () => {
    writeFileSync(join(repo.dir, "random.bin"), randomBytes(100_000));
    const { code, stdout, stderr } = await scan(["--diff", "random.bin"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^hipaa-review: malformed diff at line \d+: the input is not a unified diff/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("an empty diff is an empty change, not an error", async () => {
    expect((await scan(["--diff", "-"], "")).code).toBe(0);
  });
});

describe("policy files that attack the parser", () => {
  const config = (text: string) => {
    writeFileSync(join(repo.dir, "policy.yml"), text);
    return scan(["--base", "main", "--config", "policy.yml"]);
  };

  it("an alias bomb is a positioned error, at once", async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    let prev = "a";
    for (const n of "bcdefghi") {
      lines.push(`${n}: &${n} [${Array(9).fill(`*${prev}`).join(",")}]`);
      prev = n;
    }
    const { code, stderr } = await config(lines.join("\n") + "\nrules: *i\n");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^hipaa-review: config error: policy\.yml:2:\d+: its aliases expand to more than 100 nodes/);
  });

  it("YAML nested thousands of levels deep is a positioned error, not an aborted process", async () => {
    // Unbounded, the YAML library's recursion exhausted the stack inside V8's regex compiler, which aborts the
    // process (no exception to catch): a 1,000-bracket policy killed the CLI and the App.
    for (const [text, line] of [["[".repeat(5_000), 1], ["rules:\n" + "  - ".repeat(5_000) + "x\n", 2], ["a: 1\nb: " + "{x: ".repeat(3_000) + "1\n", 2]] as const) {
      const { code, stderr } = await config(text);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^hipaa-review: config error: policy\\.yml:${line}:\\d+: the YAML nests more than 64 levels deep`));
    }
    // Brackets inside quoted strings and comments do not nest.
    const { stderr } = await config(`fail_on: error # ${"[".repeat(200)}\npaths:\n  exclude: ['${"[".repeat(200)}']\n`);
    expect(stderr).not.toMatch(/nests more than/);
  });

  it("an undefined alias, an unknown tag and a duplicate key are positioned errors", async () => {
    expect((await config("fail_on: error\nrules: *nothere\n")).stderr).toMatch(/policy\.yml:2:\d+: YAML alias error: Unresolved alias/);
    const tag = await config("fail_on: !!python/object:os.system error\n");
    expect(tag.stderr).toMatch(/policy\.yml:1:10: YAML tags such as !!python\/object:os\.system are not allowed/);
    expect(tag.stderr).not.toContain("YAMLWarning");
    expect((await config("fail_on: error\nfail_on: note\n")).stderr).toMatch(/policy\.yml:2:1: fail_on: duplicate key "fail_on"/);
  });

  it("100,000 unknown keys are read in linear time and reported in bounded form", async () => {
    const started = Date.now();
    const { code, stderr } = await config(Array.from({ length: 100_000 }, (_, i) => `k${i}: 1`).join("\n") + "\n");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(51);
    expect(stderr).toContain("…and 99950 more problem(s) like these");
  }, 30_000);

  it("a policy file over 1 MiB is refused with its size", async () => {
    const { code, stderr } = await config("# " + "x".repeat(1_100_000) + "\nfail_on: error\n");
    expect(code).toBe(2);
    expect(stderr).toMatch(/policy\.yml:1:1: the file has \d+ characters; at most 1048576 are read/);
  });
});

describe("output into a closed pipe", () => {
  it("exits quietly, with its own exit code, when the reader stops (| head -1)", async () => {
    const child = spawn(process.execPath, [join(ROOT, "dist", "src", "cli", "bin.js"), "rules"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toContain("EPIPE");
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
  });
});

describe("long lines", () => {
  it("a secret placed after 10,000 characters of padding is found (lines are read whole)", async () => {
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("feature", { "src/config.js": `const padding = "${"a".repeat(10_000)}"; const password = "Zq7-Kw9-Lm4-Rt2x";\n` });
    const json = JSON.parse((await scan(["--base", "main", "--format", "json"])).stdout);
    const finding = json.findings.find((f: any) => f.ruleId === "secret-hardcoded-credential");
    expect(finding).toBeDefined();
    expect(finding.snippet.length).toBeLessThanOrEqual(200);
    expect(finding.snippet).not.toContain("Zq7-Kw9-Lm4-Rt2x");
  });
});

describe("time limits", () => {
  it("a scan past its per-file limit stops with an error naming the file", async () => {
    const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "main" }, { packs: loadDefaultRules() });
    const lines = Array.from({ length: 2_000 }, (_, i) => `+const a${i} = fetch("https://example.org/${i}");`);
    const diff = `diff --git a/src/slow.js b/src/slow.js\nnew file mode 100644\n--- /dev/null\n+++ b/src/slow.js\n@@ -0,0 +1,${lines.length} @@\n${lines.join("\n")}\n`;
    let clock = 0;
    const run = runScan({ source: patchSource([diff]), policy: loaded.judge, today: "2026-11-20", budget: { now: () => (clock += 1_000), fileMs: 5_000, reviewMs: 600_000 } });
    await expect(run).rejects.toThrow(ScanBudgetError);
    await expect(run).rejects.toThrow(/reviewing src\/slow\.js took longer than 5 s/);
  });
});

describe("an unreadable change in the App", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("a patch GitHub sends that cannot be read, for a file whose head cannot be fetched, fails the check with an explanation", async () => {
    const t = await testProbot();
    const payload = pullRequestPayload("opened");
    const gh = fakeGitHub(
      {
        owner: "Codertocat", repo: "Hello-World", number: payload.number, headSha: payload.pull_request.head.sha, baseSha: payload.pull_request.base.sha, installationId: payload.installation.id,
        files: [{ filename: "src/a.js", status: "modified", patch: "@@ -1,3 +1,9 @@\n+only one line", additions: 9, deletions: 3, changes: 12 }],
      },
      { checkUpdates: 0, reviews: 0 },
    );
    await t.probot.receive({ id: "unreadable", name: "pull_request", payload } as never);
    await t.app.queue.onIdle();
    const done = gh.completion();
    expect(done.conclusion).toBe("failure");
    expect(done.output.title).toBe("hipaa-review could not read the change");
    expect(done.output.summary).toContain("fails closed");
  });
});
