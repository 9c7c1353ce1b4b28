/** The manifest's vendors, their BAA state on a day and their safeguard gaps: what `hipaa-review vendors` prints. Pure. */
import { redact } from "../engine/findings/redact.js";
import type { Severity } from "../engine/types.js";
import { baaState, coversPhi, describeBaaState, type BaaState } from "./baa.js";
import type { Catalogue } from "./catalogue.js";
import { safeguardGaps, type SafeguardKey } from "./safeguards.js";
import type { Manifest } from "./types.js";

/** A PHI vendor's (or PHI subprocessor's) safeguards the manifest does not attest. */
export interface SafeguardGapRow {
  /** "Sentry", or "Sentry → Google Cloud" for a subprocessor. */
  party: string;
  subprocessor?: string;
  /** Not attested: missing or false. */
  missing: SafeguardKey[];
  /** Of those, recorded as false. */
  denied: SafeguardKey[];
}

export interface VendorStatusRow {
  name: string;
  line: number;
  purpose?: string;
  phi: boolean;
  baa: BaaState;
  baaText: string;
  document?: string;
  /** The catalogue's public stance, when the vendor is catalogued. */
  stance?: string;
  /** Problems making this vendor out of compliance (PHI without a BAA in effect, subprocessors without one). */
  problems: string[];
  /** Notices that do not break compliance yet (expiring within the window). */
  warnings: string[];
  /** Safeguards it or its PHI subprocessors do not attest (empty with vendors.safeguard_gaps: off). */
  safeguardGaps: SafeguardGapRow[];
}

export interface VendorStatusReport {
  today: string;
  windowDays: number;
  vendors: VendorStatusRow[];
  /** Number of PHI vendors out of compliance. */
  outOfCompliance: number;
  expiring: number;
  /** vendors.safeguard_gaps: how much a gap weighs (error fails the command). */
  safeguardSeverity: Severity | "off";
  /** Number of vendors with a safeguard gap of their own or of a subprocessor. */
  withSafeguardGaps: number;
}

export function vendorStatus(manifest: Manifest, today: string, windowDays: number, catalogue?: Catalogue, safeguardSeverity: Severity | "off" = "warning"): VendorStatusReport {
  const byId = new Map((catalogue?.entries ?? []).map((e) => [e.id, e]));
  const byName = new Map((catalogue?.entries ?? []).map((e) => [e.name.toLowerCase(), e]));
  const vendors = manifest.vendors.map((v): VendorStatusRow => {
    const state = baaState(v.baa, today, windowDays);
    const entry = v.catalogue ? byId.get(v.catalogue) : (byId.get(v.name.toLowerCase()) ?? byName.get(v.name.toLowerCase()));
    const problems: string[] = [];
    const warnings: string[] = [];
    if (v.phi) {
      if (!coversPhi(state)) problems.push(`handles PHI but its BAA is ${describeBaaState(state)}: sign or renew it and record it`);
      if (state.kind === "expiring") warnings.push(`BAA ${state.days === 0 ? "expires today" : `expires in ${state.days} day${state.days === 1 ? "" : "s"}`}: renew it by ${state.expires}`);
      for (const s of v.subprocessors ?? []) {
        if (s.phi === false) continue;
        const ss = baaState(s.baa, today, windowDays);
        if (!coversPhi(ss)) problems.push(`subprocessor ${s.name} receives PHI but its BAA is ${describeBaaState(ss)}`);
        else if (ss.kind === "expiring") warnings.push(`subprocessor ${s.name}'s BAA expires ${ss.expires}: have it renewed`);
      }
      if (entry?.baa === "does-not-sign" && state.kind !== "valid" && state.kind !== "expiring") problems.push(`the catalogue lists ${entry.name} as not signing BAAs (as of ${entry.as_of})`);
    }
    return {
      name: v.name,
      line: v.line,
      ...(v.purpose ? { purpose: v.purpose } : {}),
      phi: v.phi,
      baa: state,
      baaText: describeBaaState(state),
      ...(v.baa.document ? { document: v.baa.document } : {}),
      ...(entry ? { stance: `${entry.baa} (as of ${entry.as_of})` } : {}),
      problems,
      warnings,
      safeguardGaps: safeguardSeverity === "off" ? [] : safeguardGaps(v).map((g) => ({
        party: redact(g.party),
        ...(g.subprocessor !== undefined ? { subprocessor: redact(g.subprocessor) } : {}),
        missing: g.missing,
        denied: g.denied,
      })),
    };
  });
  return {
    today,
    windowDays,
    vendors,
    outOfCompliance: vendors.filter((v) => v.problems.length > 0).length,
    expiring: vendors.filter((v) => v.warnings.length > 0).length,
    safeguardSeverity,
    withSafeguardGaps: vendors.filter((v) => v.safeguardGaps.length > 0).length,
  };
}
