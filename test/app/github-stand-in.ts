// A small stateful GitHub REST stand-in on loopback for the end-to-end test: it keeps check runs, reviews and
// review comments like GitHub would, so a redelivered webhook sees what the first delivery posted.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { validateGitHubRequest } from "./openapi-validator.js";

export interface StandInState {
  checkRuns: { id: number; created: any; updates: any[] }[];
  reviews: { id: number; body: any }[];
  comments: { id: number; body: string; path: string; line: number }[];
  invalid: string[];
  log: string[];
}

export interface StandInPull {
  number: number;
  headSha: string;
  baseSha: string;
  files: unknown[];
  base: Record<string, string>;
  head: Record<string, string>;
}

export async function startStandIn(owner: string, repo: string, pull: StandInPull): Promise<{ server: Server; port: number; state: StandInState; close(): Promise<void> }> {
  const state: StandInState = { checkRuns: [], reviews: [], comments: [], invalid: [], log: [] };
  let nextId = 100;
  const prefix = `/api/v3/repos/${owner}/${repo}`;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://stand-in");
    const path = url.pathname;
    state.log.push(`${req.method} ${path}${url.search}`);
    if (body !== undefined) state.invalid.push(...validateGitHubRequest(req.method!, path, body));
    const json = (status: number, data: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(data));
    if (req.method === "POST" && /^\/api\/v3\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return json(201, { token: "ghs_standin", expires_at: "2999-01-01T00:00:00Z", permissions: {} });
    }
    if (!path.startsWith(prefix)) return json(404, { message: "Not Found" });
    const rest = path.slice(prefix.length);
    if (req.method === "POST" && rest === "/check-runs") {
      const id = nextId++;
      state.checkRuns.push({ id, created: body, updates: [] });
      return json(201, { id });
    }
    const checkUpdate = /^\/check-runs\/(\d+)$/.exec(rest);
    if (req.method === "PATCH" && checkUpdate) {
      state.checkRuns.find((c) => c.id === Number(checkUpdate[1]))?.updates.push(body);
      return json(200, { id: Number(checkUpdate[1]) });
    }
    if (req.method === "GET" && rest.startsWith("/contents/")) {
      const file = decodeURIComponent(rest.slice("/contents/".length));
      const ref = url.searchParams.get("ref");
      const text = (ref === pull.baseSha ? pull.base : ref === pull.headSha ? pull.head : {})[file];
      if (text === undefined) return json(404, { message: "Not Found" });
      return res.writeHead(200, { "content-type": "application/vnd.github.raw" }).end(text);
    }
    if (req.method === "GET" && rest === `/pulls/${pull.number}/files`) return json(200, url.searchParams.get("page") && url.searchParams.get("page") !== "1" ? [] : pull.files);
    if (req.method === "GET" && rest === `/pulls/${pull.number}/comments`) return json(200, state.comments);
    if (req.method === "GET" && rest === `/issues/${pull.number}/comments`) return json(200, []);
    if (req.method === "GET" && rest === `/pulls/${pull.number}/reviews`) return json(200, state.reviews.map((r) => ({ id: r.id, body: r.body.body })));
    if (req.method === "POST" && rest === `/pulls/${pull.number}/reviews`) {
      const id = nextId++;
      state.reviews.push({ id, body });
      for (const c of body.comments ?? []) state.comments.push({ id: nextId++, body: c.body, path: c.path, line: c.line });
      return json(200, { id });
    }
    const commentEdit = /^\/pulls\/comments\/(\d+)$/.exec(rest);
    if (req.method === "PATCH" && commentEdit) {
      const c = state.comments.find((x) => x.id === Number(commentEdit[1]));
      if (c) c.body = body.body;
      return json(200, { id: Number(commentEdit[1]) });
    }
    return json(404, { message: `stand-in has no route for ${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { server, port, state, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}
