// `unless_near` windows with `closer` (docs/rules.md): the nearest section header above a line decides which section
// it is in — the window keeps the rule quiet only when its line is nearer above than the rule's nearest `near` line.
import { describe, expect, it } from "vitest";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";

const pack = (quietSide = "above", closer = "true") => `area: audit-controls
title: t
safeguard: "164.312(b)"
description: t
rules:
  - id: prod-debug
    title: Debug in the production section
    severity: warning
    paths: ['**/*.xml']
    keywords: [debug]
    patterns: ['(?i)level="debug"']
    near:
      patterns: ['<profile name="prod">']
      within: 15
      side: above
    unless_near:
      patterns: ['<profile name="dev">', '</profile>']
      within: 15
      side: ${quietSide}
      closer: ${closer}
    message: m
    remediation: r
    examples:
      bad: [{ path: a.xml, code: "<profile name=\\"prod\\">\\n  <logger level=\\"DEBUG\\"/>" }]
      good: [{ path: a.xml, code: "<profile name=\\"prod\\">\\n</profile>\\n<profile name=\\"dev\\">\\n  <logger level=\\"DEBUG\\"/>" }]
`;

const scan = (text: string, withContent = true) => {
  const loaded = loadRulePacks([{ file: "rules/t.yml", text: pack() }]);
  expect(loaded.errors.map(formatError)).toEqual([]);
  const file: FileDiff = { path: "logback.xml", status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
  return evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), file, withContent ? text : undefined, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-04" }).findings.map((f) => f.line);
};

describe("unless_near with closer", () => {
  it("lets the nearest header above decide the section", () => {
    // a development section closed above the production one: the production section's loggers are flagged
    expect(scan('<profile name="dev">\n  <logger level="DEBUG"/>\n</profile>\n<profile name="prod">\n  <logger level="DEBUG"/>\n</profile>')).toEqual([5]);
    // the production section closed, a development one opened after it: quiet
    expect(scan('<profile name="prod">\n  <logger level="INFO"/>\n</profile>\n<profile name="dev">\n  <logger level="DEBUG"/>\n</profile>')).toEqual([]);
    // no production section above at all: the rule's own `near` is unmet
    expect(scan('<profile name="dev">\n  <logger level="DEBUG"/>')).toEqual([]);
  });

  it("is refused unless both windows look above, and with same_value", () => {
    const errors = (text: string) => loadRulePacks([{ file: "rules/t.yml", text }]).errors.map(formatError).join("\n");
    expect(errors(pack("both"))).toMatch(/closer.*side: above/);
    expect(errors(pack().replace("      closer: true", "      closer: true\n      same_value: true").replace("within: 15\n      side: above\n      closer", "within: 3\n      side: above\n      closer"))).toMatch(/`closer` and `same_value`/);
    expect(errors(pack("above", "false"))).toBe("");
  });
});

const sectionsPack = (extra = "") => `area: access-control
title: t
safeguard: "164.312(a)(1)"
description: t
rules:
  - id: public-db
    title: Public network access on a database
    severity: error
    paths: ['**/*.bicep']
    keywords: [publicnetworkaccess]
    patterns: ["publicNetworkAccess: 'Enabled'"]
    unless_near:
      patterns: ["^resource \\\\w+ 'Microsoft\\\\.Web/"]
      within: 30
      side: above
      sections: ["^resource "]${extra}
    message: m
    remediation: r
    examples:
      bad: [{ path: a.bicep, code: "resource db 'Microsoft.Sql/servers@2023' = {\\n  publicNetworkAccess: 'Enabled'" }]
      good: [{ path: a.bicep, code: "resource app 'Microsoft.Web/sites@2023' = {\\n  publicNetworkAccess: 'Enabled'" }]
`;

describe("unless_near with sections", () => {
  const scan = (text: string) => {
    const loaded = loadRulePacks([{ file: "rules/t.yml", text: sectionsPack() }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const file: FileDiff = { path: "main.bicep", status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
    return evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), file, text, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-04" }).findings.map((f) => f.line);
  };

  it("counts the window's line only when it opens the finding's section", () => {
    // the web app's own setting: quiet
    expect(scan("resource app 'Microsoft.Web/sites@2023' = {\n  properties: {\n    publicNetworkAccess: 'Enabled'\n  }\n}")).toEqual([]);
    // a database declared after the web app: its setting is the database's, flagged
    expect(scan("resource app 'Microsoft.Web/sites@2023' = {\n}\nresource db 'Microsoft.Sql/servers@2023' = {\n  properties: {\n    publicNetworkAccess: 'Enabled'\n  }\n}")).toEqual([5]);
    // a web app declared after the database: the web app's again
    expect(scan("resource db 'Microsoft.Sql/servers@2023' = {\n}\nresource app 'Microsoft.Web/sites@2023' = {\n  publicNetworkAccess: 'Enabled'\n}")).toEqual([]);
    // no header at all (a parameter default): flagged
    expect(scan("param x string = 'y'\npublicNetworkAccess: 'Enabled'")).toEqual([2]);
  });

  it("is refused on any side but above, and with closer or same_value", () => {
    const errors = (text: string) => loadRulePacks([{ file: "rules/t.yml", text }]).errors.map(formatError).join("\n");
    expect(errors(sectionsPack().replace("side: above\n      sections", "side: both\n      sections"))).toMatch(/`sections`.*side: above` or `side: below/);
    expect(errors(sectionsPack("\n      same_value: true").replace("within: 30", "within: 3"))).toMatch(/`sections`.*without `closer` or `same_value`/);
    expect(errors(sectionsPack())).toBe("");
  });
});

describe("unless_near with sections below", () => {
  const below = `area: access-control
title: t
safeguard: "164.312(a)(1)"
description: t
rules:
  - id: route-without-auth
    title: Route without authorization
    severity: error
    paths: ['**/*.cs']
    keywords: [mapget]
    patterns: ['^app\\.MapGet\\("/patients']
    unless_near:
      patterns: ['^\\s*\\.RequireAuthorization\\(']
      within: 10
      side: below
      sections: ['\\.Map(Get|Group)\\(']
    message: m
    remediation: r
    examples:
      bad: [{ path: a.cs, code: 'app.MapGet("/patients", List);' }]
      good: [{ path: a.cs, code: "app.MapGet(\\"/patients\\", List)\\n    .RequireAuthorization();" }]
`;
  const scan = (text: string) => {
    const loaded = loadRulePacks([{ file: "rules/t.yml", text: below }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const file: FileDiff = { path: "Program.cs", status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
    return evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), file, text, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-04" }).findings.map((f) => f.line);
  };

  it("counts a chained call only before the next section opens", () => {
    // the route's own continuation, after a multi-line lambda: quiet
    expect(scan('app.MapGet("/patients", async () =>\n{\n    return Results.Ok();\n})\n.RequireAuthorization();')).toEqual([]);
    // the next group's continuation: the route is flagged
    expect(scan('app.MapGet("/patients", List);\n\nvar admin = app.MapGroup("/admin")\n    .RequireAuthorization("Admin");')).toEqual([1]);
  });
});
