/** GitHub's limits that the reporters and the change reading design for (documented REST API limits). */
export const GITHUB_LIMITS = {
  /** Annotations accepted per check-run create/update request. */
  annotationsPerRequest: 50,
  /** Characters in a check run's output.summary / output.text, and in a review or comment body. */
  maxTextLength: 65_535,
  /** Files the compare endpoint lists at most for a whole comparison (its list is not paged). */
  maxCompareFiles: 300,
  /** Entries a recursive tree listing returns at most (past it, `truncated` is set). */
  maxTreeEntries: 100_000,
} as const;

/**
 * Our own bound on a change read from whole trees: each changed file costs one or two blob requests, and an
 * installation has 5,000 requests an hour. A larger change fails closed with a summary saying so.
 */
export const MAX_TREE_DIFF_FILES = 5_000;
