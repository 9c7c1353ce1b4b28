// The parsers scripts/peer-suites.mjs scores with: which line a semgrep-rules label points at, and which lines a
// checkov Terraform or CloudFormation resource spans. A wrong line here would silently move the measured figures.
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const scripts = join(import.meta.dirname, "..", "..", "scripts", "peer-suites");
// Plain JavaScript modules of a script, loaded by path (no type declarations to import).
const semgrep = await import(join(scripts, "semgrep.mjs"));
const checkov = await import(join(scripts, "checkov.mjs"));
const scan = await import(join(scripts, "scan.mjs"));

describe("semgrep-rules labels", () => {
  it("points a label at the next code line, past stacked labels, and skips todo labels", () => {
    const text = [
      "import hashlib",
      "# ruleid: weak-md5",
      "# ok: other-rule",
      "hashlib.md5(data)",
      "// todoruleid: weak-md5",
      "hashlib.sha1(data)",
      "<!-- ok: a, b -->",
      "x = 1",
    ].join("\n");
    expect(semgrep.labelsOf(text)).toEqual([
      { kind: "ruleid", id: "weak-md5", line: 4 },
      { kind: "ok", id: "other-rule", line: 4 },
      { kind: "ok", id: "a", line: 8 },
      { kind: "ok", id: "b", line: 8 },
    ]);
  });

  it("points a label written after code at that same line", () => {
    expect(semgrep.labelsOf("a = 1\nrequests.get(u, verify=False)  # ruleid: no-verify\n")).toEqual([{ kind: "ruleid", id: "no-verify", line: 2 }]);
  });
});

describe("checkov resources", () => {
  it("spans a Terraform resource to its closing brace, past braces in strings and heredocs", () => {
    const text = [
      'resource "aws_s3_bucket" "a" {',
      '  bucket = "x}{"',
      "  policy = <<POLICY",
      '{ "Statement": [ { } ] }',
      "}",
      "POLICY",
      "}",
      "resource aws_rds_cluster_instance \"b\" {",
      "  nested { x = 1 }",
      "}",
    ].join("\n");
    expect([...checkov.terraformResources(text)]).toEqual([["aws_s3_bucket.a", [1, 7]], ["aws_rds_cluster_instance.b", [8, 10]]]);
  });

  it("spans a CloudFormation resource in YAML (with intrinsic tags) and in JSON", () => {
    const yaml = ["Resources:", "  Db:", "    Type: AWS::RDS::DBInstance", "    Properties:", "      KmsKeyId: !Ref Key", "  Key:", "    Type: AWS::KMS::Key", ""].join("\n");
    expect([...checkov.cloudformationResources(yaml)]).toEqual([["Db", { type: "AWS::RDS::DBInstance", range: [2, 5] }], ["Key", { type: "AWS::KMS::Key", range: [6, 7] }]]);
    const json = JSON.stringify({ Resources: { Q: { Type: "AWS::SQS::Queue", Properties: {} } } }, null, 2);
    expect([...checkov.cloudformationResources(json)]).toEqual([["Q", { type: "AWS::SQS::Queue", range: [3, 6] }]]);
  });
});

describe("scanning a peer file as a new file", () => {
  it("reports findings by path, line, area and rule id only", async () => {
    const findings = await scan.scanAdded(new Map([["src/client.py", "import requests\n\nrequests.get(url, verify=False)\n"]]));
    expect(findings).toEqual([{ path: "src/client.py", line: 3, area: "transmission-security", ruleId: "tls-verify-disabled-python" }]);
  });
});
