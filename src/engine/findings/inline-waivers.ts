/**
 * Inline waivers: `hipaa-review-ignore <rule-id>: <reason> [until YYYY-MM-DD]` on the flagged line or the line
 * above (for a finding inside a statement spread over several lines, also above the statement). The engine only reads them; whether one the change itself adds is honoured or only proposed is the
 * review's decision (policy/waivers.ts).
 */

export interface InlineWaiver {
  ruleId: string;
  reason?: string;
  until?: string;
  line: number;
}

/** The marker people write; kept as it is so code written for earlier versions keeps working. */
export const WAIVER_MARKER = "hipaa-review-ignore";

const WAIVER = /hipaa-review-ignore(?:\s+([A-Za-z0-9_-]+))?(?:\s*:\s*(.*))?/;
const UNTIL = /\buntil\s+(\d{4}-\d{2}-\d{2})\b/i;
/** Closers of block comments that may end a waiver's line. */
const COMMENT_TAILS = ["*/", "-->", "#}", "%>"];
/** A reason longer than this is cut: it is an audit note, not a document. */
const MAX_REASON = 500;

function withoutCommentTail(text: string): string {
  const trimmed = text.trimEnd();
  const tail = COMMENT_TAILS.find((t) => trimmed.endsWith(t));
  return tail ? trimmed.slice(0, -tail.length) : trimmed;
}

export function parseInlineWaiver(text: string, line: number): InlineWaiver | undefined {
  if (!text.includes(WAIVER_MARKER)) return undefined;
  const m = WAIVER.exec(text);
  if (!m) return undefined;
  let reason = withoutCommentTail(m[2] ?? "");
  let until: string | undefined;
  const u = UNTIL.exec(reason);
  if (u) {
    until = u[1];
    reason = reason.slice(0, u.index) + reason.slice(u.index + u[0].length);
  }
  reason = reason.trim().replace(/^["']|["']$/g, "").trim();
  if (reason.length > MAX_REASON) reason = reason.slice(0, MAX_REASON - 1) + "…";
  return { ruleId: m[1] ?? "", reason: reason.length > 0 ? reason : undefined, until, line };
}

export type InlineWaiverVerdict =
  | { kind: "none" }
  | { kind: "waived"; waiver: InlineWaiver }
  | { kind: "no-reason"; waiver: InlineWaiver }
  | { kind: "expired"; waiver: InlineWaiver };

/**
 * The lines whose inline waiver can waive a finding: its own line and the line above; for a finding inside a
 * statement spread over several lines, also the statement's first line and the line above that.
 */
export function waiverLines(line: number, startLine?: number): Set<number> {
  return new Set([line, line - 1, ...(startLine !== undefined && startLine < line ? [startLine, startLine - 1] : [])]);
}

/** What the inline waivers on the `waiverLines` of a finding of `ruleId` say about it. */
export function inlineWaiverVerdict(ruleId: string, line: number, lineText: (n: number) => string | undefined, today: string, startLine?: number): InlineWaiverVerdict {
  for (const n of waiverLines(line, startLine)) {
    const text = lineText(n);
    if (text === undefined) continue;
    const waiver = parseInlineWaiver(text, n);
    if (!waiver || waiver.ruleId !== ruleId) continue;
    if (!waiver.reason) return { kind: "no-reason", waiver };
    if (waiver.until && waiver.until < today) return { kind: "expired", waiver };
    return { kind: "waived", waiver };
  }
  return { kind: "none" };
}
