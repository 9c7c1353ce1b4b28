/**
 * Vendor due diligence: the four safeguards the manifest records a vendor's attestation of (encryption at rest,
 * TLS, audit logs, MFA/SSO), and the gaps of a PHI vendor and of its PHI subprocessors. A safeguard is attested
 * only by `true`: a missing key is as much a gap as `false`, since nobody has checked it. Pure.
 */
import type { ManifestVendorSpec, Safeguards } from "./types.js";

export const SAFEGUARDS = [
  { key: "encryption_at_rest", label: "encryption at rest", citation: "164.312(a)(2)(iv)" },
  { key: "tls", label: "TLS in transit", citation: "164.312(e)(1)" },
  { key: "audit_logs", label: "audit logs", citation: "164.312(b)" },
  { key: "mfa_sso", label: "MFA/SSO", citation: "164.312(d)" },
] as const satisfies readonly { key: keyof Safeguards; label: string; citation: string }[];

export type SafeguardKey = (typeof SAFEGUARDS)[number]["key"];

/** One party (a vendor, or one of its subprocessors) that PHI reaches without every safeguard attested. */
export interface SafeguardGap {
  /** "Sentry", or "Sentry → Google Cloud" for a subprocessor. */
  party: string;
  /** The subprocessor's name, when the gap is a subprocessor's. */
  subprocessor?: string;
  /** Index of the subprocessor in the vendor's list (for the line it is recorded on). */
  index?: number;
  /** Keys not attested (missing or false), in SAFEGUARDS order. */
  missing: SafeguardKey[];
  /** Of those, the keys recorded as `false` (the vendor does not provide it), rather than left out. */
  denied: SafeguardKey[];
}

/** The safeguards `s` does not attest (missing or false), and those it records as false. */
export function unattested(s: Safeguards | undefined): { missing: SafeguardKey[]; denied: SafeguardKey[] } {
  return {
    missing: SAFEGUARDS.filter((g) => s?.[g.key] !== true).map((g) => g.key),
    denied: SAFEGUARDS.filter((g) => s?.[g.key] === false).map((g) => g.key),
  };
}

/**
 * The gaps of a vendor the manifest says handles PHI, then of each subprocessor PHI reaches (phi defaults to
 * true). A vendor recorded with `phi: false` has none: no PHI, nothing to safeguard.
 */
export function safeguardGaps(vendor: Pick<ManifestVendorSpec, "name" | "phi" | "safeguards" | "subprocessors">): SafeguardGap[] {
  if (!vendor.phi) return [];
  const out: SafeguardGap[] = [];
  const own = unattested(vendor.safeguards);
  if (own.missing.length > 0) out.push({ party: vendor.name, ...own });
  (vendor.subprocessors ?? []).forEach((s, index) => {
    if (s.phi === false) return;
    const gaps = unattested(s.safeguards);
    if (gaps.missing.length > 0) out.push({ party: `${vendor.name} → ${s.name}`, subprocessor: s.name, index, ...gaps });
  });
  return out;
}

/** "encryption at rest, audit logs and MFA/SSO". */
export function describeMissing(missing: readonly SafeguardKey[]): string {
  const labels = missing.map((k) => SAFEGUARDS.find((g) => g.key === k)!.label);
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}

/**
 * What a gap says about the party: "does not attest audit logs, and records MFA/SSO as not provided" (a missing
 * key is unchecked; `false` is the vendor's own answer).
 */
export function describeGap(gap: Pick<SafeguardGap, "missing" | "denied">): string {
  const absent = gap.missing.filter((k) => !gap.denied.includes(k));
  const parts = [absent.length > 0 ? `does not attest ${describeMissing(absent)}` : "", gap.denied.length > 0 ? `records ${describeMissing(gap.denied)} as not provided` : ""];
  return parts.filter(Boolean).join(", and ");
}

/** The Security Rule sections the missing safeguards implement, e.g. "164.312(b), 164.312(d)". */
export function citationsOf(missing: readonly SafeguardKey[]): string {
  return missing.map((k) => SAFEGUARDS.find((g) => g.key === k)!.citation).join(", ");
}
