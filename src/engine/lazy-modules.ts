/**
 * Libraries a scan rarely needs, loaded on first use instead of at start-up: the YAML parser (read only when a
 * policy file, a manifest or a CloudFormation-looking file is there) and the JSON Schema validator (only for such a
 * file). Loading both eagerly cost every CLI run — the pre-commit hook on every commit — about 100 ms before it
 * read the change. Both are CommonJS packages, so a synchronous `require` on first use keeps their callers
 * synchronous.
 */
import { createRequire } from "node:module";
import type * as YamlModule from "yaml";
import type * as AjvModule from "ajv";

const require = createRequire(import.meta.url);

let yamlModule: typeof YamlModule | undefined;
let ajvModule: typeof AjvModule | undefined;

/** The `yaml` package, loaded on first call. */
export function yaml(): typeof YamlModule {
  return (yamlModule ??= require("yaml") as typeof YamlModule);
}

/** The `ajv` package, loaded on first call. */
export function ajvPackage(): typeof AjvModule {
  return (ajvModule ??= require("ajv") as typeof AjvModule);
}
