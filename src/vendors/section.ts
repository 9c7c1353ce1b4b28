/** The `vendors:` section of `.hipaa.yml`: validation beyond the schema, and merging over the organisation's. */
import type { PositionedError } from "../engine/yaml-schema.js";
import { SEVERITY_RANK, type Severity } from "../engine/types.js";
import type { ConfigSpec } from "../policy/config.js";
import type { ConfigSection, SectionProblem } from "../policy/sections.js";
import { catalogueEntryProblems } from "./catalogue.js";
import { spdxListEntryProblem } from "./license.js";
import { defaultVendorSettings, type CatalogueEntry, type VendorSettings } from "./types.js";

/**
 * The section as registered with the policy. `thresholds.baa_expiry_days` (where readers of the HIPAA
 * thresholds look for it) is the same setting as `vendors.baa_expiry_warning_days`.
 */
export const vendorSection: ConfigSection<VendorSettings> = {
  key: "vendors",
  problems(config) {
    const spec = vendorsOf(config);
    const out: SectionProblem[] = spec ? vendorSettingsProblems(spec).map((p) => ({ path: ["vendors", ...p.path], message: p.message })) : [];
    const baaDays = baaExpiryDays(config);
    const vendorBaaDays = spec?.baa_expiry_warning_days;
    if (baaDays !== undefined && vendorBaaDays !== undefined && baaDays !== vendorBaaDays) {
      out.push({ path: ["thresholds", "baa_expiry_days"], message: `says ${baaDays} days but vendors.baa_expiry_warning_days says ${vendorBaaDays}; they are the same setting, so keep one of them` });
    }
    return out;
  },
  merge(base, config, floor) {
    const baaDays = baaExpiryDays(config);
    const spec = baaDays !== undefined ? { ...vendorsOf(config), baa_expiry_warning_days: baaDays } : vendorsOf(config);
    return spec ? mergeVendorSettings(base, spec, floor) : base;
  },
};

function vendorsOf(config: ConfigSpec): VendorSettingsSpec | undefined {
  return config.vendors as VendorSettingsSpec | undefined;
}

function baaExpiryDays(config: ConfigSpec): number | undefined {
  return config.thresholds?.baa_expiry_days;
}

export interface VendorSettingsSpec {
  manifest?: string;
  phi?: boolean;
  baa_expiry_warning_days?: number;
  licenses?: { allow?: string[]; deny?: string[] };
  unknown_license?: "warning" | "error";
  catalogue?: CatalogueEntry[];
  unknown_hosts?: Severity | "off";
  first_party_domains?: string[];
  safeguard_gaps?: Severity | "off";
}

/** Problems with positions relative to `vendors` (e.g. ["licenses", "deny", 2]). */
export function vendorSettingsProblems(spec: VendorSettingsSpec): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const list of ["allow", "deny"] as const) {
    (spec.licenses?.[list] ?? []).forEach((id, i) => {
      const problem = spdxListEntryProblem(id);
      if (problem) out.push({ path: ["licenses", list, i], message: problem });
    });
  }
  if (spec.manifest !== undefined && (spec.manifest.startsWith("/") || spec.manifest.split("/").includes(".."))) {
    out.push({ path: ["manifest"], message: "must be a path inside the repository (no leading / and no ..)" });
  }
  (spec.first_party_domains ?? []).forEach((d, i) => {
    if (!DOMAIN.test(d)) out.push({ path: ["first_party_domains", i], message: `"${d}" is not a domain name; write it like "example-health.org" (no scheme, path or wildcard; subdomains are included)` });
  });
  const fake = (path: (string | number)[], message: string): PositionedError => ({ file: "", line: 0, column: 0, key: JSON.stringify(path), message });
  for (const e of catalogueEntryProblems(spec.catalogue ?? [], fake)) out.push({ path: ["catalogue", ...(JSON.parse(e.key) as (string | number)[])], message: e.message });
  return out;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Severity order with `off` below every level, for `unknown_hosts` and `safeguard_gaps`. */
const rank = (s: Severity | "off") => (s === "off" ? -1 : SEVERITY_RANK[s]);

/**
 * A severity setting over the organisation's: the default is no floor (a repository may lower or turn it off), a
 * level the organisation raised above the default is.
 */
function atLeast<S extends Severity | "off">(base: S, spec: S | undefined, floor: boolean, byDefault: S): S {
  if (spec === undefined) return base;
  return floor && rank(base) > rank(byDefault) && rank(spec) < rank(base) ? base : spec;
}

/**
 * `spec` over `base`. Over the defaults, the repository's settings replace them. Over the organisation's
 * (`floor`), a repository can only tighten: it cannot turn `phi` off, lower `unknown_license`, lower an `unknown_hosts` it raised above
 * note or a `safeguard_gaps` it raised above warning, shorten the
 * warning window or widen the allow list (it is intersected); deny lists and catalogue entries add up.
 */
export function mergeVendorSettings(base: VendorSettings | undefined, spec: VendorSettingsSpec | undefined, floor = false): VendorSettings {
  const b = base ?? defaultVendorSettings();
  if (!spec) return b;
  const allow = spec.licenses?.allow;
  return {
    manifest: spec.manifest ?? b.manifest,
    phi: floor ? b.phi || (spec.phi ?? b.phi) : (spec.phi ?? b.phi),
    baaExpiryWarningDays: floor ? Math.max(b.baaExpiryWarningDays, spec.baa_expiry_warning_days ?? 0) : (spec.baa_expiry_warning_days ?? b.baaExpiryWarningDays),
    licenses: {
      allow: allow ? (floor && b.licenses.allow.length > 0 ? allow.filter((id) => b.licenses.allow.includes(id)) : allow) : b.licenses.allow,
      deny: [...new Set([...b.licenses.deny, ...(spec.licenses?.deny ?? [])])],
    },
    unknownLicense: floor && b.unknownLicense === "error" ? "error" : (spec.unknown_license ?? b.unknownLicense),
    catalogue: [...b.catalogue, ...(spec.catalogue ?? [])],
    // The defaults (note, warning) are no floor; a level the organisation raised them to is.
    unknownHosts: atLeast(b.unknownHosts, spec.unknown_hosts, floor, "note"),
    firstPartyDomains: [...new Set([...b.firstPartyDomains, ...(spec.first_party_domains ?? []).map((d) => d.toLowerCase())])],
    safeguardGaps: atLeast(b.safeguardGaps, spec.safeguard_gaps, floor, "warning"),
  };
}
