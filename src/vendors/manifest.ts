/**
 * The vendor manifest (`.hipaa/vendors.yml` by default): schema validation with positioned errors, then the
 * checks a schema cannot express (real dates, signed BAAs with their dates and document, known catalogue ids).
 */
import manifestSchema from "../../schema/vendor-manifest.schema.json" with { type: "json" };
import { formatPath, parseYamlWithSchema, registerSchema, type PositionedError } from "../engine/yaml-schema.js";
import { daysBetween, isDate } from "./baa.js";
import { catalogueSchema, type Catalogue } from "./catalogue.js";
import { spdxProblem } from "./license.js";
import type { BaaSpec, Manifest, ManifestSpec, ManifestVendor } from "./types.js";

export { manifestSchema };

export interface ParsedManifest {
  manifest?: Manifest;
  errors: PositionedError[];
}

export function parseManifest(text: string, file: string, catalogue?: Catalogue): ParsedManifest {
  if (text.trim().length === 0) return { errors: [{ file, line: 1, column: 1, key: "", message: "the manifest is empty; expected a mapping with a `vendors:` list" }] };
  registerSchema(catalogueSchema);
  const parsed = parseYamlWithSchema<ManifestSpec>(text, file, manifestSchema);
  if (!parsed.value) return { errors: parsed.errors };
  const errors: PositionedError[] = [];
  const at = (path: (string | number)[], message: string) => errors.push({ file, line: parsed.lineOf(path), column: 1, key: formatPath(path), message });
  const ids = new Set((catalogue?.entries ?? []).map((e) => e.id));
  const names = new Map<string, number>();
  const checkBaa = (baa: BaaSpec, path: (string | number)[]) => {
    for (const key of ["effective", "expires"] as const) {
      const v = baa[key];
      if (v !== undefined && !isDate(v)) at([...path, key], `"${v}" is not a calendar date; expected YYYY-MM-DD`);
    }
    if (baa.status === "signed") {
      if (!baa.effective) at([...path, "effective"], "a signed BAA needs its effective date (YYYY-MM-DD)");
      if (!baa.document) at([...path, "document"], "a signed BAA needs a document reference (contract id or link to the signed copy)");
    }
    if (baa.status === "not-required" && !baa.reason) at([...path, "reason"], "say why no BAA is required (e.g. no PHI reaches the vendor, or the payment-processing exemption)");
    if (baa.status !== "signed" && baa.expires) at([...path, "expires"], `an expiry date only applies to a signed BAA (status is ${baa.status})`);
    if (baa.effective && baa.expires && isDate(baa.effective) && isDate(baa.expires) && daysBetween(baa.effective, baa.expires) < 0) {
      at([...path, "expires"], `expires (${baa.expires}) is before effective (${baa.effective})`);
    }
  };
  parsed.value.vendors.forEach((v, i) => {
    const key = v.name.toLowerCase();
    if (names.has(key)) at(["vendors", i, "name"], `vendor "${v.name}" is listed twice (first at line ${names.get(key)})`);
    else names.set(key, parsed.lineOf(["vendors", i]));
    if (v.catalogue && catalogue && !ids.has(v.catalogue)) at(["vendors", i, "catalogue"], `unknown catalogue id "${v.catalogue}"; run \`hipaa-review vendors --catalogue\` to list them, or drop the key`);
    checkBaa(v.baa, ["vendors", i, "baa"]);
    if (v.license?.spdx) {
      const problem = spdxProblem(v.license.spdx);
      if (problem) at(["vendors", i, "license", "spdx"], problem);
    }
    (v.subprocessors ?? []).forEach((s, j) => {
      if (s.baa) checkBaa(s.baa, ["vendors", i, "subprocessors", j, "baa"]);
    });
  });
  if (errors.length > 0) return { errors };
  const vendors = parsed.value.vendors.map((v, i): ManifestVendor => {
    const subprocessorLines = (v.subprocessors ?? []).map((_, j) => parsed.lineOf(["vendors", i, "subprocessors", j]));
    return { ...v, line: parsed.lineOf(["vendors", i]), ...(subprocessorLines.length > 0 ? { subprocessorLines } : {}) };
  });
  return { manifest: { file, vendors }, errors: [] };
}

export interface MergedManifest {
  manifest: Manifest;
  /** Repository entries for vendors the organisation's manifest already records: the organisation's applies. */
  shadowed: { vendor: ManifestVendor; orgLine: number }[];
}

/**
 * The organisation's manifest (inherited with `extends: org`) under the repository's: the repository adds
 * vendors; for a vendor both record, the organisation's entry applies, since the organisation holds the BAA
 * and a repository cannot overrule it (the repository's entry is reported instead).
 */
export function mergeManifests(org: Manifest, orgLabel: string, repo: Manifest | undefined, repoPath: string): MergedManifest {
  const orgVendors = org.vendors.map((v) => ({ ...v, file: orgLabel }));
  const byName = new Map(orgVendors.map((v) => [v.name.toLowerCase(), v]));
  const shadowed: MergedManifest["shadowed"] = [];
  const own: ManifestVendor[] = [];
  for (const v of repo?.vendors ?? []) {
    const o = byName.get(v.name.toLowerCase());
    if (o) shadowed.push({ vendor: v, orgLine: o.line });
    else own.push(v);
  }
  return { manifest: { file: repoPath, vendors: [...orgVendors, ...own] }, shadowed };
}
