/**
 * Dependency files of the supported ecosystems, parsed line by line so every dependency keeps the line that
 * declares it (findings sit on that line). Manifests (package.json, requirements.txt, go.mod...) declare the
 * direct dependencies; lockfiles mostly add transitive ones and are read for license data and versions.
 *
 * `lenient`: the text is a fragment (only the diff's lines, gaps left blank) whose enclosing section may be
 * missing; lines that look like dependencies are then accepted wherever they are.
 */
import { COMPOSER_TOP_LEVEL, jsonManifest, NPM_TOP_LEVEL, packageLock, pnpmLock, yarnLock } from "./dependency-parsers/js.js";
import { csproj, gemfile, gemfileLock, goMod, gradle, packagesConfig, pomXml } from "./dependency-parsers/other.js";
import { pipfile, pyproject, requirementsTxt } from "./dependency-parsers/python.js";
import type { DeclaredDependency, Ecosystem } from "./types.js";

export interface DependencyFileKind {
  ecosystem: Ecosystem;
  /** lock: a lockfile (license data, versions; no findings of its own about new vendors). */
  role: "manifest" | "lock";
  format: Format;
}

type Format =
  | "package.json" | "package-lock.json" | "yarn.lock" | "pnpm-lock.yaml"
  | "requirements.txt" | "pyproject.toml" | "Pipfile"
  | "go.mod" | "pom.xml" | "build.gradle" | "Gemfile" | "Gemfile.lock"
  | "csproj" | "packages.config" | "composer.json";

export type { DeclaredDependency } from "./types.js";

export function dependencyFileKind(path: string): DependencyFileKind | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const lower = base.toLowerCase();
  const k = (ecosystem: Ecosystem, role: "manifest" | "lock", format: Format): DependencyFileKind => ({ ecosystem, role, format });
  if (base === "package.json") return k("npm", "manifest", "package.json");
  if (base === "package-lock.json" || base === "npm-shrinkwrap.json") return k("npm", "lock", "package-lock.json");
  if (base === "yarn.lock") return k("npm", "lock", "yarn.lock");
  if (base === "pnpm-lock.yaml") return k("npm", "lock", "pnpm-lock.yaml");
  if (/^requirements.*\.(txt|in)$/i.test(base) || (/(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path))) return k("pypi", "manifest", "requirements.txt");
  if (base === "pyproject.toml") return k("pypi", "manifest", "pyproject.toml");
  if (base === "Pipfile") return k("pypi", "manifest", "Pipfile");
  if (base === "go.mod") return k("go", "manifest", "go.mod");
  if (base === "pom.xml") return k("maven", "manifest", "pom.xml");
  if (base === "build.gradle" || base === "build.gradle.kts") return k("maven", "manifest", "build.gradle");
  if (base === "Gemfile" || base === "gems.rb") return k("rubygems", "manifest", "Gemfile");
  if (base === "Gemfile.lock" || base === "gems.locked") return k("rubygems", "lock", "Gemfile.lock");
  if (/\.(cs|fs|vb)proj$/.test(lower)) return k("nuget", "manifest", "csproj");
  if (lower === "packages.config") return k("nuget", "manifest", "packages.config");
  if (base === "composer.json") return k("composer", "manifest", "composer.json");
  return undefined;
}

export function parseDependencyFile(kind: DependencyFileKind, text: string, lenient = false): DeclaredDependency[] {
  switch (kind.format) {
    case "package.json": return jsonManifest(text, "npm", { dependencies: false, optionalDependencies: false, peerDependencies: false, devDependencies: true }, NPM_TOP_LEVEL, lenient);
    case "composer.json": return jsonManifest(text, "composer", { require: false, "require-dev": true }, COMPOSER_TOP_LEVEL, lenient).filter((d) => !/^(php|hhvm|composer(-plugin|-runtime)?-api|ext-.*|lib-.*)$/i.test(d.name));
    case "package-lock.json": return packageLock(text);
    case "yarn.lock": return yarnLock(text);
    case "pnpm-lock.yaml": return pnpmLock(text);
    case "requirements.txt": return requirementsTxt(text);
    case "pyproject.toml": return pyproject(text, lenient);
    case "Pipfile": return pipfile(text, lenient);
    case "go.mod": return goMod(text, lenient);
    case "pom.xml": return pomXml(text);
    case "build.gradle": return gradle(text);
    case "Gemfile": return gemfile(text);
    case "Gemfile.lock": return gemfileLock(text);
    case "csproj": return csproj(text);
    case "packages.config": return packagesConfig(text);
  }
}
