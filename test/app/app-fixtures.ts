// Shared fixtures for the in-process App tests: GitHub's own example payloads (payloads.ts), a small deterministic rule
// pack, and a Probot instance with retries and throttling off (so a failed mock fails at once).
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createHipaaApp, type AppOptions, type HipaaApp } from "../../src/app/app.js";
import { EmbeddedQueue } from "../../src/app/queue/embedded.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";

export { BASE, examplePayload, HEAD, pullRequestPayload } from "./payloads.js";

const PACK = `
area: transmission-security
title: Transmission security
safeguard: "164.312(e)(1)"
rules:
  - id: test-tls-off
    title: TLS certificate verification disabled
    safeguard: "164.312(e)(2)(i)"
    severity: error
    languages: [javascript]
    keywords: [rejectunauthorized]
    patterns: ['rejectUnauthorized\\s*:\\s*false']
    message: TLS certificate verification is turned off, so ePHI in transit can be intercepted.
    remediation: Remove rejectUnauthorized false; trust a private CA with the ca option.
    references: [https://nodejs.org/api/tls.html]
    examples:
      bad: ['https.request({ rejectUnauthorized: false })', 'tls.connect({ rejectUnauthorized: false })']
      good: ['https.request({ ca })', 'tls.connect({ rejectUnauthorized: true })']
  - id: test-http-url
    title: Plaintext HTTP endpoint
    severity: warning
    languages: [javascript]
    keywords: ['http:']
    patterns: ['http://[^\\s"'']+']
    validate: external-url
    message: Data sent to this endpoint travels unencrypted.
    remediation: Use https.
    references: []
    examples:
      bad: ['fetch("http://api.partner.com/x")', 'const u = "http://ehr.vendor.io"']
      good: ['fetch("https://api.partner.com/x")', 'fetch("http://localhost:8080")']
`;

const PHI = `
area: phi-exposure
title: PHI in the change
safeguard: "164.502(a)"
rules:
  - id: phi-ssn-test
    title: Social Security number
    severity: error
    sensitive: true
    in_comments: true
    paths: ['**/*.csv']
    patterns: ['\\b\\d{3}-\\d{2}-\\d{4}\\b']
    validate: ssn
    message: A valid-looking SSN ({{value}}) is committed.
    remediation: Replace it with a synthetic value.
    references: []
    examples:
      bad: [{ path: a.csv, code: 'name,ssn\\nAnn,219-44-7731' }, { path: b.csv, code: '219-44-7732' }]
      good: [{ path: a.csv, code: '000-12-3456' }, { path: b.csv, code: '123-45-6789' }]
`;

export function testPacks() {
  const packs = loadRulePacks([{ file: "rules/test.yml", text: PACK }, { file: "rules/phi.yml", text: PHI }]);
  if (packs.errors.length > 0) throw new Error(JSON.stringify(packs.errors));
  return packs;
}

export interface TestProbot {
  probot: Probot;
  app: HipaaApp;
  logs: string[];
}

/** A Probot with the App loaded on an embedded queue journaled in a fresh temporary directory (or `stateDir`). */
export async function testProbot(options: Partial<AppOptions> & { concurrency?: number; stateDir?: string } = {}): Promise<TestProbot> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const probot = new Probot({
    appId: 1,
    privateKey,
    log: pino({ level: "debug" }, stream),
    Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  const { concurrency, stateDir, ...rest } = options;
  const queue = await EmbeddedQueue.open({
    dir: stateDir ?? mkdtempSync(join(tmpdir(), "hipaa-app-")),
    concurrency: concurrency ?? 4,
    maxQueued: 10_000,
    retryBaseMs: 10,
    onError: (job, error, final) => probot.log.error({ job: job.id }, `review job failed${final ? " for the last time" : ""}: ${(error as Error).message}`),
  });
  const app = createHipaaApp({ packs: testPacks(), now: () => new Date("2026-11-20T10:00:00Z"), queue, ...rest });
  await probot.load(app.appFn);
  await app.started;
  return { probot, app, logs };
}
