/** Fitting a markdown report into a size limit, degrading with an "N more" tail rather than being rejected. */

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
