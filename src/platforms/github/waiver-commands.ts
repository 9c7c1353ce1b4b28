/**
 * `/hipaa waive` and `/hipaa recheck` in pull request comments. Who may waive is checked through the
 * permission API (never trusted from the payload): write, maintain or admin; the pull request's author only
 * when the policy allows it; bots never. Waivers live in the PR's comments, so they survive restarts and are
 * re-verified on every review.
 */
import { parseCommand, type WaiverCommand } from "../../policy/waivers.js";
import type { GitHubClient, RepoRef } from "./github-client.js";

export interface CommentAuthor {
  login: string;
  type?: string;
}

export type WaivePermission = { allowed: true } | { allowed: false; why: string };

const WRITE_ROLES = new Set(["admin", "maintain", "write"]);

export async function permissionToWaive(
  octokit: GitHubClient,
  repo: RepoRef,
  user: CommentAuthor,
  prAuthor: string | undefined,
  allowAuthor: boolean,
): Promise<WaivePermission> {
  if (user.type === "Bot" || user.login.endsWith("[bot]")) return { allowed: false, why: "commands from bots are ignored" };
  if (!allowAuthor && prAuthor && user.login.toLowerCase() === prAuthor.toLowerCase()) {
    return { allowed: false, why: "the pull request's author cannot waive their own findings (the policy's `waivers.allow_author` is off)" };
  }
  const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: user.login });
  const role = (data as { role_name?: string }).role_name ?? data.permission;
  if (WRITE_ROLES.has(role) || WRITE_ROLES.has(data.permission)) return { allowed: true };
  return { allowed: false, why: `waiving needs write, maintain or admin permission on the repository (@${user.login} has ${role})` };
}

export interface CollectedWaivers {
  waivers: WaiverCommand[];
  refused: { login: string; why: string; url: string }[];
}

/** Every accepted waiver on the pull request, re-verified now. */
export async function collectWaivers(octokit: GitHubClient, repo: RepoRef, issueNumber: number, prAuthor: string | undefined, allowAuthor: boolean): Promise<CollectedWaivers> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  return waiversIn(octokit, repo, comments, prAuthor, allowAuthor);
}

/** A comment as the waiver commands need it (an issue comment, or a `commented` event of the timeline). */
export interface WaiverComment {
  body?: string | undefined;
  user: CommentAuthor | null;
  created_at: string;
  html_url: string;
}

/** The accepted waivers among a pull request's comments, each author's permission asked once. */
export async function waiversIn(octokit: GitHubClient, repo: RepoRef, comments: WaiverComment[], prAuthor: string | undefined, allowAuthor: boolean): Promise<CollectedWaivers> {
  const waivers: WaiverCommand[] = [];
  const refused: CollectedWaivers["refused"] = [];
  const verdicts = new Map<string, Promise<WaivePermission>>();
  for (const c of comments) {
    if (!c.user || !c.body || !c.body.includes("/hipaa")) continue;
    const command = parseCommand(c.body);
    if (command?.kind !== "waive" && command?.kind !== "approve") continue;
    let verdict = verdicts.get(c.user.login);
    if (!verdict) verdicts.set(c.user.login, (verdict = permissionToWaive(octokit, repo, c.user, prAuthor, allowAuthor)));
    const v = await verdict;
    if (!v.allowed) {
      if (c.user.type !== "Bot") refused.push({ login: c.user.login, why: v.why, url: c.html_url });
      continue;
    }
    waivers.push({
      kind: command.kind,
      target: command.target,
      reason: command.kind === "waive" ? command.reason : "",
      by: c.user.login,
      at: c.created_at,
      url: c.html_url,
      ...(command.kind === "waive" && command.until ? { until: command.until } : {}),
    });
  }
  return { waivers, refused };
}
