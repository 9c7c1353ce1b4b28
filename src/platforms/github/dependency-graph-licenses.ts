/**
 * License data for the vendor review from GitHub's dependency-graph compare endpoint
 * (GET /repos/{owner}/{repo}/dependency-graph/compare/{base}...{head}). It needs the dependency graph (and, for
 * private repositories, GitHub Advanced Security); where it is unavailable GitHub answers 403 or 404 and the
 * lookup answers nothing, quietly, so the review falls back to the licenses the change itself records.
 * One request per review, made only when a new dependency has no license in the change.
 */
import type { Ecosystem, LicenseLookup } from "../../vendors/types.js";
import { licenseKey } from "../../vendors/types.js";
import { normalizePypi } from "../../vendors/catalogue.js";
import { statusOf, type GitHubClient, type RepoRef } from "./github-client.js";

/** package-url types (https://github.com/package-url/purl-spec) and GitHub's ecosystem names, to ours. */
const PURL_TYPES: Record<string, Ecosystem> = { npm: "npm", pypi: "pypi", golang: "go", maven: "maven", gem: "rubygems", nuget: "nuget", composer: "composer" };
const ECOSYSTEM_NAMES: Record<string, Ecosystem> = { npm: "npm", pip: "pypi", pypi: "pypi", go: "go", gomod: "go", maven: "maven", rubygems: "rubygems", nuget: "nuget", composer: "composer" };

interface DiffEntry {
  change_type: string;
  ecosystem: string;
  name: string;
  package_url: string | null;
  license: string | null;
}

export interface DependencyGraphLookup extends LicenseLookup {
  /** Why the dependency graph gave nothing (e.g. "not enabled for this repository (403)"); undefined when it answered. */
  readonly unavailable: string | undefined;
}

export function dependencyGraphLicenses(octokit: GitHubClient, repo: RepoRef, baseSha: string, headSha: string): DependencyGraphLookup {
  let answer: Promise<Map<string, string>> | undefined;
  let unavailable: string | undefined;
  const fetchAll = async (): Promise<Map<string, string>> => {
    const map = new Map<string, string>();
    try {
      const res = await octokit.request("GET /repos/{owner}/{repo}/dependency-graph/compare/{basehead}", { ...repo, basehead: `${baseSha}...${headSha}` });
      for (const e of res.data as DiffEntry[]) {
        if (e.change_type !== "added" || !e.license) continue;
        const eco = ecosystemOf(e);
        if (eco) map.set(keyOf(eco, e.name), e.license);
      }
    } catch (error) {
      const status = statusOf(error);
      if (status !== 403 && status !== 404) throw new Error(`the dependency graph could not be read (${status ?? (error as Error).message})`, { cause: error });
      unavailable = status === 403 ? "the dependency graph is not available to the app (403: not enabled, or needs GitHub Advanced Security)" : "the dependency graph has no comparison for these commits (404)";
    }
    return map;
  };
  return {
    get unavailable() {
      return unavailable;
    },
    async licenses(deps) {
      answer ??= fetchAll();
      const all = await answer;
      const out = new Map<string, string>();
      for (const d of deps) {
        const l = all.get(keyOf(d.ecosystem, d.name));
        if (l) out.set(licenseKey(d.ecosystem, d.name), l);
      }
      return out;
    },
  };
}

/** Names compare as the ecosystem does: PyPI per PEP 503, NuGet case-insensitively. */
function keyOf(eco: Ecosystem, name: string): string {
  return licenseKey(eco, eco === "pypi" ? normalizePypi(name) : eco === "nuget" ? name.toLowerCase() : name);
}

function ecosystemOf(e: DiffEntry): Ecosystem | undefined {
  const purl = /^pkg:\/?([a-z]+)\//.exec(e.package_url ?? "")?.[1];
  return (purl ? PURL_TYPES[purl] : undefined) ?? ECOSYSTEM_NAMES[e.ecosystem.toLowerCase()];
}
