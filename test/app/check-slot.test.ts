// The check run's slot on a fake clock: a quick review creates the run completed (one write), a slow one gets it in
// progress at the check delay and completes that same run, never two; a refused in-progress create leaves the
// completion to create it; a stopped review creates nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CheckSlot } from "../../src/platforms/github/check-slot.js";
import type { GitHubClient } from "../../src/platforms/github/github-client.js";

const completion = { conclusion: "failure" as const, annotations: [], output: { title: "1 blocking finding", summary: "s", text: "" }, completedAt: new Date("2026-11-20T10:00:01Z") };
const log = { warn: vi.fn(), info: vi.fn(), debug: vi.fn(), error: vi.fn() } as never;

function fakeChecks(createResult: () => Promise<{ data: { id: number } }> = async () => ({ data: { id: 7 } })) {
  const calls: { method: string; body: any }[] = [];
  const octokit = {
    rest: {
      checks: {
        create: vi.fn(async (body: any) => (calls.push({ method: "create", body }), createResult())),
        update: vi.fn(async (body: any) => (calls.push({ method: "update", body }), { data: {} })),
      },
    },
  } as unknown as GitHubClient;
  const told: [number, string][] = [];
  const slot = new CheckSlot({ octokit, repo: { owner: "o", repo: "r" }, headSha: "a".repeat(40), now: () => new Date("2026-11-20T10:00:00Z"), log, onCheck: async (id, how) => void told.push([id, how]) });
  return { slot, calls, told };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("CheckSlot", () => {
  it("a review done before the delay creates its run completed, in one request, and the timer never fires", async () => {
    const { slot, calls, told } = fakeChecks();
    slot.arm(2_000);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(await slot.complete(completion)).toBe(7);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.map((c) => [c.method, c.body.status, c.body.conclusion])).toEqual([["create", "completed", "failure"]]);
    expect(told).toEqual([[7, "completed"]]);
  });

  it("past the delay the run is created in progress, and the completion updates that run", async () => {
    const { slot, calls, told } = fakeChecks();
    slot.arm(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(told).toEqual([[7, "started"]]);
    await slot.complete(completion);
    expect(calls.map((c) => [c.method, c.body.status])).toEqual([["create", "in_progress"], ["update", "completed"]]);
    expect(calls[1]!.body.check_run_id).toBe(7);
  });

  it("a completion while the in-progress create is in flight waits for it and completes the same run", async () => {
    let answer!: () => void;
    const { slot, calls } = fakeChecks(() => new Promise((resolve) => (answer = () => resolve({ data: { id: 9 } }))));
    slot.arm(100);
    await vi.advanceTimersByTimeAsync(100);
    const done = slot.complete(completion);
    answer();
    expect(await done).toBe(9);
    expect(calls.map((c) => c.method)).toEqual(["create", "update"]);
  });

  it("an in-progress create GitHub refuses leaves the completion to create the run", async () => {
    let first = true;
    const { slot, calls } = fakeChecks(async () => {
      if (first) {
        first = false;
        throw Object.assign(new Error("Server Error"), { status: 502 });
      }
      return { data: { id: 11 } };
    });
    slot.arm(10);
    await vi.advanceTimersByTimeAsync(10);
    expect(await slot.complete(completion)).toBe(11);
    expect(calls.map((c) => [c.method, c.body.status])).toEqual([["create", "in_progress"], ["create", "completed"]]);
  });

  it("a disposed slot (the review stopped) creates nothing", async () => {
    const { slot, calls } = fakeChecks();
    slot.arm(10);
    slot.dispose();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([]);
  });
});
