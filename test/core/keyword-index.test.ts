// The keyword prefilter: which rules a line triggers, whatever the case, with keywords that overlap, share a
// prefix, or contain one another; and in the rules' own order.
import { describe, expect, it } from "vitest";
import { LiteralTrie } from "../../src/engine/matchers/literal-finder.js";
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

describe("LiteralTrie.visitAll", () => {
  // Words whose first letters give the root and some nodes a dense row, others a short run of children; non-ASCII
  // characters, at the start and inside; a word inside another.
  const WORDS = ["dob", "dx", "diagnosis", "diag", "a", "ab", "abc", "bc", "é", "ésa", "naïve", "ïv", "😀x", "x.y", "mrn", "ssn", "sin", "e", "f", "g", "h", "i"];
  const trie = new LiteralTrie<string>();
  for (const w of WORDS) trie.add(w, w);
  const naive = (text: string) => WORDS.flatMap((w) => [...text.matchAll(new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g"))].map((m) => `${m.index}:${w}`));
  const visited = (text: string) => {
    const out: string[] = [];
    trie.visitAll(text, (w, at) => void out.push(`${at}:${w}`));
    return out;
  };

  it("names every word at every position, as a search for each word in turn would", () => {
    const alphabet = ["a", "b", "c", "d", "o", "x", "g", "n", "s", "i", "é", "ï", "v", "😀", ".", "y", "m", "r", " ", "Z"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 300; k++) {
      const text = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join("");
      expect(visited(text).sort()).toEqual(naive(text).sort());
    }
    expect(visited("diagnosis")).toEqual(["0:diag", "0:diagnosis", "1:i", "2:a", "3:g", "7:i"]);
  });

  it("visits by position, shorter words first, and stops when told", () => {
    expect(visited("abc")).toEqual(["0:a", "0:ab", "0:abc", "1:bc"]);
    const seen: string[] = [];
    trie.visitAll("abc dob", (w) => (seen.push(w), w === "ab"));
    expect(seen).toEqual(["a", "ab"]);
  });

  it("lets its nodes go after the first walk, and refuses words added after it", () => {
    const late = new LiteralTrie<string>();
    late.add("mrn", "mrn");
    const found: string[] = [];
    late.visitAll("mrn ssn", (w) => void found.push(w));
    late.visitAll("mrn ssn", (w) => void found.push(w));
    expect(found).toEqual(["mrn", "mrn"]);
    expect(() => late.add("ssn", "ssn")).toThrow(/added after the trie was searched/);
    expect(late.empty).toBe(false);
    expect(new LiteralTrie<string>().empty).toBe(true);
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
