// A value of a record (or data class, dataclass, interface…) that the change declares with patient fields, logged
// whole, logs those fields: the types are read from the diff, in the order the scan reads files, and a parameter or a
// typed local declared with one counts for the log rule as `declared` does.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { DeclaredTypes } from "../../src/engine/diff/declared-types.js";
import { runScan } from "../../src/engine/scan.js";
import type { FileDiff } from "../../src/engine/types.js";
import { patchSource } from "../../src/platforms/local/patch-source.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { treeSitterParser } from "../../src/syntax/tree-sitter.js";

const added = (path: string, text: string): FileDiff => ({ path, status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) });
const namesOf = (path: string, text: string, type: string) => {
  const types = new DeclaredTypes();
  types.add(added(path, text));
  return types.namesOf(type);
};

describe("types a change declares", () => {
  it("reads a multi-line Java record up to its closing line, and nothing after it", () => {
    const text = "public record Req(\n        String claimId,\n        LocalDate patientDateOfBirth) {\n}\n\nclass Other {\n  String ssn;\n}";
    expect(namesOf("Req.java", text, "Req")).toEqual(["String", "claimId", "LocalDate", "patientDateOfBirth"]);
    // a plain class prints no fields (`Other@1b6d3586`): not a printing type
    expect(namesOf("Req.java", text, "Other")).toBeUndefined();
  });
  it("reads Kotlin data classes, Python dataclasses and pydantic models, Lombok classes, TypeScript interfaces, Go structs", () => {
    expect(namesOf("M.kt", "data class Member(\n    val mrn: String,\n)", "Member")).toContain("mrn");
    expect(namesOf("m.py", "@dataclass(frozen=True)\nclass Member:\n    dob: date\n\nx = 1", "Member")).toEqual(["dob", "date"]);
    expect(namesOf("m.py", "class MemberIn(BaseModel):\n    ssn: str", "MemberIn")).toContain("ssn");
    expect(namesOf("M.java", "@Data\npublic class Member {\n  private String ssn;\n}", "Member")).toContain("ssn");
    expect(namesOf("m.ts", "export interface Member {\n  birthDate: string;\n}", "Member")).toContain("birthDate");
    expect(namesOf("m.go", "type member struct {\n\tSSN string\n}", "member")).toContain("SSN");
  });
  it("reads a type the change gives a field (its opening line context), not one it only shows", () => {
    const types = new DeclaredTypes();
    const context = (line: number, text: string) => ({ line, text, added: false });
    types.add({ path: "m.py", status: "modified", binary: false, lines: [context(1, "class Panel(BaseModel):"), context(2, "    unit_id: str"), { line: 3, text: "    maternal_dob: str | None = None", added: true }, context(4, ""), context(5, "class Other(BaseModel):"), context(6, "    ssn: str")] });
    expect(types.namesOf("Panel")).toContain("maternal_dob");
    expect(types.namesOf("Other")).toBeUndefined();
  });
  it("takes a type holding a field of a carrying type as carrying too (read in order)", () => {
    const types = new DeclaredTypes();
    types.add(added("m.py", "class Panel(BaseModel):\n    maternal_dob: str\n\nclass Batch(BaseModel):\n    run_id: str\n    panels: list[Panel]\n\nclass Run(BaseModel):\n    run_id: str"));
    expect(types.carrying({}, (name) => /dob$/.test(name))).toEqual(["Panel", "Batch"]);
  });
  it("stops at a gap in the diff's lines and bounds what it keeps", () => {
    const types = new DeclaredTypes();
    types.add({ path: "R.java", status: "modified", binary: false, lines: [{ line: 1, text: "record R(", added: true }, { line: 2, text: "    String a,", added: true }, { line: 40, text: "    String ssn) {}", added: false }] });
    expect(types.namesOf("R")).toEqual(["String", "a"]);
    const long = "record Big(\n" + Array.from({ length: 500 }, (_, i) => `    String f${i},`).join("\n") + "\n) {}";
    expect(namesOf("Big.java", long, "Big")!.length).toBeLessThanOrEqual(64);
  });
});

describe("a record with patient fields logged whole", async () => {
  const parser = treeSitterParser();
  const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "main@abc1234" }, { packs: loadDefaultRules() });
  const newFile = (path: string, lines: string[]) => ["diff --git a/" + path + " b/" + path, "new file mode 100644", "--- /dev/null", "+++ b/" + path, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n") + "\n";
  const service = (type: string) => ["class TierService {", `  void apply(${type} request) {`, '    log.warn("tier not applied: {}", request);', "  }", "}"];
  const scan = async (diffs: string[]) => (await runScan({ source: patchSource(diffs), policy: loaded.judge, today: "2026-12-05", syntax: parser })).findings.map((f) => `${f.ruleId}:${f.path}:${f.line}`);

  it("is reported where it is logged when the record's file is read first, by its parameter's or its local's type", async () => {
    const record = newFile("src/main/java/a/TierRequest.java", ["public record TierRequest(", "        String claimId,", "        String patientFirstName) {", "}"]);
    expect(await scan([record, newFile("src/main/java/a/TierService.java", service("TierRequest"))])).toContain("phi-in-log-call:src/main/java/a/TierService.java:3");
    const local = ["class TierService {", "  void apply(String id) {", "    TierRequest snap = repository.find(id);", '    log.warn("tier not applied: {}", snap);', "  }", "}"];
    expect(await scan([record, newFile("src/main/java/a/TierService.java", local)])).toContain("phi-in-log-call:src/main/java/a/TierService.java:4");
    // …and by the element type of a typed local's one-type collection (`List<TierRequest> pending`)
    const list = ["class TierService {", "  void apply(String id) {", "    List<TierRequest> pending = repository.findAll(id);", '    log.warn("tiers not applied: {}", pending);', "  }", "}"];
    expect(await scan([record, newFile("src/main/java/a/TierService.java", list)])).toContain("phi-in-log-call:src/main/java/a/TierService.java:4");
  });
  it("is not reported for a record without patient fields, nor for a type the change does not declare", async () => {
    const record = newFile("src/main/java/a/TierRequest.java", ["public record TierRequest(String claimId, int tier) {}"]);
    expect(await scan([record, newFile("src/main/java/a/TierService.java", service("TierRequest"))])).toEqual([]);
    expect(await scan([newFile("src/main/java/a/TierService.java", service("TierRequest"))])).toEqual([]);
  });
});
