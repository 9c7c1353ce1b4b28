// Terraform read by a real HCL parser (tree-sitter's HCL grammar): exact resource extents where the line-based
// finder miscounts, bare labels, comments blanked wherever they are; the same answer as the line-based finder on
// every Terraform example of the default pack; and a scan that uses it.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { findResourceBlocks } from "../../src/engine/matchers/blocks/terraform.js";
import { findTerraformVariables } from "../../src/engine/matchers/blocks/terraform-variables.js";
import { exampleFile } from "../../src/engine/rules/tester.js";
import { runScan } from "../../src/engine/scan.js";
import { patchSource } from "../../src/platforms/local/patch-source.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { treeSitterParser } from "../../src/syntax/tree-sitter.js";

const parser = treeSitterParser();
expect(await parser.load("terraform", "main.tf")).toBe(true);
const resources = (text: string) => parser.resources!(text);
const extents = (blocks: { type: string; name: string; startLine: number; endLine: number }[] | undefined) =>
  blocks?.map((b) => `${b.type}.${b.name}:${b.startLine}-${b.endLine}`);

describe("Terraform resources from the HCL parser", () => {
  it("ends a resource at its closing brace even when a string's interpolation holds a brace and quotes", () => {
    const text = 'resource "aws_db_instance" "main" {\n  name = "${format("}", var.x)}"\n  storage_encrypted = false\n}\nresource "aws_s3_bucket" "b" {\n}\n';
    expect(extents(resources(text))).toEqual(["aws_db_instance.main:1-4", "aws_s3_bucket.b:5-6"]);
    // The line-based finder closes the first resource on the brace inside the interpolation.
    expect(extents(findResourceBlocks(text))).not.toEqual(["aws_db_instance.main:1-4", "aws_s3_bucket.b:5-6"]);
  });

  it("reads bare labels, heredocs and nested blocks", () => {
    const text = 'resource aws_s3_bucket logs {\n  bucket = "logs"\n}\nresource "aws_kms_key" "k" {\n  policy = <<EOT\n{ "a": "}" }\nEOT\n  dynamic "grant" {\n    for_each = var.g\n    content { id = grant.value }\n  }\n}\n';
    expect(extents(resources(text))).toEqual(["aws_s3_bucket.logs:1-3", "aws_kms_key.k:4-12"]);
  });

  it("blanks every comment, trailing and block comments included, keeping columns", () => {
    const text = 'resource "aws_db_instance" "main" {\n  storage_encrypted = false # was true — é\n  /* kms_key_id = "x"\n     more */\n  // deletion_protection = true\n}\n';
    const [block] = resources(text)!;
    expect(block!.lines).toEqual(['resource "aws_db_instance" "main" {', "  storage_encrypted = false" + " ".repeat(15), " ".repeat(21), " ".repeat(12), " ".repeat(31), "}"]);
  });

  it("gives no answer for a file that does not parse cleanly (the line-based finder reads it)", () => {
    expect(resources('resource "aws_s3_bucket" "b" {\n  bucket = \n')).toBeUndefined();
  });

  it("agrees with the line-based finders on every Terraform example of the default pack, resources and variables", () => {
    const packs = loadDefaultRules();
    let compared = 0;
    let variables = 0;
    for (const rule of packs.rules) {
      for (const example of [...rule.spec.examples.bad, ...rule.spec.examples.good]) {
        const { path, code } = exampleFile(rule, example);
        if (!/\.tf$/.test(path)) continue;
        const parsed = resources(code);
        if (!parsed) continue; // a fragment (an attribute without its resource) is not a whole file
        compared++;
        expect(extents(parsed), `${rule.spec.id}: ${path}`).toEqual(extents(findResourceBlocks(code)));
        const inputs = parser.resources!(code, "variable")!;
        variables += inputs.length;
        expect(extents(inputs), `${rule.spec.id}: ${path}`).toEqual(extents(findTerraformVariables(code)));
      }
    }
    expect(compared).toBeGreaterThan(50);
    expect(variables).toBeGreaterThan(0);
  });

  it("is what a scan reads: a bare-labelled resource is reviewed, a trailing comment is not read as a setting", async () => {
    const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "main@abc1234" }, { packs: loadDefaultRules() });
    const tf = ['resource aws_db_instance reports {', '  engine = "postgres"', '  instance_class = "db.t3.micro" # storage_encrypted = true', "}"];
    const diff = ["diff --git a/infra/db.tf b/infra/db.tf", "new file mode 100644", "--- /dev/null", "+++ b/infra/db.tf", `@@ -0,0 +1,${tf.length} @@`, ...tf.map((l) => `+${l}`)].join("\n") + "\n";
    const result = await runScan({ source: patchSource([diff]), policy: loaded.judge, today: "2026-12-04", syntax: parser });
    expect(result.findings.map((f) => `${f.ruleId}:${f.line}`)).toContain("enc-tf-rds-unencrypted:1");
  });
});
