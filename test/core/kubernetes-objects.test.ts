// The Kubernetes object finder: each document of a manifest with a top-level `kind` is one resource, typed by its
// kind and named by its metadata's name, with its own line range; a block rule judges one object, not the file.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { findKubernetesObjects, mayHoldObjects } from "../../src/engine/matchers/blocks/kubernetes.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";

const CLASSES = `# Storage classes for the platform
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: gp3-encrypted
  labels:
    name: not-this-one
provisioner: ebs.csi.aws.com
parameters:
  encrypted: "true"
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: gp3-high-throughput
provisioner: ebs.csi.aws.com
parameters:
  type: gp3
---
# only a comment
`;

describe("Kubernetes objects", () => {
  it("finds each document's kind, name and lines", () => {
    const objects = findKubernetesObjects(CLASSES);
    expect(objects.map((o) => [o.type, o.name, o.startLine, o.endLine])).toEqual([
      ["StorageClass", "gp3-encrypted", 1, 10],
      ["StorageClass", "gp3-high-throughput", 12, 18],
    ]);
    expect(objects[0]!.lines[0]).toBe("");
  });

  it("reads the head only for YAML whose diff shows a manifest's top-level key", () => {
    const file = (path: string, text: string): FileDiff => ({ path, status: "modified", binary: false, lines: [{ line: 1, text, added: true }] });
    expect(mayHoldObjects(file("k8s/sc.yaml", "kind: StorageClass"))).toBe(true);
    expect(mayHoldObjects(file("k8s/sc.yaml", "  type: gp3"))).toBe(false);
    expect(mayHoldObjects(file("k8s/sc.json", "kind: StorageClass"))).toBe(false);
  });

  it("reports the object without encryption on its name, not the encrypted one beside it", () => {
    const rules = new Ruleset(loadDefaultRules().rules.filter((r) => r.spec.id === "enc-k8s-ebs-storage-class-unencrypted").map((r) => compileRule(r)));
    const lines = CLASSES.split("\n").map((text, i) => ({ line: i + 1, text, added: true }));
    const result = evaluateFile(rules, { path: "deploy/k8s/storageclasses.yaml", status: "added", binary: false, lines }, CLASSES, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-07" });
    expect(result.findings.map((f) => [f.ruleId, f.line])).toEqual([["enc-k8s-ebs-storage-class-unencrypted", 15]]);
  });
});
