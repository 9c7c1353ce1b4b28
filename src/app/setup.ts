/**
 * Registering the App from app.yml with GitHub's App manifest flow, so an organisation admin does not copy
 * permissions by hand: `GET /setup` asks for the organisation (or none, for a personal account) and the App's name,
 * then sends the browser to `https://<host>/[organizations/<org>/]settings/apps/new` with the manifest (webhook
 * URL from PUBLIC_URL); GitHub redirects back to `GET /setup/callback?code=…&state=…`, which exchanges the code
 * (`POST /app-manifests/{code}/conversions`) and writes the credentials (mode 0600) to a new folder. The page and the
 * log name the files, never the secrets. Works on github.com and on GitHub Enterprise Server (GHE_HOST).
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";

export interface SetupOptions {
  /** The App's public base URL (PUBLIC_URL): webhooks go to <url>/api/github/webhooks, GitHub returns to <url>/setup/callback. */
  publicUrl: string;
  /** app.yml's text. */
  appYml: string;
  /** Web and API bases: https://github.com and https://api.github.com, or a GHES host's. */
  webBase: string;
  apiBase: string;
  /** Folder the credentials are written to (created; must not exist yet). */
  credentialsDir: string;
  webhookPath: string;
  /** A secret the /setup page requires (printed by the setup server), so only its operator can start a registration. */
  accessToken: string;
  log: (line: string) => void;
  now?: () => number;
}

/** A started registration waits this long for GitHub's redirect; at most this many wait at once. */
const STATE_TTL_MS = 60 * 60 * 1000;
const MAX_PENDING = 100;
const ORG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,33}$/;
const CODE = /^[A-Za-z0-9_-]{1,128}$/;

/** The manifest GitHub receives: app.yml with the webhook and redirect URLs of this deployment. */
export function appManifest(appYml: string, publicUrl: string, webhookPath: string, name?: string): Record<string, unknown> {
  const app = parseYaml(appYml) as Record<string, unknown>;
  const base = publicUrl.replace(/\/+$/, "");
  return {
    ...app,
    ...(name ? { name } : {}),
    hook_attributes: { ...(app.hook_attributes as object | undefined), url: `${base}${webhookPath}`, active: true },
    redirect_url: `${base}/setup/callback`,
  };
}

/** The request handler; answers true when it handled the request (a /setup path). */
export function setupHandler(o: SetupOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const now = o.now ?? Date.now;
  const pending = new Map<string, { at: number; name: string }>();
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://setup.invalid");
    if (req.method !== "GET" || (url.pathname !== "/setup" && url.pathname !== "/setup/callback")) return false;
    if (url.pathname === "/setup") {
      if (!sameSecret(url.searchParams.get("token") ?? "", o.accessToken)) return page(res, 403, "Open the link the setup server printed", "<p>The setup page needs the link with its <code>token</code>, as printed when the setup server started.</p>");
      const org = url.searchParams.get("org")?.trim() ?? "";
      const name = url.searchParams.get("name")?.trim() ?? "";
      if (!url.searchParams.has("name")) return page(res, 200, "Register hipaa-review", askForm(o));
      if (org && !ORG.test(org)) return page(res, 400, "Not an organisation name", `<p>"${html(org)}" is not a GitHub organisation login. <a href="/setup">Try again</a>.</p>`);
      if (!NAME.test(name)) return page(res, 400, "Not an App name", `<p>An App name is 1 to 34 letters, digits, spaces, dots, dashes or underscores. <a href="/setup">Try again</a>.</p>`);
      for (const [key, p] of pending) if (now() - p.at > STATE_TTL_MS) pending.delete(key);
      if (pending.size >= MAX_PENDING) return page(res, 429, "Too many registrations in progress", "<p>Finish or abandon the registrations already started, or restart the setup server.</p>");
      const state = randomBytes(16).toString("hex");
      pending.set(state, { at: now(), name });
      const target = `${o.webBase}${org ? `/organizations/${org}` : ""}/settings/apps/new?state=${state}`;
      const manifest = JSON.stringify(appManifest(o.appYml, o.publicUrl, o.webhookPath, name));
      return page(res, 200, "Register hipaa-review", postForm(target, manifest, org, name, o));
    }
    const state = url.searchParams.get("state") ?? "";
    const code = url.searchParams.get("code") ?? "";
    const started = pending.get(state);
    if (!started || now() - started.at > STATE_TTL_MS) {
      return page(res, 400, "Unknown or expired registration", `<p>This link does not belong to a registration started here in the last hour (or the setup server restarted). <a href="/setup">Start again</a>.</p>`);
    }
    pending.delete(state);
    if (!CODE.test(code)) return page(res, 400, "No code from GitHub", `<p>GitHub's redirect carried no usable code. <a href="/setup">Start again</a>.</p>`);
    let app: Registered;
    try {
      app = await convert(o.apiBase, code);
    } catch (error) {
      o.log(`setup: the code exchange failed: ${(error as Error).message}`);
      return page(res, 502, "GitHub did not hand over the credentials", `<p>${html((error as Error).message)}. A code is valid for one hour and one use: <a href="/setup">start again</a>.</p>`);
    }
    let files: { env: string; key: string };
    try {
      files = writeCredentials(o.credentialsDir, app, o);
    } catch (error) {
      o.log(`setup: App ${app.id} registered, but its credentials could not be written: ${(error as Error).message}`);
      return page(res, 500, "Registered, but the credentials could not be saved", `<p>The App <b>${html(app.slug)}</b> (id ${app.id}) exists on GitHub, but ${html((error as Error).message)}. Generate a new private key and webhook secret in <a href="${html(app.html_url)}">its settings</a>.</p>`);
    }
    o.log(`setup: registered App ${app.slug} (id ${app.id}); credentials written to ${files.env} and ${files.key}`);
    return page(res, 200, "hipaa-review is registered", donePage(app, files, o));
  };
}

interface Registered {
  id: number;
  slug: string;
  html_url: string;
  pem: string;
  webhook_secret: string;
  client_id?: string;
  client_secret?: string;
  owner?: { login?: string };
}

async function convert(apiBase: string, code: string): Promise<Registered> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}/app-manifests/${code}/conversions`, {
      method: "POST",
      headers: { accept: "application/vnd.github+json", "user-agent": "hipaa-review-setup", "x-github-api-version": "2022-11-28" },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new Error(`could not reach ${apiBase} (${(error as Error).message})`);
  }
  const text = await boundedText(response, 100_000);
  if (response.status !== 201) throw new Error(`GitHub answered ${response.status} to the code exchange${response.status === 404 ? " (the code is unknown, used or expired)" : ""}`);
  let body: Partial<Registered>;
  try {
    body = JSON.parse(text) as Partial<Registered>;
  } catch {
    throw new Error("GitHub's answer to the code exchange is not JSON");
  }
  if (typeof body.id !== "number" || typeof body.pem !== "string" || !body.pem.includes("PRIVATE KEY") || typeof body.webhook_secret !== "string" || typeof body.slug !== "string" || typeof body.html_url !== "string") {
    throw new Error("GitHub's answer to the code exchange lacks the App's id, key or webhook secret");
  }
  return body as Registered;
}

/** The response body, or an error past `limit` bytes (a registration answer is a few kilobytes). */
async function boundedText(response: Response, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > limit) throw new Error(`GitHub's answer to the code exchange is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Writes app.env and private-key.pem, mode 0600, in a new folder (mode 0700); never replaces an existing one. */
function writeCredentials(dir: string, app: Registered, o: SetupOptions): { env: string; key: string } {
  const folder = resolve(dir);
  try {
    mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === "EEXIST" ? `${folder} already exists (move it away, or set HIPAA_SETUP_DIR to a new folder)` : `${folder} cannot be created (${code})`);
  }
  const key = join(folder, "private-key.pem");
  const env = join(folder, "app.env");
  const ghe = new URL(o.webBase);
  const lines = [
    `# hipaa-review GitHub App ${app.slug}, registered ${new Date().toISOString()}. Keep this file secret.`,
    `APP_ID=${app.id}`,
    `PRIVATE_KEY_PATH=${key}`,
    `WEBHOOK_SECRET=${app.webhook_secret}`,
    ...(app.client_id ? [`GITHUB_CLIENT_ID=${app.client_id}`] : []),
    ...(app.client_secret ? [`GITHUB_CLIENT_SECRET=${app.client_secret}`] : []),
    ...(ghe.host !== "github.com" ? [`GHE_HOST=${ghe.host}`, ...(ghe.protocol === "http:" ? ["GHE_PROTOCOL=http"] : [])] : []),
  ];
  writeFileSync(key, app.pem.endsWith("\n") ? app.pem : app.pem + "\n", { mode: 0o600, flag: "wx" });
  writeFileSync(env, lines.join("\n") + "\n", { mode: 0o600, flag: "wx" });
  return { env, key };
}

function askForm(o: SetupOptions): string {
  return `<p>This registers a GitHub App for hipaa-review on <b>${html(o.webBase)}</b> from <code>app.yml</code>: checks write, pull requests write, contents read, metadata read; events pull_request, check_suite, check_run, issue_comment. Webhooks will go to <code>${html(o.publicUrl.replace(/\/+$/, "") + o.webhookPath)}</code>.</p>
<form method="get" action="/setup">
<input type="hidden" name="token" value="${html(o.accessToken)}">
<p><label>Organisation (empty for your personal account): <input name="org" autocomplete="off"></label></p>
<p><label>App name (unique on GitHub): <input name="name" value="hipaa-review" required maxlength="34"></label></p>
<p><button type="submit">Continue</button></p>
</form>`;
}

function postForm(target: string, manifest: string, org: string, name: string, o: SetupOptions): string {
  return `<p>GitHub will ask you to confirm the App <b>${html(name)}</b>${org ? ` for the organisation <b>${html(org)}</b>` : " for your account"} (you must be an owner). Then it returns here and the credentials are saved on this server in <code>${html(resolve(o.credentialsDir))}</code>.</p>
<form method="post" action="${html(target)}">
<input type="hidden" name="manifest" value="${html(manifest)}">
<p><button type="submit">Register on GitHub</button></p>
</form>`;
}

function donePage(app: Registered, files: { env: string; key: string }, o: SetupOptions): string {
  return `<p>The App <b>${html(app.slug)}</b> (id ${app.id})${app.owner?.login ? ` owned by <b>${html(app.owner.login)}</b>` : ""} is registered. Its private key and webhook secret were written to this server, readable by its user only:</p>
<ul><li><code>${html(files.env)}</code> (APP_ID, PRIVATE_KEY_PATH, WEBHOOK_SECRET${new URL(o.webBase).host !== "github.com" ? ", GHE_HOST" : ""})</li><li><code>${html(files.key)}</code></li></ul>
<p>Next:</p><ol>
<li>Start the App with them: <code>set -a; . ${html(files.env)}; set +a; npm start</code> (or copy the values into your deployment's secrets).</li>
<li><a href="${html(app.html_url)}/installations/new">Install the App</a> on the repositories that handle PHI.</li>
<li>Require the check <b>HIPAA compliance</b> in the branch protection rule or ruleset of their default branch.</li>
</ol>`;
}

function page(res: ServerResponse, status: number, title: string, body: string): true {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer", "x-frame-options": "DENY", "content-security-policy": "default-src 'none'; form-action *; style-src 'unsafe-inline'" });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${html(title)}</title></head><body style="font-family:sans-serif;max-width:46em;margin:2em auto"><h1>${html(title)}</h1>${body}</body></html>`);
  return true;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
