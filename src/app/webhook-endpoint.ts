/**
 * The webhook endpoint, bounded: a body over GitHub's 25 MB limit is refused before it is read whole (413), a body
 * that is not signed with the App's secret is refused before it is parsed (401), a signed body that is not JSON or
 * lacks what its event needs is refused with 400 and a message that echoes nothing of the request, and everything
 * else is handed to Probot's webhooks at once (the handlers only enqueue work).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import { redact } from "../engine/findings/redact.js";
import type { AppMetrics } from "./metrics.js";
import { QueueUnavailable } from "./queue/types.js";

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

type Reply = (status: number, message: string, close?: boolean) => void;

class TooLarge extends Error {}

/** Reads the body up to `limit` bytes; past it, stops reading and throws TooLarge. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("request aborted")));
  });
}

/** What each event the App handles needs in its payload; a signed payload without it is a 400. */
function missingFields(event: string, payload: Record<string, unknown>): string | undefined {
  const has = (path: string[]) => path.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), payload) !== undefined;
  const need: Record<string, string[][]> = {
    pull_request: [["pull_request", "number"], ["pull_request", "head", "sha"], ["pull_request", "base", "sha"], ["repository", "name"]],
    check_suite: [["check_suite", "pull_requests"], ["repository", "name"]],
    check_run: [["check_run", "name"], ["check_run", "pull_requests"], ["repository", "name"]],
    issue_comment: [["issue", "number"], ["comment", "body"], ["repository", "name"]],
    merge_group: [["merge_group", "head_sha"], ["merge_group", "base_sha"], ["repository", "name"]],
  };
  const missing = (need[event] ?? []).find((path) => !has(path));
  return missing ? missing.join(".") : undefined;
}

const EVENTS = new Set(["pull_request", "check_suite", "check_run", "issue_comment", "merge_group"]);

/** The event name as a metric label: the events the App handles, everything else as "other" (bounded labels). */
const metricEvent = (name: unknown) => (typeof name === "string" && EVENTS.has(name) ? name : "other");

/** The queue's refusal (full, shutting down), wherever Probot's error aggregation put it. */
function unavailable(error: unknown): QueueUnavailable | undefined {
  if (error instanceof QueueUnavailable) return error;
  const inner = (error as { errors?: unknown[] } | null)?.errors;
  return Array.isArray(inner) ? inner.map(unavailable).find((e) => e !== undefined) : undefined;
}

export function webhookEndpoint(probot: Probot, options: { maxBytes?: number; metrics?: AppMetrics } = {}) {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const reply: Reply = (status, message, close = false) => {
      if (status >= 400) options.metrics?.webhooks.inc({ event: metricEvent(req.headers["x-github-event"]), outcome: "refused" });
      if (!res.headersSent) res.writeHead(status, { "content-type": "text/plain", ...(close ? { connection: "close" } : {}) }).end(message + "\n");
    };
    if (req.method !== "POST") return reply(405, "webhooks are POSTed");
    const event = req.headers["x-github-event"];
    const id = req.headers["x-github-delivery"];
    const signature = req.headers["x-hub-signature-256"];
    if (typeof event !== "string" || typeof id !== "string" || typeof signature !== "string") {
      return reply(400, "missing x-github-event, x-github-delivery or x-hub-signature-256 header");
    }
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > maxBytes) {
      req.resume();
      return reply(413, `payload larger than ${maxBytes} bytes`, true);
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxBytes);
    } catch (error) {
      // The rest of a streamed body is read and dropped (bounded by the request timeout), so the sender gets the 413
      // instead of a reset connection in the middle of its upload.
      if (error instanceof TooLarge) return reply(413, `payload larger than ${maxBytes} bytes`);
      return reply(400, "the request body could not be read");
    }
    const text = body.toString("utf8");
    if (!(await probot.webhooks.verify(text, signature).catch(() => false))) return reply(401, "signature does not match");
    let payload: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return reply(400, "the payload is not a JSON object");
      payload = parsed as Record<string, unknown>;
    } catch {
      return reply(400, "the payload is not JSON");
    }
    const missing = missingFields(event, payload);
    if (missing) {
      probot.log.warn({ delivery: id, event }, `webhook refused: the ${event} payload has no ${missing}`);
      return reply(400, `the ${event} payload has no ${missing}`);
    }
    try {
      await probot.webhooks.receive({ id, name: event, payload } as never);
      reply(200, "ok");
    } catch (error) {
      const busy = unavailable(error);
      if (busy) {
        probot.log.warn({ delivery: id, event }, `webhook refused for now: ${busy.message}; the recovery sweep redelivers it`);
        return reply(503, "the app cannot take this webhook now; it will be redelivered");
      }
      probot.log.error({ delivery: id, event }, `webhook handler failed: ${redact((error as Error)?.message ?? String(error))}`);
      reply(500, "the webhook could not be handled; GitHub may redeliver it");
    }
  };
}
