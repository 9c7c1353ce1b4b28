/** GitHub's limits that the reporters design for (documented REST API limits). */
export const GITHUB_LIMITS = {
  /** Annotations accepted per check-run create/update request. */
  annotationsPerRequest: 50,
  /** Characters in a check run's output.summary / output.text, and in a review or comment body. */
  maxTextLength: 65_535,
  /** Files the pull request file listing returns at most. */
  maxListedFiles: 3_000,
} as const;
