/**
 * What the vendor review collects while it reads the change (new dependencies, new vendor usages, new hosts, the
 * manifest's edit), for the judging stage to read once the whole change is seen.
 */
import type { FileDiff, PluginContext, ScanNotice } from "../engine/types.js";
import type { KnownVendor, VendorIndex } from "./catalogue.js";
import type { DeclaredDependency } from "./dependency-files.js";
import type { ManifestLoad } from "./manifest-load.js";
import type { Ecosystem, LicenseLookup, Manifest, VendorSettings } from "./types.js";
import type { Catalogue } from "./catalogue.js";

export interface VendorPluginInput {
  settings: VendorSettings;
  manifest: ManifestLoad;
  catalogue?: Catalogue;
  /** Reads a file at the base revision (to tell a new dependency from a version bump). */
  readBase(path: string): Promise<string | undefined>;
  /** Whether a path handles PHI (`.hipaa.yml` phi_paths); the whole repository does when settings.phi is true. */
  isPhiPath?(path: string): boolean;
  licenseLookup?: LicenseLookup;
}

/** A vendor the change starts using, on the line that brings it in. */
export interface Usage {
  vendor: KnownVendor;
  path: string;
  line: number;
  text: string;
  via: { kind: "package"; ecosystem: Ecosystem; name: string } | { kind: "domain"; host: string };
  phiCode: boolean;
}

export interface NewDependency {
  dep: DeclaredDependency;
  path: string;
  text: string;
  vendor?: KnownVendor;
}

export interface VendorScan {
  input: VendorPluginInput;
  context: PluginContext;
  index: VendorIndex;
  usages: Usage[];
  newDeps: NewDependency[];
  /** New package-lock entries that record a license, for the deny list (transitive dependencies ship too). */
  newLockEntries: NewDependency[];
  /** License data of lockfiles in the change, by directory then package name. */
  lockLicenses: Map<string, Map<string, string>>;
  notices: ScanNotice[];
  /** New outbound hosts in PHI code that no vendor claims, first occurrence of each. */
  unknownHosts: Map<string, { path: string; line: number; text: string }>;
  manifestEdited?: FileDiff;
  /** The head version of an edited manifest, when it is valid (read by the manifest judge). */
  headManifest?: Manifest;
}

export function phiCode(s: VendorScan, path: string): boolean {
  return s.input.settings.phi || (s.input.isPhiPath?.(path) ?? false);
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}
