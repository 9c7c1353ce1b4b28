/**
 * The vendor catalogue (data: rules/vendors/catalogue.yml plus `.hipaa.yml` vendors.catalogue) and the
 * identification of vendors by package name and host name, merged with the repository's manifest.
 */
import { literalFinderSource } from "../engine/matchers/literal-finder.js";
import { Minimatch } from "minimatch";
import catalogueSchema from "../../schema/vendor-catalogue.schema.json" with { type: "json" };
import { formatPath, parseYamlWithSchema, registerSchema, type PositionedError } from "../engine/yaml-schema.js";
import { isDate } from "./baa.js";
import type { CatalogueEntry, CatalogueSpec, Ecosystem, Manifest, ManifestVendor, PackageGlobs } from "./types.js";

export { catalogueSchema };

export interface Catalogue {
  entries: CatalogueEntry[];
  /** Where it came from, for messages. */
  source: string;
}

export interface ParsedCatalogue {
  catalogue?: Catalogue;
  errors: PositionedError[];
}

export function parseCatalogue(text: string, file: string): ParsedCatalogue {
  registerSchema(catalogueSchema);
  const parsed = parseYamlWithSchema<CatalogueSpec>(text, file, catalogueSchema);
  if (!parsed.value) return { errors: parsed.errors };
  const errors = catalogueEntryProblems(parsed.value.vendors, (path, message) => ({ file, line: parsed.lineOf(["vendors", ...path]), column: 1, key: formatPath(["vendors", ...path]), message }));
  if (errors.length > 0) return { errors };
  return { catalogue: { entries: parsed.value.vendors, source: file }, errors: [] };
}

/** Checks a schema cannot express: unique ids, real dates, valid globs. Used for `.hipaa.yml` entries too. */
export function catalogueEntryProblems(entries: CatalogueEntry[], at: (path: (string | number)[], message: string) => PositionedError): PositionedError[] {
  const errors: PositionedError[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.id)) errors.push(at([i, "id"], `duplicate vendor id "${e.id}"`));
    seen.add(e.id);
    if (!isDate(e.as_of)) errors.push(at([i, "as_of"], `"${e.as_of}" is not a calendar date; expected YYYY-MM-DD`));
  });
  return errors;
}

/** Built-in entries, with `extra` ones replacing those of the same id and adding the rest. */
export function mergeCatalogue(base: Catalogue | undefined, extra: CatalogueEntry[]): Catalogue {
  const byId = new Map((base?.entries ?? []).map((e) => [e.id, e]));
  for (const e of extra) byId.set(e.id, e);
  return { entries: [...byId.values()], source: base ? base.source + (extra.length ? " + .hipaa.yml" : "") : ".hipaa.yml" };
}

/** A vendor as the review knows it: its catalogue entry, its manifest entry, or both. */
export interface KnownVendor {
  /** Catalogue id, or `manifest:<name>` for a vendor only the manifest knows. */
  key: string;
  name: string;
  entry?: CatalogueEntry;
  manifest?: ManifestVendor;
}

interface PackageMatcher {
  vendor: KnownVendor;
  /** The package globs, compiled when a dependency file of their ecosystem is first read (most scans read none). */
  sources: string[];
  nocase: boolean;
  globs?: Minimatch[];
}

/** Identifies vendors by package or host, the manifest's own packages/domains first, then the catalogue's. */
export class VendorIndex {
  private readonly packages = new Map<Ecosystem, PackageMatcher[]>();
  /** Vendor by domain; the first recorded wins (the manifest's before the catalogue's). */
  private readonly domains = new Map<string, KnownVendor>();
  private domainFinder: RegExp | undefined;
  readonly vendors: KnownVendor[] = [];

  constructor(catalogue: Catalogue | undefined, manifest: Manifest | undefined) {
    const entries = catalogue?.entries ?? [];
    const byId = new Map(entries.map((e) => [e.id, e]));
    const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
    const claimed = new Set<string>();
    const manifestVendors: KnownVendor[] = [];
    for (const m of manifest?.vendors ?? []) {
      const entry = m.catalogue ? byId.get(m.catalogue) : (byId.get(m.name.toLowerCase()) ?? byName.get(m.name.toLowerCase()));
      if (entry) claimed.add(entry.id);
      manifestVendors.push({ key: entry ? entry.id : `manifest:${m.name}`, name: m.name, ...(entry ? { entry } : {}), manifest: m });
    }
    const catalogueVendors: KnownVendor[] = entries.filter((e) => !claimed.has(e.id)).map((e) => ({ key: e.id, name: e.name, entry: e }));
    this.vendors = [...manifestVendors, ...catalogueVendors];
    // The manifest's own identifiers take precedence over the catalogue's.
    for (const v of manifestVendors) this.add(v, v.manifest?.packages, v.manifest?.domains);
    for (const v of manifestVendors) this.add(v, v.entry?.packages, v.entry?.domains);
    for (const v of catalogueVendors) this.add(v, v.entry?.packages, v.entry?.domains);
  }

  private add(vendor: KnownVendor, packages: PackageGlobs | undefined, domains: string[] | undefined): void {
    for (const [eco, globs] of Object.entries(packages ?? {}) as [Ecosystem, string[]][]) {
      const list = this.packages.get(eco) ?? [];
      list.push({ vendor, sources: globs.map((g) => (eco === "pypi" ? normalizePypi(g) : g)), nocase: eco !== "go" && eco !== "maven" });
      this.packages.set(eco, list);
    }
    for (const d of domains ?? []) if (!this.domains.has(d.toLowerCase())) this.domains.set(d.toLowerCase(), vendor);
  }

  byPackage(ecosystem: Ecosystem, name: string): KnownVendor | undefined {
    const n = ecosystem === "pypi" ? normalizePypi(name) : name;
    return this.packages.get(ecosystem)?.find((m) => (m.globs ??= m.sources.map((g) => new Minimatch(g, { nocase: m.nocase }))).some((g) => g.match(n)))?.vendor;
  }

  /** Suffix match: `o123.ingest.sentry.io` is Sentry's when the catalogue lists `sentry.io`. The longest domain wins. */
  byHost(host: string): { vendor: KnownVendor; domain: string } | undefined {
    let h = host.toLowerCase().replace(/\.$/, "");
    for (;;) {
      const vendor = this.domains.get(h);
      if (vendor) return { vendor, domain: h };
      const dot = h.indexOf(".");
      if (dot < 0) return undefined;
      h = h.slice(dot + 1);
    }
  }

  /** Whether a lower-cased line contains some vendor domain: a line without one cannot name a vendor's host. */
  mentionsDomain(lower: string): boolean {
    if (this.domains.size === 0) return false;
    this.domainFinder ??= new RegExp(literalFinderSource([...this.domains.keys()]));
    return this.domainFinder.test(lower);
  }
}

/** PyPI names compare case-insensitively with runs of -, _ and . equal (PEP 503). */
export function normalizePypi(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
