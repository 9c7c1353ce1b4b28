// The GitHub Action's entry point (`hipaa-review action`) as a workflow runs it: simulated GITHUB_* variables and
// event files, an "origin" repository that holds pull requests the way GitHub does (refs/pull/N/head and /merge,
// a merge queue branch), and a workspace checked out the way actions/checkout does by default: one commit deep.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { makeRepo, type Repo } from "../cli/git-fixture.js";
import { runCli } from "../cli/run-cli.js";

const ROOT = join(import.meta.dirname, "../..");
const INSECURE = 'const https = require("https");\nconst agent = new https.Agent({ rejectUnauthorized: false });\nmodule.exports = agent;\n';
const POLICY = "fail_on: error\n";

interface Fixture {
  origin: Repo;
  base: string;
  head: string;
  merge: string;
  forkHead: string;
  queueHead: string;
  cleanHead: string;
}

let fx: Fixture;
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hipaa-action-"));
  temps.push(dir);
  return dir;
}

beforeAll(() => {
  const origin = makeRepo();
  origin.git("config", "uploadpack.allowReachableSHA1InWant", "true");
  origin.commit("base", { "README.md": "# portal\n", ".hipaa.yml": POLICY, "src/legacy.js": "const legacy = new https.Agent({ rejectUnauthorized: false });\n" });
  // The pull request branches off here…
  origin.git("checkout", "-q", "-b", "feature");
  origin.commit("insecure client", {
    "src/client.js": INSECURE,
    "src/odd,name:50%.js": "const x = new https.Agent({ rejectUnauthorized: false });\n",
    // A file name that would be a workflow command if printed at the start of a line.
    "::warning::injected.js": "const y = new https.Agent({ rejectUnauthorized: false });\n",
    ".hipaa.yml": "fail_on: error\nareas:\n  transmission-security: off\n",
  });
  const head = origin.git("rev-parse", "HEAD").trim();
  // …while main moves on by more commits than the first fetch's depth, so the action has to deepen.
  origin.git("checkout", "-q", "main");
  const from = origin.git("rev-parse", "HEAD").trim();
  const stream = Array.from({ length: 60 }, (_, i) => `commit refs/heads/main\ncommitter t <t@t> ${1_700_000_000 + i} +0000\ndata <<END\nmain ${i}\nEND\n${i === 0 ? `from ${from}\n` : ""}\n`).join("");
  execFileSync("git", ["fast-import", "--quiet"], { cwd: origin.dir, input: stream });
  const base = origin.git("rev-parse", "main").trim();
  // GitHub's refs for pull request 7: its head and the merge commit actions/checkout checks out.
  origin.git("update-ref", "refs/pull/7/head", head);
  origin.git("checkout", "-q", "--detach", base);
  origin.git("merge", "-q", "--no-ff", "-m", "Merge pull request 7", head);
  const merge = origin.git("rev-parse", "HEAD").trim();
  origin.git("update-ref", "refs/pull/7/merge", merge);
  // A fork's pull request 8: its head exists in origin only as refs/pull/8/head.
  origin.git("checkout", "-q", "--detach", base);
  origin.commit("from a fork", { "src/fork.js": INSECURE });
  const forkHead = origin.git("rev-parse", "HEAD").trim();
  origin.git("update-ref", "refs/pull/8/head", forkHead);
  // A merge queue group: the queue branch holds the pull request on top of main.
  origin.git("checkout", "-q", "-b", "gh-readonly-queue/main/pr-9", base);
  origin.commit("queued", { "src/queued.js": INSECURE });
  const queueHead = origin.git("rev-parse", "HEAD").trim();
  // A clean pull request 10.
  origin.git("checkout", "-q", "--detach", base);
  origin.commit("clean", { "src/ok.js": 'const agent = new https.Agent({ ca: readFileSync("ca.pem") });\n' });
  const cleanHead = origin.git("rev-parse", "HEAD").trim();
  origin.git("update-ref", "refs/pull/10/head", cleanHead);
  origin.git("checkout", "-q", "main");
  fx = { origin, base, head, merge, forkHead, queueHead, cleanHead };
});

afterAll(() => {
  fx.origin.remove();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A workspace as actions/checkout leaves it by default: `origin` set, one commit fetched (depth 1), detached. */
function checkout(sha: string, depth = 1): string {
  const dir = tempDir();
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: dir } });
  git("init", "-q");
  git("remote", "add", "origin", `file://${fx.origin.dir}`);
  git("fetch", "-q", "--no-tags", ...(depth > 0 ? [`--depth=${depth}`] : []), "origin", sha);
  git("checkout", "-q", "--detach", sha);
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  sarif?: { runs: { automationDetails?: { id: string }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  workspace: string;
}

async function runAction(event: string, payload: object, workspace: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const dir = tempDir();
  const eventPath = join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(payload));
  const summaryPath = join(dir, "summary.md");
  const outputPath = join(dir, "output.txt");
  writeFileSync(summaryPath, "");
  writeFileSync(outputPath, "");
  const result = await runCli(["action", ...extraArgs], {
    cwd: workspace,
    now: "2026-11-22T12:00:00Z",
    env: { PATH: process.env.PATH, GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: eventPath, GITHUB_STEP_SUMMARY: summaryPath, GITHUB_OUTPUT: outputPath, GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: "acme/portal", ...env },
  });
  const outputs = Object.fromEntries(readFileSync(outputPath, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  const sarifPath = join(workspace, "hipaa-review.sarif");
  return { ...result, summary: readFileSync(summaryPath, "utf8"), outputs, workspace, ...(existsSync(sarifPath) ? { sarif: JSON.parse(readFileSync(sarifPath, "utf8")) } : {}) };
}

const repoOf = (name: string) => ({ full_name: name });
const pullRequest = (number: number, head: string, headRepo = "acme/portal") => ({
  action: "synchronize",
  number,
  pull_request: { number, base: { ref: "main", sha: fx.base, repo: repoOf("acme/portal") }, head: { ref: "feature", sha: head, repo: repoOf(headRepo) } },
});

/** Lines of stdout that GitHub would run as workflow commands: everything outside a stop-commands block. */
function commands(stdout: string): string[] {
  const out: string[] = [];
  let token: string | undefined;
  for (const line of stdout.split("\n")) {
    if (token) {
      if (line === `::${token}::`) token = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) token = stop[1];
    else if (line.startsWith("::")) out.push(line);
  }
  expect(token, "a stop-commands block is left open").toBeUndefined();
  return out;
}

describe("hipaa-review action on pull_request (default shallow checkout of the merge commit)", () => {
  let run: Run;
  beforeAll(async () => {
    const workspace = checkout(fx.merge);
    expect(execFileSync("git", ["rev-parse", "--is-shallow-repository"], { cwd: workspace, encoding: "utf8" }).trim()).toBe("true");
    run = await runAction("pull_request", pullRequest(7, fx.head), workspace);
  });

  it("fetches what the shallow checkout lacks, deepening until a merge base exists", () => {
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("hipaa-review: shallow checkout: fetching the base and head of the change from origin (depth 50)");
    expect(run.stdout).toMatch(/no merge base yet: deepening by 200 commits/);
    expect(run.stdout).toContain(`reviewing pull request #7: ${fx.head.slice(0, 7)} against main@${fx.base.slice(0, 7)}`);
  });

  it("fails the job on a blocking finding, with annotations as workflow commands on the head's lines", () => {
    expect(run.code).toBe(1);
    const cmds = commands(run.stdout);
    expect(cmds).toContain("::error file=src/client.js,line=2,title=TLS certificate verification disabled (JavaScript) [tls-verify-disabled-node]::TLS certificate verification is turned off, so anyone on the network path can impersonate the server and read or alter the ePHI in transit.%0AFix: Remove `rejectUnauthorized false`. To trust a private or internal CA, pass it with the `ca` option (or NODE_EXTRA_CA_CERTS) instead of disabling verification.");
    // Properties escape %, CR, LF, ":" and ","; a policy edit is a warning.
    expect(cmds.some((c) => c.startsWith("::error file=src/odd%2Cname%3A50%25.js,line=1,"))).toBe(true);
    expect(cmds.some((c) => c.startsWith("::warning file=.hipaa.yml,") && c.includes("[policy-file-changed]"))).toBe(true);
    // Nothing from the change runs as a command: the report is printed inside a stop-commands block.
    expect(cmds.every((c) => /^::(error|warning|notice) file=/.test(c))).toBe(true);
    expect(run.stdout.split("\n")).toContain("::warning::injected.js");
    expect(cmds.some((c) => c.startsWith("::error file=%3A%3Awarning%3A%3Ainjected.js,line=1,"))).toBe(true);
  });

  it("judges by the base's policy: the change's edit of .hipaa.yml does not switch off what blocks it", () => {
    expect(run.outputs.blocking).toBe("3");
    expect(run.summary).toContain(`Policy: .hipaa.yml at main@${fx.base.slice(0, 7)}`);
  });

  it("writes the App's check report to the job summary", () => {
    expect(run.summary).toMatch(/^## HIPAA compliance — 3 blocking findings\n/);
    expect(run.summary).toContain("### ❌ 3 finding(s) block the merge");
    expect(run.summary).toContain("| Safeguard | Blocking | Other |");
    expect(run.summary).toContain("`src/client.js:2`");
  });

  it("writes SARIF with the stable category, and step outputs", () => {
    expect(run.sarif!.runs[0]!.automationDetails).toEqual({ id: "hipaa-review/" });
    expect(run.sarif!.runs[0]!.results.some((r) => r.ruleId === "tls-verify-disabled-node" && r.locations[0]!.physicalLocation.artifactLocation.uri === "src/client.js")).toBe(true);
    expect(run.outputs).toMatchObject({ blocking: "3", sarif: join(run.workspace, "hipaa-review.sarif"), "sarif-category": "hipaa-review" });
  });
});

describe("hipaa-review action on other events", () => {
  it("merge_group: reviews the group's head against its base", async () => {
    const workspace = checkout(fx.queueHead);
    const run = await runAction("merge_group", { action: "checks_requested", merge_group: { head_sha: fx.queueHead, head_ref: "refs/heads/gh-readonly-queue/main/pr-9", base_sha: fx.base, base_ref: "refs/heads/main" } }, workspace);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`reviewing merge group: ${fx.queueHead.slice(0, 7)} against main@${fx.base.slice(0, 7)}`);
    expect(commands(run.stdout)).toContain(commands(run.stdout).find((c) => c.startsWith("::error file=src/queued.js,line=2,")));
  });

  it("a fork's pull request: no token, the head fetched from refs/pull/N/head", async () => {
    const workspace = checkout(fx.base);
    const run = await runAction("pull_request", pullRequest(8, fx.forkHead, "someone/portal"), workspace);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("reviewing pull request #8 (from a fork)");
    expect(commands(run.stdout).some((c) => c.startsWith("::error file=src/fork.js,line=2,"))).toBe(true);
  });

  it("a clean pull request passes, with a full-history checkout too", async () => {
    const workspace = checkout(fx.cleanHead, 0);
    const run = await runAction("pull_request", pullRequest(10, fx.cleanHead), workspace);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("fetching");
    expect(run.summary).toContain("### ✅ No blocking HIPAA findings");
    expect(run.outputs.blocking).toBe("0");
    expect(commands(run.stdout)).toEqual([]);
  });

  it("an invalid base policy: exit 2, an annotation on its line, the reason in the summary", async () => {
    const origin = makeRepo();
    try {
      origin.commit("base", { ".hipaa.yml": "fail_on: sometimes\n" });
      const base = origin.git("rev-parse", "HEAD").trim();
      origin.commit("change", { "a.js": "x()\n" });
      const head = origin.git("rev-parse", "HEAD").trim();
      const run = await runAction("pull_request", { pull_request: { number: 3, base: { ref: "main", sha: base }, head: { sha: head } } }, origin.dir);
      expect(run.code).toBe(2);
      expect(commands(run.stdout)[0]).toMatch(/^::error file=\.hipaa\.yml,line=1,col=\d+,title=Invalid policy%3A fail_on::must be one of/);
      expect(run.summary).toContain("the policy on the base branch is invalid");
      expect(run.stderr).toMatch(/^hipaa-review: config error: \.hipaa\.yml at main@[0-9a-f]{7}:1:\d+: fail_on: must be one of/);
    } finally {
      origin.remove();
    }
  });

  it("says in one line, and as an annotation, what is wrong with the setup", async () => {
    const workspace = checkout(fx.merge);
    const push = await runAction("workflow_dispatch", {}, workspace);
    expect(push.code).toBe(2);
    expect(push.stderr).toBe("hipaa-review: action: the workflow_dispatch event has no base to compare with: run the action on pull_request, pull_request_target, merge_group, push, or set its `base` input\n");
    expect(commands(push.stdout)).toEqual(["::error title=hipaa-review could not review this change::hipaa-review: action: the workflow_dispatch event has no base to compare with: run the action on pull_request, pull_request_target, merge_group, push, or set its `base` input"]);
    // An unreachable origin: the message says what to set.
    execFileSync("git", ["remote", "set-url", "origin", "file:///nonexistent/repo"], { cwd: workspace });
    const offline = await runAction("pull_request", pullRequest(7, fx.head), workspace);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toMatch(/^hipaa-review: git: could not fetch the change's commits from origin \(.*\): keep actions\/checkout's default persist-credentials, or check out the full history with `fetch-depth: 0`\n$/);
  });

  it("other events with the `base` input: compares GITHUB_SHA with that branch", async () => {
    const workspace = checkout(fx.cleanHead);
    const run = await runAction("workflow_dispatch", {}, workspace, ["--base", "main"], { GITHUB_SHA: fx.cleanHead });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`against main@${fx.base.slice(0, 7)}`);
  });
});

describe("action.yml", () => {
  const action = parseYaml(readFileSync(join(ROOT, "action.yml"), "utf8"));

  it("is a composite action that builds itself and runs `hipaa-review action` with its inputs", () => {
    expect(action.runs.using).toBe("composite");
    const install = action.runs.steps.find((s: { name?: string }) => s.name === "Install hipaa-review");
    expect(install).toMatchObject({ "working-directory": "${{ github.action_path }}", run: expect.stringMatching(/^npm ci\b/) });
    const review = action.runs.steps.find((s: { id?: string }) => s.id === "review");
    expect(review.run).toContain('node "$GITHUB_ACTION_PATH/dist/src/cli/bin.js"');
    expect(Object.keys(action.inputs)).toEqual(["sarif-file", "base", "node-version"]);
    expect(action.outputs.blocking.value).toBe("${{ steps.review.outputs.blocking }}");
  });

  it("docs/ci.md and the README show a workflow that matches it", () => {
    for (const file of ["docs/ci.md", "README.md"]) {
      const text = readFileSync(join(ROOT, file), "utf8");
      const block = /```yaml\n((?:[^`]|`(?!``))*?uses: hipaa-review\/hipaa-review@[\s\S]*?)```/.exec(text);
      expect(block, file).not.toBeNull();
      const workflow = parseYaml(block![1]!);
      expect(Object.keys(workflow.on), file).toEqual(["pull_request", "merge_group"]);
      const steps = (Object.values(workflow.jobs)[0] as { steps: { uses?: string; with?: Record<string, string> }[] }).steps;
      // The default checkout: the action fetches the rest.
      expect(steps[0]).toEqual({ uses: "actions/checkout@v4" });
      const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
      expect(upload?.with?.category, file).toBe("hipaa-review");
      expect(workflow.permissions["security-events"], file).toBe("write");
    }
  });

  it("its review step, run by bash as the runner would, reviews a pull request", () => {
    const review = action.runs.steps.find((s: { id?: string }) => s.id === "review");
    const workspace = checkout(fx.merge);
    const dir = tempDir();
    writeFileSync(join(dir, "event.json"), JSON.stringify(pullRequest(7, fx.head)));
    writeFileSync(join(dir, "out"), "");
    const result = spawnSync("bash", ["-e", "-c", review.run], {
      cwd: workspace,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: dir, GITHUB_ACTION_PATH: ROOT, GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: join(dir, "event.json"), GITHUB_OUTPUT: join(dir, "out"), INPUT_SARIF_FILE: "reports/hipaa.sarif", INPUT_BASE: "" },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("::error file=src/client.js,line=2,");
    expect(existsSync(join(workspace, "reports/hipaa.sarif"))).toBe(true);
    expect(readFileSync(join(dir, "out"), "utf8")).toContain("blocking=3\n");
  });
});
