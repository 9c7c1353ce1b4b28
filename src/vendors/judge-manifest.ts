/** The vendor manifest itself: a base manifest that cannot be read, or a change that breaks it, is a finding. */
import { contentFromDiff } from "../engine/scan.js";
import type { Finding } from "../engine/types.js";
import { vendorFinding } from "./findings.js";
import { parseManifest } from "./manifest.js";
import type { VendorScan } from "./scan-state.js";

export async function manifestFindings(s: VendorScan): Promise<Finding[]> {
  const out: Finding[] = [];
  const m = s.input.manifest;
  let headOk = false;
  const edited = s.manifestEdited;
  if (edited && edited.status !== "deleted") {
    const text = contentFromDiff(edited) ?? (await s.context.readHead(edited.path).catch(() => undefined));
    if (text !== undefined) {
      const parsed = parseManifest(text, edited.path, s.input.catalogue);
      headOk = parsed.manifest !== undefined;
      if (parsed.manifest) s.headManifest = parsed.manifest;
      for (const e of parsed.errors.slice(0, 20)) {
        out.push(vendorFinding("vendor-manifest-invalid", "error", { path: edited.path, line: e.line, text: edited.lines.find((l) => l.line === e.line)?.text ?? "", key: `head ${e.key} ${e.message}` }, {
          message: `This change breaks the vendor manifest: ${e.key ? `${e.key}: ` : ""}${e.message}. Once merged, every review would be judged without it.`,
          remediation: `Fix ${edited.path} at line ${e.line}${e.key ? ` (${e.key})` : ""} so it matches schema/vendor-manifest.schema.json (see docs/vendors.md).`,
        }));
      }
    }
  }
  if (m.state === "broken") {
    const fixing = edited !== undefined && headOk;
    for (const e of m.errors.slice(0, 20)) {
      out.push(vendorFinding("vendor-manifest-invalid", fixing ? "warning" : "error", { path: m.path, line: e.line, text: "", key: `base ${e.key} ${e.message}` }, {
        message: `The vendor manifest at ${m.label} is invalid: ${e.key ? `${e.key}: ` : ""}${e.message}. Vendors in this change were judged as if there were no manifest.${fixing ? " This change fixes it; the fixed manifest applies once merged." : ""}`,
        remediation: fixing ? "Merge the fix, then re-run the review of other changes." : `Fix ${m.path} at line ${e.line}${e.key ? ` (${e.key})` : ""} in a change of its own (see docs/vendors.md); until then every change is blocked.`,
      }));
    }
  }
  return out;
}
