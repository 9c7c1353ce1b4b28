// Who may waive: the permission matrix against a mocked permission API (never the webhook payload).
import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { permissionToWaive } from "../../src/platforms/github/waiver-commands.js";

const octokit = new (ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })))({ auth: { token: "t" } });
const repo = { owner: "acme", repo: "ehr" };

afterEach(() => nock.cleanAll());

describe("permissionToWaive", () => {
  it.each([
    ["admin", "admin", true],
    ["maintain", "write", true],
    ["write", "write", true],
    ["triage", "read", false],
    ["read", "read", false],
  ])("role %s (permission %s) → allowed %s", async (role, permission, allowed) => {
    nock("https://api.github.com").get("/repos/acme/ehr/collaborators/alex/permission").reply(200, { permission, role_name: role });
    const verdict = await permissionToWaive(octokit as never, repo, { login: "alex", type: "User" }, "someone-else", false);
    expect(verdict.allowed).toBe(allowed);
    expect(nock.isDone()).toBe(true);
  });

  it("refuses the PR author unless the policy allows it, without trusting their permission", async () => {
    expect(await permissionToWaive(octokit as never, repo, { login: "Dana", type: "User" }, "dana", false)).toMatchObject({ allowed: false });
    nock("https://api.github.com").get("/repos/acme/ehr/collaborators/Dana/permission").reply(200, { permission: "admin", role_name: "admin" });
    expect(await permissionToWaive(octokit as never, repo, { login: "Dana", type: "User" }, "dana", true)).toEqual({ allowed: true });
  });

  it("refuses bots", async () => {
    expect(await permissionToWaive(octokit as never, repo, { login: "dependabot[bot]", type: "Bot" }, "x", true)).toMatchObject({ allowed: false, why: "commands from bots are ignored" });
  });
});
