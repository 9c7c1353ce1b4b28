/** Vendor and BAA review: public surface for the engine, the CLI and the App. Pure (no fs, network or clock). */
export * from "./types.js";
export { baaState, coversPhi, daysBetween, describeBaaState, isDate, type BaaState } from "./baa.js";
export { catalogueSchema, mergeCatalogue, parseCatalogue, VendorIndex, type Catalogue, type KnownVendor } from "./catalogue.js";
export { createVendorCheck, loadManifest, VENDOR_RULES, type ManifestLoad, type VendorCheckInput } from "./check.js";
export { dependencyFileKind, parseDependencyFile, type DeclaredDependency, type DependencyFileKind } from "./dependency-files.js";
export { hostsIn } from "./domains.js";
export { evaluateLicense, spdxListEntryProblem, spdxProblem, type LicensePolicy, type LicenseVerdict } from "./license.js";
export { manifestSchema, parseManifest } from "./manifest.js";
export { mergeVendorSettings, vendorSettingsProblems, type VendorSettingsSpec } from "./settings.js";
export { vendorStatus, type VendorStatusReport, type VendorStatusRow } from "./status.js";
