/** The slice of Probot's Octokit the App uses, so tests and the job code name one type. */
import type { ProbotOctokit } from "probot";

export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** HTTP status of an Octokit RequestError, if it is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Reads a file at a revision through the contents API; undefined when it does not exist there. */
export async function readFileAt(octokit: GitHubClient, repo: RepoRef, path: string, ref?: string): Promise<string | undefined> {
  try {
    const res = await octokit.rest.repos.getContent({ ...repo, path, ...(ref ? { ref } : {}), mediaType: { format: "raw" } });
    const data: unknown = res.data;
    if (typeof data === "string") return data;
    if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
    // A directory listing or a symlink/submodule description: not a readable file.
    return undefined;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw new Error(`could not read ${repo.owner}/${repo.repo}:${path}${ref ? ` at ${ref.slice(0, 12)}` : ""}: ${(error as Error).message}`, { cause: error });
  }
}
