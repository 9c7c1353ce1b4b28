// GitHub's own example webhook payloads (@octokit/webhooks-examples), adjusted for the tests. Kept apart from
// app-fixtures.ts so the multi-process tests, which only send payloads, do not load Probot and the App in-process.
import { createRequire } from "node:module";

// (read at run time, not imported: the type checker would infer a type for the whole 2 MB file)
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as { name: string; examples: any[] }[];

export const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const BASE = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

/** A deep copy of GitHub's example payload for `event.action` that carries an `installation`. */
export function examplePayload(event: string, action: string): any {
  const group = examples.find((e) => e.name === event);
  const payload = group?.examples.find((x) => x.action === action && x.installation);
  if (!payload) throw new Error(`no ${event}.${action} example with an installation`);
  return structuredClone(payload);
}

export function pullRequestPayload(action: string, overrides: { number?: number; draft?: boolean } = {}): any {
  const p = examplePayload("pull_request", action);
  p.pull_request.head.sha = HEAD;
  p.pull_request.base.sha = BASE;
  p.pull_request.base.ref = "main";
  p.pull_request.state = "open";
  p.pull_request.draft = overrides.draft ?? false;
  if (overrides.number) {
    p.number = overrides.number;
    p.pull_request.number = overrides.number;
  }
  return p;
}
