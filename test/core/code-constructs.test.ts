import { describe, expect, it } from "vitest";
import { findCodeConstructs, mayHoldConstructs } from "../../src/engine/matchers/blocks/code-constructs.js";
import { findTerraformVariables } from "../../src/engine/matchers/blocks/terraform-variables.js";
import type { FileDiff } from "../../src/engine/types.js";

const CDK_TS = `import * as sns from 'aws-cdk-lib/aws-sns';
export class Stack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const topic = new sns.Topic(this, 'ResultReady', {
      displayName: 'Result (ready) for review',  // a ")" in a comment
      masterKey: new kms.Key(this, 'TopicKey', { enableKeyRotation: true }),
    });
    // new sns.Topic(this, 'Commented', {})
  }
}
`;

describe("findCodeConstructs", () => {
  it("finds CDK constructs by their constructor and id, to the parenthesis that closes the call", () => {
    const blocks = findCodeConstructs(CDK_TS).map((b) => [b.type, b.name, b.startLine, b.endLine]);
    expect(blocks).toContainEqual(["sns.Topic", "ResultReady", 5, 8]);
    // a construct built inside another one's properties is a construct of its own
    expect(blocks).toContainEqual(["kms.Key", "TopicKey", 7, 7]);
    expect(blocks.map((b) => b[1])).not.toContain("Commented");
  });

  it("reads Python CDK (self, a call spanning lines) and Pulumi (a name, no scope)", () => {
    // black's layout: one argument per line
    const py = 'topic = sns.Topic(\n    self,\n    "Alerts",\n    display_name="Alerts (critical)",\n)\n';
    expect(findCodeConstructs(py).map((b) => [b.type, b.name, b.startLine, b.endLine])).toEqual([["sns.Topic", "Alerts", 1, 5]]);
    const pyOneLine = 'topic = sns.Topic(self, "Alerts",\n    display_name="Alerts (critical)",  # ) in a comment\n)\n';
    expect(findCodeConstructs(pyOneLine).map((b) => [b.type, b.name, b.startLine, b.endLine])).toEqual([["sns.Topic", "Alerts", 1, 3]]);
    const pulumi = 'export const alerts = new aws.sns.Topic("critical-values", {\n    displayName: `Critical ${env}`,\n});\n';
    expect(findCodeConstructs(pulumi).map((b) => [b.type, b.name, b.startLine, b.endLine])).toEqual([["aws.sns.Topic", "critical-values", 1, 3]]);
  });

  it("stops an unclosed call at its bound instead of reading the rest of a large file", () => {
    const text = `new sns.Topic(this, 'Open', {\n${"  x: 1,\n".repeat(1000)}`;
    const [block] = findCodeConstructs(text);
    expect(block!.endLine - block!.startLine).toBe(400);
  });

  it("says from the diff's lines whether a file may hold constructs", () => {
    const diff = (texts: string[]): FileDiff => ({ path: "lib/stack.ts", status: "modified", binary: false, lines: texts.map((text, i) => ({ line: i + 1, text, added: true })) });
    expect(mayHoldConstructs(diff(["import * as sns from 'aws-cdk-lib/aws-sns';"]))).toBe(true);
    expect(mayHoldConstructs(diff(["    const q = new sqs.Queue(this, 'Q', {"]))).toBe(true);
    expect(mayHoldConstructs(diff(["const user = new User('ada');", "throw new Error('nope');"]))).toBe(false);
  });
});

describe("findTerraformVariables", () => {
  it("finds module inputs with their extent, blanking comments", () => {
    const tf = 'variable "enable_key_rotation" {\n  # default = true\n  type    = bool\n  default = false\n}\n\nvariable "tags" { default = {} }\nresource "aws_kms_key" "k" {}\n';
    const blocks = findTerraformVariables(tf);
    expect(blocks.map((b) => [b.type, b.name, b.startLine, b.endLine])).toEqual([["variable", "enable_key_rotation", 1, 5], ["variable", "tags", 7, 7]]);
    expect(blocks[0]!.lines[1]).toBe("");
  });
});
