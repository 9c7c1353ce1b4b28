/**
 * Plans the one review a head sha gets: inline comments only on lines GitHub shows in the diff (a review with
 * any other line is rejected whole with 422), at most `cap` of them, nothing a previous run already posted
 * (recognised by the fingerprint marker on a comment, or named by an earlier review's inline marker), the rest listed
 * in the review body; and the earlier comments whose finding has gone, to be edited into "resolved". Pure: the App
 * fetches and posts.
 */
import { isBlocking } from "../../engine/report.js";
import { waives, type Finding, type Severity } from "../../engine/types.js";
import type { InlineStats } from "../../reporters/summary.js";
import { commentBody, resolvedBody } from "./finding-text.js";
import { fitSections } from "../../reporters/fit.js";
import { markdownName } from "../../reporters/present.js";
import { GITHUB_LIMITS } from "./limits.js";
import { inlineMarker, parseFindingMarker, parseInlineMarker, parseReviewMarker, reviewMarker } from "./markers.js";

export interface ExistingComment {
  id: number;
  body: string;
}

export interface ExistingReview {
  body: string | null;
}

export interface PlannedComment {
  path: string;
  /** A range `start_line`–`line` when the finding's statement spans lines all in one hunk of the diff. */
  start_line?: number;
  start_side?: "RIGHT";
  line: number;
  side: "RIGHT";
  body: string;
}

export interface ReviewPlanInput {
  findings: Finding[];
  failOn: Severity;
  headSha: string;
  /** True when GitHub's diff of the pull request shows this head-side line (added or context). */
  commentable: (path: string, line: number) => boolean;
  /** The App's earlier inline comments, when they were listed (see `commentsNeeded`). */
  existingComments: ExistingComment[];
  existingReviews: ExistingReview[];
  cap: number;
}

export interface ReviewPlan {
  /** Undefined when there is nothing new to say. */
  review?: { body: string; comments: PlannedComment[] };
  resolve: { id: number; body: string }[];
  stats: InlineStats;
}

const LISTED = /<!-- hipaa-review:listed ([0-9a-f ]*) -->/;

export function planReview(input: ReviewPlanInput): ReviewPlan {
  const active = input.findings.filter((f) => !waives(f.waiver));
  const activePrints = new Set(active.map((f) => f.fingerprint));
  const open = new Set<string>();
  const resolve: ReviewPlan["resolve"] = [];
  // Findings an earlier review commented inline (its marker) and that are still there: not commented again.
  for (const r of input.existingReviews) for (const fp of parseInlineMarker(r.body) ?? []) if (activePrints.has(fp)) open.add(fp);
  for (const c of input.existingComments) {
    const marker = parseFindingMarker(c.body);
    if (!marker || marker.resolved) continue;
    if (activePrints.has(marker.fingerprint)) open.add(marker.fingerprint);
    else resolve.push({ id: c.id, body: resolvedBody(marker.fingerprint, input.headSha, c.body) });
  }
  const listedBefore = new Set<string>();
  let reviewedThisSha = false;
  for (const r of input.existingReviews) {
    if (parseReviewMarker(r.body) === input.headSha) reviewedThisSha = true;
    for (const fp of LISTED.exec(r.body ?? "")?.[1]?.split(" ") ?? []) if (fp) listedBefore.add(fp);
  }

  const ordered = [...active].sort((a, b) => Number(isBlocking(b, input.failOn)) - Number(isBlocking(a, input.failOn)));
  const comments: PlannedComment[] = [];
  const postedPrints: string[] = [];
  const overflow: Finding[] = [];
  const stats: InlineStats = { posted: 0, alreadyPosted: 0, notInDiff: 0, overCap: 0, resolved: resolve.length };
  const seen = new Set<string>();
  for (const f of ordered) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    if (open.has(f.fingerprint)) { stats.alreadyPosted++; continue; }
    if (!input.commentable(f.path, f.line)) { stats.notInDiff++; overflow.push(f); continue; }
    if (comments.length >= input.cap) { stats.overCap++; overflow.push(f); continue; }
    comments.push({ path: f.path, ...rangeStart(f, input.commentable), line: f.line, side: "RIGHT", body: commentBody(f, isBlocking(f, input.failOn)) });
    postedPrints.push(f.fingerprint);
  }
  stats.posted = comments.length;
  const newOverflow = overflow.filter((f) => !listedBefore.has(f.fingerprint));
  if (reviewedThisSha || (comments.length === 0 && newOverflow.length === 0)) {
    return { resolve, stats: { ...stats, posted: reviewedThisSha ? 0 : stats.posted } };
  }
  return { review: { body: reviewBody(input, comments, newOverflow, postedPrints), comments }, resolve, stats };
}

/**
 * Whether the App's earlier inline comments must be listed: when a finding an earlier review commented inline has gone
 * (its comment is to be resolved), or when an earlier review has no inline marker (an older version posted it).
 */
export function commentsNeeded(findings: Finding[], reviews: ExistingReview[]): boolean {
  const active = new Set(findings.filter((f) => !waives(f.waiver)).map((f) => f.fingerprint));
  return reviews.some((r) => {
    const inline = parseInlineMarker(r.body);
    return inline === undefined ? parseReviewMarker(r.body) !== undefined : inline.some((fp) => !active.has(fp));
  });
}

function reviewBody(input: ReviewPlanInput, postedComments: PlannedComment[], overflow: Finding[], posted: string[]): string {
  const blocking = input.findings.filter((f) => isBlocking(f, input.failOn)).length;
  const head = [
    `**HIPAA review** of ${input.headSha.slice(0, 7)}: ${blocking} blocking finding(s). ${postedComments.length} new inline comment(s); the \`HIPAA compliance\` check has the full report.`,
    "",
  ];
  if (overflow.length > 0) head.push("Findings not commented inline (not on a line of the diff, or over the inline comment cap):", "");
  const lines = overflow.map(
    (f) => `- \`${f.path}:${f.line}\` ${markdownName(f)}${isBlocking(f, input.failOn) ? " — blocking" : ""}: ${f.message.replace(/\r?\n/g, " ")}\n`,
  );
  const markers = `\n${reviewMarker(input.headSha)}\n<!-- hipaa-review:listed ${overflow.map((f) => f.fingerprint).join(" ")} -->\n${inlineMarker(posted)}`;
  const body = fitSections(head.join("\n") + "\n", lines, GITHUB_LIMITS.maxTextLength - markers.length, (n) => `\n_…and ${n} more; see the check run._`);
  return body + markers;
}

/**
 * Where a multi-line comment starts: the statement's first line, when every line from there to the finding's is in
 * the diff (one hunk; GitHub rejects the whole review for a range outside it), else a single-line comment.
 */
function rangeStart(f: Finding, commentable: (path: string, line: number) => boolean): { start_line?: number; start_side?: "RIGHT" } {
  if (f.startLine === undefined || f.startLine >= f.line) return {};
  for (let n = f.startLine; n < f.line; n++) if (!commentable(f.path, n)) return {};
  return { start_line: f.startLine, start_side: "RIGHT" };
}
