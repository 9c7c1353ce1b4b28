// Settings written as a name and a value (engine/matchers/name-value.ts): a line holding a pair's value is also read
// as `NAME: value` by the line rules that are not about secrets or PHI.
import { describe, expect, it } from "vitest";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { nameValueViews } from "../../src/engine/matchers/name-value.js";
import { foldLine } from "../../src/engine/matchers/pattern-prefilter.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";

const views = (line: string, previous?: string) => nameValueViews(line, foldLine(line), () => previous).map((v) => v.text);

describe("nameValueViews", () => {
  it("reads a value under its name, and a pair on one line", () => {
    expect(views("              value: Development", "            - name: ASPNETCORE_ENVIRONMENT")).toEqual(["ASPNETCORE_ENVIRONMENT: Development"]);
    expect(views("          value: 'Debug'", "          name: 'Serilog__MinimumLevel__Default'")).toEqual(["Serilog__MinimumLevel__Default: 'Debug'"]);
    expect(views('        "Value": "true",', '        "Name": "LOG_REQUEST_BODIES",')).toEqual(['LOG_REQUEST_BODIES: "true"']);
    expect(views("        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Development' }")).toEqual(["ASPNETCORE_ENVIRONMENT: 'Development'"]);
    expect(views('  { "name": "NODE_ENV", "value": "development" },')).toEqual(['NODE_ENV: "development"']);
    expect(views('        { name = "ASPNETCORE_ENVIRONMENT", value = "Development" },')).toEqual(['ASPNETCORE_ENVIRONMENT: "Development"']);
    expect(views('          value = "0"', '          name  = "NODE_TLS_REJECT_UNAUTHORIZED"')).toEqual(['NODE_TLS_REJECT_UNAUTHORIZED: "0"']);
    // an XML element's attributes (an IDE run configuration's `<env>`)
    expect(views('      <env name="DB_SSL_MODE" value="allow" />')).toEqual(['DB_SSL_MODE: "allow"']);
    expect(views("            value: 'false' // until the namespace is live", "            name: 'AUDIT_LOG_ENABLED'")).toEqual(["AUDIT_LOG_ENABLED: 'false'"]);
  });

  it("reads nothing without a name line above, or from a value that is a structure", () => {
    expect(views("      value: debug", "      key: LOG_LEVEL")).toEqual([]);
    expect(views("      value: debug")).toEqual([]);
    expect(views("      value:", "    - name: LOG_LEVEL")).toEqual([]);
    expect(views("      value: { a: 1 }", "    - name: LOG_LEVEL")).toEqual([]);
  });

  it("reads crafted long lines in bounded time", () => {
    const long = `value: ${"a ".repeat(100_000)}`;
    const t = performance.now();
    expect(views(long, "- name: LOG_LEVEL")).toEqual([]);
    expect(views(`{ name: '${"x".repeat(100_000)}', value: 'y' }`)).toEqual([]);
    expect(performance.now() - t).toBeLessThan(1_000);
  });
});

describe("rules read name/value pairs", () => {
  const rules = new Ruleset(loadDefaultRules().rules.map((r) => compileRule(r)));
  const findings = (path: string, text: string) => {
    const file: FileDiff = { path, status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
    return evaluateFile(rules, file, text, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-04" }).findings.map((f) => `${f.ruleId}:${f.line}`);
  };

  it("flags a production manifest's development environment and debug level, and not a development manifest's", () => {
    const manifest = "          env:\n            - name: ASPNETCORE_ENVIRONMENT\n              value: Development\n            - name: LOG_LEVEL\n              value: debug";
    expect(findings("deploy/k8s/production/api.yaml", manifest)).toEqual(["app-debug-mode-production:3", "app-production-log-level-debug:5"]);
    expect(findings("deploy/k8s/dev/api.yaml", manifest)).toEqual([]);
  });

  it("never reads a secret through a pair (the secret rules read the line as written)", () => {
    // only the rule written for Kubernetes env entries reports it; the generic credential rules, which would match
    // `DB_PASSWORD: …`, do not read the view
    expect(findings("deploy/k8s/production/api.yaml", "            - name: DB_PASSWORD\n              value: \"Zq8#mT2v!pL9xR4w\"")).toEqual(["secret-k8s-env-value:2"]);
  });
});
