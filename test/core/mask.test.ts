import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../../src/engine/findings/fingerprint.js";
import { maskValue, recordValueSpans, redact as scrub, renderMasked, snippetOf } from "../../src/engine/findings/redact.js";

describe("masking", () => {
  it("keeps only the last four characters of identifiers", () => {
    expect(maskValue("536-22-7731", "identifier")).toBe("***-**-7731");
    expect(maskValue("AKIAQWERTYUIOPASDFGH")).toBe("****************DFGH");
    expect(maskValue("q8Zr2LmX9vTw4KpBq8Zr2LmX9vTw4KpB")).toBe("********4KpB");
  });

  it("scrubs identifiers and credentials a rule did not match", () => {
    const line = 'patient = { ssn: "536-22-7731", key: "AKIAQWERTYUIOPASDFGH", password: "Xk9mP2vL7qR4", url: "postgres://app:Hunter2pw@db.prod.net/ehr" }';
    const out = scrub(line);
    for (const raw of ["536-22-7731", "AKIAQWERTYUIOPASDFGH", "Xk9mP2vL7qR4", "Hunter2pw"]) expect(out).not.toContain(raw);
    expect(out).toContain("***-**-7731");
  });

  it("masks the sensitive range of a snippet", () => {
    const s = snippetOf("mrn,name\n");
    expect(s).toBe("mrn,name");
    expect(snippetOf("id: A1234567Z", [{ start: 4, end: 13, kind: "identifier" }])).toBe("id: *****567Z");
  });

  it("computes fingerprints from masked text, ignoring whitespace changes", () => {
    const a = fingerprintOf({ ruleId: "r", path: "p", maskedLine: "x  =  ***-**-7731", occurrence: 0 });
    expect(fingerprintOf({ ruleId: "r", path: "p", maskedLine: "x = ***-**-7731", occurrence: 0 })).toBe(a);
    expect(fingerprintOf({ ruleId: "r", path: "p", maskedLine: "x = ***-**-7731", occurrence: 1 })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{20}$/);
  });
});

describe("a patient's record: every value on its line", () => {
  const masked = (line: string) => renderMasked(line, recordValueSpans(line));

  it("masks quoted values, not keys nor templates", () => {
    expect(masked(`  {"case_id": "AGE-24-0193", "full_name": "Margaret O'Donnell", "dob": "1951-08-14"},`)).toBe(`  {"case_id": "***-**-****", "full_name": "******** *'*******", "dob": "****-**-**"},`);
    expect(masked(`Patient(name="Jane Doe", dob='1980-01-01')`)).toBe(`Patient(name="**** ***", dob='****-**-**')`);
    expect(masked(`  'Patient' => "{$r->patient_name} (DOB {$r->dob})",`)).toBe(`  'Patient' => "{$r->patient_name} (DOB {$r->dob})",`);
    expect(masked(`INSERT INTO patients VALUES ('Jane', 'Doe', '1980-01-01');`)).toBe(`INSERT INTO patients VALUES ('****', '***', '****-**-**');`);
  });

  it("masks every cell of a row, and the value of a key: value line", () => {
    expect(masked("DXR-20417,MRN-4471982,Deborah,Kowalczyk,1967-03-14,OH")).toBe("***-*****,***-*******,*******,*********,****-**-**,**");
    expect(masked("PID|1||12345^^^MRN||DOE^JANE||19800101|F")).toBe("***|*||*****^^^***||***^****||********|*");
    expect(masked("Smith\tJohn\t1970-02-03")).toBe("*****\t****\t****-**-**");
    expect(masked("  full_name: Margaret O'Donnell")).toBe("  full_name: ******** *'*******");
    expect(masked("a line of prose")).toBe("a line of prose");
    // however long the value
    expect(masked(`  notes: ${"Margaret ".repeat(400)}`)).toBe(`  notes: ${"******** ".repeat(400)}`);
  });

  it("reads a crafted line in linear time", () => {
    const t = performance.now();
    recordValueSpans(`"${"a".repeat(200_000)}`);
    recordValueSpans(`'a' `.repeat(50_000));
    recordValueSpans(",".repeat(200_000));
    expect(performance.now() - t).toBeLessThan(1_000);
  });
});

describe("scrub keeps settings that only look like credential assignments", () => {
  it("does not mask booleans and small numbers after auth-like keys", () => {
    expect(scrub("https.request({ rejectUnauthorized: false })")).toBe("https.request({ rejectUnauthorized: false })");
    expect(scrub("token_ttl: 3600")).toBe("token_ttl: 3600");
    expect(scrub("password: Hunter2-Real-Pass")).not.toContain("Hunter2");
  });

  it("masks a directive's value after spaces when the line's first word names a credential", () => {
    expect(scrub("requirepass Xk9mP2vL7qR4")).toMatch(/^requirepass \*{8,}(7qR4)?$/);
    for (const line of ["requirepass Xk9mP2vL7qR4", "  masterauth Xk9mP2vL7qR4", 'SessionCryptoPassphrase "Xk9mP2vL7qR4"']) expect(scrub(line)).not.toContain("Xk9mP2vL7qR4");
    // a word later in the line, or a flag's value, is not a directive
    expect(scrub("    ssl_verify_client on;")).toBe("    ssl_verify_client on;");
    expect(scrub("if token is None: return")).toBe("if token is None: return");
  });
});
