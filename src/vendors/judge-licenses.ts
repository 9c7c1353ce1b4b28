/** The license stage of the vendor review: new dependencies' licenses against `vendors.licenses` allow/deny lists. */
import type { Finding } from "../engine/types.js";
import { parseDependencyFile } from "./dependency-files.js";
import { vendorFinding } from "./findings.js";
import { evaluateLicense } from "./license.js";
import { dirOf, type NewDependency, type VendorScan } from "./scan-state.js";
import { licenseKey } from "./types.js";

const MAX_LOCK_FINDINGS = 20;

export async function licenseFindings(s: VendorScan): Promise<Finding[]> {
  const policy = s.input.settings.licenses;
  if (policy.allow.length === 0 && policy.deny.length === 0) return [];
  const shipped = s.newDeps.filter((d) => !d.dep.dev);
  const licenses = new Map<NewDependency, string>();
  const missing: NewDependency[] = [];
  for (const d of shipped) {
    const license = d.dep.license ?? (await lockLicense(s, d)) ?? d.vendor?.manifest?.license?.spdx;
    if (license) licenses.set(d, license);
    else missing.push(d);
  }
  if (missing.length > 0 && s.input.licenseLookup) {
    try {
      const found = await s.input.licenseLookup.licenses(missing.map((d) => ({ ecosystem: d.dep.ecosystem, name: d.dep.name, ...(d.dep.version ? { version: d.dep.version } : {}) })));
      for (const d of missing) {
        const l = found.get(licenseKey(d.dep.ecosystem, d.dep.name));
        if (l) licenses.set(d, l);
      }
    } catch {
      s.notices.push({ message: "license data could not be looked up; dependencies without license data in the change are reported as unknown" });
    }
  }
  const out: Finding[] = [];
  for (const d of shipped) {
    const license = licenses.get(d);
    const verdict = evaluateLicense(license, policy);
    const at = { path: d.path, line: d.dep.line, text: d.text, key: `${d.dep.ecosystem} ${d.dep.name}` };
    const pkg = `${d.dep.name}${d.dep.version ? ` ${d.dep.version}` : ""}`;
    if (verdict.kind === "denied") {
      out.push(vendorFinding("license-denied", "error", at, {
        safeguard: "164.316(a)",
        message: `${pkg} is licensed ${verdict.expression}; the license policy denies ${verdict.licenses.join(", ")}.`,
        remediation: `Remove ${d.dep.name} or replace it with a package under an allowed license; or change vendors.licenses in .hipaa.yml in a change of its own.`,
      }));
    } else if (verdict.kind === "not-allowed") {
      out.push(vendorFinding("license-not-allowed", "error", at, {
        safeguard: "164.316(a)",
        message: `${pkg} is licensed ${verdict.expression}, which the license policy's allow list does not cover (${verdict.licenses.join(", ")}).`,
        remediation: `Replace ${d.dep.name} with a package under an allowed license, or have the allow list in .hipaa.yml (vendors.licenses.allow) extended in a change of its own.`,
      }));
    } else if (verdict.kind === "unknown") {
      out.push(vendorFinding("license-unknown", s.input.settings.unknownLicense, at, {
        safeguard: "164.316(a)",
        message: verdict.expression
          ? `${pkg} declares the license "${verdict.expression}", which is not an SPDX expression the license policy can judge.`
          : `The license of ${pkg} is not known: the change records none (commit the lockfile that records it, or add the vendor's license.spdx to the manifest).`,
        remediation: `Verify the license of ${d.dep.name}; record it as license.spdx on its vendor in the manifest, or remove the dependency.`,
      }));
    }
  }
  let lockCount = 0;
  const direct = new Set(s.newDeps.map((d) => `${dirOf(d.path)}\u0000${d.dep.name}`));
  for (const d of s.newLockEntries) {
    if (direct.has(`${dirOf(d.path)}\u0000${d.dep.name}`)) continue; // judged on its manifest line
    const verdict = evaluateLicense(d.dep.license, { allow: [], deny: policy.deny });
    if (verdict.kind !== "denied") continue;
    if (++lockCount > MAX_LOCK_FINDINGS) {
      s.notices.push({ path: d.path, message: `more than ${MAX_LOCK_FINDINGS} new transitive dependencies have denied licenses; only the first ${MAX_LOCK_FINDINGS} are reported` });
      break;
    }
    out.push(vendorFinding("license-denied", "error", { path: d.path, line: d.dep.line, text: d.text, key: `lock ${d.dep.name}` }, {
      safeguard: "164.316(a)",
      message: `The lockfile adds ${d.dep.name}${d.dep.version ? ` ${d.dep.version}` : ""} (a dependency of a dependency), licensed ${verdict.expression}; the license policy denies ${verdict.licenses.join(", ")}.`,
      remediation: `Find which direct dependency pulls in ${d.dep.name} (npm explain ${d.dep.name}) and replace or pin it; or change vendors.licenses in .hipaa.yml in a change of its own.`,
    }));
  }
  return out;
}

async function lockLicense(s: VendorScan, d: NewDependency): Promise<string | undefined> {
  if (d.dep.ecosystem !== "npm") return undefined;
  const dir = dirOf(d.path);
  if (!s.lockLicenses.has(dir)) {
    // The lockfile is not part of the change: read it at the head if it exists.
    const path = dir ? `${dir}/package-lock.json` : "package-lock.json";
    const text = await s.context.readHead(path).catch(() => undefined);
    const map = new Map<string, string>();
    if (text) for (const e of parseDependencyFile({ ecosystem: "npm", role: "lock", format: "package-lock.json" }, text)) if (e.license) map.set(e.name, e.license);
    s.lockLicenses.set(dir, map);
  }
  return s.lockLicenses.get(dir)!.get(d.dep.name);
}
