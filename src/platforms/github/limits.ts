/** GitHub's limits that the reporters design for (documented REST API limits). */
export const GITHUB_LIMITS = {
  /** Annotations accepted per check-run create/update request. */
  annotationsPerRequest: 50,
  /** Characters in a check run's output.summary / output.text, and in a review or comment body. */
  maxTextLength: 65_535,
  /** Files the pull request file listing returns at most. */
  maxListedFiles: 3_000,
} as const;

/**
 * Joins markdown sections while they fit in `limit` characters; the rest is replaced by a tail that says how
 * many were left out, so a long report degrades gracefully instead of being rejected.
 */
export function fitSections(head: string, sections: string[], limit: number, tail: (omitted: number) => string): string {
  let out = head;
  for (let i = 0; i < sections.length; i++) {
    const next = sections[i]!;
    const reserve = tail(sections.length - i).length + 2;
    if (out.length + next.length + reserve > limit) {
      return (out + "\n" + tail(sections.length - i)).slice(0, limit);
    }
    out += next;
  }
  return out.slice(0, limit);
}
