// A pack's `words` (named alternations used as `{{name}}` in patterns) and the default that keeps settings rules
// out of local-development configuration (`dev_config`, docs/rules.md).
import { describe, expect, it } from "vitest";
import { packErrors, scanWithPack } from "./pack-scan.js";

const pack = (rule: string, words = "words:\n  records: 'patients?|charts?'\n") => `area: access-control
title: t
safeguard: "164.312(a)(1)"
description: t
${words}rules:
${rule}`;

const rule = (extra = "", pattern = "'\"/({{records}})\"'") => `  - id: r
    title: t
    severity: error
    keywords: [get]
    patterns: [${pattern}]${extra}
    message: m
    remediation: r
    examples:
      bad: [{ path: a.js, code: 'app.get("/patients")' }]
      good: [{ path: a.js, code: 'app.get("/health")' }]
`;

const scan = (text: string, path = "src/routes.js", source = pack(rule())) => scanWithPack(source, path, text);

describe("pack words", () => {
  it("expands {{name}} in patterns", () => {
    expect(scan('app.get("/charts")\napp.get("/health")')).toEqual([1]);
  });

  it("names an unknown word list, with the rule's line", () => {
    expect(packErrors(pack(rule("", "'\"/({{visits}})\"'")))).toMatch(/rules\/t\.yml:\d+.*unknown word list "\{\{visits\}\}"; the pack's `words` define \{\{records\}\}/);
  });
});

describe("local-development configuration", () => {
  it("is left out of a settings rule, and read by a sensitive one or one that asks", () => {
    expect(scan('app.get("/patients")', "src/main/resources/application-local.yml")).toEqual([]);
    expect(scan('app.get("/patients")', "infra/dev/routes.js")).toEqual([]);
    expect(scan('app.get("/patients")', "infra/prod/routes.js")).toEqual([1]);
    expect(scan('app.get("/patients")', "src/main/resources/application-local.yml", pack(rule("\n    dev_config: true")))).toEqual([1]);
  });
});
