import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../../src/engine/findings/fingerprint.js";
import { maskValue, redact as scrub, snippetOf } from "../../src/engine/findings/redact.js";

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
