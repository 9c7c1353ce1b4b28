// The inline review plan: a finding whose statement spans several lines is posted as a multi-line comment only
// when every line of the range is in the diff (GitHub rejects the whole review otherwise).
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/types.js";
import { planReview } from "../../src/platforms/github/review-plan.js";
import { validateGitHubRequest } from "./openapi-validator.js";

const finding = (line: number, startLine?: number): Finding => ({
  ruleId: "phi-in-error-message", title: "PHI in an exception message", area: "audit-controls", safeguard: "164.312(b)", severity: "error",
  path: "intake.py", line, ...(startLine !== undefined ? { startLine } : {}), message: "m", remediation: "r", references: [], fingerprint: `fp${line}`,
});

const plan = (f: Finding, visible: number[]) =>
  planReview({ findings: [f], failOn: "error", headSha: "a".repeat(40), commentable: (p, n) => p === "intake.py" && visible.includes(n), existingComments: [], existingReviews: [], cap: 10 }).review!.comments[0];

describe("review plan: comment ranges", () => {
  it("spans the statement when all its lines are in the diff, in a body GitHub's schema accepts", () => {
    const comment = plan(finding(4, 2), [1, 2, 3, 4, 5]);
    expect(comment).toMatchObject({ start_line: 2, start_side: "RIGHT", line: 4, side: "RIGHT" });
    expect(validateGitHubRequest("POST", "/repos/o/r/pulls/1/reviews", { commit_id: "a".repeat(40), event: "COMMENT", body: "b", comments: [comment] })).toEqual([]);
  });

  it("falls back to the finding's line when a line of the range is outside the diff", () => {
    const c = plan(finding(4, 2), [2, 4]);
    expect(c).toMatchObject({ line: 4, side: "RIGHT" });
    expect(c).not.toHaveProperty("start_line");
  });

  it("posts a single-line comment for a finding without a range", () => {
    expect(plan(finding(4), [1, 2, 3, 4])).not.toHaveProperty("start_line");
  });
});
