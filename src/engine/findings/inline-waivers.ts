/**
 * Inline suppressions: `hipaa-review-ignore <rule-id>: <reason> [until YYYY-MM-DD]` on the line or the line above.
 */

export interface Directive {
  ruleId: string;
  reason?: string;
  until?: string;
  line: number;
}

const DIRECTIVE = /hipaa-review-ignore(?:\s+([A-Za-z0-9_-]+))?(?:\s*:\s*(.*))?/;
const UNTIL = /\s*\buntil\s+(\d{4}-\d{2}-\d{2})\b/i;
const COMMENT_TAIL = /\s*(?:\*\/|-->|#}|%>)\s*$/;

export function parseDirective(text: string, line: number): Directive | undefined {
  if (!text.includes("hipaa-review-ignore")) return undefined;
  const m = DIRECTIVE.exec(text);
  if (!m) return undefined;
  let reason = (m[2] ?? "").replace(COMMENT_TAIL, "");
  let until: string | undefined;
  const u = UNTIL.exec(reason);
  if (u) {
    until = u[1];
    reason = reason.replace(UNTIL, "");
  }
  reason = reason.trim().replace(/^["']|["']$/g, "").trim();
  return { ruleId: m[1] ?? "", reason: reason.length > 0 ? reason : undefined, until, line };
}

export type DirectiveVerdict =
  | { kind: "none" }
  | { kind: "suppressed"; directive: Directive }
  | { kind: "no-reason"; directive: Directive }
  | { kind: "expired"; directive: Directive };

/** What the directives on `line` and the line above say about a finding of `ruleId`. */
export function verdictFor(ruleId: string, line: number, lineText: (n: number) => string | undefined, today: string): DirectiveVerdict {
  for (const n of [line, line - 1]) {
    const text = lineText(n);
    if (text === undefined) continue;
    const directive = parseDirective(text, n);
    if (!directive || directive.ruleId !== ruleId) continue;
    if (!directive.reason) return { kind: "no-reason", directive };
    if (directive.until && directive.until < today) return { kind: "expired", directive };
    return { kind: "suppressed", directive };
  }
  return { kind: "none" };
}
