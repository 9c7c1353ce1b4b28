/**
 * The vendor review as the policy sees it: its rules, its `vendors:` section, and its setup from the base revision
 * (the manifest, with the organisation's inherited under `extends: org`).
 */
import { sectionOf } from "../policy/sections.js";
import type { PolicyPlugin } from "../policy/plugins.js";
import { mergeCatalogue, type Catalogue } from "./catalogue.js";
import { VENDOR_RULES } from "./findings.js";
import { loadManifest, withOrgManifest, type ManifestLoad } from "./manifest-load.js";
import { createVendorPlugin } from "./plugin.js";
import { vendorSection } from "./section.js";
import { DEFAULT_MANIFEST, defaultVendorSettings, type LicenseLookup, type VendorSettings } from "./types.js";

/** What the vendor review loaded for a review: its settings and the base's manifest. */
export interface VendorSetup {
  settings: VendorSettings;
  manifest: ManifestLoad;
  catalogue?: Catalogue;
}

export interface VendorPluginOptions {
  /**
   * The built-in vendor catalogue (entry points pass loadDefaultVendors()). Without it, only the manifest's own
   * packages and domains and `.hipaa.yml`'s vendors.catalogue identify vendors.
   */
  catalogue?: Catalogue;
  /** License data from outside the change (the App: GitHub's dependency graph). */
  licenseLookup?: LicenseLookup;
}

export function vendorPolicyPlugin(options: VendorPluginOptions = {}): PolicyPlugin<VendorSetup, VendorSettings> {
  return {
    id: "vendors",
    rules: VENDOR_RULES,
    section: vendorSection,
    async setup({ policy, readBase, baseLabel, org }) {
      let settings = sectionOf(policy, vendorSection) ?? defaultVendorSettings();
      // A rule the organisation locks cannot be silenced from the vendors: section either; its `rules:` severity applies.
      if (settings.safeguardGaps === "off" && policy.locked.has("vendor-safeguard-gap")) settings = { ...settings, safeguardGaps: "warning" };
      const builtIn = options.catalogue;
      const catalogue = builtIn || settings.catalogue.length > 0 ? mergeCatalogue(builtIn, settings.catalogue) : undefined;
      // Like .hipaa.yml, the manifest comes from the base revision: a change cannot vouch for its own vendors.
      let manifest = loadManifest(await readBase(settings.manifest), settings.manifest, `${settings.manifest} at ${baseLabel}`, catalogue);
      if (org) {
        const orgManifest = sectionOf(org.policy, vendorSection)?.manifest ?? DEFAULT_MANIFEST;
        manifest = await withOrgManifest(manifest, org.source, orgManifest, policy, catalogue);
      }
      const phiPaths = policy.phiPaths;
      const plugin = createVendorPlugin({
        settings,
        manifest,
        ...(catalogue ? { catalogue } : {}),
        readBase,
        isPhiPath: (path) => phiPaths.some((g) => g.match(path)),
        ...(options.licenseLookup ? { licenseLookup: options.licenseLookup } : {}),
      });
      return { plugin, policyFiles: [settings.manifest], state: { settings, manifest, ...(catalogue ? { catalogue } : {}) } };
    },
  };
}

/** The vendor review's setup in a loaded policy (undefined when the review did not run the vendor plug-in). */
export function vendorSetupOf(pluginStates: ReadonlyMap<string, unknown>): VendorSetup | undefined {
  return pluginStates.get("vendors") as VendorSetup | undefined;
}
