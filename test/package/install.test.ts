// The package as a team uses it: `npm pack`, installed as a devDependency of an unrelated repository, then run the
// ways the README says — locally with npx, in GitLab CI (docs/ci.md's job, run by bash with GitLab's variables), and
// before each commit (a git pre-commit hook). No network: npm installs offline from the cache `npm ci` filled, with
// a lockfile for the consumer derived from this repository's (npm needs registry metadata, not in that cache, to
// resolve versions without one — which is also why a global `npm install -g` cannot be exercised offline here).
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const ROOT = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const INSECURE = 'const https = require("https");\nconst agent = new https.Agent({ rejectUnauthorized: false });\nmodule.exports = agent;\n';

let tmp: string;
let tarball: string;
let origin: string;
let work: string;

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: tmp, npm_config_cache: npmCache(), npm_config_update_notifier: "false", ...env } });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t", GIT_CONFIG_NOSYSTEM: "1", HOME: tmp } });
}

let cache: string | undefined;
function npmCache(): string {
  return (cache ??= execFileSync("npm", ["config", "get", "cache"], { cwd: ROOT, encoding: "utf8" }).trim());
}

/** The consumer's lockfile: hipaa-review from the tarball, its dependencies as this repository's lockfile pins them. */
function consumerLock(spec: string): object {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
  const packages: Record<string, unknown> = {
    "": { name: "patient-portal", version: "1.0.0", devDependencies: { "hipaa-review": spec } },
    "node_modules/hipaa-review": { version: pkg.version, resolved: spec, dev: true, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean }>)) {
    if (path !== "" && !entry.dev) packages[path] = { ...entry, dev: true };
  }
  return { name: "patient-portal", version: "1.0.0", lockfileVersion: 3, requires: true, packages };
}

/** The GitLab job of docs/ci.md, and what running its script in a merge request pipeline's checkout gave. */
let job: { script: string[]; variables: Record<string, string>; artifacts: { when: string; reports: { codequality: string } } };
let gitlab: SpawnSyncReturns<string>;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "hipaa-package-"));
  // dist/ is built by `npm test`'s pretest; pack what `files` ships.
  const packed = sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(tmp, JSON.parse(packed.stdout)[0].filename);
  // Their repository: unrelated to this one, hipaa-review as a devDependency.
  origin = join(tmp, "origin");
  execFileSync("mkdir", ["-p", join(origin, "src")]);
  git(origin, "init", "-q", "-b", "main");
  const spec = `file:${tarball}`;
  writeFileSync(join(origin, "package.json"), JSON.stringify({ name: "patient-portal", version: "1.0.0", private: true, devDependencies: { "hipaa-review": spec } }, null, 2) + "\n");
  writeFileSync(join(origin, "package-lock.json"), JSON.stringify(consumerLock(spec), null, 2) + "\n");
  writeFileSync(join(origin, ".gitignore"), "node_modules/\ngl-code-quality-report.json\n");
  writeFileSync(join(origin, "src/index.js"), "module.exports = {};\n");
  git(origin, "add", "-A");
  git(origin, "commit", "-q", "-m", "base");
  git(origin, "checkout", "-q", "-b", "feature");
  writeFileSync(join(origin, "src/client.js"), INSECURE);
  git(origin, "add", "-A");
  git(origin, "commit", "-q", "-m", "client");
  git(origin, "checkout", "-q", "main");

  // GitLab's checkout for a merge request pipeline with GIT_DEPTH 0: a full clone of the change's commit, detached,
  // without the target branch as a local or remote-tracking ref. Its job script (npm ci included, offline here) then
  // leaves a working install that the other paths use too.
  const doc = readFileSync(join(ROOT, "docs/ci.md"), "utf8");
  const block = /<!-- tested: test\/package\/install\.test\.ts runs this job's script -->\n```yaml\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error("docs/ci.md lost its tested GitLab job (the marker comment and the yaml block after it)");
  job = parseYaml(block[1]!)["hipaa-review"];
  work = join(tmp, "work");
  git(tmp, "clone", "-q", "--no-checkout", origin, work);
  const sha = git(origin, "rev-parse", "feature").trim();
  git(work, "checkout", "-q", "--detach", sha);
  git(work, "update-ref", "-d", "refs/remotes/origin/main");
  gitlab = sh("bash", ["-c", ["set -e", ...job.script].join("\n")], work, {
    CI: "true",
    CI_PIPELINE_SOURCE: "merge_request_event",
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main",
    CI_COMMIT_SHA: sha,
    npm_config_offline: "true",
  });
  if (/ENOTCACHED|npm error/.test(gitlab.stderr) && !existsSync(join(work, "node_modules/.bin/hipaa-review"))) {
    throw new Error(
      `npm ci --offline could not install the packed hipaa-review and its dependencies from the npm cache (${npmCache()}). ` +
        `Run \`npm ci\` in this repository first (it fills the cache), then rerun. npm said:\n${gitlab.stderr.slice(-2000)}`,
    );
  }
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the package", () => {
  it("ships only what runs: the build, the rules, the schemas and app.yml", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    for (const needed of ["package.json", "README.md", "app.yml", "dist/src/cli/bin.js", "dist/src/app/main.js", "dist/src/app/setup-main.js", "dist/default-pack.json", "dist/default-catalogue.json", "dist/schema/hipaa-config.schema.json", "rules/transmission-security.yml", "rules/vendors/catalogue.yml", "schema/vendor-manifest.schema.json"]) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((f) => /^(bench|test|src|dist\/bench|docs|\.ci)\//.test(f) || f.endsWith(".map") || f.endsWith(".ts"))).toEqual([]);
    expect(pkg.private).toBeUndefined();
  });
});

describe("use it on your repository", () => {
  it("locally: `npx hipaa-review scan` from the devDependency", () => {
    const version = sh(join(work, "node_modules/.bin/hipaa-review"), ["--version"], work);
    expect(version.stdout.trim()).toBe(pkg.version);
    const scan = sh("npx", ["--no-install", "hipaa-review", "scan", "--base", "main"], work);
    expect(scan.stderr).toBe("");
    expect(scan.status).toBe(1);
    expect(scan.stdout).toContain("src/client.js");
    expect(scan.stdout).toContain("[tls-verify-disabled-node]");
    expect(scan.stdout).toMatch(/Policy: built-in defaults \(no \.hipaa\.yml at main@[0-9a-f]{7}\)/);
  });

  it("in GitLab CI: docs/ci.md's job, run as a merge request pipeline would", () => {
    expect(job.variables.GIT_DEPTH).toBe("0");
    expect(job.artifacts.reports.codequality).toBe("gl-code-quality-report.json");
    expect(job.artifacts.when).toBe("always");
    expect(gitlab.status, gitlab.stderr).toBe(1); // the job fails on the blocking finding…
    const issues = JSON.parse(readFileSync(join(work, job.artifacts.reports.codequality), "utf8"));
    // …and the merge request's widget shows why.
    expect(issues).toContainEqual(expect.objectContaining({ check_name: "tls-verify-disabled-node", severity: "blocker", location: { path: "src/client.js", lines: { begin: 2 } } }));
    expect(gitlab.stdout).toContain("blocking finding(s)");
  });

  it("before each commit: a git pre-commit hook running `hipaa-review scan --staged`", () => {
    git(work, "checkout", "-q", "-b", "work");
    const hook = join(work, ".git/hooks/pre-commit");
    writeFileSync(hook, "#!/bin/sh\nexec npx --no-install hipaa-review scan --staged\n");
    chmodSync(hook, 0o755);
    writeFileSync(join(work, "src/server.js"), INSECURE);
    git(work, "add", "src/server.js");
    const blocked = sh("git", ["commit", "-m", "server"], work, { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain("src/server.js");
    expect(git(work, "log", "-1", "--format=%s").trim()).toBe("client");
    writeFileSync(join(work, "src/server.js"), 'const agent = new https.Agent({ ca: readFileSync("ca.pem") });\n');
    git(work, "add", "src/server.js");
    const passed = sh("git", ["commit", "-q", "-m", "server"], work, { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" });
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  });

  it("pre-commit: .pre-commit-hooks.yaml runs the package's command on the staged change", () => {
    const hooks = parseYaml(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8"));
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: "hipaa-review", entry: "hipaa-review scan --staged", language: "node", pass_filenames: false, always_run: true });
    // pre-commit installs `language: node` repositories with npm from git, running `prepare` (the build), since 4.6.2.
    expect(hooks[0].minimum_pre_commit_version).toBe("4.6.2");
    expect(Object.keys(pkg.bin)).toContain(hooks[0].entry.split(" ")[0]);
    expect(pkg.scripts.prepare).toBe("npm run build");
  });
});
