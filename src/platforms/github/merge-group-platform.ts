/**
 * A merge queue's merge group as the review's platform: its head commit reviewed against the base commit it was built
 * on, under the base's policy, completing the same `HIPAA compliance` check on the group's head sha. There is no pull
 * request to comment on, so no inline review; the waivers are those recorded on the pull requests the group carries
 * (named by its ref, `gh-readonly-queue/<base>/pr-<n>-<sha>`, and by its merge and squash commit messages), re-verified
 * now, so a finding waived on its pull request does not stall the queue.
 */
import type { Policy } from "../../policy/config.js";
import type { PlatformWaivers } from "../../review/platform.js";
import { statusOf } from "./github-client.js";
import { GitHubPlatform } from "./github-platform.js";
import type { CheckSlot } from "./check-slot.js";
import type { JobDeps, MergeGroupTarget } from "./job.js";
import { collectWaivers } from "./waiver-commands.js";

/** Pull requests whose waivers a merge group reads at most. */
const MAX_GROUP_PULLS = 20;

/** The pull request numbers a merge group names: its ref's, then its commits' ("Merge pull request #n", "… (#n)"). */
export function pullsInGroup(headRef: string, messages: string[]): number[] {
  const found = new Set<number>();
  const fromRef = /\/pr-(\d+)-[0-9a-f]+$/.exec(headRef)?.[1];
  if (fromRef) found.add(Number(fromRef));
  for (const message of messages) {
    const first = message.split("\n", 1)[0] ?? "";
    const n = /^Merge pull request #(\d+)\b/.exec(first)?.[1] ?? /\(#(\d+)\)\s*$/.exec(first)?.[1];
    if (n) found.add(Number(n));
  }
  return [...found].slice(0, MAX_GROUP_PULLS);
}

export class MergeGroupPlatform extends GitHubPlatform {
  protected readonly what = "merge group";
  protected readonly logFields: Record<string, unknown>;
  protected override readonly commitsWanted = 100;

  constructor(deps: JobDeps, private readonly group: MergeGroupTarget, slot: CheckSlot) {
    super(deps, group, slot);
    this.logFields = { mergeGroup: group.headRef };
  }

  async waivers(policy: Policy): Promise<PlatformWaivers> {
    const numbers = pullsInGroup(this.group.headRef, (this.source?.commits ?? []).map((c) => c.message));
    const all: PlatformWaivers = { waivers: [], refused: [] };
    const { octokit } = this.deps;
    for (const pull_number of numbers) {
      let author: string | undefined;
      try {
        author = (await octokit.rest.pulls.get({ ...this.repo, pull_number })).data.user?.login;
      } catch (error) {
        if (statusOf(error) === 404) continue;
        throw error;
      }
      const found = await collectWaivers(octokit, this.repo, pull_number, author, policy.allowAuthorWaivers ?? this.deps.allowAuthorWaivers);
      all.waivers.push(...found.waivers);
      all.refused.push(...found.refused);
    }
    this.source?.notices.push({
      message:
        numbers.length > 0
          ? `Merge group of pull request(s) ${numbers.map((n) => `#${n}`).join(", ")}: their /hipaa waive and /hipaa approve commands apply here.`
          : "No pull request could be named for this merge group, so no /hipaa waive or /hipaa approve command applies; a waived finding blocks here until the queue uses merge or squash commits.",
    });
    return all;
  }
}
