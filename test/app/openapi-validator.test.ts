import { describe, expect, it } from "vitest";
import { validateGitHubRequest } from "./openapi-validator.js";

// The validator itself must catch what GitHub would reject, or the App tests prove nothing.
describe("validateGitHubRequest", () => {
  it("accepts a valid check-run update and rejects a malformed one", () => {
    const ok = { status: "completed", conclusion: "failure", output: { title: "t", summary: "s", annotations: [{ path: "a", start_line: 1, end_line: 1, annotation_level: "failure", message: "m" }] } };
    expect(validateGitHubRequest("PATCH", "/repos/o/r/check-runs/1", ok)).toEqual([]);
    const badLevel = structuredClone(ok);
    badLevel.output.annotations[0]!.annotation_level = "error";
    expect(validateGitHubRequest("PATCH", "/repos/o/r/check-runs/1", badLevel).join()).toMatch(/annotation_level/);
    const tooMany = structuredClone(ok);
    tooMany.output.annotations = Array.from({ length: 51 }, () => ok.output.annotations[0]!);
    expect(validateGitHubRequest("PATCH", "/repos/o/r/check-runs/1", tooMany).join()).toMatch(/must NOT have more than 50 items/);
  });

  it("rejects a review event GitHub does not know and an unknown endpoint", () => {
    expect(validateGitHubRequest("POST", "/repos/o/r/pulls/1/reviews", { event: "COMMENTED" })).not.toEqual([]);
    expect(validateGitHubRequest("POST", "/repos/o/r/pulls/1/nonsense", {})).not.toEqual([]);
  });
});
