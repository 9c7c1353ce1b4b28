// `hipaa-review init` (the first run), `vendors` without a manifest, and every command outside a repository.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseManifest } from "../../src/vendors/manifest.js";
import { makeRepo, type Repo } from "./git-fixture.js";
import { runCli } from "./run-cli.js";

const run = (argv: string[], cwd: string) => runCli(argv, { cwd, now: "2026-11-22T12:00:00Z" });

const PACKAGE_JSON = `{
  "name": "patient-portal",
  "dependencies": {
    "@sentry/node": "^8.9.0",
    "twilio": "^5.0.0",
    "express": "^4.19.2"
  },
  "devDependencies": {
    "react-ga4": "^2.1.0"
  }
}
`;

let repo: Repo;
beforeEach(() => {
  repo = makeRepo();
  repo.commit("base", {
    "package.json": PACKAGE_JSON,
    "services/etl/requirements.txt": "boto3==1.34.0\nrequests==2.32.0\n",
    "node_modules/left-pad/package.json": '{ "name": "left-pad", "dependencies": { "stripe": "^1.0.0" } }\n',
    "test/fixtures/package.json": '{ "name": "fixture", "dependencies": { "stripe": "^1.0.0" } }\n',
  });
});
afterEach(() => repo.remove());

const read = (path: string) => readFileSync(join(repo.dir, path), "utf8");

describe("hipaa-review init", () => {
  it("writes a starter policy and a manifest of the catalogue vendors the dependency files use", async () => {
    const { code, stdout, stderr } = await run(["init"], repo.dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Wrote \.hipaa\.yml/);
    expect(stdout).toMatch(/Wrote \.hipaa\/vendors\.yml: 4 vendors found in 2 dependency files at HEAD@[0-9a-f]{7}/);
    const manifest = read(".hipaa/vendors.yml");
    const parsed = parseManifest(manifest, ".hipaa/vendors.yml");
    expect(parsed.errors).toEqual([]);
    // Dependency files under node_modules/ and test fixtures are someone else's.
    expect(parsed.manifest!.vendors.map((v) => `${v.name} ${v.baa.status} phi=${v.phi}`)).toEqual([
      "AWS pending phi=true",
      "Google Analytics none phi=true",
      "Sentry pending phi=true",
      "Twilio pending phi=true",
    ]);
    expect(manifest).toContain("public stance (as of 2025-01-01): does not sign BAAs: PHI must never reach it");
    expect(manifest).toContain("signs BAAs on some plans only: verify yours includes one");
    expect(manifest).toContain("# declared in: package.json:4 (@sentry/node)");
    expect(manifest).toContain("# declared in: package.json:9 (react-ga4, development)");
    expect(manifest).toContain("# declared in: services/etl/requirements.txt:1 (boto3)");
    expect(manifest).not.toContain("Stripe");
    // It says how to record what each vendor attests (vendor-safeguard-gap otherwise).
    expect(manifest).toContain("#   safeguards: what it attests, once checked in its SOC 2 report or BAA: { encryption_at_rest: true, tls: true,");
  });

  it("writes files that validate: committed, `vendors` lists them and `scan` loads them as its policy", async () => {
    await run(["init"], repo.dir);
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "hipaa-review init");
    const vendors = await run(["vendors", "--format", "json"], repo.dir);
    expect(vendors.stderr).toBe("");
    expect(vendors.code).toBe(1); // four PHI vendors without a BAA on record: exactly what someone has to check
    const json = JSON.parse(vendors.stdout);
    expect(json.manifest).toBe(".hipaa/vendors.yml");
    expect(json.vendors).toHaveLength(4);
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("change", { "src/a.js": "module.exports = 1;\n" });
    const scan = await run(["scan", "--base", "main", "--format", "json"], repo.dir);
    expect(scan.stderr).toBe("");
    expect(scan.code).toBe(0);
    expect(JSON.parse(scan.stdout).policy.source).toMatch(/^\.hipaa\.yml at main@/);
  });

  it("never replaces existing files without --force", async () => {
    writeFileSync(join(repo.dir, ".hipaa.yml"), "fail_on: warning\n");
    const first = await run(["init"], repo.dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Kept .hipaa.yml (it exists; --force replaces it).");
    expect(read(".hipaa.yml")).toBe("fail_on: warning\n");
    writeFileSync(join(repo.dir, ".hipaa/vendors.yml"), "vendors: []\n");
    const second = await run(["init"], repo.dir);
    expect(second.stdout).toContain("Kept .hipaa/vendors.yml");
    expect(read(".hipaa/vendors.yml")).toBe("vendors: []\n");
    const forced = await run(["init", "--force"], repo.dir);
    expect(forced.code).toBe(0);
    expect(read(".hipaa.yml")).toContain("fail_on: error");
    expect(read(".hipaa/vendors.yml")).toContain('name: "Sentry"');
  });

  it("puts the manifest where a kept .hipaa.yml says, and refuses a broken one with its line", async () => {
    writeFileSync(join(repo.dir, ".hipaa.yml"), "vendors:\n  manifest: compliance/vendors.yml\n");
    expect((await run(["init"], repo.dir)).stdout).toContain("Wrote compliance/vendors.yml");
    writeFileSync(join(repo.dir, ".hipaa.yml"), "fail_on: sometimes\n");
    const broken = await run(["init"], repo.dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^hipaa-review: config error: \.hipaa\.yml at the working tree:1:\d+: fail_on: must be one of/);
  });

  it("reads the dependency files at --ref, and works in a repository without commits", async () => {
    repo.git("checkout", "-q", "-b", "other");
    repo.commit("drop", { "package.json": '{ "name": "x" }\n' });
    await run(["init", "--ref", "main"], repo.dir);
    expect(read(".hipaa/vendors.yml")).toContain('name: "Sentry"');
    const fresh = makeRepo();
    try {
      const { code, stdout } = await run(["init"], fresh.dir);
      expect(code).toBe(0);
      expect(stdout).toContain("0 vendors found in 0 dependency files at HEAD (no commits yet)");
      expect(parseManifest(readFileSync(join(fresh.dir, ".hipaa/vendors.yml"), "utf8"), "m").errors).toEqual([]);
    } finally {
      fresh.remove();
    }
  });
});

describe("outside a git repository", () => {
  it("every command that reads a repository says so in one line (exit 2)", async () => {
    for (const argv of [["scan"], ["scan", "--staged"], ["scan", "--base", "main"], ["vendors"], ["init"], ["action"]]) {
      const { code, stdout, stderr } = await run(argv, "/");
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr, argv.join(" ")).toBe("hipaa-review: git: / is not inside a git repository: run hipaa-review from your repository's working tree\n");
      expect(stdout).toBe("");
    }
    // Those that do not need one still work.
    expect((await run(["rules"], "/")).code).toBe(0);
    expect((await run(["vendors", "--catalogue"], "/")).code).toBe(0);
  });
});
