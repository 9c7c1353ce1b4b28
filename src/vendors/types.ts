/**
 * Types of the vendor review: the built-in catalogue, the repository's vendor manifest, dependency changes and
 * the settings `.hipaa.yml` gives under `vendors:`. Pure: nothing here reads files, the network or a clock.
 */
import type { Severity } from "../engine/types.js";

/** Package ecosystems the catalogue and the manifest name packages in. */
export const ECOSYSTEMS = ["npm", "pypi", "go", "maven", "rubygems", "nuget", "composer"] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

/** A vendor's public stance on signing Business Associate Agreements. */
export type BaaStance = "signs" | "signs-on-some-plans" | "does-not-sign" | "unknown";

/** Package name globs (minimatch) per ecosystem, e.g. `npm: ["@sentry/*"]`. */
export type PackageGlobs = Partial<Record<Ecosystem, string[]>>;

export interface CatalogueEntry {
  /** kebab-case id, unique in the catalogue; a manifest vendor refers to it by `catalogue:` or by a matching name. */
  id: string;
  name: string;
  category: string;
  baa: BaaStance;
  /** YYYY-MM-DD: when the stance was last checked against the vendor's public statements. */
  as_of: string;
  /** What the stance depends on (plans, products), in a sentence. */
  note?: string;
  /** Where the stance is stated publicly. */
  source?: string;
  /** A HIPAA exemption that usually applies (payment processing, 42 USC 1320d-8 / HIPAA §1179). */
  exemption?: "payment-processing";
  packages?: PackageGlobs;
  domains?: string[];
}

export interface CatalogueSpec {
  as_of?: string;
  vendors: CatalogueEntry[];
}

export type BaaStatus = "signed" | "pending" | "none" | "not-required";

export interface BaaSpec {
  status: BaaStatus;
  /** YYYY-MM-DD the BAA takes effect. */
  effective?: string;
  /** YYYY-MM-DD the BAA ends; absent for an agreement without an end date. */
  expires?: string;
  /** Where the signed agreement is kept (contract id, document link). */
  document?: string;
  /** Why no BAA is required (e.g. the payment-processing exemption, or the conduit exception). */
  reason?: string;
}

/** The vendor's attested safeguards: each is attested only when `true` (a missing key is a gap, like `false`). */
export interface Safeguards {
  encryption_at_rest?: boolean;
  tls?: boolean;
  audit_logs?: boolean;
  mfa_sso?: boolean;
}

export interface SubprocessorSpec {
  name: string;
  /** Whether PHI flows to it (default true: a subprocessor of a PHI vendor is assumed to see PHI). */
  phi?: boolean;
  baa?: BaaSpec;
  safeguards?: Safeguards;
}

export interface ManifestVendorSpec {
  name: string;
  /** Id of the catalogue entry this vendor is; defaults to the entry whose id or name equals `name`. */
  catalogue?: string;
  purpose?: string;
  license?: { model: "open-source" | "proprietary" | "saas"; spdx?: string };
  phi: boolean;
  baa: BaaSpec;
  packages?: PackageGlobs;
  domains?: string[];
  safeguards?: Safeguards;
  retention?: string;
  subprocessors?: SubprocessorSpec[];
}

export interface ManifestSpec {
  version?: 1;
  vendors: ManifestVendorSpec[];
}

/** A manifest vendor with the line it starts on (for findings about it). */
export interface ManifestVendor extends ManifestVendorSpec {
  line: number;
  /** The line each of its subprocessors starts on, in order (for findings about them). */
  subprocessorLines?: number[];
  /** The manifest file it is recorded in, when not the repository's own (the organisation's, inherited). */
  file?: string;
}

export interface Manifest {
  file: string;
  vendors: ManifestVendor[];
}

/** The `vendors:` settings of `.hipaa.yml`, with defaults applied. */
export interface VendorSettings {
  /** Repository path of the vendor manifest, read from the base revision. */
  manifest: string;
  /** Whether the repository handles PHI (default true); when false only `phi_paths` count as PHI code. */
  phi: boolean;
  baaExpiryWarningDays: number;
  licenses: { allow: string[]; deny: string[] };
  unknownLicense: Extract<Severity, "warning" | "error">;
  /** Extra catalogue entries (replacing built-in ones with the same id). */
  catalogue: CatalogueEntry[];
  /** Severity of a new outbound host in PHI code that no vendor claims (`off`: not reported). */
  unknownHosts: Severity | "off";
  /** Domains of the organisation's own services (suffix match): hosts under them are not third parties. */
  firstPartyDomains: string[];
  /** Severity of a PHI vendor (or PHI subprocessor) without every safeguard attested (`off`: not reported). */
  safeguardGaps: Severity | "off";
}

export const DEFAULT_MANIFEST = ".hipaa/vendors.yml";

export function defaultVendorSettings(): VendorSettings {
  return { manifest: DEFAULT_MANIFEST, phi: true, baaExpiryWarningDays: 30, licenses: { allow: [], deny: [] }, unknownLicense: "warning", catalogue: [], unknownHosts: "note", firstPartyDomains: [], safeguardGaps: "warning" };
}

/** One dependency as a dependency file declares it, with its 1-based line. */
export interface Dependency {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  line: number;
  /** SPDX expression when the file records it (package-lock.json does). */
  license?: string;
}

/**
 * License data from outside the change (in the App: GitHub's dependency-graph compare endpoint). It should
 * answer quietly with an empty map when the data is unavailable (403/404).
 */
export interface LicenseLookup {
  licenses(deps: { ecosystem: Ecosystem; name: string; version?: string }[]): Promise<Map<string, string>>;
}

/** Key of a dependency in a LicenseLookup answer. */
export function licenseKey(ecosystem: Ecosystem, name: string): string {
  return `${ecosystem}:${name}`;
}

/** A dependency with whether it is for development only (dev/test deps are not shipped: no license check). */
export interface DeclaredDependency extends Dependency {
  dev?: boolean;
}
