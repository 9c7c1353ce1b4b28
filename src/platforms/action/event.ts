/**
 * What a GitHub Actions run reviews, from its event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH): a pull request's base
 * and head shas (also for fork pull requests, whose head the base repository keeps under refs/pull/N/head), a merge
 * queue's group, or a push's before and after. Every value is checked before git sees it.
 */
import { readFileSync, statSync } from "node:fs";

export class ActionEventError extends Error {}

export interface ActionTarget {
  event: string;
  /** The base: a commit sha from the event, or a branch name from the `base` input. */
  base: { sha: string } | { branch: string };
  headSha: string;
  /** The base branch's name where the event gives one ("main"), for reports. */
  baseRef?: string;
  /** What is reviewed, for people: "pull request #7 (from a fork)". */
  description: string;
}

/** Event files GitHub writes are small; a bound keeps a wrong path from reading a huge file. */
const MAX_EVENT_BYTES = 10 * 1024 * 1024;
const SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
const BRANCH = /^[A-Za-z0-9_][A-Za-z0-9._/-]{0,254}$/;

export const SUPPORTED_EVENTS = ["pull_request", "pull_request_target", "merge_group", "push"];

/** Reads the event; `base` (the action's `base` input) reviews other events against that revision. */
export function readActionEvent(env: NodeJS.ProcessEnv, base?: string): ActionTarget {
  const event = env.GITHUB_EVENT_NAME;
  if (!event) throw new ActionEventError("GITHUB_EVENT_NAME is not set: `hipaa-review action` runs inside GitHub Actions (use `hipaa-review scan` elsewhere)");
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  if (event === "pull_request" || event === "pull_request_target") {
    const pr = field(payload, "pull_request") as Record<string, unknown>;
    const baseSide = field(pr, "base", "pull_request") as Record<string, unknown>;
    const headSide = field(pr, "head", "pull_request") as Record<string, unknown>;
    const number = pr.number;
    const fork = isFork(baseSide, headSide);
    return {
      event,
      base: { sha: sha(baseSide.sha, "pull_request.base.sha") },
      headSha: sha(headSide.sha, "pull_request.head.sha"),
      ...(typeof baseSide.ref === "string" ? { baseRef: baseSide.ref } : {}),
      description: `pull request${typeof number === "number" ? ` #${number}` : ""}${fork ? " (from a fork)" : ""}`,
    };
  }
  if (event === "merge_group") {
    const group = field(payload, "merge_group") as Record<string, unknown>;
    return {
      event,
      base: { sha: sha(group.base_sha, "merge_group.base_sha") },
      headSha: sha(group.head_sha, "merge_group.head_sha"),
      ...(typeof group.base_ref === "string" ? { baseRef: group.base_ref.replace(/^refs\/heads\//, "") } : {}),
      description: "merge group",
    };
  }
  if (base !== undefined) {
    if (!BRANCH.test(base) || base.includes("..")) throw new ActionEventError(`the base input "${base}" is not a branch name`);
    const head = sha(env.GITHUB_SHA, "GITHUB_SHA");
    return { event, base: { branch: base }, baseRef: base, headSha: head, description: `${event} of ${head.slice(0, 7)}` };
  }
  if (event === "push") {
    const before = payload.before;
    if (typeof before === "string" && SHA.test(before) && !/^0+$/.test(before)) {
      const ref = typeof payload.ref === "string" ? payload.ref.replace(/^refs\/heads\//, "") : undefined;
      return { event, base: { sha: before }, headSha: sha(payload.after, "after"), ...(ref ? { baseRef: ref } : {}), description: `push to ${ref ?? "a branch"}` };
    }
    throw new ActionEventError("this push created the branch, so it has no previous commit to compare with: set the action's `base` input (e.g. base: main)");
  }
  throw new ActionEventError(`the ${event} event has no base to compare with: run the action on ${SUPPORTED_EVENTS.join(", ")}, or set its \`base\` input`);
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) throw new ActionEventError("GITHUB_EVENT_PATH is not set: `hipaa-review action` runs inside GitHub Actions");
  let text: string;
  try {
    if (statSync(path).size > MAX_EVENT_BYTES) throw new ActionEventError(`the event file ${path} is over ${MAX_EVENT_BYTES / 1024 / 1024} MB`);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof ActionEventError) throw error;
    throw new ActionEventError(`cannot read the event file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ActionEventError(`the event file ${path} is not a JSON object`);
}

function field(obj: Record<string, unknown>, name: string, parent?: string): unknown {
  const value = obj[name];
  if (!value || typeof value !== "object") throw new ActionEventError(`the event has no ${parent ? `${parent}.` : ""}${name}`);
  return value;
}

function sha(value: unknown, name: string): string {
  if (typeof value !== "string" || !SHA.test(value)) throw new ActionEventError(`the event's ${name} is not a commit sha`);
  return value;
}

function isFork(base: Record<string, unknown>, head: Record<string, unknown>): boolean {
  const name = (side: Record<string, unknown>) => ((side.repo as { full_name?: unknown } | null | undefined)?.full_name ?? null) as string | null;
  return name(head) !== null && name(base) !== null && name(head) !== name(base);
}
