/** The collecting stage of the vendor review: what each file of the change adds (dependencies, outbound hosts). */
import { isCommentLine } from "../engine/files/comments.js";
import { detectLanguages } from "../engine/files/languages.js";
import { isTestPath } from "../engine/files/paths.js";
import { hostsIn, hostUnder } from "../engine/hosts.js";
import { contentFromDiff } from "../engine/scan.js";
import type { FileDiff } from "../engine/types.js";
import { normalizePypi, type KnownVendor } from "./catalogue.js";
import { parseDependencyFile, type DeclaredDependency, type DependencyFileKind } from "./dependency-files.js";
import { isDocumentationUrl, isNonVendorHost, namesSchemas } from "./domains.js";
import { dirOf, phiCode, type VendorScan } from "./scan-state.js";

export async function collectDependencies(s: VendorScan, file: FileDiff, kind: DependencyFileKind, added: Map<number, string>): Promise<void> {
  // A new file's content is its diff: only other files are read from the head revision.
  let text = contentFromDiff(file) ?? (await s.context.readHead(file.path).catch(() => undefined));
  let lenient = false;
  if (text === undefined) {
    // Only the diff's lines are known: parse them in place, gaps left blank.
    lenient = true;
    const lines: string[] = [];
    for (const l of file.lines) { while (lines.length < l.line - 1) lines.push(""); lines[l.line - 1] = l.text; }
    text = lines.join("\n");
    s.notices.push({ path: file.path, message: "the head version could not be read; dependencies were read from the diff's lines alone" });
  }
  const headDeps = parseDependencyFile(kind, text, lenient);
  const addedDeps = headDeps.filter((d) => added.has(d.line));
  if (kind.format === "package-lock.json") {
    const dir = dirOf(file.path);
    const map = s.lockLicenses.get(dir) ?? new Map<string, string>();
    for (const d of headDeps) if (d.license) map.set(d.name, d.license);
    s.lockLicenses.set(dir, map);
  }
  if (addedDeps.length === 0) return;

  let baseDeps: DeclaredDependency[] = [];
  if (file.status !== "added") {
    const baseText = await s.input.readBase(file.oldPath ?? file.path).catch(() => undefined);
    if (baseText === undefined) {
      s.notices.push({ path: file.path, message: "its base version could not be read, so every dependency on an added line is treated as new (a version bump may be reported as an addition)" });
    } else baseDeps = parseDependencyFile(kind, baseText);
  }
  const norm = (name: string) => (kind.ecosystem === "pypi" ? normalizePypi(name) : kind.ecosystem === "nuget" ? name.toLowerCase() : name);
  const baseNames = new Set(baseDeps.map((d) => norm(d.name)));
  const baseVendors = new Set(baseDeps.map((d) => s.index.byPackage(kind.ecosystem, d.name)?.key).filter((k) => k !== undefined));

  if (kind.role === "lock") {
    // Lockfiles add transitive dependencies: no vendor findings here (the manifest that pulls them is judged),
    // only the deny list for licenses they record.
    for (const d of addedDeps) if (d.license && !d.dev && !baseNames.has(norm(d.name))) s.newLockEntries.push({ dep: d, path: file.path, text: added.get(d.line)! });
    return;
  }
  const reported = new Set<string>();
  for (const dep of addedDeps) {
    // A version bump or a moved line: the dependency was already there, and so was its vendor.
    if (baseNames.has(norm(dep.name))) continue;
    const vendor = s.index.byPackage(kind.ecosystem, dep.name);
    const text = added.get(dep.line)!;
    s.newDeps.push({ dep, path: file.path, text, ...(vendor ? { vendor } : {}) });
    if (!vendor || baseVendors.has(vendor.key) || reported.has(`${vendor.key}\u0000${dep.name}`)) continue;
    reported.add(`${vendor.key}\u0000${dep.name}`);
    s.usages.push({ vendor, path: file.path, line: dep.line, text, via: { kind: "package", ecosystem: kind.ecosystem, name: dep.name }, phiCode: phiCode(s, file.path) });
  }
}

/**
 * A cloud service named alone on its line — a list item or value that is only `bigquery.googleapis.com` or
 * `lambda.amazonaws.com`, no scheme and no path: an API to enable or a service principal, which names the platform a
 * project runs on, in any file; not a call that sends data.
 */
const SERVICE_NAME_ALONE = /^\s*(-\s*)?["']?[a-z0-9-]+(\.[a-z0-9-]+)*\.(googleapis\.com|amazonaws\.com)["']?(?:\s*,)?\s*$/i;

/** Terraform, CloudFormation/SAM templates, Helm and Kubernetes manifests under infra folders, and CI workflows. */
const PLATFORM_FILE = /\.(tf|tfvars|hcl)$|(^|\/)(\.github\/workflows|\.circleci|infra|infrastructure|terraform|cloudformation|cfn|deploy|ops)\/|(^|\/)(\.gitlab-ci\.ya?ml|template\.ya?ml|template\.json|samconfig\.toml)$/i;

export async function collectHosts(s: VendorScan, file: FileDiff): Promise<void> {
  const hits: { line: number; text: string; host: string; domain: string; vendor: KnownVendor }[] = [];
  const unknown: { line: number; text: string; host: string }[] = [];
  const watchUnknown = s.input.settings.unknownHosts !== "off" && phiCode(s, file.path) && !isTestPath(file.path);
  // Infrastructure code and CI workflows name their cloud platform everywhere (service principals, registries,
  // endpoints of the platform they deploy to): that is the platform, not a new flow of data to a vendor.
  const platformFile = PLATFORM_FILE.test(file.path);
  const seen = new Set<string>();
  const languages = detectLanguages(file.path);
  for (const { line, text, added } of file.lines) {
    if (!added) continue;
    if (isCommentLine(text, languages)) continue;
    // Cheap exits first: a vendor's host contains one of its domains, and an unknown host is only read from a URL.
    const lower = text.toLowerCase();
    if (!(watchUnknown && lower.includes("://")) && !s.index.mentionsDomain(lower)) continue;
    for (const { host, url } of hostsIn(text)) {
      const match = s.index.byHost(host);
      if (!match) {
        if (watchUnknown && url && !s.unknownHosts.has(host) && !seen.has(host) && !notAThirdParty(s, host, url.rest, text)) {
          seen.add(host);
          unknown.push({ line, text, host });
        }
        continue;
      }
      if (seen.has(match.vendor.key)) continue;
      if ((platformFile || SERVICE_NAME_ALONE.test(text)) && match.vendor.entry?.category === "cloud") continue;
      seen.add(match.vendor.key);
      hits.push({ line, text, host, domain: match.domain, vendor: match.vendor });
    }
  }
  if (hits.length === 0 && unknown.length === 0) return;
  const baseText = file.status === "added" ? "" : ((await s.input.readBase(file.oldPath ?? file.path).catch(() => undefined)) ?? "");
  const base = baseText.toLowerCase();
  for (const h of hits) {
    // The file already called this vendor before the change: the line was edited, not a new data flow.
    if (base.includes(h.domain)) continue;
    s.usages.push({ vendor: h.vendor, path: file.path, line: h.line, text: h.text, via: { kind: "domain", host: h.host }, phiCode: phiCode(s, file.path) });
  }
  for (const u of unknown) if (!base.includes(u.host)) s.unknownHosts.set(u.host, { path: file.path, line: u.line, text: u.text });
}

/** Own services, reserved names, standards' identifiers and documentation links are not vendors to record. */
function notAThirdParty(s: VendorScan, host: string, rest: string, line: string): boolean {
  return s.input.settings.firstPartyDomains.some((d) => hostUnder(host, d)) || isNonVendorHost(host) || isDocumentationUrl(host, rest, line) || namesSchemas(line);
}
