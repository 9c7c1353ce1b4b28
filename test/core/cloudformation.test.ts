// CloudFormation resources as a block kind: the finder (YAML with short-form intrinsics, JSON, Serverless
// Framework files), what it refuses to read, and block rules of the kind through the engine.
import { describe, expect, it } from "vitest";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { findCloudFormationResources, looksLikeTemplate, mayHoldTemplate, MAX_TEMPLATE_BYTES } from "../../src/engine/matchers/blocks/cloudformation.js";
import { BlockFileError } from "../../src/engine/matchers/blocks/types.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";

const YAML_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Resources:
  # the claims database
  ClaimsDb:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      DBInstanceIdentifier: !Sub "claims-\${Env}"
      VPCSecurityGroups:
        - !GetAtt DbSg.GroupId
      MasterUserPassword: !Join ["", ["{{resolve:secretsmanager:", !Ref Secret, "}}"]]
      Engine: !If
        - IsProd
        - postgres
        - !Ref DevEngine
      StorageEncrypted: !Ref Encrypt

  Bucket:
    Properties:
      BucketName: !Sub "x-\${AWS::AccountId}"
    Type: "AWS::S3::Bucket"
Outputs:
  Endpoint:
    Value: !GetAtt ClaimsDb.Endpoint.Address
`;

describe("the CloudFormation block finder", () => {
  it("reads every resource of a YAML template with short-form intrinsics: type, logical id, lines and Type line", () => {
    const blocks = findCloudFormationResources(YAML_TEMPLATE);
    expect(blocks.map((b) => [b.name, b.type, b.startLine, b.endLine, b.typeLine])).toEqual([
      ["ClaimsDb", "AWS::RDS::DBInstance", 7, 19, 8],
      ["Bucket", "AWS::S3::Bucket", 21, 24, 24],
    ]);
    expect(blocks[0]!.lines[0]).toBe("  ClaimsDb:");
    expect(blocks[0]!.lines.at(-1)).toBe("      StorageEncrypted: !Ref Encrypt");
  });

  it("reads a JSON template with the same positions", () => {
    const json = JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", Resources: { Trail: { Type: "AWS::CloudTrail::Trail", Properties: { IsLogging: true } }, Key: { Type: "AWS::KMS::Key" } } }, null, 2);
    const blocks = findCloudFormationResources(json);
    expect(blocks.map((b) => [b.name, b.type, b.startLine, b.endLine, b.typeLine])).toEqual([
      ["Trail", "AWS::CloudTrail::Trail", 4, 9, 5],
      ["Key", "AWS::KMS::Key", 10, 12, 11],
    ]);
    expect(blocks[0]!.lines.join("\n")).toContain('"IsLogging": true');
  });

  it("reads the resources section of a Serverless Framework file", () => {
    const text = "service: intake\nprovider:\n  name: aws\nresources:\n  Resources:\n    Uploads:\n      Type: AWS::S3::Bucket\n";
    expect(findCloudFormationResources(text).map((b) => [b.name, b.type, b.typeLine])).toEqual([["Uploads", "AWS::S3::Bucket", 7]]);
  });

  it("blanks comment lines, so a commented-out property does not count as set", () => {
    const text = "Resources:\n  Fs:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      # Encrypted: true\n      PerformanceMode: generalPurpose\n";
    expect(findCloudFormationResources(text)[0]!.lines).toEqual(["  Fs:", "    Type: AWS::EFS::FileSystem", "    Properties:", "", "      PerformanceMode: generalPurpose"]);
  });

  it("takes a JSON diff whose lines show a Ref or a resource attribute as a hint, but not .NET settings keys", () => {
    const diff = (path: string, ...texts: string[]): FileDiff => ({ path, status: "modified", binary: false, lines: texts.map((text, i) => ({ line: i + 10, text, added: i === 0 })) });
    expect(mayHoldTemplate(diff("cfn/topics.json", '        "DisplayName": "Critical lab values",', '        "TopicName": { "Ref": "TopicName" }'))).toBe(true);
    expect(mayHoldTemplate(diff("cfn/topics.json", '      "DeletionPolicy": "Retain",'))).toBe(true);
    expect(mayHoldTemplate(diff("src/Api/appsettings.json", '  "ConnectionStrings": {', '    "DefaultConnection": "Server=db"'))).toBe(false);
  });

  it("does not parse YAML or JSON that is not a template", () => {
    expect(looksLikeTemplate("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n")).toBe(false);
    expect(looksLikeTemplate('{ "name": "app", "dependencies": { "aws-cdk-lib": "2" } }')).toBe(false);
    // a Kubernetes manifest with a `resources:` key and invalid YAML is not read at all
    expect(findCloudFormationResources("spec:\n  resources: {\n  limits: [\n")).toEqual([]);
  });

  it("refuses a template it cannot parse, naming the line", () => {
    const broken = "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n   Properties: [\n";
    expect(() => findCloudFormationResources(broken)).toThrow(BlockFileError);
    try {
      findCloudFormationResources(broken);
    } catch (error) {
      expect((error as BlockFileError).line).toBeGreaterThanOrEqual(4);
      expect((error as BlockFileError).reason).toMatch(/could not be parsed/);
    }
  });

  it("refuses a template past its size bound", () => {
    const huge = "AWSTemplateFormatVersion: 2010-09-09\nResources:\n" + "  # padding\n".repeat(MAX_TEMPLATE_BYTES / 12 + 10);
    expect(() => findCloudFormationResources(huge)).toThrow(/larger than 2 MB/);
  });
});

const PACK = `
area: encryption-at-rest
title: Test pack
safeguard: "164.312(a)(2)(iv)"
rules:
  - id: efs-unencrypted
    title: EFS without encryption
    severity: error
    languages: [yaml, json]
    scope: block
    block:
      kind: cloudformation-resource
      types: [AWS::EFS::FileSystem]
      missing: ['\\bEncrypted"?\\s*:\\s*["'']?[^fF"''\\s,}]']
      anchor: '\\bEncrypted"?\\s*:'
    message: EFS without encryption.
    remediation: Set Encrypted true.
    examples:
      bad: ["Resources:\\n  Fs:\\n    Type: AWS::EFS::FileSystem\\n"]
      good: ["Resources:\\n  Fs:\\n    Type: AWS::EFS::FileSystem\\n    Properties:\\n      Encrypted: true\\n"]
`;

function ruleset(): Ruleset {
  const loaded = loadRulePacks([{ file: "rules/test.yml", text: PACK }]);
  expect(loaded.errors.map(formatError)).toEqual([]);
  return new Ruleset(loaded.rules.map((r) => compileRule(r)));
}

const ctx = { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-01" };
const TEMPLATE = ["AWSTemplateFormatVersion: 2010-09-09", "Resources:", "  Shared:", "    Type: AWS::EFS::FileSystem", "    Properties:", "      PerformanceMode: generalPurpose", "      Encrypted: FALSE", ""].join("\n");

function added(path: string, text: string): FileDiff {
  return { path, status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
}

describe("block rules of kind cloudformation-resource", () => {
  it("fire on a new resource, on the property's line when the change touched it (any case of false)", () => {
    const { findings } = evaluateFile(ruleset(), added("infra/storage.yaml", TEMPLATE), TEMPLATE, ctx);
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([["efs-unencrypted", 7]]);
  });

  it("sit on the resource's Type line when the property is omitted", () => {
    const text = TEMPLATE.replace("      Encrypted: FALSE\n", "");
    const { findings } = evaluateFile(ruleset(), added("infra/storage.json.yaml", text), text, ctx);
    expect(findings.map((f) => f.line)).toEqual([4]);
  });

  it("span from the Type line up to the logical id above it when the change added both, and not when only the Type line", () => {
    const text = TEMPLATE.replace("      Encrypted: FALSE\n", "");
    const { findings } = evaluateFile(ruleset(), added("infra/storage.yaml", text), text, ctx);
    expect(findings.map((f) => [f.startLine, f.line])).toEqual([[3, 4]]);
    const lines = text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: i === 3 }));
    const touchedType = evaluateFile(ruleset(), { path: "infra/storage.yaml", status: "modified", binary: false, lines }, text, ctx);
    expect(touchedType.findings.map((f) => [f.startLine, f.line])).toEqual([[undefined, 4]]);
  });

  it("report a template that does not parse as a notice with its line, never a silent pass", () => {
    const text = "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  Fs:\n    Type: AWS::EFS::FileSystem\n   Properties: [\n";
    const result = evaluateFile(ruleset(), added("infra/storage.yaml", text), text, ctx);
    expect(result.findings).toEqual([]);
    expect(result.notices).toEqual([{ path: "infra/storage.yaml", line: expect.any(Number), message: expect.stringMatching(/^whole-resource rules were not evaluated: the template could not be parsed/) }]);
  });

  it("leave ordinary YAML alone: no notice, no finding, no content needed", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\ndata:\n  encrypted: \"false\"\n";
    const file = added("k8s/config.yaml", text);
    expect(ruleset().needsContent(file)).toBe(false);
    expect(evaluateFile(ruleset(), file, undefined, ctx)).toEqual({ findings: [], notices: [] });
  });
});
