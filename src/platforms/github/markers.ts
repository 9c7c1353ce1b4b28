/**
 * Hidden markers in the comments the App posts: they carry a finding's fingerprint (or the head sha of a
 * review) so a re-run recognises its own comments and never posts the same one twice.
 */
const FINDING = /<!-- hipaa-review:finding ([0-9a-f]{8,64})( resolved)? -->/;
const REVIEW = /<!-- hipaa-review:review ([0-9a-f]{7,64}) -->/;

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
