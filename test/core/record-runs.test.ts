// Patient records (matchers/candidate.ts `recordRuns`): consecutive lines patient-data rules flag are one run, reported
// by its first line's findings over the run, saying how many lines; lines apart, and other areas' findings, stay one
// per line.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { recordRuns, type Candidate } from "../../src/engine/matchers/candidate.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";

const rules = new Ruleset(loadDefaultRules().rules.map((r) => compileRule(r)));
const evaluate = (path: string, text: string) => {
  const file: FileDiff = { path, status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
  return evaluateFile(rules, file, text, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-06" }).findings;
};

const SEED = [
  "referral_id,patient_mrn,first_name,last_name,date_of_birth,patient_state",
  "DXR-20417,MRN-4471982,Deborah,Kowalczyk,1967-03-14,OH",
  "DXR-20418,MRN-4471990,Patricia,Nguyen-Alvarez,1964-11-29,TX",
  "DXR-20421,MRN-4472011,Lorraine,Abernathy,1970-07-08,FL",
  "DXR-20425,MRN-4472046,Michelle,Okonkwo,1968-01-22,GA",
  "",
  "DXR-20430,MRN-4472103,Karen,Lindqvist,1962-09-30,MN",
].join("\n");

describe("runs of records", () => {
  it("reports consecutive rows as one finding over them, and a row apart on its own", () => {
    const findings = evaluate("seeds/dexa_referrals_sample.csv", SEED);
    // (each rule that reads the rows makes its run; the scan keeps one finding per line and area)
    const rows = findings.filter((f) => f.ruleId === "phi-record-row");
    expect(rows.map((f) => [f.startLine, f.line])).toEqual([[2, 5], [undefined, 7]]);
    expect(rows[0]!.message).toContain("Patient data goes on over the 3 line(s) below it (lines 2–5).");
    expect(rows[1]!.message).not.toContain("goes on");
    // the excerpt is the run's first row, masked
    expect(rows[0]!.snippet).not.toContain("Kowalczyk");
    expect(rows[0]!.snippet).not.toContain("1967-03-14");
  });

  it("reports a record whose fields several rules flag once, from its first line", () => {
    const record = ['  {', '    "name": "Margaret Quinlan",', '    "birthDate": "1951-08-14",', '    "mrn": "MRN-4471982",', '    "ssn": "219-09-9999"', '  }'].join("\n");
    // (the name beside the birth date, the birth date and the record number are flagged; 219-09-9999 is a well-known
    // invalid SSN): one finding, from the name's line
    const findings = evaluate("fixtures/patients.json", record).filter((f) => f.area === "phi-exposure");
    expect(findings.map((f) => [f.ruleId, f.startLine, f.line])).toEqual([["phi-name-beside-date-of-birth", 2, 4]]);
  });

  it("leaves other areas' findings, and lines a statement spans, one per line", () => {
    const rule = (id: string, area: string, sensitive: boolean) => ({ id, area, sensitive }) as unknown as Candidate["rule"];
    const phi = rule("phi", "phi-exposure", true);
    const dob = rule("dob", "phi-exposure", true);
    const secret = rule("secret", "authentication", true);
    const c = (r: Candidate["rule"], line: number, startLine?: number): Candidate => ({ rule: r, line, text: "", ...(startLine ? { startLine } : {}) });
    const out = recordRuns([c(secret, 1), c(secret, 2), c(phi, 3), c(phi, 4, 2), c(phi, 5), c(dob, 5), c(dob, 6), c(phi, 7), c(secret, 7)]);
    expect(out.map((x) => [x.rule.id, x.startLine, x.line, x.rows])).toEqual([
      ["secret", undefined, 1, undefined],
      ["secret", undefined, 2, undefined],
      ["phi", undefined, 3, undefined],
      ["phi", 2, 4, undefined],
      ["phi", 5, 7, 3],
      ["dob", 5, 7, 3],
      ["secret", undefined, 7, undefined],
    ]);
  });
});
