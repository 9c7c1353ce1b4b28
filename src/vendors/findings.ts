/** The vendor review's rules and how its findings are written: on the line that brings a vendor in, masked. */
import { fingerprintOf } from "../engine/findings/fingerprint.js";
import { snippetOf } from "../engine/findings/redact.js";
import type { Finding, Severity } from "../engine/types.js";

export const VENDOR_RULES = [
  { id: "vendor-manifest-invalid", severity: "error", title: "Vendor manifest is invalid" },
  { id: "vendor-not-in-manifest", severity: "error", title: "New vendor not in the vendor manifest" },
  { id: "vendor-does-not-sign-baa", severity: "error", title: "Vendor that does not sign BAAs added to PHI code" },
  { id: "vendor-baa-missing", severity: "error", title: "PHI vendor without a signed BAA" },
  { id: "vendor-baa-expired", severity: "error", title: "Vendor BAA expired" },
  { id: "vendor-baa-expiring", severity: "warning", title: "Vendor BAA expiring soon" },
  { id: "vendor-subprocessor-baa-missing", severity: "error", title: "PHI vendor's subprocessor without a BAA" },
  { id: "vendor-unknown-host", severity: "note", title: "New outbound host that no vendor record covers" },
  { id: "vendor-safeguard-gap", severity: "warning", title: "PHI vendor without every safeguard attested" },
  { id: "license-denied", severity: "error", title: "Dependency license denied by policy" },
  { id: "license-not-allowed", severity: "error", title: "Dependency license not on the allow list" },
  { id: "license-unknown", severity: "warning", title: "Dependency license unknown" },
] as const satisfies readonly { id: string; severity: Severity; title: string }[];

export type VendorRuleId = (typeof VENDOR_RULES)[number]["id"];

export const REFERENCES = {
  baa: "https://www.hhs.gov/hipaa/for-professionals/covered-entities/sample-business-associate-agreement-provisions/index.html",
  cloud: "https://www.hhs.gov/hipaa/for-professionals/special-topics/health-information-technology/cloud-computing/index.html",
  tracking: "https://www.hhs.gov/hipaa/for-professionals/privacy/guidance/hipaa-online-tracking/index.html",
  docs: "docs/vendors.md",
};

export interface At {
  path: string;
  line: number;
  text: string;
  /** What makes the finding itself (vendor and package/host), for its fingerprint: not the line's position. */
  key: string;
}

export function vendorFinding(ruleId: VendorRuleId, severity: Severity, at: At, text: { message: string; remediation: string; safeguard?: string; references?: string[] }): Finding {
  const rule = VENDOR_RULES.find((r) => r.id === ruleId)!;
  const snippet = at.text ? snippetOf(at.text.replace(/(\/\/)[^\s/@"'`]+@/g, "$1***@")) : undefined;
  return {
    ruleId,
    title: rule.title,
    area: "vendor",
    safeguard: text.safeguard ?? "164.308(b)(1)",
    severity,
    path: at.path,
    line: at.line,
    message: text.message,
    remediation: text.remediation,
    references: text.references ?? [REFERENCES.baa, REFERENCES.docs],
    ...(snippet ? { snippet } : {}),
    fingerprint: fingerprintOf({ ruleId, path: at.path, maskedLine: at.key, occurrence: 0 }),
  };
}

/** The last two labels of a host (three under a two-letter second-level such as co.uk), to suggest as its domain. */
export function registrableGuess(host: string): string {
  const labels = host.split(".");
  const n = labels.length >= 3 && /^(co|com|org|net|gov|ac|edu|nhs)$/.test(labels.at(-2)!) && labels.at(-1)!.length === 2 ? 3 : 2;
  return labels.slice(-n).join(".");
}
