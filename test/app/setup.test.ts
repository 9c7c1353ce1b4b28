// Registering the App with GitHub's manifest flow (`npm run setup`): the page, the manifest it sends, and the code
// exchange against a stand-in for `POST /app-manifests/{code}/conversions` on loopback (GHES-style host).
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { appManifest } from "../../src/app/setup.js";
import { setupSettings, startSetupServer, type SetupServer } from "../../src/app/setup-server.js";

const ROOT = join(import.meta.dirname, "../..");
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAtest\n-----END RSA PRIVATE KEY-----\n";

let standIn: Server;
let standInUrl: string;
const conversions: { path: string; method: string }[] = [];
let answer: { status: number; body: unknown } = { status: 201, body: {} };

beforeAll(async () => {
  standIn = createServer((req, res) => {
    conversions.push({ path: req.url ?? "", method: req.method ?? "" });
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", () => resolve()));
  const address = standIn.address() as { port: number };
  standInUrl = `127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => standIn.close(() => resolve())));

let running: SetupServer | undefined;
let dir: string;
const logs: string[] = [];
afterEach(async () => {
  await running?.close();
  running = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  conversions.length = 0;
  logs.length = 0;
});

async function start(env: Record<string, string> = {}): Promise<SetupServer> {
  dir = mkdtempSync(join(tmpdir(), "hipaa-setup-"));
  running = await startSetupServer({ PUBLIC_URL: "https://hipaa.example.org/", PORT: "0", HOST: "127.0.0.1", GHE_HOST: standInUrl, GHE_PROTOCOL: "http", HIPAA_SETUP_DIR: join(dir, "credentials"), ...env }, (l) => logs.push(l));
  return running;
}

const get = async (url: string) => {
  const r = await fetch(url, { redirect: "manual" });
  return { status: r.status, text: await r.text() };
};
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

describe("npm run setup: the App manifest flow", () => {
  it("sends app.yml's permissions and events with this deployment's webhook URL", () => {
    const appYml = readFileSync(join(ROOT, "app.yml"), "utf8");
    expect(appYml).not.toContain("example.invalid");
    const manifest = appManifest(appYml, "https://hipaa.example.org/", "/api/github/webhooks", "acme-hipaa");
    const app = parseYaml(appYml);
    expect(manifest).toMatchObject({
      name: "acme-hipaa",
      hook_attributes: { url: "https://hipaa.example.org/api/github/webhooks", active: true },
      redirect_url: "https://hipaa.example.org/setup/callback",
      default_permissions: app.default_permissions,
      default_events: app.default_events,
      public: false,
    });
  });

  it("registers an organisation's App end to end and writes its credentials with mode 0600", async () => {
    const server = await start();
    expect(server.url).toMatch(/^https:\/\/hipaa\.example\.org\/setup\?token=[0-9a-f]{32}$/);
    const token = new URL(server.url).searchParams.get("token")!;
    const local = server.localUrl.replace(/\/setup\?.*$/, "");
    // Without the printed token, nothing starts.
    expect((await get(`${local}/setup`)).status).toBe(403);
    const ask = await get(server.localUrl);
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('name="org"');
    expect(ask.text).toContain("https://hipaa.example.org/api/github/webhooks");

    const form = await get(`${local}/setup?token=${token}&org=acme-health&name=acme-hipaa-review`);
    expect(form.status).toBe(200);
    const action = unescape(/<form method="post" action="([^"]+)"/.exec(form.text)![1]!);
    expect(action).toMatch(new RegExp(`^http://${standInUrl.replace(/\./g, "\\.")}/organizations/acme-health/settings/apps/new\\?state=[0-9a-f]{32}$`));
    const manifest = JSON.parse(unescape(/name="manifest" value="([^"]+)"/.exec(form.text)![1]!));
    expect(manifest).toMatchObject({ name: "acme-hipaa-review", hook_attributes: { url: "https://hipaa.example.org/api/github/webhooks" }, redirect_url: "https://hipaa.example.org/setup/callback" });
    const state = new URL(action).searchParams.get("state")!;

    answer = { status: 201, body: { id: 4242, slug: "acme-hipaa-review", name: "acme-hipaa-review", html_url: "https://ghe.example/github-apps/acme-hipaa-review", owner: { login: "acme-health" }, pem: PEM, webhook_secret: "whsec-not-for-pages", client_id: "Iv1.abc", client_secret: "client-secret-not-for-pages" } };
    const done = await get(`${local}/setup/callback?code=abc123&state=${state}`);
    expect(done.status).toBe(200);
    expect(conversions).toEqual([{ method: "POST", path: "/api/v3/app-manifests/abc123/conversions" }]);
    const env = join(dir, "credentials", "app.env");
    const key = join(dir, "credentials", "private-key.pem");
    expect(statSync(env).mode & 0o777).toBe(0o600);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "credentials")).mode & 0o777).toBe(0o700);
    expect(readFileSync(key, "utf8")).toBe(PEM);
    expect(readFileSync(env, "utf8")).toContain(`APP_ID=4242\nPRIVATE_KEY_PATH=${key}\nWEBHOOK_SECRET=whsec-not-for-pages\n`);
    expect(readFileSync(env, "utf8")).toContain(`GHE_HOST=${standInUrl}\nGHE_PROTOCOL=http\n`);
    // The page and the log name the files and the next steps, never a secret.
    for (const text of [done.text, logs.join("\n")]) {
      expect(text).not.toContain("whsec-not-for-pages");
      expect(text).not.toContain("client-secret-not-for-pages");
      expect(text).not.toContain("BEGIN RSA");
    }
    expect(done.text).toContain("https://ghe.example/github-apps/acme-hipaa-review/installations/new");
    expect(done.text).toContain("HIPAA compliance");
    // A state is good for one use.
    expect((await get(`${local}/setup/callback?code=abc123&state=${state}`)).status).toBe(400);
  });

  it("a personal account's App goes to /settings/apps/new; github.com without GHE_HOST", async () => {
    expect(setupSettings({ PUBLIC_URL: "https://h.example.org" })).toMatchObject({ webBase: "https://github.com", apiBase: "https://api.github.com", publicUrl: "https://h.example.org" });
    const server = await start();
    const token = new URL(server.url).searchParams.get("token")!;
    const local = server.localUrl.replace(/\/setup\?.*$/, "");
    const form = await get(`${local}/setup?token=${token}&org=&name=hipaa-review`);
    expect(unescape(/<form method="post" action="([^"]+)"/.exec(form.text)![1]!)).toMatch(new RegExp(`^http://${standInUrl.replace(/\./g, "\\.")}/settings/apps/new\\?state=`));
  });

  it("refuses bad input and a failed exchange with a clear page, and never replaces credentials", async () => {
    const server = await start();
    const token = new URL(server.url).searchParams.get("token")!;
    const local = server.localUrl.replace(/\/setup\?.*$/, "");
    expect((await get(`${local}/setup?token=${token}&org=bad%20org&name=x`)).status).toBe(400);
    expect((await get(`${local}/setup?token=${token}&name=${"x".repeat(40)}`)).status).toBe(400);
    expect((await get(`${local}/setup/callback?code=abc&state=unknown`)).status).toBe(400);
    const stateOf = async () => new URL(unescape(/<form method="post" action="([^"]+)"/.exec((await get(`${local}/setup?token=${token}&name=hipaa-review`)).text)![1]!)).searchParams.get("state")!;

    answer = { status: 404, body: { message: "Not Found" } };
    const failed = await get(`${local}/setup/callback?code=expired&state=${await stateOf()}`);
    expect(failed.status).toBe(502);
    expect(failed.text).toContain("GitHub answered 404 to the code exchange (the code is unknown, used or expired)");
    expect(existsSync(join(dir, "credentials"))).toBe(false);

    answer = { status: 201, body: { id: 1, slug: "a", html_url: "https://github.com/apps/a", pem: PEM, webhook_secret: "s" } };
    expect((await get(`${local}/setup/callback?code=ok&state=${await stateOf()}`)).status).toBe(200);
    const again = await get(`${local}/setup/callback?code=ok2&state=${await stateOf()}`);
    expect(again.status).toBe(500);
    expect(again.text).toContain("already exists");
    expect(readFileSync(join(dir, "credentials", "app.env"), "utf8")).toContain("APP_ID=1\n");
  });

  it("needs PUBLIC_URL, as one line", () => {
    expect(() => setupSettings({})).toThrow(/^set PUBLIC_URL to the address GitHub will reach this deployment at/);
    expect(() => setupSettings({ PUBLIC_URL: "hipaa.example.org" })).toThrow(/must be an absolute URL/);
    expect(() => setupSettings({ PUBLIC_URL: "https://x.example.org/?a=1" })).toThrow(/without query/);
  });
});
