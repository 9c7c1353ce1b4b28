/**
 * The vendor review of a change, as a scan check: new dependencies and outbound hosts identify vendors
 * (manifest first, then the catalogue); each new vendor is judged against the base revision's manifest (BAA
 * signed, in effect, not expired, subprocessors covered) and the license policy. Findings sit on the head-side
 * line that adds the dependency or host.
 */
import { contentFromDiff } from "../engine/scan.js";
import { fingerprintOf } from "../engine/findings/fingerprint.js";
import { snippetOf } from "../engine/findings/mask.js";
import type { FileDiff, Finding, ScanCheck, ScanCheckContext, ScanCheckRun, ScanNotice, Severity } from "../engine/types.js";
import type { PositionedError } from "../engine/yaml-schema.js";
import { baaState, coversPhi, daysBetween, describeBaaState, type BaaState } from "./baa.js";
import { normalizePypi, VendorIndex, type Catalogue, type KnownVendor } from "./catalogue.js";
import { dependencyFileKind, parseDependencyFile, type DeclaredDependency, type DependencyFileKind } from "./dependency-files.js";
import { hostsIn, hostUnder, isCommentLine, isDocumentationUrl, isNonVendorHost, isTestPath, namesSchemas, readsHosts } from "./domains.js";
import { evaluateLicense } from "./license.js";
import { parseManifest } from "./manifest.js";
import { licenseKey, type Ecosystem, type LicenseLookup, type Manifest, type VendorSettings } from "./types.js";

export const VENDOR_RULES = [
  { id: "vendor-manifest-invalid", severity: "error", title: "Vendor manifest is invalid" },
  { id: "vendor-not-in-manifest", severity: "error", title: "New vendor not in the vendor manifest" },
  { id: "vendor-does-not-sign-baa", severity: "error", title: "Vendor that does not sign BAAs added to PHI code" },
  { id: "vendor-baa-missing", severity: "error", title: "PHI vendor without a signed BAA" },
  { id: "vendor-baa-expired", severity: "error", title: "Vendor BAA expired" },
  { id: "vendor-baa-expiring", severity: "warning", title: "Vendor BAA expiring soon" },
  { id: "vendor-subprocessor-baa-missing", severity: "error", title: "PHI vendor's subprocessor without a BAA" },
  { id: "vendor-unknown-host", severity: "note", title: "New outbound host that no vendor record covers" },
  { id: "license-denied", severity: "error", title: "Dependency license denied by policy" },
  { id: "license-not-allowed", severity: "error", title: "Dependency license not on the allow list" },
  { id: "license-unknown", severity: "warning", title: "Dependency license unknown" },
] as const satisfies readonly { id: string; severity: Severity; title: string }[];

type VendorRuleId = (typeof VENDOR_RULES)[number]["id"];

const REFERENCES = {
  baa: "https://www.hhs.gov/hipaa/for-professionals/covered-entities/sample-business-associate-agreement-provisions/index.html",
  cloud: "https://www.hhs.gov/hipaa/for-professionals/special-topics/health-information-technology/cloud-computing/index.html",
  tracking: "https://www.hhs.gov/hipaa/for-professionals/privacy/guidance/hipaa-online-tracking/index.html",
  docs: "docs/vendors.md",
};

/** What the base revision says about the manifest. */
export type ManifestLoad =
  | { state: "absent"; path: string; label: string }
  | { state: "ok"; path: string; label: string; manifest: Manifest }
  | { state: "broken"; path: string; label: string; errors: PositionedError[] };

export function loadManifest(text: string | undefined, path: string, label: string, catalogue?: Catalogue): ManifestLoad {
  if (text === undefined) return { state: "absent", path, label };
  const parsed = parseManifest(text, path, catalogue);
  return parsed.manifest ? { state: "ok", path, label, manifest: parsed.manifest } : { state: "broken", path, label, errors: parsed.errors };
}

export interface VendorCheckInput {
  settings: VendorSettings;
  manifest: ManifestLoad;
  catalogue?: Catalogue;
  /** Reads a file at the base revision (to tell a new dependency from a version bump). */
  readBase(path: string): Promise<string | undefined>;
  /** Whether a path handles PHI (`.hipaa.yml` phi_paths); the whole repository does when settings.phi is true. */
  isPhiPath?(path: string): boolean;
  licenseLookup?: LicenseLookup;
}

interface Usage {
  vendor: KnownVendor;
  path: string;
  line: number;
  text: string;
  via: { kind: "package"; ecosystem: Ecosystem; name: string } | { kind: "domain"; host: string };
  phiCode: boolean;
}

interface NewDependency {
  dep: DeclaredDependency;
  path: string;
  text: string;
  vendor?: KnownVendor;
}

const MAX_LOCK_FINDINGS = 20;
/** A catalogue stance older than this is quoted with a reminder to re-verify it. */
const STALE_STANCE_DAYS = 365;

export function createVendorCheck(input: VendorCheckInput): ScanCheck {
  return { id: "vendors", start: (context) => new VendorCheckRun(input, context) };
}

class VendorCheckRun implements ScanCheckRun {
  private readonly index: VendorIndex;
  private readonly usages: Usage[] = [];
  private readonly newDeps: NewDependency[] = [];
  /** New package-lock entries that record a license, for the deny list (transitive dependencies ship too). */
  private readonly newLockEntries: NewDependency[] = [];
  /** License data of lockfiles in the change, by directory then package name. */
  private readonly lockLicenses = new Map<string, Map<string, string>>();
  private readonly notices: ScanNotice[] = [];
  /** New outbound hosts in PHI code that no vendor claims, first occurrence of each. */
  private readonly unknownHosts = new Map<string, { path: string; line: number; text: string }>();
  private manifestEdited: FileDiff | undefined;

  constructor(private readonly input: VendorCheckInput, private readonly context: ScanCheckContext) {
    this.index = new VendorIndex(input.catalogue, input.manifest.state === "ok" ? input.manifest.manifest : undefined);
  }

  private phiCode(path: string): boolean {
    return this.input.settings.phi || (this.input.isPhiPath?.(path) ?? false);
  }

  async file(file: FileDiff): Promise<void> {
    if (file.path === this.input.manifest.path) this.manifestEdited = file;
    if (file.binary || file.status === "deleted") return;
    if (!file.lines.some((l) => l.added)) return;
    const kind = dependencyFileKind(file.path);
    if (kind) await this.dependencyFile(file, kind, new Map(file.lines.filter((l) => l.added).map((l) => [l.line, l.text])));
    else if (readsHosts(file.path) && file.path !== this.input.manifest.path && file.path !== ".hipaa.yml") await this.hosts(file);
  }

  private async dependencyFile(file: FileDiff, kind: DependencyFileKind, added: Map<number, string>): Promise<void> {
    let text = await this.context.readHead(file.path).catch(() => undefined);
    text ??= contentFromDiff(file);
    let lenient = false;
    if (text === undefined) {
      // Only the diff's lines are known: parse them in place, gaps left blank.
      lenient = true;
      const lines: string[] = [];
      for (const l of file.lines) { while (lines.length < l.line - 1) lines.push(""); lines[l.line - 1] = l.text; }
      text = lines.join("\n");
      this.notices.push({ path: file.path, message: "the head version could not be read; dependencies were read from the diff's lines alone" });
    }
    const headDeps = parseDependencyFile(kind, text, lenient);
    const addedDeps = headDeps.filter((d) => added.has(d.line));
    if (kind.format === "package-lock.json") {
      const dir = dirOf(file.path);
      const map = this.lockLicenses.get(dir) ?? new Map<string, string>();
      for (const d of headDeps) if (d.license) map.set(d.name, d.license);
      this.lockLicenses.set(dir, map);
    }
    if (addedDeps.length === 0) return;

    let baseDeps: DeclaredDependency[] = [];
    if (file.status !== "added") {
      const baseText = await this.input.readBase(file.oldPath ?? file.path).catch(() => undefined);
      if (baseText === undefined) {
        this.notices.push({ path: file.path, message: "its base version could not be read, so every dependency on an added line is treated as new (a version bump may be reported as an addition)" });
      } else baseDeps = parseDependencyFile(kind, baseText);
    }
    const norm = (name: string) => (kind.ecosystem === "pypi" ? normalizePypi(name) : kind.ecosystem === "nuget" ? name.toLowerCase() : name);
    const baseNames = new Set(baseDeps.map((d) => norm(d.name)));
    const baseVendors = new Set(baseDeps.map((d) => this.index.byPackage(kind.ecosystem, d.name)?.key).filter((k) => k !== undefined));

    if (kind.role === "lock") {
      // Lockfiles add transitive dependencies: no vendor findings here (the manifest that pulls them is judged),
      // only the deny list for licenses they record.
      for (const d of addedDeps) if (d.license && !d.dev && !baseNames.has(norm(d.name))) this.newLockEntries.push({ dep: d, path: file.path, text: added.get(d.line)! });
      return;
    }
    const reported = new Set<string>();
    for (const dep of addedDeps) {
      // A version bump or a moved line: the dependency was already there, and so was its vendor.
      if (baseNames.has(norm(dep.name))) continue;
      const vendor = this.index.byPackage(kind.ecosystem, dep.name);
      const text = added.get(dep.line)!;
      this.newDeps.push({ dep, path: file.path, text, ...(vendor ? { vendor } : {}) });
      if (!vendor || baseVendors.has(vendor.key) || reported.has(`${vendor.key}\u0000${dep.name}`)) continue;
      reported.add(`${vendor.key}\u0000${dep.name}`);
      this.usages.push({ vendor, path: file.path, line: dep.line, text, via: { kind: "package", ecosystem: kind.ecosystem, name: dep.name }, phiCode: this.phiCode(file.path) });
    }
  }

  private async hosts(file: FileDiff): Promise<void> {
    const hits: { line: number; text: string; host: string; domain: string; vendor: KnownVendor }[] = [];
    const unknown: { line: number; text: string; host: string }[] = [];
    const watchUnknown = this.input.settings.unknownHosts !== "off" && this.phiCode(file.path) && !isTestPath(file.path);
    const seen = new Set<string>();
    for (const { line, text, added } of file.lines) {
      if (!added) continue;
      if (text.length > 4000 || isCommentLine(text)) continue;
      // Cheap exits first: a vendor's host contains one of its domains, and an unknown host is only read from a URL.
      const lower = text.toLowerCase();
      if (!(watchUnknown && lower.includes("://")) && !this.index.mentionsDomain(lower)) continue;
      for (const { host, url } of hostsIn(text)) {
        const match = this.index.byHost(host);
        if (!match) {
          if (watchUnknown && url && !this.unknownHosts.has(host) && !seen.has(host) && !this.notAThirdParty(host, url.rest, text)) {
            seen.add(host);
            unknown.push({ line, text, host });
          }
          continue;
        }
        if (seen.has(match.vendor.key)) continue;
        seen.add(match.vendor.key);
        hits.push({ line, text, host, domain: match.domain, vendor: match.vendor });
      }
    }
    if (hits.length === 0 && unknown.length === 0) return;
    const baseText = file.status === "added" ? "" : ((await this.input.readBase(file.oldPath ?? file.path).catch(() => undefined)) ?? "");
    const base = baseText.toLowerCase();
    for (const h of hits) {
      // The file already called this vendor before the change: the line was edited, not a new data flow.
      if (base.includes(h.domain)) continue;
      this.usages.push({ vendor: h.vendor, path: file.path, line: h.line, text: h.text, via: { kind: "domain", host: h.host }, phiCode: this.phiCode(file.path) });
    }
    for (const u of unknown) if (!base.includes(u.host)) this.unknownHosts.set(u.host, { path: file.path, line: u.line, text: u.text });
  }

  /** Own services, reserved names, standards' identifiers and documentation links are not vendors to record. */
  private notAThirdParty(host: string, rest: string, line: string): boolean {
    return this.input.settings.firstPartyDomains.some((d) => hostUnder(host, d)) || isNonVendorHost(host) || isDocumentationUrl(host, rest, line) || namesSchemas(line);
  }

  private unknownHostFindings(): Finding[] {
    const severity = this.input.settings.unknownHosts;
    if (severity === "off") return [];
    const manifestPath = this.input.manifest.path;
    return [...this.unknownHosts].map(([host, at]) => this.finding("vendor-unknown-host", severity, { ...at, key: `host ${host}` }, {
      message: `This change adds calls to ${host} from PHI-handling code, and neither the vendor manifest (${manifestPath}) nor hipaa-review's catalogue says who runs it. If PHI can reach it, its operator is a business associate and needs a BAA.`,
      remediation: `If it is a third party, record it in ${manifestPath} with domains: [${registrableGuess(host)}], phi and its BAA; if it is your own service, list its domain under vendors.first_party_domains in .hipaa.yml; if no PHI can reach it, record it with phi: false.`,
    }));
  }

  async finish(): Promise<{ findings: Finding[]; notices: ScanNotice[] }> {
    const findings: Finding[] = [];
    findings.push(...(await this.manifestFindings()));
    for (const u of this.usages) findings.push(...this.judge(u));
    findings.push(...(await this.licenseFindings()));
    findings.push(...this.unknownHostFindings());
    return { findings, notices: this.notices };
  }

  // ---- the manifest itself -----------------------------------------------------------------------------------

  private async manifestFindings(): Promise<Finding[]> {
    const out: Finding[] = [];
    const m = this.input.manifest;
    let headOk = false;
    const edited = this.manifestEdited;
    if (edited && edited.status !== "deleted") {
      const text = await this.context.readHead(edited.path).catch(() => undefined) ?? contentFromDiff(edited);
      if (text !== undefined) {
        const parsed = parseManifest(text, edited.path, this.input.catalogue);
        headOk = parsed.manifest !== undefined;
        for (const e of parsed.errors.slice(0, 20)) {
          out.push(this.finding("vendor-manifest-invalid", "error", { path: edited.path, line: e.line, text: edited.lines.find((l) => l.line === e.line)?.text ?? "", key: `head ${e.key} ${e.message}` }, {
            message: `This change breaks the vendor manifest: ${e.key ? `${e.key}: ` : ""}${e.message}. Once merged, every review would be judged without it.`,
            remediation: `Fix ${edited.path} at line ${e.line}${e.key ? ` (${e.key})` : ""} so it matches schema/vendor-manifest.schema.json (see docs/vendors.md).`,
          }));
        }
      }
    }
    if (m.state === "broken") {
      const fixing = edited !== undefined && headOk;
      for (const e of m.errors.slice(0, 20)) {
        out.push(this.finding("vendor-manifest-invalid", fixing ? "warning" : "error", { path: m.path, line: e.line, text: "", key: `base ${e.key} ${e.message}` }, {
          message: `The vendor manifest at ${m.label} is invalid: ${e.key ? `${e.key}: ` : ""}${e.message}. Vendors in this change were judged as if there were no manifest.${fixing ? " This change fixes it; the fixed manifest applies once merged." : ""}`,
          remediation: fixing ? "Merge the fix, then re-run the review of other changes." : `Fix ${m.path} at line ${e.line}${e.key ? ` (${e.key})` : ""} in a change of its own (see docs/vendors.md); until then every change is blocked.`,
        }));
      }
    }
    return out;
  }

  // ---- vendors -------------------------------------------------------------------------------------------------

  private judge(u: Usage): Finding[] {
    const { vendor } = u;
    const what = u.via.kind === "package" ? `the ${u.via.ecosystem} package ${u.via.name}` : `calls to ${u.via.host}`;
    const manifestPath = this.input.manifest.path;
    const at = { path: u.path, line: u.line, text: u.text, key: `${vendor.key} ${u.via.kind === "package" ? u.via.name : u.via.host}` };
    const m = vendor.manifest;
    const today = this.context.today;
    const window = this.input.settings.baaExpiryWarningDays;
    if (m) {
      if (!m.phi) return []; // the manifest attests that no PHI reaches this vendor (a reviewed policy file)
      const recordedIn = m.file ?? manifestPath; // the organisation's manifest, for an inherited vendor
      const out: Finding[] = [];
      const state = baaState(m.baa, today, window);
      const f = this.baaFinding(state, `${m.name}`, what, at, recordedIn, m.line);
      if (f) out.push(f);
      for (const s of m.subprocessors ?? []) {
        if (s.phi === false) continue;
        const ss = baaState(s.baa, today, window);
        if (coversPhi(ss) && ss.kind !== "expiring") continue;
        out.push(this.finding(ss.kind === "expiring" ? "vendor-baa-expiring" : "vendor-subprocessor-baa-missing", ss.kind === "expiring" ? "warning" : "error", { ...at, key: `${at.key} sub ${s.name}` }, {
          safeguard: "164.314(a)(1)",
          message: `${m.name}, added here with ${what}, handles PHI and passes it to its subprocessor ${s.name}, whose BAA is ${describeBaaState(ss)}. A business associate's subcontractors need their own BAA (45 CFR 164.308(b)(2), 164.314(a)(2)(iii)).`,
          remediation: ss.kind === "expiring"
            ? `Have ${m.name} confirm ${s.name}'s BAA is renewed by ${ss.expires}, and update ${recordedIn}.`
            : `Obtain ${m.name}'s assurance that ${s.name} signed a BAA and record it under subprocessors in ${recordedIn} (line ${m.line}), set phi: false for ${s.name} if no PHI reaches it, or remove the dependency.`,
        }));
      }
      return out;
    }

    const e = vendor.entry!;
    const stale = daysBetween(e.as_of, today) > STALE_STANCE_DAYS ? "; recorded over a year ago, so re-verify it" : "";
    const stance = `(as of ${e.as_of}${e.note ? `; ${e.note}` : ""}${stale})`;
    const record = `add ${e.name} to ${manifestPath} with baa status signed, its effective date and the document reference`;
    const noManifest = this.input.manifest.state === "ok" ? `is not in the vendor manifest (${manifestPath})` : `is not in a vendor manifest (${this.input.manifest.state === "absent" ? `there is no ${this.input.manifest.label}` : `${manifestPath} is invalid`})`;
    if (!u.phiCode) {
      return [this.finding("vendor-not-in-manifest", "note", at, {
        message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. This repository is configured as not handling PHI (vendors.phi: false), so no BAA is required here.`,
        remediation: `Record ${e.name} in ${manifestPath} with phi: false and baa status not-required, so the inventory stays complete.`,
      })];
    }
    if (e.exemption === "payment-processing") {
      return [this.finding("vendor-not-in-manifest", "warning", at, {
        message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. ${e.name} does not sign BAAs; processing payments is exempt from HIPAA's business associate rules (HIPAA §1179) only while nothing but payment data reaches it — no diagnoses, procedures or notes in descriptions or metadata.`,
        remediation: `Make sure only payment data is sent, then record ${e.name} in ${manifestPath} with phi: false, or with baa status not-required and reason "payment-processing exemption".`,
      })];
    }
    switch (e.baa) {
      case "does-not-sign":
        return [this.finding("vendor-does-not-sign-baa", "error", at, {
          message: `${e.name} (${e.category}) arrives with ${what}. ${e.name} does not sign BAAs ${stance}, so PHI must never reach it, and this repository handles PHI.`,
          remediation: `Remove the dependency from PHI-handling code, or replace it with a vendor that signs a BAA. If no PHI can reach it (e.g. it only runs on public pages), record ${e.name} in ${manifestPath} with phi: false and baa status none, for a reviewer to confirm.`,
          references: [REFERENCES.tracking, REFERENCES.baa, REFERENCES.docs, ...(e.source ? [e.source] : [])],
        })];
      case "signs":
        return [this.finding("vendor-not-in-manifest", "error", at, {
          message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. ${e.name} signs BAAs ${stance}; PHI must not reach it until one is signed.`,
          remediation: `Sign ${e.name}'s BAA and ${record}; or remove the dependency. If no PHI reaches it, record it with phi: false.`,
        })];
      case "signs-on-some-plans":
        return [this.finding("vendor-not-in-manifest", "error", at, {
          message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. ${e.name} signs BAAs only on some plans ${stance}: verify your plan includes one.`,
          remediation: `Verify your ${e.name} plan includes a BAA, sign it and ${record}; or remove the dependency. If no PHI reaches it, record it with phi: false.`,
        })];
      case "unknown":
        return [this.finding("vendor-not-in-manifest", "warning", at, {
          message: `${e.name} (${e.category}) arrives with ${what} and ${noManifest}. Whether ${e.name} signs BAAs is not known to hipaa-review ${stance}: verify it with the vendor.`,
          remediation: `Verify with ${e.name} whether it signs a BAA; then ${record}, or record it with phi: false if no PHI reaches it, or remove the dependency.`,
        })];
    }
  }

  private baaFinding(state: BaaState, name: string, what: string, at: At, manifestPath: string, manifestLine: number): Finding | undefined {
    switch (state.kind) {
      case "valid":
      case "not-required":
        return undefined;
      case "expiring":
        return this.finding("vendor-baa-expiring", "warning", at, {
          safeguard: "164.314(a)(1)",
          message: `${name} handles PHI and arrives with ${what}; its BAA ${state.days === 0 ? `expires today (${state.expires})` : `expires on ${state.expires}, in ${state.days} day${state.days === 1 ? "" : "s"}`}.`,
          remediation: `Renew the BAA with ${name} by ${state.expires} and record the new dates in ${manifestPath} (line ${manifestLine}).`,
        });
      case "expired":
        return this.finding("vendor-baa-expired", "error", at, {
          safeguard: "164.314(a)(1)",
          message: `${name} handles PHI and arrives with ${what}, but its BAA expired on ${state.expires} (${state.days} day${state.days === 1 ? "" : "s"} ago). PHI must not reach it without one in effect.`,
          remediation: `Renew the BAA with ${name} and record the new effective and expiry dates in ${manifestPath} (line ${manifestLine}); or remove the dependency.`,
        });
      case "not-yet-effective":
        return this.finding("vendor-baa-missing", "error", at, {
          message: `${name} handles PHI and arrives with ${what}, but its BAA only takes effect on ${state.effective}.`,
          remediation: `Merge this change on or after ${state.effective}, or correct the effective date in ${manifestPath} (line ${manifestLine}).`,
        });
      case "missing":
        return this.finding("vendor-baa-missing", "error", at, {
          message: `${name} is recorded in ${manifestPath} as handling PHI, and arrives with ${what}, but has ${state.status === "absent" ? "no BAA" : `only a ${state.status} BAA`}. PHI must not reach it without a signed BAA.`,
          remediation: `Sign the BAA with ${name} and record it in ${manifestPath} (line ${manifestLine}: baa status signed, effective date, document); or set phi: false if no PHI reaches it; or remove the dependency.`,
        });
    }
  }

  // ---- licenses -------------------------------------------------------------------------------------------------

  private async licenseFindings(): Promise<Finding[]> {
    const policy = this.input.settings.licenses;
    if (policy.allow.length === 0 && policy.deny.length === 0) return [];
    const shipped = this.newDeps.filter((d) => !d.dep.dev);
    const licenses = new Map<NewDependency, string>();
    const missing: NewDependency[] = [];
    for (const d of shipped) {
      const license = d.dep.license ?? (await this.lockLicense(d)) ?? d.vendor?.manifest?.license?.spdx;
      if (license) licenses.set(d, license);
      else missing.push(d);
    }
    if (missing.length > 0 && this.input.licenseLookup) {
      try {
        const found = await this.input.licenseLookup.licenses(missing.map((d) => ({ ecosystem: d.dep.ecosystem, name: d.dep.name, ...(d.dep.version ? { version: d.dep.version } : {}) })));
        for (const d of missing) {
          const l = found.get(licenseKey(d.dep.ecosystem, d.dep.name));
          if (l) licenses.set(d, l);
        }
      } catch {
        this.notices.push({ message: "license data could not be looked up; dependencies without license data in the change are reported as unknown" });
      }
    }
    const out: Finding[] = [];
    for (const d of shipped) {
      const license = licenses.get(d);
      const verdict = evaluateLicense(license, policy);
      const at = { path: d.path, line: d.dep.line, text: d.text, key: `${d.dep.ecosystem} ${d.dep.name}` };
      const pkg = `${d.dep.name}${d.dep.version ? ` ${d.dep.version}` : ""}`;
      if (verdict.kind === "denied") {
        out.push(this.finding("license-denied", "error", at, {
          safeguard: "164.316(a)",
          message: `${pkg} is licensed ${verdict.expression}; the license policy denies ${verdict.licenses.join(", ")}.`,
          remediation: `Remove ${d.dep.name} or replace it with a package under an allowed license; or change vendors.licenses in .hipaa.yml in a change of its own.`,
        }));
      } else if (verdict.kind === "not-allowed") {
        out.push(this.finding("license-not-allowed", "error", at, {
          safeguard: "164.316(a)",
          message: `${pkg} is licensed ${verdict.expression}, which the license policy's allow list does not cover (${verdict.licenses.join(", ")}).`,
          remediation: `Replace ${d.dep.name} with a package under an allowed license, or have the allow list in .hipaa.yml (vendors.licenses.allow) extended in a change of its own.`,
        }));
      } else if (verdict.kind === "unknown") {
        out.push(this.finding("license-unknown", this.input.settings.unknownLicense, at, {
          safeguard: "164.316(a)",
          message: verdict.expression
            ? `${pkg} declares the license "${verdict.expression}", which is not an SPDX expression the license policy can judge.`
            : `The license of ${pkg} is not known: the change records none (commit the lockfile that records it, or add the vendor's license.spdx to the manifest).`,
          remediation: `Verify the license of ${d.dep.name}; record it as license.spdx on its vendor in the manifest, or remove the dependency.`,
        }));
      }
    }
    let lockCount = 0;
    const direct = new Set(this.newDeps.map((d) => `${dirOf(d.path)}\u0000${d.dep.name}`));
    for (const d of this.newLockEntries) {
      if (direct.has(`${dirOf(d.path)}\u0000${d.dep.name}`)) continue; // judged on its manifest line
      const verdict = evaluateLicense(d.dep.license, { allow: [], deny: policy.deny });
      if (verdict.kind !== "denied") continue;
      if (++lockCount > MAX_LOCK_FINDINGS) {
        this.notices.push({ path: d.path, message: `more than ${MAX_LOCK_FINDINGS} new transitive dependencies have denied licenses; only the first ${MAX_LOCK_FINDINGS} are reported` });
        break;
      }
      out.push(this.finding("license-denied", "error", { path: d.path, line: d.dep.line, text: d.text, key: `lock ${d.dep.name}` }, {
        safeguard: "164.316(a)",
        message: `The lockfile adds ${d.dep.name}${d.dep.version ? ` ${d.dep.version}` : ""} (a dependency of a dependency), licensed ${verdict.expression}; the license policy denies ${verdict.licenses.join(", ")}.`,
        remediation: `Find which direct dependency pulls in ${d.dep.name} (npm explain ${d.dep.name}) and replace or pin it; or change vendors.licenses in .hipaa.yml in a change of its own.`,
      }));
    }
    return out;
  }

  private async lockLicense(d: NewDependency): Promise<string | undefined> {
    if (d.dep.ecosystem !== "npm") return undefined;
    const dir = dirOf(d.path);
    if (!this.lockLicenses.has(dir)) {
      // The lockfile is not part of the change: read it at the head if it exists.
      const path = dir ? `${dir}/package-lock.json` : "package-lock.json";
      const text = await this.context.readHead(path).catch(() => undefined);
      const map = new Map<string, string>();
      if (text) for (const e of parseDependencyFile({ ecosystem: "npm", role: "lock", format: "package-lock.json" }, text)) if (e.license) map.set(e.name, e.license);
      this.lockLicenses.set(dir, map);
    }
    return this.lockLicenses.get(dir)!.get(d.dep.name);
  }

  private finding(ruleId: VendorRuleId, severity: Severity, at: At, text: { message: string; remediation: string; safeguard?: string; references?: string[] }): Finding {
    const rule = VENDOR_RULES.find((r) => r.id === ruleId)!;
    const snippet = at.text ? snippetOf(at.text.replace(/(\/\/)[^\s/@"'`]+@/g, "$1***@")) : undefined;
    return {
      ruleId,
      title: rule.title,
      area: "vendor",
      safeguard: text.safeguard ?? "164.308(b)(1)",
      severity,
      path: at.path,
      line: at.line,
      message: text.message,
      remediation: text.remediation,
      references: text.references ?? [REFERENCES.baa, REFERENCES.docs],
      ...(snippet ? { snippet } : {}),
      fingerprint: fingerprintOf({ ruleId, path: at.path, maskedLine: at.key, occurrence: 0 }),
    };
  }
}

interface At {
  path: string;
  line: number;
  text: string;
  /** What makes the finding itself (vendor and package/host), for its fingerprint: not the line's position. */
  key: string;
}

/** The last two labels of a host (three under a two-letter second-level such as co.uk), to suggest as its domain. */
function registrableGuess(host: string): string {
  const labels = host.split(".");
  const n = labels.length >= 3 && /^(co|com|org|net|gov|ac|edu|nhs)$/.test(labels.at(-2)!) && labels.at(-1)!.length === 2 ? 3 : 2;
  return labels.slice(-n).join(".");
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}
