// A `replaces_in: change` rule compares an added line with the lines the change removed in this file and in the
// files git lists before it: a lookup scoped to the caller, removed from one controller, and an unscoped one added in
// the controller split out of it, assigned to the same variable. A removal in a file listed after it is not seen.
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { runScan } from "../../src/engine/scan.js";
import { patchSource } from "../../src/platforms/local/patch-source.js";
import { loadReviewPolicy } from "../../src/review/review.js";

const newFile = (path: string, lines: string[]) => [`diff --git a/${path} b/${path}`, "new file mode 100644", "--- /dev/null", `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n") + "\n";
const removedFrom = (path: string, kept: string, removed: string) =>
  [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, "@@ -1,2 +1,1 @@", ` ${kept}`, `-${removed}`].join("\n") + "\n";

describe("replaces_in: change", async () => {
  const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "main@abc1234" }, { packs: loadDefaultRules() });
  const scan = async (diffs: string[]) => (await runScan({ source: patchSource(diffs), policy: loaded.judge, today: "2026-12-06" })).findings.map((f) => `${f.ruleId}:${f.path}:${f.line}`);
  const scoped = "        $letter = $request->user()->patientCase->visaLetters()->issued()->findOrFail($letterId);";
  const portal = removedFrom("app/Http/Controllers/Portal/PatientPortalController.php", "<?php", scoped);
  const download = (line: string) => newFile("app/Http/Controllers/Portal/VisaLetterDownloadController.php", ["<?php", "class VisaLetterDownloadController {", "    public function __invoke(Request $request, int $letterId) {", line, "    }", "}"]);
  const rule = "authz-caller-scoped-lookup-rewritten";

  it("reports the unscoped lookup added in a file read after the one that removed the scoped lookup", async () => {
    expect(await scan([portal, download("        $letter = VisaLetter::with('patientCase')->findOrFail($letterId);")])).toContain(`${rule}:app/Http/Controllers/Portal/VisaLetterDownloadController.php:4`);
  });
  it("is quiet on another variable, on a lookup still scoped to the caller, and without the removal", async () => {
    expect(await scan([portal, download("        $template = LetterTemplate::findOrFail($templateId);")])).not.toContainEqual(expect.stringContaining(rule));
    expect(await scan([portal, download("        $letter = $request->user()->patientCase->visaLetters()->findOrFail($letterId);")])).not.toContainEqual(expect.stringContaining(rule));
    expect(await scan([download("        $letter = VisaLetter::with('patientCase')->findOrFail($letterId);")])).not.toContainEqual(expect.stringContaining(rule));
  });
  it("does not see a removal in a file read later (files come in path order, as git lists them)", async () => {
    const later = removedFrom("app/Http/Controllers/Portal/ZArchiveController.php", "<?php", scoped);
    expect(await scan([download("        $letter = VisaLetter::with('patientCase')->findOrFail($letterId);"), later])).not.toContainEqual(expect.stringContaining(rule));
  });
});
