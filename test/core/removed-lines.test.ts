// A change that only deletes lines still changes the file: a safeguard deleted outright (`storage_encrypted = true`
// removed from a database) leaves its removed lines on the context line after them, and whole-resource rules read the
// resource it was deleted from; a rename or a deletion outside any resource touches none.
import { describe, expect, it } from "vitest";
import { AddedLines } from "../../src/engine/diff/added-lines.js";
import { diffTexts } from "../../src/engine/diff/diff-texts.js";
import { parseFileDiff, parseHunks } from "../../src/engine/diff/parse-file-diff.js";
import { splitFiles } from "../../src/engine/diff/split-diff.js";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { runScan, type ChangeSource } from "../../src/engine/scan.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";

const PACK = `
area: encryption-at-rest
title: Test pack
safeguard: "164.312(a)(2)(iv)"
rules:
  - id: db-unencrypted
    title: Database storage not encrypted
    severity: error
    languages: [terraform]
    scope: block
    block: { kind: terraform-resource, types: [aws_db_instance], missing: ['storage_encrypted\\s*=\\s*true'] }
    message: Storage is not encrypted.
    remediation: Encrypt it.
    examples: { bad: ['resource "aws_db_instance" "d" {\\n}'], good: ['resource "aws_db_instance" "d" {\\n  storage_encrypted = true\\n}'] }
`;

function ruleset(): Ruleset {
  const loaded = loadRulePacks([{ file: "rules/test.yml", text: PACK }]);
  expect(loaded.errors.map(formatError)).toEqual([]);
  return new Ruleset(loaded.rules.map((r) => compileRule(r)));
}
const ctx = { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-01" };

const BASE = ['resource "aws_db_instance" "clinical" {', '  engine            = "postgres"', "  storage_encrypted = true", '  kms_key_id        = "k"', "}", "", 'resource "aws_db_instance" "reports" {', '  engine = "postgres"', "  storage_encrypted = true", "}", ""].join("\n");
const without = (text: string, drop: (l: string, i: number) => boolean) => text.split("\n").filter((l, i) => !drop(l, i)).join("\n");

function fileDiff(before: string, after: string): FileDiff {
  return { path: "infra/db.tf", status: "modified", binary: false, lines: diffTexts(before, after) };
}

describe("lines a change only removes", () => {
  it("are left on the context line after them, or before them when the hunk ends with them", () => {
    const patch = ["@@ -1,6 +1,4 @@", " a", "-b", "-c", " d", " e", "-f", ""].join("\n");
    const lines = parseHunks(patch.replace("@@ -1,6 +1,4 @@", "@@ -1,6 +1,3 @@"));
    expect(lines.map((l) => [l.line, l.text, l.removedAbove, l.removedBelow])).toEqual([
      [1, "a", undefined, undefined],
      [2, "d", ["b", "c"], undefined],
      [3, "e", undefined, ["f"]],
    ]);
  });

  it("are not left anywhere when the run also added lines (those carry them as `replaced`)", () => {
    const lines = diffTexts("a\nb\nc\n", "a\nB\nc\n");
    expect(lines.map((l) => [l.text, l.added, l.replaced, l.removedAbove])).toEqual([
      ["a", false, undefined, undefined],
      ["B", true, ["b"], undefined],
      ["c", false, undefined, undefined],
    ]);
  });

  it("are read the same from a git diff and from two versions of a file", async () => {
    const after = without(BASE, (_, i) => i === 2);
    const diff = ["diff --git a/infra/db.tf b/infra/db.tf", "--- a/infra/db.tf", "+++ b/infra/db.tf", "@@ -1,5 +1,4 @@", ' resource "aws_db_instance" "clinical" {', '   engine            = "postgres"', "-  storage_encrypted = true", '   kms_key_id        = "k"', " }", ""].join("\n");
    const parsed: FileDiff[] = [];
    for await (const chunk of splitFiles([diff])) parsed.push(parseFileDiff(chunk)!);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]!.lines.filter((l) => l.removedAbove).map((l) => [l.line, l.removedAbove])).toEqual([[3, ["  storage_encrypted = true"]]]);
    expect(diffTexts(BASE, after).filter((l) => l.removedAbove).map((l) => [l.line, l.removedAbove])).toEqual([[3, ["  storage_encrypted = true"]]]);
  });
});

describe("a whole-resource rule on a change that only removed lines", () => {
  it("reads the resource a safeguard was deleted from, on the context line after the deletion", () => {
    const after = without(BASE, (_, i) => i === 2);
    const { findings, notices } = evaluateFile(ruleset(), fileDiff(BASE, after), after, ctx, { base: BASE });
    expect(notices).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.line, f.snippet?.trim(), f.inBase])).toEqual([["db-unencrypted", 3, 'kms_key_id        = "k"', undefined]]);
  });

  it("reads it when the hunk ends with the deletion (the resource's last lines)", () => {
    const after = without(BASE, (_, i) => i >= 8).replace(/\n$/, "");
    const file: FileDiff = { path: "infra/db.tf", status: "modified", binary: false, lines: parseHunks(["@@ -7,5 +7,2 @@", ' resource "aws_db_instance" "reports" {', '   engine = "postgres"', "-  storage_encrypted = true", "-}", "-", ""].join("\n")) };
    expect(evaluateFile(ruleset(), file, after + "\n", ctx, { base: BASE }).findings.map((f) => [f.line, f.snippet?.trim()])).toEqual([[8, 'engine = "postgres"']]);
  });

  it("leaves a deletion between resources, a whole resource deleted and a rename alone", () => {
    const gone = without(BASE, (_, i) => i >= 5 && i <= 9);
    expect(evaluateFile(ruleset(), fileDiff(BASE, gone), gone, ctx, { base: BASE }).findings).toEqual([]);
    const renamed: FileDiff = { path: "infra/db.tf", oldPath: "infra/old.tf", status: "renamed", binary: false, lines: [] };
    expect(evaluateFile(ruleset(), renamed, undefined, ctx)).toEqual({ findings: [], notices: [] });
  });

  it("is still a note when the resource was already weak in the base revision", () => {
    const weakBase = without(BASE, (_, i) => i === 2);
    const after = without(weakBase, (_, i) => i === 2);
    const [finding] = evaluateFile(ruleset(), fileDiff(weakBase, after), after, ctx, { base: weakBase }).findings;
    expect(finding).toMatchObject({ ruleId: "db-unencrypted", inBase: true });
  });

  it("the scan reads the head of a file whose change only removed lines", async () => {
    const after = without(BASE, (_, i) => i === 2);
    const reads: string[] = [];
    const source: ChangeSource = {
      async *files() {
        yield fileDiff(BASE, after);
      },
      readHead: async (path) => (reads.push(path), after),
      readBase: async () => BASE,
    };
    const rules = ruleset();
    const { findings, notices } = await runScan({ source, policy: { thresholds: DEFAULT_THRESHOLDS, rulesFor: () => rules, judge: (f) => f.severity }, today: ctx.today });
    expect(reads).toEqual(["infra/db.tf"]);
    expect(notices).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.line, f.severity])).toEqual([["db-unencrypted", 3, "error"]]);
  });
});

const REMOVED_PACK = `
area: access-control
title: Test pack
safeguard: "164.312(a)(1)"
rules:
  - id: check-removed
    title: Check removed
    severity: warning
    scope: removed
    keywords: [preauthorize, deny]
    patterns: ['^\\s*@PreAuthorize\\b', '^\\s*deny\\s+all\\s*;']
    guards: ['^\\s*location\\b']
    message: The check is removed.
    remediation: Keep it.
    examples:
      bad: [{ path: A.java, before: "@PreAuthorize(\\"x\\")\\npublic void a() {\\n", code: "public void a() {\\n" }]
      good: [{ path: A.java, code: "public void a() {\\n" }]
  - id: redirect-removed
    title: Redirect removed
    severity: warning
    scope: removed
    patterns: ['^\\s*SECURE_SSL_REDIRECT\\s*=\\s*True']
    message: The redirect is removed.
    remediation: Keep it.
    examples:
      bad: [{ path: settings.py, before: "SECURE_SSL_REDIRECT = True\\nDEBUG = False\\n", code: "DEBUG = False\\n" }]
      good: [{ path: settings.py, code: "DEBUG = False\\n" }]
  - id: scope-removed
    title: Scope removed
    severity: warning
    scope: removed
    keywords: [foruser]
    patterns: ['\\bfindForUser\\(']
    message: The scope is removed.
    remediation: Keep it.
    examples:
      bad: [{ path: R.kt, before: "val f = s.findForUser(id, p)\\nrespond(f)\\n", code: "val f = s.find(id)\\nrespond(f)\\n" }]
      good: [{ path: R.kt, code: "val f = s.find(id)\\n" }]
`;

function removedRules(): Ruleset {
  const loaded = loadRulePacks([{ file: "rules/test.yml", text: REMOVED_PACK }]);
  expect(loaded.errors.map(formatError)).toEqual([]);
  return new Ruleset(loaded.rules.map((r) => compileRule(r)));
}

/** The findings of the removed-line rules on the change from `before` to `after` (the head read whole). */
function removedFindings(path: string, before: string, after: string) {
  const file: FileDiff = { path, status: "modified", binary: false, lines: diffTexts(before, after) };
  return evaluateFile(removedRules(), file, after, ctx).findings.map((f) => [f.ruleId, f.startLine, f.line, f.snippet]);
}

const CONTROLLER = ["class C {", "    @GetMapping(\"/a\")", "    public A a() { return a; }", "", "    @PreAuthorize(\"hasRole('ADMIN')\")", "    @DeleteMapping(\"/{id}\")", "    public void delete(String id) {", "        service.delete(id);", "    }", "}", ""].join("\n");

describe("a rule that reads what a change removes (`scope: removed`)", () => {
  it("fires on a check deleted outright, spanning the lines around where it was, its excerpt the removed line", () => {
    const after = without(CONTROLLER, (_, i) => i === 4);
    expect(removedFindings("src/C.java", CONTROLLER, after)).toEqual([["check-removed", 4, 5, "@PreAuthorize(\"hasRole('ADMIN')\")"]]);
  });

  it("is quiet when the check comes back anywhere in the file, or went with the method it guarded", () => {
    const moved = without(CONTROLLER, (_, i) => i === 4).replace("class C {", "@PreAuthorize(\"hasRole('ADMIN')\")\nclass C {");
    expect(removedFindings("src/C.java", CONTROLLER, moved)).toEqual([]);
    const retired = without(CONTROLLER, (_, i) => i >= 3 && i <= 8);
    expect(removedFindings("src/C.java", CONTROLLER, retired)).toEqual([]);
  });

  it("is quiet when a Ktor route block goes whole (moved to another file's routes), not when its lookup is rewritten", () => {
    const routing = ["fun Application.configureRouting(s: IntakeService) {", "    routing {", "        authenticate(\"jwt\") {", "            route(\"/api/v1/intake\") {", "                get(\"/{id}\") {", "                    val form = s.findForUser(id, principal.subject!!)", "                    call.respond(form)", "                }", "            }", "        }", "    }", "}", ""].join("\n");
    const moved = routing.split("\n").filter((_, i) => i < 3 || i > 8).join("\n").replace("        }\n    }\n}", "            intakeRoutes(s)\n        }\n    }\n}");
    expect(removedFindings("src/Routing.kt", routing, moved)).toEqual([]);
    const rewritten = routing.replace("s.findForUser(id, principal.subject!!)", "s.find(id)");
    expect(removedFindings("src/Routing.kt", routing, rewritten).map((f) => f[0])).toEqual(["scope-removed"]);
  });

  it("still fires when another method keeps the same annotation; a duplicate setting removed beside its twin does not", () => {
    const twin = CONTROLLER.replace("    @GetMapping", "    @PreAuthorize(\"hasRole('ADMIN')\")\n    @GetMapping");
    expect(removedFindings("src/C.java", twin, without(twin, (_, i) => i === 5)).map((f) => f[0])).toEqual(["check-removed"]);
    const settings = "SECURE_SSL_REDIRECT = True\nDEBUG = False\nALLOWED_HOSTS = []\nSECURE_SSL_REDIRECT = True\n";
    expect(removedFindings("app/settings.py", settings, "SECURE_SSL_REDIRECT = True\nDEBUG = False\nALLOWED_HOSTS = []\n")).toEqual([]);
    // (both removed, three lines apart: one weakness, one finding spanning both runs)
    expect(removedFindings("app/settings.py", settings, "DEBUG = False\nALLOWED_HOSTS = []\n")).toEqual([["redirect-removed", 1, 2, "SECURE_SSL_REDIRECT = True"]]);
    // …while runs further apart are reported each on its own
    const far = "SECURE_SSL_REDIRECT = True\n" + "X = 1\n".repeat(10) + "SECURE_SSL_REDIRECT = True\n";
    expect(removedFindings("app/settings.py", far, "X = 1\n".repeat(10)).map((f) => [f[0], f[2]])).toEqual([["redirect-removed", 1], ["redirect-removed", 10]]);
  });

  it("spans a run that replaced lines from the line above it to the line below it", () => {
    const before = "server {\n    listen 80;\n    deny all;\n    root /srv;\n}\n";
    const after = "server {\n    listen 8080;\n    root /srv;\n}\n";
    expect(removedFindings("nginx/site.conf", before, after)).toEqual([["check-removed", 1, 3, "deny all;"]]);
  });

  it("spans lines removed right after a run that replaced lines (only blank lines kept between) from that run's start", () => {
    // (a diff keeps the rewritten block's blank line as the old one's: the removal below it belonged to the rewrite)
    const before = "server {\n    listen 80;\n    server_name a;\n\n    deny all;\n\n    root /srv;\n}\n";
    const after = "server {\n    listen 8080;\n    server_name b;\n\n    root /srv;\n}\n";
    expect(removedFindings("nginx/site.conf", before, after)).toEqual([["check-removed", 1, 5, "deny all;"]]);
    // …not when a kept line that is not blank stands between
    const kept = "server {\n    listen 80;\n    server_name a;\n    index x;\n    deny all;\n    root /srv;\n}\n";
    expect(removedFindings("nginx/site.conf", kept, "server {\n    listen 8080;\n    server_name b;\n    index x;\n    root /srv;\n}\n")).toEqual([["check-removed", 4, 5, "deny all;"]]);
  });

  it("leaves a run to a line rule of its area that reports a line it spans (one weakness, reported once)", () => {
    const lineRule = `  - id: plain-listen\n    title: Plain listener\n    severity: error\n    patterns: ['listen\\s+8080']\n    message: Plain.\n    remediation: TLS.\n    examples: { bad: [{ path: a.conf, code: "listen 8080;" }], good: [{ path: a.conf, code: "listen 443 ssl;" }] }\n`;
    const loaded = loadRulePacks([{ file: "rules/test.yml", text: REMOVED_PACK + lineRule }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const before = "server {\n    listen 80;\n    deny all;\n    root /srv;\n}\n";
    const after = "server {\n    listen 8080;\n    root /srv;\n}\n";
    const file: FileDiff = { path: "nginx/site.conf", status: "modified", binary: false, lines: diffTexts(before, after) };
    expect(evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), file, after, ctx).findings.map((f) => [f.ruleId, f.line])).toEqual([["plain-listen", 2]]);
  });

  it("is quiet when a CI step, task or container is removed whole (a named list entry)", () => {
    const before = "steps:\n  - name: Restart\n    run: restart\n  - name: Set URL\n    run: set POSTGRES_URL=jdbc:postgresql://db:5432/x?sslmode=require\n  - name: Done\n    run: done\n";
    const pack = `area: transmission-security\ntitle: T\nsafeguard: "164.312(e)(1)"\nrules:\n  - id: tls-removed\n    title: TLS removed\n    severity: warning\n    scope: removed\n    patterns: ['sslmode=require']\n    message: M.\n    remediation: R.\n    examples: { bad: [{ path: a.yml, before: "u: x?sslmode=require", code: "u: x" }], good: [{ path: a.yml, code: "u: x" }] }\n`;
    const loaded = loadRulePacks([{ file: "rules/test.yml", text: pack }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const after = "steps:\n  - name: Restart\n    run: restart\n  - name: Done\n    run: done\n";
    const file: FileDiff = { path: ".github/workflows/release.yml", status: "modified", binary: false, lines: diffTexts(before, after) };
    expect(evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), file, after, ctx).findings).toEqual([]);
    const edited = before.replace("?sslmode=require", "");
    const kept: FileDiff = { path: ".github/workflows/release.yml", status: "modified", binary: false, lines: diffTexts(before, edited) };
    expect(evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), kept, edited, ctx).findings.map((f) => f.ruleId)).toEqual(["tls-removed"]);
  });

  it("reads its `near` and `unless_near` windows in the base too, where the removed line stood", () => {
    // a field removed from a query's condition, or from a log call's fields: only the base says which it was
    const pack = `area: access-control\ntitle: T\nsafeguard: "164.312(a)(1)"\nrules:\n  - id: caller-condition-removed\n    title: Caller condition removed\n    severity: warning\n    scope: removed\n    patterns: ['^\\s*userId:\\s*req\\.user']\n    near: { side: above, within: 6, patterns: ['findMany\\(', 'logger\\.info\\('] }\n    unless_near: [{ side: above, within: 6, patterns: ['logger\\.info\\('] }]\n    message: M.\n    remediation: R.\n    examples: { bad: [{ path: a.ts, before: "db.visit.findMany({\\n  where: {\\n    userId: req.user.id,\\n  },\\n});", code: "db.visit.findMany({\\n  where: {\\n  },\\n});" }], good: [{ path: a.ts, code: "x" }] }\n`;
    const loaded = loadRulePacks([{ file: "rules/test.yml", text: pack }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const rules = new Ruleset(loaded.rules.map((r) => compileRule(r)));
    const run = (before: string, after: string) => evaluateFile(rules, { path: "src/a.ts", status: "modified", binary: false, lines: diffTexts(before, after) }, after, ctx).findings.map((f) => f.ruleId);
    // the query rewritten whole: its call is only in the base, and the `near` window finds it there
    const query = "const a = 1;\nconst visits = await db.visit.findMany({\n  where: {\n    patientId,\n    userId: req.user.id,\n  },\n});\n";
    expect(run(query, "const a = 1;\nconst visits = await listVisits(patientId);\n")).toEqual(["caller-condition-removed"]);
    // a log call's field, the call rewritten whole: the `unless_near` window finds the call in the base
    const log = "const a = 1;\nlogger.info('done', {\n  method: req.method,\n  userId: req.user.id,\n});\n";
    expect(run(log, "const a = 1;\nconst requestLogger = pinoHttp({\n  method: req.method,\n});\n")).toEqual([]);
  });

  it("is quiet when what the rule's `guards` name went with it (an nginx location)", () => {
    const before = "location /old/ {\n    deny all;\n}\nlocation / {\n    root /srv;\n}\n";
    expect(removedFindings("nginx/site.conf", before, "location / {\n    root /srv;\n}\n")).toEqual([]);
  });

  it("asks for the head when a removed setting's twin is not among the lines the diff shows", () => {
    const before = "SECURE_SSL_REDIRECT = True\nDEBUG = False\n";
    const file: FileDiff = { path: "app/settings.py", status: "modified", binary: false, lines: diffTexts(before, "DEBUG = False\n") };
    expect(evaluateFile(removedRules(), file, undefined, ctx).wantsContent).toBe(true);
  });

  it("needs a `before` in its bad examples, and `guards` only on such a rule", () => {
    const pack = (rule: string) => `area: access-control\ntitle: T\nsafeguard: "164.312(a)(1)"\nrules:\n  - id: r\n    title: R\n    severity: warning\n${rule}    patterns: ['x']\n    message: M.\n    remediation: R.\n    examples: { bad: [{ path: a.txt, code: "y" }], good: [{ path: a.txt, code: "y" }] }\n`;
    const errors = (rule: string) => loadRulePacks([{ file: "rules/test.yml", text: pack(rule) }]).errors.map(formatError).join("\n");
    expect(errors("    scope: removed\n")).toMatch(/its bad examples need a `before`/);
    expect(errors("    guards: ['z']\n")).toMatch(/`guards` is only for `scope: removed` rules/);
  });
});

describe("a safeguard moved to another file of the change", () => {
  const models = "from auditlog.registry import auditlog\n\nclass Patient(models.Model):\n    pass\n\nauditlog.register(Patient)\n";
  const pack = `area: audit-controls\ntitle: T\nsafeguard: "164.312(b)"\nrules:\n  - id: audit-removed\n    title: Audit removed\n    severity: warning\n    scope: removed\n    patterns: ['auditlog\\.register\\(']\n    message: M.\n    remediation: R.\n    examples: { bad: [{ path: a.py, before: "auditlog.register(P)", code: "x = 1" }], good: [{ path: a.py, code: "x = 1" }] }\n`;
  function scan(files: FileDiff[]) {
    const loaded = loadRulePacks([{ file: "rules/test.yml", text: pack }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const rules = new Ruleset(loaded.rules.map((r) => compileRule(r)));
    const source: ChangeSource = {
      async *files() {
        yield* files;
      },
      readHead: async () => undefined,
    };
    return runScan({ source, policy: { thresholds: DEFAULT_THRESHOLDS, rulesFor: () => rules, judge: (f) => f.severity }, today: ctx.today });
  }
  const removedFrom: FileDiff = { path: "clinic/records/models.py", status: "modified", binary: false, lines: diffTexts(models, models.replace("\nauditlog.register(Patient)\n", "\n")) };
  const apps = (text: string): FileDiff => ({ path: "clinic/records/apps.py", status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) });

  it("is a move, not a removal, whether the file it went to is read before or after", async () => {
    const target = apps("class RecordsConfig(AppConfig):\n    def ready(self):\n        auditlog.register(Patient)");
    expect((await scan([removedFrom, target])).findings).toEqual([]);
    expect((await scan([target, removedFrom])).findings).toEqual([]);
  });

  it("is still a removal when no file of the change adds it back as it was", async () => {
    const { findings } = await scan([removedFrom, apps("class RecordsConfig(AppConfig):\n    name = 'records'")]);
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([["audit-removed", "clinic/records/models.py"]]);
  });

  it("is a move when the setting the removed line wrote is declared from a secret in another file (its value kept there)", async () => {
    const tlsPack = `area: transmission-security\ntitle: T\nsafeguard: "164.312(e)(1)"\nrules:\n  - id: tls-removed\n    title: TLS removed\n    severity: warning\n    scope: removed\n    patterns: ['sslmode=require']\n    message: M.\n    remediation: R.\n    examples: { bad: [{ path: a.yml, before: "u: x?sslmode=require", code: "u: x" }], good: [{ path: a.yml, code: "u: x" }] }\n`;
    const loaded = loadRulePacks([{ file: "rules/test.yml", text: tlsPack }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const rules = new Ruleset(loaded.rules.map((r) => compileRule(r)));
    const configMap = "data:\n  DATABASE_URL: postgres://app:pw@db:5432/clinic?sslmode=require\n  LOG_LEVEL: INFO\n";
    const removed: FileDiff = { path: "k8s/configmap.yaml", status: "modified", binary: false, lines: diffTexts(configMap, "data:\n  LOG_LEVEL: INFO\n") };
    const deployment = (env: string): FileDiff => ({ path: "k8s/deployment.yaml", status: "modified", binary: false, lines: diffTexts("env:\n", "env:\n" + env) });
    const scanOf = async (files: FileDiff[]) => {
      const source: ChangeSource = { async *files() { yield* files; }, readHead: async () => undefined };
      return (await runScan({ source, policy: { thresholds: DEFAULT_THRESHOLDS, rulesFor: () => rules, judge: (f) => f.severity }, today: ctx.today })).findings.map((f) => f.ruleId);
    };
    const fromSecret = "  - name: DATABASE_URL\n    valueFrom:\n      secretKeyRef:\n        name: app-secrets\n        key: database-url\n";
    expect(await scanOf([removed, deployment(fromSecret)])).toEqual([]);
    expect(await scanOf([deployment(fromSecret), removed])).toEqual([]);
    // (an External Secrets entry naming the key it fills, then where the value is read from)
    const externalSecret: FileDiff = { path: "k8s/externalsecret.yaml", status: "added", binary: false, lines: diffTexts("", "data:\n  - secretKey: DATABASE_URL\n    remoteRef:\n      key: clinic/database-url\n") };
    expect(await scanOf([externalSecret, removed])).toEqual([]);
    // a value the change shows is the line rules' to read: the removal still counts, and so does another setting's secret
    expect(await scanOf([removed, deployment("  - name: DATABASE_URL\n    value: postgres://app@db:5432/clinic\n")])).toEqual(["tls-removed"]);
    expect(await scanOf([removed, deployment(fromSecret.replace("DATABASE_URL", "REDIS_URL"))])).toEqual(["tls-removed"]);
  });

  it("keeps the lines it was given, and no line outside the lengths a safeguard has", () => {
    const lines = new AddedLines();
    lines.add("    auditlog.register(Patient)");
    expect(lines.has("auditlog.register(Patient)  ")).toBe(true);
    expect(lines.has("auditlog.register(Encounter)")).toBe(false);
    lines.add("}");
    expect(lines.has("}")).toBe(false);
  });
});

describe("a safeguard rewritten near where it was removed", () => {
  const pack = `area: encryption-at-rest\ntitle: T\nsafeguard: "164.312(a)(2)(iv)"\nrules:\n  - id: enc-removed\n    title: Encryption removed\n    severity: warning\n    scope: removed\n    keywords: [encrypt]\n    patterns: ['storageEncrypted:\\s*true']\n    message: M.\n    remediation: R.\n    examples: { bad: [{ path: a.ts, before: "storageEncrypted: true,", code: "x: 1," }], good: [{ path: a.ts, code: "x: 1," }] }\n`;
  const findings = (before: string, after: string) => {
    const loaded = loadRulePacks([{ file: "rules/test.yml", text: pack }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const file: FileDiff = { path: "infra/db.ts", status: "modified", binary: false, lines: diffTexts(before, after) };
    return evaluateFile(new Ruleset(loaded.rules.map((r) => compileRule(r))), file, after, ctx).findings.map((f) => f.ruleId);
  };
  const before = "const db = new aws.rds.Instance('db', {\n    engine: 'postgres',\n    storageEncrypted: true,\n    port: 5432,\n});\n";

  it("is left to the line rules when a line added nearby holds the rule's words", () => {
    expect(findings(before, before.replace("storageEncrypted: true,", "...encryptedStorage(cfg),"))).toEqual([]);
  });

  it("is still a removal when that line switches it off", () => {
    expect(findings(before, before.replace("storageEncrypted: true,", "storageEncrypted: false,"))).toEqual(["enc-removed"]);
    expect(findings(before, before.replace("storageEncrypted: true,", "storageEncrypted: \"off\", // BI-204"))).toEqual(["enc-removed"]);
  });
});
