// What a rule's `near` window says beyond "near": with `column`, the window's nearest line above is a table's header
// and a value counts only in a field of its row under a header field the column patterns match; with `spans`, the
// finding spans from that line to its own.
import { describe, expect, it } from "vitest";
import { columnsOf, fieldsOf, inWantedColumn } from "../../src/engine/matchers/columns.js";
import { lazyPattern } from "../../src/engine/matchers/pattern.js";
import { findingsWithPack, packErrors, scanWithPack } from "./pack-scan.js";

const pack = (window: string) => `
area: phi-exposure
title: Test pack
safeguard: "164.312(a)(1)"
rules:
  - id: row
    title: Row
    severity: error
    languages: [csv, sql, markdown]
    patterns: ['(?:^|[,\\t|;(])\\s*[''"]?(\\d{4}-\\d{2}-\\d{2})']
    value_group: 1
    near: { patterns: ['(?i)dob'], within: 20, ${window} }
    message: m
    remediation: r
    examples: { bad: [{ path: a.csv, code: "id,dob\\n1,1962-03-14" }], good: [{ path: a.csv, code: "id,seen\\n1,1962-03-14" }] }
`;
const dob = [lazyPattern("(?i)dob")];

describe("a table's columns", () => {
  it("splits fields by the header's separator, a quoted field kept whole", () => {
    expect(fieldsOf(`1,"Delgado, Maria",1958-11-02`, ",")).toEqual(["1", `"Delgado, Maria"`, "1958-11-02"]);
    expect(fieldsOf(`  ('a', 'O''Brien, P', '1958-11-02'),`, ",")).toEqual(["  ('a'", " 'O''Brien, P'", " '1958-11-02')", ""]);
    // an apostrophe inside a field is text, not a quote
    expect(fieldsOf("O'Brien,1958-11-02,x'y", ",")).toEqual(["O'Brien", "1958-11-02", "x'y"]);
    expect(columnsOf("| Name | DOB | Seen |", dob)).toEqual({ separator: "|", count: 5, wanted: new Set([2]) });
    expect(columnsOf("member_id\tlast_name\tdob", dob)).toEqual({ separator: "\t", count: 3, wanted: new Set([2]) });
    // not a header: one field, or no field naming the column
    expect(columnsOf("patient_dob,", dob)).toBeUndefined();
    expect(columnsOf("id,seen", dob)).toBeUndefined();
  });

  it("tells a row's column, and cannot when the row splits into other fields", () => {
    const columns = columnsOf("id,seen,dob", dob)!;
    const row = "V1,2024-06-10,1962-03-14";
    expect(inWantedColumn(row, row.indexOf("2024"), columns)).toBe(false);
    expect(inWantedColumn(row, row.indexOf("1962"), columns)).toBe(true);
    const tuple = "  ('V1', '2024-06-10', '1962-03-14'),";
    expect(inWantedColumn(tuple, tuple.indexOf("1962"), columns)).toBe(true);
    const extra = "V1,Smith, J,2024-06-10,1962-03-14";
    expect(inWantedColumn(extra, extra.indexOf("2024"), columns)).toBeUndefined();
  });

  it("reads only the named column's value, and any field when the column cannot be told", () => {
    const rules = pack("side: above, column: ['(?i)dob']");
    expect(scanWithPack(rules, "a.csv", "id,seen,dob\nV1,2024-06-10,unknown\nV2,2024-06-11,1962-03-14")).toEqual([3]);
    expect(scanWithPack(rules, "a.csv", "id,seen,dob\nV1,2024-06-10,")).toEqual([]);
    // a row with a field too many: its column cannot be told
    expect(scanWithPack(rules, "a.csv", "id,seen,dob\nV1,x,2024-06-10,y")).toEqual([2]);
    expect(scanWithPack(rules, "a.sql", "INSERT INTO p (id, seen, dob) VALUES\n  ('V1', '2024-06-10', '1962-03-14'),\n  ('V2', '2024-06-10', NULL);")).toEqual([2]);
    expect(scanWithPack(rules, "a.md", "| Name | DOB | Seen |\n|---|---|---|\n| x | n/a | 2024-06-10 |")).toEqual([]);
    // without `column`, any date of the row counts
    expect(scanWithPack(pack("side: above"), "a.csv", "id,seen,dob\nV1,2024-06-10,1900-01-01")).toEqual([2]);
  });

  it("is refused, with what to do, on any side but above", () => {
    expect(packErrors(pack("column: ['(?i)dob']"))).toMatch(/near\.column.*needs `side: above`/);
    expect(packErrors(pack("side: above, enclosing: true, column: ['(?i)dob']"))).toMatch(/near\.column.*without `enclosing`/);
  });
});

const branchPack = (window: string) => `
area: authentication
title: Test pack
safeguard: "164.312(d)"
rules:
  - id: branch
    title: Branch
    severity: warning
    languages: [go]
    patterns: ['^\\s*return\\s+true\\s*$']
    near: { patterns: ['\\bif\\s+sig\\s*==\\s*""'], within: 3, ${window} }
    message: m
    remediation: r
    examples: { bad: [{ path: a.go, code: "if sig == \\"\\" {\\n  return true" }], good: [{ path: a.go, code: "if ok {\\n  return true" }] }
`;

describe("a near window that spans", () => {
  it("makes the finding span from the window's line above to its own", () => {
    const code = "func v(sig string) bool {\n  if sig == \"\" {\n    // not signed yet\n    return true\n  }";
    expect(findingsWithPack(branchPack("side: above, spans: true"), "a.go", code).map((f) => [f.startLine, f.line])).toEqual([[2, 4]]);
    expect(findingsWithPack(branchPack("side: above"), "a.go", code).map((f) => [f.startLine, f.line])).toEqual([[undefined, 4]]);
  });

  it("is refused, with what to do, on any side but above", () => {
    expect(packErrors(branchPack("spans: true"))).toMatch(/near\.spans.*needs `side: above`/);
  });

  it("starts where a command continued with backslashes starts, when the window's line continues it", () => {
    const dumpPack = `
area: phi-exposure
title: Test pack
safeguard: "164.502(a)"
rules:
  - id: load
    title: Load
    severity: warning
    patterns: ['\\|\\s*mysql\\b.*STG_HOST']
    near: { patterns: ['PROD_HOST'], within: 5, side: above, spans: true }
    message: m
    remediation: r
    examples: { bad: [{ path: a.sh, code: "x PROD_HOST\\n| mysql STG_HOST" }], good: [{ path: a.sh, code: "| mysql STG_HOST" }] }
`;
    const script = 'set -e\nmysqldump --single-transaction \\\n  -h "$PROD_HOST" db \\\n  | mysql -h "$STG_HOST" db\n';
    expect(findingsWithPack(dumpPack, "refresh.sh", script).map((f) => [f.startLine, f.line])).toEqual([[2, 4]]);
  });
});
