// Windows with `closer` and `sections` (docs/rules.md): the nearest section header decides which section a line is in
// — `closer` compares with the rule's nearest `near` line, `sections` with the window's own headers (`near` or `unless_near`).
import { describe, expect, it } from "vitest";
import { packErrors, scanWithPack } from "./pack-scan.js";

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

const scan = (text: string, withContent = true) => scanWithPack(pack(), "logback.xml", text, withContent);

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
    const errors = packErrors;
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
  const scan = (text: string) => scanWithPack(sectionsPack(), "main.bicep", text);

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
    const errors = packErrors;
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
  const scan = (text: string) => scanWithPack(below, "Program.cs", text);

  it("counts a chained call only before the next section opens", () => {
    // the route's own continuation, after a multi-line lambda: quiet
    expect(scan('app.MapGet("/patients", async () =>\n{\n    return Results.Ok();\n})\n.RequireAuthorization();')).toEqual([]);
    // the next group's continuation: the route is flagged
    expect(scan('app.MapGet("/patients", List);\n\nvar admin = app.MapGroup("/admin")\n    .RequireAuthorization("Admin");')).toEqual([1]);
  });
});

describe("near with sections", () => {
  const nearPack = (side = "above") => `area: audit-controls
title: t
safeguard: "164.312(b)"
description: t
rules:
  - id: prod-job-debug
    title: Debug in a production job
    severity: warning
    paths: ['**/*.yml']
    keywords: [log_level]
    patterns: ['LOG_LEVEL: debug']
    near:
      patterns: ['environment: production']
      within: 20
      side: ${side}
      sections: ['^[\\w-]+:\\s*$']
    message: m
    remediation: r
    examples:
      bad: [{ path: a.yml, code: "deploy:\\n  environment: production\\n  variables:\\n    LOG_LEVEL: debug" }]
      good: [{ path: a.yml, code: "deploy:\\n  environment: staging\\n  variables:\\n    LOG_LEVEL: debug" }]
`;
  const scan = (text: string) => scanWithPack(nearPack(), ".gitlab-ci.yml", text);

  it("counts the window's line only in the finding's section", () => {
    // the production job's own variables: flagged
    expect(scan("deploy-prod:\n  environment: production\n  variables:\n    LOG_LEVEL: debug")).toEqual([4]);
    // the next job's variables, the production job above it: quiet
    expect(scan("deploy-prod:\n  environment: production\n  variables:\n    LOG_LEVEL: info\ndeploy-staging:\n  variables:\n    LOG_LEVEL: debug")).toEqual([]);
  });

  it("is refused on both sides", () => {
    expect(packErrors(nearPack("both"))).toMatch(/`sections`.*side: above` or `side: below/);
    expect(packErrors(nearPack())).toBe("");
  });
});
