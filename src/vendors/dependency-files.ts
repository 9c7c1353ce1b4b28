/**
 * Dependency files of the supported ecosystems, parsed line by line so every dependency keeps the line that
 * declares it (findings sit on that line). Manifests (package.json, requirements.txt, go.mod...) declare the
 * direct dependencies; lockfiles mostly add transitive ones and are read for license data and versions.
 *
 * `lenient`: the text is a fragment (only the diff's lines, gaps left blank) whose enclosing section may be
 * missing; lines that look like dependencies are then accepted wherever they are.
 */
import type { Dependency, Ecosystem } from "./types.js";

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

/** A dependency with whether it is for development only (dev/test deps are not shipped: no license check). */
export interface DeclaredDependency extends Dependency {
  dev?: boolean;
}

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

// ---- JSON (package.json, composer.json, package-lock.json) -------------------------------------------------

interface JsonScalar {
  path: string[];
  key: string;
  value: string;
  line: number;
  keyLine: number;
}

/** Walks JSON text token by token, reporting each `"key": scalar` with the keys of the objects around it. */
function walkJson(text: string, onScalar: (s: JsonScalar) => void, onOpen?: (path: string[], key: string, line: number) => void): void {
  const token = /"(?:[^"\\]|\\.)*"|[{}[\]:,]|[^\s{}[\]:,"]+/g;
  const stack: { key: string; array: boolean }[] = [];
  let pendingKey: { key: string; line: number } | undefined;
  let lastString: { value: string; line: number } | undefined;
  const lines = text.split("\n");
  lines.forEach((lineText, i) => {
    const line = i + 1;
    for (const m of lineText.matchAll(token)) {
      const t = m[0];
      if (t === ":") {
        if (lastString) pendingKey = { key: lastString.value, line: lastString.line };
        lastString = undefined;
      } else if (t === "{" || t === "[") {
        const key = pendingKey?.key ?? "";
        if (pendingKey) onOpen?.(stack.map((s) => s.key), key, pendingKey.line);
        stack.push({ key, array: t === "[" });
        pendingKey = undefined;
        lastString = undefined;
      } else if (t === "}" || t === "]") {
        flush();
        stack.pop();
      } else if (t === ",") {
        flush();
      } else {
        const value = t.startsWith('"') ? unquoteJson(t) : t;
        if (pendingKey) {
          onScalar({ path: stack.map((s) => s.key), key: pendingKey.key, value, line, keyLine: pendingKey.line });
          pendingKey = undefined;
        } else lastString = { value, line };
      }
    }
  });
  function flush() {
    pendingKey = undefined;
    lastString = undefined;
  }
}

function unquoteJson(t: string): string {
  try {
    return JSON.parse(t) as string;
  } catch {
    return t.slice(1, -1);
  }
}

const NPM_TOP_LEVEL = new Set(["name", "version", "description", "main", "module", "types", "typings", "license", "author", "homepage", "type", "private", "packageManager", "bin", "browser", "exports", "repository", "bugs", "funding", "engines", "scripts", "workspaces", "node", "npm", "url", "email", "import", "require", "default", "test", "build", "start"]);
const COMPOSER_TOP_LEVEL = new Set(["name", "description", "type", "license", "version", "homepage", "minimum-stability", "url", "email", "role"]);

function jsonManifest(text: string, ecosystem: Ecosystem, sections: Record<string, boolean>, notDeps: Set<string>, lenient: boolean): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  if (lenient) {
    // A fragment: no reliable nesting; take `"name": "range"` lines that are not well-known top-level keys.
    text.split("\n").forEach((l, i) => {
      const m = /^\s*"([^"]+)"\s*:\s*"([^"]*)"\s*,?\s*$/.exec(l);
      if (m && !notDeps.has(m[1]!) && looksLikePackageName(m[1]!)) out.push({ ecosystem, name: m[1]!, version: m[2]!, line: i + 1 });
    });
    return out;
  }
  walkJson(text, (s) => {
    if (s.path.length === 2 && s.path[1]! in sections) out.push({ ecosystem, name: s.key, version: s.value, line: s.keyLine, ...(sections[s.path[1]!] ? { dev: true } : {}) });
  });
  return out;
}

function looksLikePackageName(name: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name);
}

function packageLock(text: string): DeclaredDependency[] {
  const entries = new Map<string, DeclaredDependency>();
  walkJson(
    text,
    (s) => {
      if (s.path.length === 3 && s.path[1] === "packages") {
        const e = entries.get(s.path[2]!);
        if (!e) return;
        if (s.key === "version") e.version = s.value;
        else if (s.key === "license") e.license = s.value;
        else if (s.key === "dev" && s.value === "true") e.dev = true;
      }
    },
    (path, key, line) => {
      if (path.length === 2 && path[1] === "packages" && key.includes("node_modules/")) {
        entries.set(key, { ecosystem: "npm", name: key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length), line });
      }
    },
  );
  return [...entries.values()];
}

function yarnLock(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let current: DeclaredDependency | undefined;
  text.split("\n").forEach((l, i) => {
    if (/^\S/.test(l) && l.trimEnd().endsWith(":") && !l.startsWith("#") && !l.startsWith("__metadata")) {
      const first = l.replace(/:\s*$/, "").split(",")[0]!.trim().replace(/^"|"$/g, "");
      const at = first.indexOf("@", 1);
      current = { ecosystem: "npm", name: at > 0 ? first.slice(0, at) : first, line: i + 1 };
      out.push(current);
    } else if (current) {
      const v = /^\s+version:?\s+"?([^"\s]+)"?/.exec(l);
      if (v) current.version = v[1]!;
    }
  });
  return out;
}

function pnpmLock(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let inPackages = false;
  text.split("\n").forEach((l, i) => {
    if (/^\S/.test(l)) inPackages = /^(packages|snapshots):\s*$/.test(l) && l.startsWith("packages");
    if (!inPackages) return;
    const m = /^ {2}['"]?\/?((?:@[^/@\s'"]+\/)?[^@\s'"/(]+)[@/]([^:('"\s]+)/.exec(l);
    if (m) out.push({ ecosystem: "npm", name: m[1]!, version: m[2]!, line: i + 1 });
  });
  return out;
}

// ---- Python ------------------------------------------------------------------------------------------------

/** `name[extras] >= 1.0 ; markers` → name and version spec (PEP 508). */
function pep508(spec: string): { name: string; version?: string } | undefined {
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(\(?\s*([<>=!~][^;#@)]*)\)?)?\s*(@\s*\S+)?\s*(;.*)?$/.exec(spec);
  if (!m) return undefined;
  const version = m[4]?.trim();
  return { name: m[1]!, ...(version ? { version } : {}) };
}

function requirementsTxt(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  text.split("\n").forEach((raw, i) => {
    const l = raw.replace(/\s+#.*$/, "").replace(/^#.*$/, "").replace(/\\$/, "").trim();
    if (!l || l.startsWith("-") || /^[a-z+]+:\/\//i.test(l)) return;
    const r = pep508(l.replace(/\s+--hash=\S+/g, ""));
    if (r) out.push({ ecosystem: "pypi", name: r.name, ...(r.version ? { version: r.version } : {}), line: i + 1 });
  });
  return out;
}

/** TOML tables that hold `name = version` dependency keys, and ones that hold arrays of PEP 508 strings. */
function pyproject(text: string, lenient: boolean): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let table: string | undefined = lenient ? undefined : "";
  let inArray: { dev: boolean } | undefined;
  const keyTable = (t: string) => /^tool\.poetry\.(dependencies|dev-dependencies|group\.[^.]+\.dependencies)$/.test(t);
  const arrayTable = (t: string) => t === "project.optional-dependencies" || t === "dependency-groups";
  const isDev = (t: string) => /dev-dependencies|group\.(dev|test)/.test(t) || t === "dependency-groups";
  text.split("\n").forEach((raw, i) => {
    const l = raw.replace(/(^|\s)#.*$/, "").trim();
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(l);
    if (header) { table = header[1]!.trim().replace(/\s+/g, ""); inArray = undefined; return; }
    if (inArray) {
      for (const s of l.matchAll(/"([^"]+)"|'([^']+)'/g)) {
        const r = pep508(s[1] ?? s[2]!);
        if (r) out.push({ ecosystem: "pypi", name: r.name, ...(r.version ? { version: r.version } : {}), line: i + 1, ...(inArray.dev ? { dev: true } : {}) });
      }
      if (l.includes("]")) inArray = undefined;
      return;
    }
    const kv = /^([A-Za-z0-9_.-]+|"[^"]+")\s*=\s*(.*)$/.exec(l);
    if (!kv) return;
    const key = kv[1]!.replace(/"/g, "");
    const value = kv[2]!;
    const t = table;
    const arrayHere = (t === "project" && key === "dependencies") || (t !== undefined && arrayTable(t)) || (t === undefined && value.startsWith("["));
    if (arrayHere && value.startsWith("[")) {
      const dev = t !== undefined && isDev(t);
      inArray = { dev };
      const rest = value.slice(1);
      for (const s of rest.matchAll(/"([^"]+)"|'([^']+)'/g)) {
        const r = pep508(s[1] ?? s[2]!);
        if (r) out.push({ ecosystem: "pypi", name: r.name, ...(r.version ? { version: r.version } : {}), line: i + 1, ...(dev ? { dev: true } : {}) });
      }
      if (rest.includes("]")) inArray = undefined;
      return;
    }
    if ((t !== undefined && keyTable(t)) || (t === undefined && /^["'{]/.test(value))) {
      if (key.toLowerCase() === "python") return;
      out.push({ ecosystem: "pypi", name: key, version: tomlVersion(value), line: i + 1, ...(t !== undefined && isDev(t) ? { dev: true } : {}) });
    }
  });
  return out;
}

function tomlVersion(value: string): string {
  const s = /^["']([^"']*)["']/.exec(value);
  if (s) return s[1]!;
  const v = /version\s*=\s*["']([^"']*)["']/.exec(value);
  return v ? v[1]! : value.trim();
}

function pipfile(text: string, lenient: boolean): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let table: string | undefined = lenient ? undefined : "";
  text.split("\n").forEach((raw, i) => {
    const l = raw.replace(/(^|\s)#.*$/, "").trim();
    const header = /^\[([^\]]+)\]$/.exec(l);
    if (header) { table = header[1]!.trim(); return; }
    if (table !== undefined && table !== "packages" && table !== "dev-packages") return;
    const kv = /^([A-Za-z0-9_.-]+|"[^"]+")\s*=\s*(.*)$/.exec(l);
    if (!kv) return;
    if (table === undefined && !/^["'{]/.test(kv[2]!)) return;
    out.push({ ecosystem: "pypi", name: kv[1]!.replace(/"/g, ""), version: tomlVersion(kv[2]!), line: i + 1, ...(table === "dev-packages" ? { dev: true } : {}) });
  });
  return out;
}

// ---- Go, Maven, Gradle -------------------------------------------------------------------------------------

function goMod(text: string, lenient: boolean): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let block: string | undefined;
  text.split("\n").forEach((raw, i) => {
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const l = raw.replace(/\/\/.*$/, "").trim();
    if (block) {
      if (l === ")") { block = undefined; return; }
      if (block !== "require") return;
      const m = /^(\S+)\s+(v\S+)$/.exec(l);
      if (m && !indirect) out.push({ ecosystem: "go", name: m[1]!, version: m[2]!, line: i + 1 });
      return;
    }
    const open = /^(\w+)\s*\($/.exec(l);
    if (open) { block = open[1]; return; }
    const single = /^require\s+(\S+)\s+(v\S+)$/.exec(l);
    if (single && !indirect) { out.push({ ecosystem: "go", name: single[1]!, version: single[2]!, line: i + 1 }); return; }
    // A fragment of a require block whose opening line is outside the diff.
    const bare = /^([a-z0-9.-]+\.[a-z]{2,}\/\S+)\s+(v\d\S*)$/.exec(l);
    if (lenient && bare && !indirect) out.push({ ecosystem: "go", name: bare[1]!, version: bare[2]!, line: i + 1 });
  });
  return out;
}

function pomXml(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let managed = 0;
  let current: { group?: string; artifact?: string; version?: string; scope?: string; line: number } | undefined;
  text.split("\n").forEach((l, i) => {
    if (/<dependencyManagement>/.test(l)) managed++;
    if (/<\/dependencyManagement>/.test(l)) managed = Math.max(0, managed - 1);
    if (/<dependency>/.test(l)) current = { line: i + 1 };
    if (current) {
      const tag = (name: string) => new RegExp(`<${name}>\\s*([^<]+?)\\s*</${name}>`).exec(l)?.[1];
      const g = tag("groupId"), a = tag("artifactId"), v = tag("version"), s = tag("scope");
      if (g) current.group = g;
      if (a) { current.artifact = a; current.line = i + 1; }
      if (v) current.version = v;
      if (s) current.scope = s;
    }
    if (/<\/dependency>/.test(l) && current) {
      if (current.group && current.artifact && managed === 0) {
        out.push({ ecosystem: "maven", name: `${current.group}:${current.artifact}`, ...(current.version ? { version: current.version } : {}), line: current.line, ...(current.scope === "test" || current.scope === "provided" ? { dev: true } : {}) });
      }
      current = undefined;
    }
  });
  return out;
}

const GRADLE_CONFIG = "implementation|api|compile|compileOnly|runtimeOnly|runtime|testImplementation|testCompile|testRuntimeOnly|testCompileOnly|androidTestImplementation|debugImplementation|releaseImplementation|annotationProcessor|kapt|ksp|classpath|developmentOnly";

function gradle(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  const short = new RegExp(`^\\s*(${GRADLE_CONFIG})\\s*\\(?\\s*(?:platform\\s*\\(\\s*)?["']([^:"'\\s]+):([^:"'\\s]+)(?::([^"'\\s@]+))?[^"']*["']`);
  const long = new RegExp(`^\\s*(${GRADLE_CONFIG})\\s*\\(?\\s*group\\s*[:=]\\s*["']([^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["']([^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*["']([^"']+)["'])?`);
  text.split("\n").forEach((l, i) => {
    const m = short.exec(l) ?? long.exec(l);
    if (!m) return;
    out.push({ ecosystem: "maven", name: `${m[2]}:${m[3]}`, ...(m[4] ? { version: m[4] } : {}), line: i + 1, ...(/^(test|androidTest|debug)/.test(m[1]!) || m[1] === "compileOnly" ? { dev: true } : {}) });
  });
  return out;
}

// ---- Ruby, .NET ------------------------------------------------------------------------------------------

function gemfile(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  const groups: boolean[] = [];
  text.split("\n").forEach((raw, i) => {
    const l = raw.replace(/(^|\s)#.*$/, "");
    const group = /^\s*group\s+(.*?)\s+do\s*(\|.*\|)?\s*$/.exec(l);
    if (group) { groups.push(!/:production|:default/.test(group[1]!) && /:(development|test)/.test(group[1]!)); return; }
    if (/^\s*(platforms?|source|install_if)\b.*\bdo\s*$/.test(l)) { groups.push(groups.at(-1) ?? false); return; }
    if (/^\s*end\s*$/.test(l)) { groups.pop(); return; }
    const m = /^\s*gem\s*\(?\s*["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?/.exec(l);
    if (m) {
      const dev = (groups.at(-1) ?? false) || /group:\s*\[?\s*:(development|test)/.test(l);
      out.push({ ecosystem: "rubygems", name: m[1]!, ...(m[2] ? { version: m[2] } : {}), line: i + 1, ...(dev ? { dev: true } : {}) });
    }
  });
  return out;
}

function gemfileLock(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let inSpecs = false;
  text.split("\n").forEach((l, i) => {
    if (/^\S/.test(l)) inSpecs = false;
    if (/^ {2}specs:\s*$/.test(l)) { inSpecs = true; return; }
    const m = inSpecs ? /^ {4}([^\s(]+) \(([^)]+)\)\s*$/.exec(l) : undefined;
    if (m) out.push({ ecosystem: "rubygems", name: m[1]!, version: m[2]!, line: i + 1 });
  });
  return out;
}

function csproj(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let open: DeclaredDependency | undefined;
  text.split("\n").forEach((l, i) => {
    const m = /<PackageReference\b[^>]*\bInclude\s*=\s*"([^"]+)"([^>]*?)(\/?)>/i.exec(l);
    if (m) {
      const version = /\bVersion\s*=\s*"([^"]+)"/i.exec(m[2]!)?.[1];
      const dep: DeclaredDependency = { ecosystem: "nuget", name: m[1]!, ...(version ? { version } : {}), line: i + 1 };
      if (/\bPrivateAssets\s*=\s*"all"/i.test(m[2]!)) dep.dev = true;
      out.push(dep);
      open = m[3] === "/" ? undefined : dep;
      return;
    }
    if (open) {
      const v = /<Version>\s*([^<]+?)\s*<\/Version>/i.exec(l);
      if (v) open.version = v[1]!;
      if (/<PrivateAssets>\s*all\s*<\/PrivateAssets>/i.test(l)) open.dev = true;
      if (/<\/PackageReference>/i.test(l)) open = undefined;
    }
  });
  return out;
}

function packagesConfig(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  text.split("\n").forEach((l, i) => {
    const m = /<package\b([^>]*)\/?>/i.exec(l);
    if (!m) return;
    const id = /\bid\s*=\s*"([^"]+)"/i.exec(m[1]!)?.[1];
    if (!id) return;
    const version = /\bversion\s*=\s*"([^"]+)"/i.exec(m[1]!)?.[1];
    out.push({ ecosystem: "nuget", name: id, ...(version ? { version } : {}), line: i + 1, ...(/developmentDependency\s*=\s*"true"/i.test(m[1]!) ? { dev: true } : {}) });
  });
  return out;
}
