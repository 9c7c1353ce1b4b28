/** What a pull-request review job is given, and what it answers. */
import type { Logger } from "probot";
import type { LoadedPacks } from "../../engine/rules/pack.js";
import type { Catalogue } from "../../vendors/catalogue.js";
import type { GitHubClient } from "./github-client.js";

export interface JobDeps {
  octokit: GitHubClient;
  log: Logger;
  packs: LoadedPacks;
  /** The built-in vendor catalogue (rules/vendors/catalogue.yml). */
  vendorCatalogue: Catalogue;
  now: () => Date;
  inlineCommentCap: number;
  /** Whether the pull request's author may waive their own findings. */
  allowAuthorWaivers: boolean;
}

export interface JobResult {
  conclusion: "success" | "failure" | "neutral";
  findings: number;
  apiCalls: number;
}
