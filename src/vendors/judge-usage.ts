/** The judging stage of the vendor review: each new vendor against the base manifest, the catalogue and the BAA rules. */
import type { Finding } from "../engine/types.js";
import { baaState, coversPhi, daysBetween, describeBaaState, type BaaState } from "./baa.js";
import { REFERENCES, registrableGuess, vendorFinding, type At } from "./findings.js";
import type { Usage, VendorScan } from "./scan-state.js";

/** A catalogue stance older than this is quoted with a reminder to re-verify it. */
const STALE_STANCE_DAYS = 365;

/** `usedElsewhere`: the base revision already uses this vendor in other files, so the change does not bring it in. */
export function judgeUsage(s: VendorScan, u: Usage, usedElsewhere = false): Finding[] {
  const { vendor } = u;
  const what = u.via.kind === "package" ? `the ${u.via.ecosystem} package ${u.via.name}` : `calls to ${u.via.host}`;
  const manifestPath = s.input.manifest.path;
  const at = { path: u.path, line: u.line, text: u.text, key: `${vendor.key} ${u.via.kind === "package" ? u.via.name : u.via.host}` };
  const m = vendor.manifest;
  const today = s.context.today;
  const window = s.input.settings.baaExpiryWarningDays;
  if (m) {
    if (!m.phi) return []; // the manifest attests that no PHI reaches this vendor (a reviewed policy file)
    const recordedIn = m.file ?? manifestPath; // the organisation's manifest, for an inherited vendor
    const out: Finding[] = [];
    const state = baaState(m.baa, today, window);
    const f = baaFinding(state, `${m.name}`, what, at, recordedIn, m.line);
    if (f) out.push(f);
    for (const s of m.subprocessors ?? []) {
      if (s.phi === false) continue;
      const ss = baaState(s.baa, today, window);
      if (coversPhi(ss) && ss.kind !== "expiring") continue;
      out.push(vendorFinding(ss.kind === "expiring" ? "vendor-baa-expiring" : "vendor-subprocessor-baa-missing", ss.kind === "expiring" ? "warning" : "error", { ...at, key: `${at.key} sub ${s.name}` }, {
        safeguard: "164.314(a)(1)",
        message: `${m.name}, added here with ${what}, handles PHI and passes it to its subprocessor ${s.name}, whose BAA is ${describeBaaState(ss)}. A business associate's subcontractors need their own BAA (45 CFR 164.308(b)(2), 164.314(a)(2)(iii)).`,
        remediation: ss.kind === "expiring"
          ? `Have ${m.name} confirm ${s.name}'s BAA is renewed by ${ss.expires}, and update ${recordedIn}.`
          : `Obtain ${m.name}'s assurance that ${s.name} signed a BAA and record it under subprocessors in ${recordedIn} (line ${m.line}), set phi: false for ${s.name} if no PHI reaches it, or remove the dependency.`,
      }));
    }
    return out;
  }

  const e = vendor.entry!;
  const stale = daysBetween(e.as_of, today) > STALE_STANCE_DAYS ? "; recorded over a year ago, so re-verify it" : "";
  const stance = `(as of ${e.as_of}${e.note ? `; ${e.note}` : ""}${stale})`;
  const record =
    `add ${e.name} to ${manifestPath} with baa status signed, its effective date and the document reference` +
    (s.input.manifest.state === "absent" ? ` (\`hipaa-review init\` starts the manifest, listing the vendors the repository already uses)` : "");
  const already = usedElsewhere ? " It is already used elsewhere in the base revision, so this change does not bring it in; it still belongs in the manifest with its BAA." : "";
  const noManifest = s.input.manifest.state === "ok" ? `is not in the vendor manifest (${manifestPath})` : `is not in a vendor manifest (${s.input.manifest.state === "absent" ? `there is no ${s.input.manifest.label}` : `${manifestPath} is invalid`})`;
  if (!u.phiCode) {
    return [vendorFinding("vendor-not-in-manifest", "note", at, {
      message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. This repository is configured as not handling PHI (vendors.phi: false), so no BAA is required here.`,
      remediation: `Record ${e.name} in ${manifestPath} with phi: false and baa status not-required, so the inventory stays complete.`,
    })];
  }
  if (e.exemption === "payment-processing") {
    return [vendorFinding("vendor-not-in-manifest", "warning", at, {
      message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. ${e.name} does not sign BAAs; processing payments is exempt from HIPAA's business associate rules (HIPAA §1179) only while nothing but payment data reaches it — no diagnoses, procedures or notes in descriptions or metadata.`,
      remediation: `Make sure only payment data is sent, then record ${e.name} in ${manifestPath} with phi: false, or with baa status not-required and reason "payment-processing exemption".`,
    })];
  }
  switch (e.baa) {
    case "does-not-sign":
      return [vendorFinding("vendor-does-not-sign-baa", "error", at, {
        message: `${e.name} (${e.category}) arrives with ${what}. ${e.name} does not sign BAAs ${stance}, so PHI must never reach it, and this repository handles PHI.`,
        remediation: `Remove the dependency from PHI-handling code, or replace it with a vendor that signs a BAA. If no PHI can reach it (e.g. it only runs on public pages), record ${e.name} in ${manifestPath} with phi: false and baa status none, for a reviewer to confirm.`,
        references: [REFERENCES.tracking, REFERENCES.baa, REFERENCES.docs, ...(e.source ? [e.source] : [])],
      })];
    case "signs":
      return [vendorFinding("vendor-not-in-manifest", usedElsewhere ? "note" : "error", at, {
        message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. ${e.name} signs BAAs ${stance}; PHI must not reach it until one is signed.${already}`,
        remediation: `Sign ${e.name}'s BAA and ${record}; or remove the dependency. If no PHI reaches it, record it with phi: false.`,
      })];
    case "signs-on-some-plans":
      return [vendorFinding("vendor-not-in-manifest", usedElsewhere ? "note" : "error", at, {
        message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. ${e.name} signs BAAs only on some plans ${stance}: verify your plan includes one.${already}`,
        remediation: `Verify your ${e.name} plan includes a BAA, sign it and ${record}; or remove the dependency. If no PHI reaches it, record it with phi: false.`,
      })];
    case "unknown":
      return [vendorFinding("vendor-not-in-manifest", usedElsewhere ? "note" : "warning", at, {
        message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. Whether ${e.name} signs BAAs is not known to hipaa-review ${stance}: verify it with the vendor.${already}`,
        remediation: `Verify with ${e.name} whether it signs a BAA; then ${record}, or record it with phi: false if no PHI reaches it, or remove the dependency.`,
      })];
  }
}

function baaFinding(state: BaaState, name: string, what: string, at: At, manifestPath: string, manifestLine: number): Finding | undefined {
  switch (state.kind) {
    case "valid":
    case "not-required":
      return undefined;
    case "expiring":
      return vendorFinding("vendor-baa-expiring", "warning", at, {
        safeguard: "164.314(a)(1)",
        message: `${name} handles PHI and arrives with ${what}; its BAA ${state.days === 0 ? `expires today (${state.expires})` : `expires on ${state.expires}, in ${state.days} day${state.days === 1 ? "" : "s"}`}.`,
        remediation: `Renew the BAA with ${name} by ${state.expires} and record the new dates in ${manifestPath} (line ${manifestLine}).`,
      });
    case "expired":
      return vendorFinding("vendor-baa-expired", "error", at, {
        safeguard: "164.314(a)(1)",
        message: `${name} handles PHI and arrives with ${what}, but its BAA expired on ${state.expires} (${state.days} day${state.days === 1 ? "" : "s"} ago). PHI must not reach it without one in effect.`,
        remediation: `Renew the BAA with ${name} and record the new effective and expiry dates in ${manifestPath} (line ${manifestLine}); or remove the dependency.`,
      });
    case "not-yet-effective":
      return vendorFinding("vendor-baa-missing", "error", at, {
        message: `${name} handles PHI and arrives with ${what}, but its BAA only takes effect on ${state.effective}.`,
        remediation: `Merge this change on or after ${state.effective}, or correct the effective date in ${manifestPath} (line ${manifestLine}).`,
      });
    case "missing":
      return vendorFinding("vendor-baa-missing", "error", at, {
        message: `${name} is recorded in ${manifestPath} as handling PHI, and arrives with ${what}, but has ${state.status === "absent" ? "no BAA" : `only a ${state.status} BAA`}. PHI must not reach it without a signed BAA.`,
        remediation: `Sign the BAA with ${name} and record it in ${manifestPath} (line ${manifestLine}: baa status signed, effective date, document); or set phi: false if no PHI reaches it; or remove the dependency.`,
      });
  }
}

export function unknownHostFindings(s: VendorScan): Finding[] {
  const severity = s.input.settings.unknownHosts;
  if (severity === "off") return [];
  const manifestPath = s.input.manifest.path;
  return [...s.unknownHosts].map(([host, at]) => vendorFinding("vendor-unknown-host", severity, { ...at, key: `host ${host}` }, {
    message: `This change adds calls to ${host} from PHI-handling code, and neither the vendor manifest (${manifestPath}) nor hipaa-review's catalogue says who runs it. If PHI can reach it, its operator is a business associate and needs a BAA.`,
    remediation: `If it is a third party, record it in ${manifestPath} with domains: [${registrableGuess(host)}], phi and its BAA; if it is your own service, list its domain under vendors.first_party_domains in .hipaa.yml; if no PHI can reach it, record it with phi: false.`,
  }));
}
