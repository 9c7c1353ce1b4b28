// A stateful GitHub stand-in on loopback for the end-to-end tests, spoken to over real HTTP as a GitHub Enterprise
// Server (GHE_HOST + GHE_PROTOCOL=http). It holds commits as whole trees and answers what GitHub would: compare
// (patches computed here, at most 300 files, like GitHub), recursive trees, blobs, contents at a ref, pull requests,
// check runs (created — in progress or completed —, updated, listed by ref), reviews, review comments, timelines, installation tokens, and the App's webhook
// deliveries. It is also GitHub's webhook sender: `deliver` signs and POSTs an event to the App and records the delivery
// (a refused connection is a failed delivery, as on GitHub), and the redelivery endpoint sends it again with the same
// guid. Every request body is validated against GitHub's OpenAPI description; faults and delays can be injected.
import { createHash, createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { structuredPatch } from "diff";
import { validate as validateGraphql } from "@octokit/graphql-schema";
import { validateGitHubRequest } from "./openapi-validator.js";

export type Tree = Record<string, string>;

export interface CheckRun {
  id: number;
  repo: string;
  head_sha: string;
  name: string;
  status: string;
  conclusion?: string;
  created: any;
  /** The writes carrying its output: the updates, after the create itself when it was created completed. */
  updates: any[];
  /** When it was created and completed (Date.now()), to see that one pull request never has two reviews at once. */
  createdAt: number;
  completedAt?: number;
}

export interface Delivery {
  id: number;
  guid: string;
  event: string;
  action?: string;
  payload: any;
  status_code: number;
  status: string;
  delivered_at: string;
  redelivery: boolean;
  installation_id: number;
  /** How long the App took to answer, in milliseconds. */
  ms: number;
}

export interface Pull {
  number: number;
  head: string;
  base: string;
  baseRef: string;
  user: string;
  comments: { id: number; body: string; path: string; line: number }[];
  reviews: { id: number; body: any }[];
  issueComments: { id: number; body: string; user: { login: string; type: string }; created_at: string; html_url: string }[];
}

export interface Faults {
  /** Status to answer a check-run PATCH with instead of applying it (undefined: apply it). */
  checkPatch?(checkRunId: number, body: any): number | undefined;
  /** Milliseconds to hold a request before answering it. */
  delay?(method: string, path: string): number;
  /** True to hold a request until `release()` (a review kept in progress for as long as a test needs). */
  hold?(method: string, path: string): boolean;
}

export const blobSha = (text: string) => createHash("sha1").update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest("hex");

/** GitHub's `patch` for one file: unified hunks without file headers. */
function patchOf(before: string, after: string): string {
  const { hunks } = structuredPatch("a", "b", before, after, "", "", { context: 3 });
  return hunks.map((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines].join("\n")).join("\n");
}

export class GitHubStandIn {
  readonly commits = new Map<string, { tree: Tree; message: string; entries: { path: string; mode: string; type: string; sha: string; size: number }[] }>();
  private readonly blobs = new Map<string, string>();
  readonly pulls = new Map<number, Pull>();
  readonly checkRuns: CheckRun[] = [];
  readonly deliveries: Delivery[] = [];
  readonly invalid: string[] = [];
  readonly log: string[] = [];
  readonly permissions: Record<string, string> = {};
  faults: Faults = {};
  /** Where webhooks go (the App's webhook URL); unset or down means deliveries fail. */
  appUrl: string | undefined;
  /** Trees larger than this many entries are answered `truncated`, as GitHub does past 100,000. */
  treeLimit = 100_000;
  port = 0;
  private server!: Server;
  private holds: (() => void)[] = [];
  private nextId = 1000;
  private deliveryId = 1;

  constructor(readonly secret: string, readonly appId: number) {}

  async start(): Promise<this> {
    // Load GitHub's OpenAPI description now (a second of parsing), not in the middle of a timed burst.
    validateGitHubRequest("POST", "/repos/o/r/check-runs", { name: "x", head_sha: "0" });
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Answers every held request. */
  release(): void {
    for (const go of this.holds.splice(0)) go();
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Adds a commit holding `tree`; its sha is derived from the label and the content. */
  commit(label: string, tree: Tree, message = label): string {
    const sha = createHash("sha1").update(label).update(JSON.stringify(tree)).digest("hex");
    const entries = Object.entries(tree).map(([path, text]) => {
      const blob = blobSha(text);
      this.blobs.set(blob, text);
      return { path, mode: "100644", type: "blob", sha: blob, size: Buffer.byteLength(text) };
    });
    this.commits.set(sha, { tree, message, entries });
    return sha;
  }

  private readonly heads = new Map<number, Set<string>>();

  /** Every head a pull request has had. */
  headsOf(number: number): Set<string> {
    return this.heads.get(number) ?? new Set();
  }

  pull(number: number, base: string, head: string, user = "author"): Pull {
    this.heads.set(number, this.headsOf(number).add(head));
    const pr: Pull = this.pulls.get(number) ?? { number, head, base, baseRef: "main", user, comments: [], reviews: [], issueComments: [] };
    pr.head = head;
    pr.base = base;
    this.pulls.set(number, pr);
    return pr;
  }

  runsFor(headSha: string): CheckRun[] {
    return this.checkRuns.filter((c) => c.head_sha === headSha);
  }

  /** Signs and POSTs an event to the App like GitHub, recording the delivery and its outcome. */
  async deliver(event: string, payload: any, guid: string = randomUUID(), redelivery = false, to: string | undefined = this.appUrl): Promise<Delivery> {
    const body = JSON.stringify(payload);
    const started = performance.now();
    let status_code = 0;
    let status = "failed to connect to host";
    if (to) {
      try {
        const res = await fetch(`${to}/api/github/webhooks`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": guid, "x-hub-signature-256": "sha256=" + createHmac("sha256", this.secret).update(body).digest("hex") },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.text();
        status_code = res.status;
        status = res.ok ? "OK" : `Invalid HTTP Response: ${res.status}`;
      } catch {
        // connection refused or timed out: a failed delivery, status code 0
      }
    }
    const d: Delivery = { id: this.deliveryId++, guid, event, action: payload.action, payload, status_code, status, delivered_at: new Date().toISOString(), redelivery, installation_id: payload.installation?.id ?? 0, ms: performance.now() - started };
    this.deliveries.push(d);
    return d;
  }

  private compare(base: string, head: string, cap = 300): object | undefined {
    const b = this.commits.get(base);
    const h = this.commits.get(head);
    if (!b || !h) return undefined;
    const files: any[] = [];
    for (const path of [...new Set([...Object.keys(b.tree), ...Object.keys(h.tree)])].sort()) {
      const before = b.tree[path];
      const after = h.tree[path];
      if (before === after) continue;
      const status = before === undefined ? "added" : after === undefined ? "removed" : "modified";
      const patch = patchOf(before ?? "", after ?? "");
      const lines = patch.split("\n");
      const additions = lines.filter((l) => l.startsWith("+")).length;
      const deletions = lines.filter((l) => l.startsWith("-")).length;
      files.push({ sha: after === undefined ? null : blobSha(after), filename: path, status, additions, deletions, changes: additions + deletions, ...(status === "removed" ? {} : { patch }) });
    }
    return { status: "ahead", merge_base_commit: { sha: base }, commits: [{ sha: head, commit: { message: h.message } }], total_commits: 1, files: files.slice(0, cap) };
  }

  readonly resolved = new Set<string>();

  blobText(sha: string): string | undefined {
    return this.blobs.get(sha);
  }

  private graphql(body: any, res: import("node:http").ServerResponse): void {
    this.invalid.push(...validateGraphql(body.query).map((e: { message: string }) => `GraphQL: ${e.message}`));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: graphqlAnswer.call(this, body) }));
  }

  private async handle(req: IncomingMessage, res: import("node:http").ServerResponse): Promise<unknown> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://stand-in");
    const path = url.pathname.replace(/^\/api\/v3/, "");
    const method = req.method!;
    this.log.push(`${method} ${path}${url.search}`);
    if (path === "/api/graphql") return this.graphql(body, res);
    if (body !== undefined) this.invalid.push(...validateGitHubRequest(method, path, body));
    const wait = this.faults.delay?.(method, path) ?? 0;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (this.faults.hold?.(method, path)) await new Promise<void>((go) => this.holds.push(go));
    const json = (status: number, data: unknown, headers: Record<string, string> = {}) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(data));
    const auth = req.headers.authorization ?? "";
    let m: RegExpExecArray | null;

    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) return json(201, { token: "ghs_standin", expires_at: "2999-01-01T00:00:00Z", permissions: {} });
    if (path.startsWith("/app/hook/deliveries")) {
      // Only the App itself (its JWT), never an installation token, may read or redeliver deliveries.
      if (!/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i.test(auth)) return json(401, { message: "A JSON web token could not be decoded" });
      if (method === "GET" && path === "/app/hook/deliveries") {
        const per = Number(url.searchParams.get("per_page") ?? 30);
        const newestFirst = [...this.deliveries].reverse();
        const start = Number(url.searchParams.get("cursor") ?? 0);
        const page = newestFirst.slice(start, start + per).map(({ payload: _p, ms: _ms, ...d }) => ({ ...d, duration: 0.1, repository_id: 1 }));
        const next: Record<string, string> = start + per < newestFirst.length ? { link: `<http://127.0.0.1:${this.port}/api/v3/app/hook/deliveries?per_page=${per}&cursor=${start + per}>; rel="next"` } : {};
        return json(200, page, next);
      }
      if (method === "POST" && (m = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(path))) {
        const d = this.deliveries.find((x) => x.id === Number(m![1]));
        if (!d) return json(404, { message: "Not Found" });
        json(202, {});
        void this.deliver(d.event, d.payload, d.guid, true);
        return;
      }
    }
    if (!(m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path))) return json(404, { message: `stand-in has no route for ${method} ${path}` });
    const repo = `${m[1]}/${m[2]}`;
    const rest = m[3]!;
    if (method === "GET" && (m = /^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(rest))) {
      const data = this.compare(m[1]!, m[2]!);
      return data ? json(200, data) : json(404, { message: "Not Found" });
    }
    if (method === "GET" && (m = /^\/git\/trees\/([0-9a-f]+)$/.exec(rest))) {
      const c = this.commits.get(m[1]!);
      if (!c) return json(404, { message: "Not Found" });
      return json(200, { sha: m[1], truncated: c.entries.length > this.treeLimit, tree: c.entries.slice(0, this.treeLimit) });
    }
    if (method === "GET" && (m = /^\/git\/blobs\/([0-9a-f]+)$/.exec(rest))) {
      const text = this.blobs.get(m[1]!);
      if (text === undefined) return json(404, { message: "Not Found" });
      return json(200, { sha: m[1], size: Buffer.byteLength(text), encoding: "base64", content: Buffer.from(text).toString("base64") });
    }
    if (method === "GET" && rest.startsWith("/contents/")) {
      const text = this.commits.get(url.searchParams.get("ref") ?? "")?.tree[decodeURIComponent(rest.slice("/contents/".length))];
      if (text === undefined) return json(404, { message: "Not Found" });
      return res.writeHead(200, { "content-type": "application/vnd.github.raw" }).end(text);
    }
    if (method === "POST" && rest === "/check-runs") {
      const run: CheckRun = { id: this.nextId++, repo, head_sha: body.head_sha, name: body.name, status: body.status ?? "queued", created: body, updates: [], createdAt: Date.now() };
      if (body.status === "completed") {
        // Created completed (a quick review): the create is its completing write, listed first among its updates.
        run.conclusion = body.conclusion;
        run.completedAt = run.createdAt;
        run.updates.push(body);
      }
      this.checkRuns.push(run);
      return json(201, { id: run.id });
    }
    if ((m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      const run = this.checkRuns.find((c) => c.id === Number(m![1]));
      if (!run) return json(404, { message: "Not Found" });
      if (method === "GET") return json(200, { id: run.id, head_sha: run.head_sha, name: run.name, status: run.status, conclusion: run.conclusion ?? null, app: { id: this.appId } });
      const fault = this.faults.checkPatch?.(run.id, body);
      if (fault) return json(fault, { message: "Server Error" });
      run.updates.push(body);
      if (body.status) run.status = body.status;
      if (body.status === "completed") run.completedAt ??= Date.now();
      if (body.conclusion) run.conclusion = body.conclusion;
      return json(200, { id: run.id });
    }
    if (method === "GET" && (m = /^\/commits\/([0-9a-f]+)\/check-runs$/.exec(rest))) {
      const runs = this.runsFor(m[1]!).filter((c) => c.name === (url.searchParams.get("check_name") ?? c.name));
      return json(200, { total_count: runs.length, check_runs: runs.map((c) => ({ id: c.id, head_sha: c.head_sha, name: c.name, status: c.status, conclusion: c.conclusion ?? null, app: { id: this.appId } })) });
    }
    if (method === "GET" && (m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest))) {
      const p = this.permissions[m[1]!] ?? "read";
      return json(200, { permission: p === "maintain" ? "write" : p, role_name: p, user: { login: m[1] } });
    }
    if (method === "PATCH" && (m = /^\/pulls\/comments\/(\d+)$/.exec(rest))) {
      for (const pr of this.pulls.values()) for (const c of pr.comments) if (c.id === Number(m[1])) c.body = body.body;
      return json(200, { id: Number(m[1]) });
    }
    if (!(m = /^\/(pulls|issues)\/(\d+)(\/.*)?$/.exec(rest))) return json(404, { message: `stand-in has no route for ${method} ${path}` });
    const pr = this.pulls.get(Number(m[2]));
    if (!pr) return json(404, { message: "Not Found" });
    const sub = `${m[1]}${m[3] ?? ""}`;
    const first = !url.searchParams.get("page") || url.searchParams.get("page") === "1";
    if (method === "GET" && sub === "pulls") return json(200, { number: pr.number, state: "open", draft: false, user: { login: pr.user }, head: { sha: pr.head }, base: { sha: pr.base, ref: pr.baseRef } });
    // The pull request's current file listing (its head now, 100 a page, at most 3,000): GitHub has it; a review must
    // not use it, since it follows pushes made during the review.
    if (method === "GET" && sub === "pulls/files") {
      const all = ((this.compare(pr.base, pr.head, 3_000) as { files?: unknown[] } | undefined)?.files ?? []);
      const page = Number(url.searchParams.get("page") ?? 1);
      const per = Number(url.searchParams.get("per_page") ?? 30);
      const next: Record<string, string> = page * per < all.length ? { link: `<http://127.0.0.1:${this.port}/api/v3${path}?per_page=${per}&page=${page + 1}>; rel="next"` } : {};
      return json(200, all.slice((page - 1) * per, page * per), next);
    }
    if (method === "GET" && sub === "pulls/comments") return json(200, first ? pr.comments.map((c) => ({ ...c, user: { login: "hipaa-review[bot]", type: "Bot" } })) : []);
    if (method === "GET" && sub === "pulls/reviews") return json(200, first ? pr.reviews.map((r) => ({ id: r.id, body: r.body.body })) : []);
    if (method === "GET" && sub === "issues/comments") return json(200, first ? pr.issueComments : []);
    // The timeline: its comments and reviews, oldest first (the events the App reads), 100 a page at most.
    if (method === "GET" && sub === "issues/timeline") {
      const events = [
        ...pr.issueComments.map((c) => ({ event: "commented", ...c })),
        ...pr.reviews.map((r) => ({ event: "reviewed", id: r.id, body: r.body.body ?? null, state: "commented", commit_id: r.body.commit_id, user: { login: "hipaa-review[bot]", type: "Bot" } })),
      ];
      const page = Number(url.searchParams.get("page") ?? 1);
      const per = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
      const next: Record<string, string> = page * per < events.length ? { link: `<http://127.0.0.1:${this.port}/api/v3${path}?per_page=${per}&page=${page + 1}>; rel="next"` } : {};
      return json(200, events.slice((page - 1) * per, page * per), next);
    }
    if (method === "POST" && sub === "pulls/reviews") {
      const id = this.nextId++;
      pr.reviews.push({ id, body });
      for (const c of body.comments ?? []) pr.comments.push({ id: this.nextId++, body: c.body, path: c.path, line: c.line });
      return json(200, { id });
    }
    if (method === "POST" && sub === "issues/comments") return json(201, { id: this.nextId++ });
    return json(404, { message: `stand-in has no route for ${method} ${path}` });
  }
}

/** The GraphQL the App sends: blobs by oid (large changes), review threads and their resolution (fixed findings). */
function graphqlAnswer(this: GitHubStandIn, body: any): unknown {
  const vars = (body.variables ?? {}) as Record<string, any>;
  if (/object\(oid:/.test(body.query)) {
    const repository: Record<string, unknown> = {};
    for (const [name, oid] of Object.entries(vars)) {
      if (!/^o\d+$/.test(name)) continue;
      const text = this.blobText(oid);
      repository[`b${name.slice(1)}`] = text === undefined ? null : { text: text.includes("\u0000") ? null : text, isBinary: text.includes("\u0000"), isTruncated: false };
    }
    return { repository };
  }
  if (/reviewThreads/.test(body.query)) {
    const pr = this.pulls.get(vars.number);
    const nodes = (pr?.comments ?? []).map((c) => ({ id: `T_${c.id}`, isResolved: this.resolved.has(`T_${c.id}`), comments: { nodes: [{ databaseId: c.id }] } }));
    return { repository: { pullRequest: pr ? { reviewThreads: { nodes, pageInfo: { hasNextPage: false, endCursor: null } } } : null } };
  }
  return Object.fromEntries(Object.entries(vars).map(([k, id]) => (this.resolved.add(id), [k, { thread: { id, isResolved: true } }])));
}

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

/**
 * Pull requests that had two check runs in progress at the same time (two reviews at once), among the runs created
 * after `since` (a run a killed process left open stays open until it is resumed, without anyone reviewing).
 */
export function overlappingReviews(standIn: GitHubStandIn, since = 0): string[] {
  const byPr = new Map<number, CheckRun[]>();
  for (const pr of standIn.pulls.values()) {
    const heads = standIn.headsOf(pr.number);
    byPr.set(pr.number, standIn.checkRuns.filter((c) => heads.has(c.head_sha) && c.createdAt >= since));
  }
  const overlaps: string[] = [];
  for (const [n, runs] of byPr) {
    const sorted = [...runs].sort((x, y) => x.createdAt - y.createdAt);
    for (let i = 1; i < sorted.length; i++) if (sorted[i]!.createdAt < (sorted[i - 1]!.completedAt ?? Infinity)) overlaps.push(`#${n}: ${sorted[i - 1]!.id} and ${sorted[i]!.id}`);
  }
  return overlaps;
}

/** Every fingerprint posted more than once as an inline comment on one pull request. */
export function duplicateComments(standIn: GitHubStandIn): string[] {
  const twice: string[] = [];
  for (const pr of standIn.pulls.values()) {
    const seen = new Set<string>();
    for (const c of pr.comments) {
      const fp = /hipaa-review:finding ([0-9a-f]+)/.exec(c.body)?.[1];
      if (!fp) continue;
      if (seen.has(fp)) twice.push(`#${pr.number} ${fp}`);
      seen.add(fp);
    }
  }
  return twice;
}
