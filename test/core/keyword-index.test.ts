// The keyword prefilter: which rules a line triggers, whatever the case, with keywords that overlap, share a
// prefix, or contain one another; and in the rules' own order.
import { describe, expect, it } from "vitest";
import { foldLine } from "../../src/engine/matchers/pattern-prefilter.js";
import { keywordRulesOf, Ruleset, type CompiledRule } from "../../src/engine/rules/ruleset.js";
import type { FileDiff } from "../../src/engine/types.js";

const rule = (id: string, keywords: string[]) => ({ id, keywords, patterns: [], unless: [] }) as unknown as CompiledRule;
const RULES = [
  rule("pass", ["pass"]),
  rule("password-eq", ["password="]),
  rule("session", ["session", "sess_"]),
  rule("secret", ["secret", "client_secret"]),
  rule("url", ["://", "http"]),
];
const index = new Ruleset(RULES).forFile("src/a.js").keywords!;
// Lines are folded as the line matcher folds them (once, for the keywords and the patterns' literals).
const ids = (text: string) => keywordRulesOf(index, foldLine(text)).map((r) => r.id);

describe("keywordRulesOf", () => {
  it("finds nothing on a line without keywords", () => {
    expect(ids("const total = items.reduce((a, b) => a + b, 0);")).toEqual([]);
  });

  it("counts every keyword starting at one position (a keyword inside a longer one)", () => {
    expect(ids('PASSWORD="hunter2"')).toEqual(["pass", "password-eq"]);
  });

  it("matches case-insensitively and keeps the rules' order, not the line's", () => {
    expect(ids("fetch('HTTPS://x'); const CLIENT_SECRET = 1; SESS_ID; Pass")).toEqual(["pass", "session", "secret", "url"]);
  });

  it("finds keywords that overlap or share a prefix at any position", () => {
    expect(ids("sesssession")).toEqual(["session"]);
    expect(ids("xx_client_secretx")).toEqual(["secret"]);
    expect(ids("passpassword=")).toEqual(["pass", "password-eq"]);
  });

  it("reports each rule once however often its keywords occur", () => {
    expect(ids("secret secret client_secret")).toEqual(["secret"]);
  });

  it("reads characters regular expressions treat specially as plain text", () => {
    expect(ids("a://b")).toEqual(["url"]);
    expect(ids("a:/b")).toEqual([]);
  });
});

describe("which files a whole-resource (block) rule reads", () => {
  const block = (id: string, extra: Partial<CompiledRule> = {}) => ({ id, patterns: [], unless: [], block: { spec: { kind: "terraform-resource", types: ["aws_lb_listener"] } }, ...extra }) as unknown as CompiledRule;
  const cfn = (id: string) => ({ id, patterns: [], unless: [], block: { spec: { kind: "cloudformation-resource", types: ["AWS::S3::Bucket"] } } }) as unknown as CompiledRule;
  const diff = (path: string, ...lines: string[]): FileDiff => ({ path, status: "modified", binary: false, lines: lines.map((text, i) => ({ line: i + 1, text, added: true })) });

  it("an unscoped block rule applies to Terraform files only, so other files' head versions are never read", () => {
    const set = new Ruleset([block("listener")]);
    expect(set.needsContent(diff("infra/alb.tf"))).toBe(true);
    expect(set.needsContent(diff("src/server.js"))).toBe(false);
    expect(set.needsContent(diff("docs/README.md"))).toBe(false);
  });

  it("a block rule scoped by paths applies where its paths say", () => {
    const set = new Ruleset([block("listener", { paths: [{ match: (p: string) => p.startsWith("stacks/") }] } as unknown as Partial<CompiledRule>)]);
    expect(set.needsContent(diff("stacks/edge.hcl"))).toBe(true);
    expect(set.needsContent(diff("infra/alb.tf"))).toBe(false);
  });

  it("a CloudFormation rule reads a YAML or JSON file only when the diff's lines look like a template", () => {
    const set = new Ruleset([cfn("bucket")]);
    expect(set.needsContent(diff("infra/stack.yaml", "  Intake:", "    Type: AWS::S3::Bucket"))).toBe(true);
    expect(set.needsContent(diff("infra/stack.yaml", "        BucketName: !Sub \"intake-${Env}\""))).toBe(true);
    expect(set.needsContent(diff("infra/stack.yaml", "        VersioningConfiguration:"))).toBe(true);
    expect(set.needsContent(diff("infra/stack.json", '        "Properties": {'))).toBe(true);
    // Kubernetes, Helm values, CI workflows, .NET settings: not read
    expect(set.needsContent(diff("k8s/deploy.yaml", "apiVersion: apps/v1", "kind: Deployment", "  replicas: 3"))).toBe(false);
    expect(set.needsContent(diff(".github/workflows/ci.yml", "on: [push]", "jobs:", "  build:", "    runs-on: ubuntu-latest"))).toBe(false);
    expect(set.needsContent(diff("appsettings.json", '  "Logging": {', '    "LogLevel": { "Default": "Information" }'))).toBe(false);
    expect(set.needsContent(diff("src/app.ts", "Type: AWS::S3::Bucket"))).toBe(false);
  });
});

describe("literalFinderSource", async () => {
  const { literalFinderSource } = await import("../../src/engine/matchers/literal-finder.js");

  it("finds any of the strings, with regex metacharacters read literally, and shares prefixes", () => {
    const source = literalFinderSource(["sentry.io", "segment.io", "api.x+y.com"]);
    expect(source).toBe("(?:se(?:ntry\\.io|gment\\.io)|api\\.x\\+y\\.com)");
    const re = new RegExp(source);
    expect(re.test("dsn: https://k@o1.ingest.sentry.io/5")).toBe(true);
    expect(re.test("https://api.x+y.com/v1")).toBe(true);
    expect(re.test("sentryXio segmentio api.xxy.com")).toBe(false);
  });

  it("matches nothing for an empty set", () => {
    expect(new RegExp(literalFinderSource([])).test("anything")).toBe(false);
  });
});
