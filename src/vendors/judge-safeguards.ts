/**
 * The judging stage for vendor due diligence: a vendor that handles PHI (or a PHI subprocessor of one) whose
 * manifest entry does not attest every safeguard (encryption at rest, TLS, audit logs, MFA/SSO) is a
 * `vendor-safeguard-gap` finding, at `vendors.safeguard_gaps` (default warning). Like the BAA findings it sits on a
 * line the change touched, so a gap in a vendor the change neither brings in nor edits never weighs on it (the
 * `vendors` command lists standing gaps):
 * - on the line that brings the vendor in (a dependency or host), judged by the base manifest, once per change;
 * - on the vendor's entry in a change that edits the manifest, judged by the head version (the entry it will be).
 */
import { redact } from "../engine/findings/redact.js";
import type { Finding, Severity } from "../engine/types.js";
import { vendorFinding, type At } from "./findings.js";
import { citationsOf, describeGap, safeguardGaps, type SafeguardGap } from "./safeguards.js";
import type { Usage, VendorScan } from "./scan-state.js";
import type { ManifestVendor } from "./types.js";

const CITATION = "164.314(a)(2)(i)";

/** A name from the manifest as printed: masked like any user text, and bounded. */
const shown = (name: string) => redact(name).slice(0, 120);

/** At most this many gap findings per change (a manifest may list many subprocessors); the rest are counted in a notice. */
export const MAX_GAP_FINDINGS = 40;

export function safeguardFindings(s: VendorScan): Finding[] {
  const severity = s.input.settings.safeguardGaps;
  if (severity === "off") return [];
  const all = [...usageGaps(s, severity), ...manifestEditGaps(s, severity)];
  if (all.length > MAX_GAP_FINDINGS) {
    s.notices.push({ path: s.input.manifest.path, message: `${all.length - MAX_GAP_FINDINGS} more vendor safeguard gaps in this change are not reported one by one; \`hipaa-review vendors\` lists every gap` });
  }
  return all.slice(0, MAX_GAP_FINDINGS);
}

/** Vendors the change brings in, by the base manifest: one finding per party, on the first line that brings it in. */
function usageGaps(s: VendorScan, severity: Severity): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const u of s.usages) {
    const m = u.vendor.manifest;
    if (!m || seen.has(u.vendor.key)) continue;
    seen.add(u.vendor.key);
    const what = u.via.kind === "package" ? `the ${u.via.ecosystem} package ${u.via.name}` : `calls to ${u.via.host}`;
    const recordedIn = m.file ?? s.input.manifest.path;
    for (const gap of safeguardGaps(m)) {
      const line = gap.index === undefined ? m.line : (m.subprocessorLines?.[gap.index] ?? m.line);
      out.push(gapFinding(severity, gap, m, { path: u.path, line: u.line, text: u.text, key: `${u.vendor.key} safeguards ${gap.party}` }, `arrives with ${what}`, `${recordedIn}, line ${line}`));
    }
  }
  return out;
}

/**
 * A change to the manifest: the PHI vendors whose entries it touches, as its head version records them. An entry is
 * touched when the change adds or changes a line in it, or only removes lines from it (a deleted `audit_logs: true`
 * leaves no added line, so the entry's safeguards are compared with the base's; the finding then sits on a line the
 * diff shows around the removal).
 */
function manifestEditGaps(s: VendorScan, severity: Severity): Finding[] {
  const edited = s.manifestEdited;
  const head = s.headManifest;
  if (!edited || !head) return [];
  const base = s.input.manifest.state === "ok" ? s.input.manifest.manifest.vendors : [];
  // Vendors the organisation's manifest records keep its entry: the repository's is refused, not judged.
  const org = new Set(base.filter((v) => v.file).map((v) => v.name.toLowerCase()));
  const own = new Map(base.filter((v) => !v.file).map((v) => [v.name.toLowerCase(), v]));
  const out: Finding[] = [];
  head.vendors.forEach((v, i) => {
    if (org.has(v.name.toLowerCase())) return;
    const end = head.vendors[i + 1]?.line ?? Number.MAX_SAFE_INTEGER;
    const within = (from: number, to: number, added: boolean) => edited.lines.find((l) => l.line >= from && l.line < to && (l.added || !added));
    const before = own.get(v.name.toLowerCase());
    const entry = within(v.line, end, true) ?? (before && diligence(before) !== diligence(v) ? within(v.line, end, false) : undefined);
    if (!entry) return;
    const subs = v.subprocessorLines ?? [];
    for (const gap of safeguardGaps(v)) {
      // The vendor's own part runs to its first subprocessor; a subprocessor's, to the next one.
      const from = gap.index === undefined ? v.line : subs[gap.index]!;
      const to = gap.index === undefined ? (subs[0] ?? end) : (subs[gap.index + 1] ?? end);
      const at = within(from, to, true) ?? entry;
      out.push(gapFinding(severity, gap, v, { path: edited.path, line: at.line, text: at.text, key: `manifest safeguards ${gap.party}` }, "is recorded in the manifest this change edits", `${edited.path}, line ${from}`));
    }
  });
  return out;
}

/** What the safeguard judgement of an entry depends on, to tell an entry a change only removed lines from. */
function diligence(v: ManifestVendor): string {
  return JSON.stringify([v.phi, v.safeguards ?? {}, (v.subprocessors ?? []).map((x) => [x.name, x.phi, x.safeguards ?? {}])]);
}

function gapFinding(severity: Severity, gap: SafeguardGap, vendor: ManifestVendor, at: At, how: string, where: string): Finding {
  const name = shown(vendor.name);
  const sub = gap.subprocessor === undefined ? undefined : shown(gap.subprocessor);
  const subject = sub === undefined
    ? `${name} handles PHI and ${how}, but its entry (${where}) ${describeGap(gap)}.`
    : `${name} handles PHI and ${how}, and passes it on to its subprocessor ${sub}, whose entry (${where}) ${describeGap(gap)}.`;
  const absent = gap.missing.filter((k) => !gap.denied.includes(k));
  const owner = sub ?? name;
  const record = absent.length === 0 ? "" :
    `Check ${owner}'s security documentation (SOC 2 Type II report, HITRUST or ISO 27001 certificate, the BAA's terms)${sub === undefined ? "" : ` with ${name}`} and record what it attests under ${sub === undefined ? "its" : `${sub}'s`} safeguards (${where}; e.g. safeguards: { ${absent.map((k) => `${k}: true`).join(", ")} }). `;
  return vendorFinding("vendor-safeguard-gap", severity, at, {
    safeguard: CITATION,
    message: `${sub === undefined ? "" : `${name} → ${sub}: `}${subject} A business associate${sub === undefined ? "" : "'s subcontractor"} must safeguard the PHI it holds as the Security Rule requires (45 CFR ${CITATION}${sub === undefined ? "" : ", 164.314(a)(2)(iii)"}; here ${citationsOf(gap.missing)}).`,
    remediation: `${record}Where ${owner} does not provide a safeguard, keep PHI away from it (phi: false), or record the compensating control in your risk analysis and accept the finding with a waiver.`,
  });
}
