// Validates the request bodies the App sends against GitHub's own REST OpenAPI description
// (@octokit/openapi), so a field GitHub would reject fails our build instead of production.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";

interface Operation {
  requestBody?: { content?: Record<string, { schema?: object }> };
}
type Spec = { paths: Record<string, Record<string, Operation>> };

let spec: Spec | undefined;
let routes: { method: string; template: string; re: RegExp; params: number }[] | undefined;
const compiled = new Map<string, ValidateFunction | null>();
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

function load(): NonNullable<typeof routes> {
  if (routes) return routes;
  const require = createRequire(import.meta.url);
  spec = JSON.parse(readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.deref.json"), "utf8")) as Spec;
  routes = [];
  for (const [template, ops] of Object.entries(spec.paths)) {
    const re = new RegExp("^" + template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+") + "$");
    const params = (template.match(/\{/g) ?? []).length;
    for (const method of Object.keys(ops)) routes.push({ method: method.toUpperCase(), template, re, params });
  }
  routes.sort((a, b) => a.params - b.params);
  return routes;
}

/** Problems with `body` for `METHOD path` per GitHub's OpenAPI description; [] when valid. */
export function validateGitHubRequest(method: string, path: string, body: unknown): string[] {
  const clean = path.replace(/^\/api\/v3/, "").split("?")[0]!;
  const route = load().find((r) => r.method === method.toUpperCase() && r.re.test(clean));
  if (!route) return [`${method} ${clean} is not an endpoint in GitHub's REST description`];
  const key = `${route.method} ${route.template}`;
  if (!compiled.has(key)) {
    const schema = spec!.paths[route.template]![route.method.toLowerCase()]!.requestBody?.content?.["application/json"]?.schema;
    compiled.set(key, schema ? ajv.compile(schema) : null);
  }
  const validate = compiled.get(key);
  if (!validate) return body === undefined || body === "" ? [] : [`${key} takes no JSON body`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "(body)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}
