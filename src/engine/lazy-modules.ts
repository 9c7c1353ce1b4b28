/**
 * Libraries a scan rarely needs, loaded on first use instead of at start-up: the YAML parser (read only when a
 * policy file, a manifest or a CloudFormation-looking file is there), the JSON Schema validator (only for such a
 * file) and the regex parser that derives a pattern's required literals (only for patterns the build did not). Loading both eagerly cost every CLI run — the pre-commit hook on every commit — about 100 ms before it
 * read the change. Both are CommonJS packages, so a synchronous `require` on first use keeps their callers
 * synchronous.
 */
import { createRequire } from "node:module";
import type * as YamlModule from "yaml";
import type * as AjvModule from "ajv";
import type * as RegexppModule from "@eslint-community/regexpp";

const require = createRequire(import.meta.url);

let yamlModule: typeof YamlModule | undefined;
let ajvModule: typeof AjvModule | undefined;
let regexppModule: typeof RegexppModule | undefined;

/** The `yaml` package, loaded on first call. */
export function yaml(): typeof YamlModule {
  return (yamlModule ??= require("yaml") as typeof YamlModule);
}

/** The `ajv` package, loaded on first call. */
export function ajvPackage(): typeof AjvModule {
  return (ajvModule ??= require("ajv") as typeof AjvModule);
}

/** The `@eslint-community/regexpp` package, loaded on first call. */
export function regexpp(): typeof RegexppModule {
  return (regexppModule ??= require("@eslint-community/regexpp") as typeof RegexppModule);
}
