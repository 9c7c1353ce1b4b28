/**
 * Hidden markers in the comments the App posts: they carry a finding's fingerprint (or the head sha of a
 * review, and the findings a review commented inline) so a re-run recognises its own comments and never posts the
 * same one twice.
 */
const FINDING = /<!-- hipaa-review:finding ([0-9a-f]{8,64})( resolved)? -->/;
const REVIEW = /<!-- hipaa-review:review ([0-9a-f]{7,64}) -->/;
const INLINE = /<!-- hipaa-review:inline ([0-9a-f ]*) -->/;

export function findingMarker(fingerprint: string, resolved = false): string {
  return `<!-- hipaa-review:finding ${fingerprint}${resolved ? " resolved" : ""} -->`;
}

export function reviewMarker(headSha: string): string {
  return `<!-- hipaa-review:review ${headSha} -->`;
}

export function parseFindingMarker(body: string | null | undefined): { fingerprint: string; resolved: boolean } | undefined {
  const m = FINDING.exec(body ?? "");
  return m ? { fingerprint: m[1]!, resolved: m[2] !== undefined } : undefined;
}

export function parseReviewMarker(body: string | null | undefined): string | undefined {
  return REVIEW.exec(body ?? "")?.[1];
}

/** The fingerprints a review commented inline, in its body: a later review knows them without listing the comments. */
export function inlineMarker(fingerprints: string[]): string {
  return `<!-- hipaa-review:inline ${fingerprints.join(" ")} -->`;
}

/** The fingerprints a review's inline marker names; undefined for a review without one (posted by an older version). */
export function parseInlineMarker(body: string | null | undefined): string[] | undefined {
  const m = INLINE.exec(body ?? "");
  return m ? m[1]!.split(" ").filter((fp) => fp.length > 0) : undefined;
}
