// A name a syntax rule reads outside the call that sends it (a payload's field assigned above the call) is reported on
// its own line only while no line rule of its area reports the call: one weakness, one comment, where it is clearest.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { runScan } from "../../src/engine/scan.js";
import { patchSource } from "../../src/platforms/local/patch-source.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { treeSitterParser } from "../../src/syntax/tree-sitter.js";

describe("a payload built above the call that sends it", async () => {
  const parser = treeSitterParser();
  const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "main@abc1234" }, { packs: loadDefaultRules() });
  const newFile = (path: string, lines: string[]) => ["diff --git a/" + path + " b/" + path, "new file mode 100644", "--- /dev/null", "+++ b/" + path, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n") + "\n";
  const scan = async (diff: string) => (await runScan({ source: patchSource([diff]), policy: loaded.judge, today: "2026-12-06", syntax: parser })).findings.map((f) => `${f.ruleId}:${f.line}`);

  it("is reported once, on the call, when a line rule reports the call", async () => {
    const lines = ["def enroll(participant):", "    payload = {", '        "first_name": participant.first_name,', '        "date_of_birth": participant.date_of_birth.isoformat(),', "    }", '    logger.info("enrollment request for %s: %s", participant.payment_ref, payload)'];
    const found = await scan(newFile("app/cardvendor.py", lines));
    expect(found).toContain("phi-fields-logged:6");
    expect(found.filter((f) => f.endsWith(":3") || f.endsWith(":4"))).toEqual([]);
  });
  it("is reported on the field's line when nothing reports the call", async () => {
    const lines = ["export function trackPaid(ctx) {", "  const props = {", "    patient_name: ctx.patientName,", "  };", "  analytics.track('payment_started', props);", "}"];
    expect(await scan(newFile("src/analytics/track.ts", lines))).toContain("phi-sent-to-analytics:3");
  });
});

describe("a count of a field sent with an event", async () => {
  const parser = treeSitterParser();
  const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "main@abc1234" }, { packs: loadDefaultRules() });
  const newFile = (path: string, lines: string[]) => ["diff --git a/" + path + " b/" + path, "new file mode 100644", "--- /dev/null", "+++ b/" + path, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n") + "\n";
  const scan = async (lines: string[]) => (await runScan({ source: patchSource([newFile("src/track.ts", lines)]), policy: loaded.judge, today: "2026-12-06", syntax: parser })).findings.map((f) => `${f.ruleId}:${f.line}`);

  it("is a number, not the field (`diagnosis_count`, `numberOfDiagnoses`); the field itself and a flag still count", async () => {
    const event = (line: string) => ["export function submitted(values) {", "  captureEvent('encounter_form_submitted', {", `    ${line}`, "  });", "}"];
    expect(await scan(event("diagnosis_count: values.diagnoses.length,"))).toEqual([]);
    expect(await scan(event("numberOfDiagnoses: values.diagnoses.length,"))).toEqual([]);
    expect(await scan(event("diagnoses: values.diagnoses,"))).toContain("phi-sent-to-analytics:3");
    expect(await scan(event("hasDiabetes: values.hasDiabetes,"))).toContain("phi-sent-to-analytics:3");
  });
});
