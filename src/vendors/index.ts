/** Vendor and BAA review: public surface for the review, the CLI and the App. Pure (no fs, network or clock). */
export * from "./types.js";
export { baaState, coversPhi, daysBetween, describeBaaState, isDate, type BaaState } from "./baa.js";
export { catalogueSchema, mergeCatalogue, parseCatalogue, VendorIndex, type Catalogue, type KnownVendor } from "./catalogue.js";
export { VENDOR_RULES } from "./findings.js";
export { loadManifest, type ManifestLoad } from "./manifest-load.js";
export { createVendorPlugin, type VendorPluginInput } from "./plugin.js";
export { vendorPolicyPlugin, vendorSetupOf, type VendorSetup } from "./policy-plugin.js";
export { dependencyFileKind, parseDependencyFile, type DeclaredDependency, type DependencyFileKind } from "./dependency-files.js";
export { evaluateLicense, spdxListEntryProblem, spdxProblem, type LicensePolicy, type LicenseVerdict } from "./license.js";
export { manifestSchema, parseManifest } from "./manifest.js";
export { SAFEGUARDS, safeguardGaps, type SafeguardGap, type SafeguardKey } from "./safeguards.js";
export { mergeVendorSettings, vendorSection, vendorSettingsProblems, type VendorSettingsSpec } from "./section.js";
export { vendorStatus, type VendorStatusReport, type VendorStatusRow } from "./status.js";
