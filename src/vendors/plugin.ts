/**
 * The vendor review as an engine plug-in: new dependencies and outbound hosts identify vendors (manifest first,
 * then the catalogue); each new vendor is judged against the base revision's manifest (BAA signed, in effect, not
 * expired, subprocessors covered), its attested safeguards and the license policy. Findings sit on the head-side
 * line that adds the dependency or host (or, for an edited manifest, on the entry the change touched). Collecting (collect.ts) and judging (judge-*.ts) are separate stages over one VendorScan.
 */
import type { FileDiff, Plugin, PluginContext, PluginRun } from "../engine/types.js";
import { VendorIndex, type KnownVendor } from "./catalogue.js";
import { collectDependencies, collectHosts } from "./collect.js";
import { dependencyFileKind } from "./dependency-files.js";
import { readsHosts } from "./domains.js";
import { isTestPath } from "../engine/files/paths.js";
import { licenseFindings } from "./judge-licenses.js";
import { manifestFindings } from "./judge-manifest.js";
import { safeguardFindings } from "./judge-safeguards.js";
import { judgeUsage, unknownHostFindings } from "./judge-usage.js";
import type { VendorPluginInput, VendorScan } from "./scan-state.js";

export type { VendorPluginInput } from "./scan-state.js";

/** What marks a vendor in code: its catalogue domains and its package names (a glob's fixed prefix). */
function vendorNeedles(vendor: KnownVendor): string[] {
  const entry = vendor.entry;
  if (!entry) return [];
  const packages = Object.values(entry.packages ?? {}).flat().map((g) => g.replace(/[/.:-]?\*+.*$/, ""));
  return [...new Set([...(entry.domains ?? []), ...packages])].filter((n) => n.length >= 5).slice(0, 24);
}

export function createVendorPlugin(input: VendorPluginInput): Plugin {
  return { id: "vendors", judged: true, start: (context) => vendorRun(input, context) };
}

function vendorRun(input: VendorPluginInput, context: PluginContext): PluginRun {
  const s: VendorScan = {
    input,
    context,
    index: new VendorIndex(input.catalogue, input.manifest.state === "ok" ? input.manifest.manifest : undefined),
    usages: [],
    newDeps: [],
    newLockEntries: [],
    lockLicenses: new Map(),
    notices: [],
    unknownHosts: new Map(),
  };
  return {
    async file(file: FileDiff) {
      if (file.path === input.manifest.path) s.manifestEdited = file;
      if (file.binary || file.status === "deleted") return;
      if (!file.lines.some((l) => l.added)) return;
      // Tests and fixtures send no PHI anywhere: the vendors they name are not new data flows.
      if (isTestPath(file.path)) return;
      const kind = dependencyFileKind(file.path);
      if (kind) await collectDependencies(s, file, kind, new Map(file.lines.filter((l) => l.added).map((l) => [l.line, l.text])));
      else if (readsHosts(file.path) && file.path !== input.manifest.path && file.path !== ".hipaa.yml") await collectHosts(s, file);
    },
    async finish() {
      const findings = [...(await manifestFindings(s))];
      // A vendor the base revision already uses elsewhere is not brought in by this change (as a weakness already
      // in the base is not): asked once per vendor, where the platform can tell.
      const elsewhere = new Map<string, boolean>();
      for (const u of s.usages) {
        if (u.vendor.manifest || elsewhere.has(u.vendor.key) || !context.baseMentions) continue;
        elsewhere.set(u.vendor.key, (await context.baseMentions(vendorNeedles(u.vendor))) === true);
      }
      for (const u of s.usages) findings.push(...judgeUsage(s, u, elsewhere.get(u.vendor.key) ?? false));
      findings.push(...(await licenseFindings(s)));
      findings.push(...unknownHostFindings(s));
      findings.push(...safeguardFindings(s));
      return { findings, notices: s.notices };
    },
  };
}
