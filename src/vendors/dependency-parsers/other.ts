/** Go, JVM, Ruby and .NET dependency files: go.mod, pom.xml, build.gradle, Gemfile(.lock), *.csproj, packages.config. */
import type { DeclaredDependency } from "../types.js";

export function goMod(text: string, lenient: boolean): DeclaredDependency[] {
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

export function pomXml(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let managed = 0;
  let current: { group?: string; artifact?: string; version?: string; scope?: string; line: number } | undefined;
  text.split("\n").forEach((l, i) => {
    if (/<dependencyManagement>/.test(l)) managed++;
    if (/<\/dependencyManagement>/.test(l)) managed = Math.max(0, managed - 1);
    if (/<dependency>/.test(l)) current = { line: i + 1 };
    if (current) {
      // One quantifier between literal tags: linear, however long the line.
      const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(l)?.[1]?.trim() || undefined;
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

export function gradle(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  // Adjacent optional spaces are split by the parenthesis they surround, and the version cannot run into what
  // follows it, so neither pattern backtracks more than linearly on a crafted line.
  const short = new RegExp(`^\\s*(${GRADLE_CONFIG})\\s*(?:\\(\\s*)?(?:platform\\s*\\(\\s*)?["']([^:"'\\s]+):([^:"'\\s]+)(?::([^"'\\s@]+))?(?:[\\s@][^"']*)?["']`);
  const long = new RegExp(`^\\s*(${GRADLE_CONFIG})\\s*(?:\\(\\s*)?group\\s*[:=]\\s*["']([^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["']([^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*["']([^"']+)["'])?`);
  text.split("\n").forEach((l, i) => {
    const m = short.exec(l) ?? long.exec(l);
    if (!m) return;
    out.push({ ecosystem: "maven", name: `${m[2]}:${m[3]}`, ...(m[4] ? { version: m[4] } : {}), line: i + 1, ...(/^(test|androidTest|debug)/.test(m[1]!) || m[1] === "compileOnly" ? { dev: true } : {}) });
  });
  return out;
}

// ---- Ruby, .NET ------------------------------------------------------------------------------------------

export function gemfile(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  const groups: boolean[] = [];
  text.split("\n").forEach((raw, i) => {
    const l = raw.replace(/(^|\s)#.*$/, "");
    const group = groupArgs(l);
    if (group !== undefined) { groups.push(!/:production|:default/.test(group) && /:(development|test)/.test(group)); return; }
    if (/^\s*(platforms?|source|install_if)\b.*\bdo\s*$/.test(l)) { groups.push(groups.at(-1) ?? false); return; }
    if (/^\s*end\s*$/.test(l)) { groups.pop(); return; }
    const m = /^\s*gem\b\s*(?:\(\s*)?["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?/.exec(l);
    if (m) {
      const dev = (groups.at(-1) ?? false) || /group:\s*(?:\[\s*)?:(development|test)/.test(l);
      out.push({ ecosystem: "rubygems", name: m[1]!, ...(m[2] ? { version: m[2] } : {}), line: i + 1, ...(dev ? { dev: true } : {}) });
    }
  });
  return out;
}

/** The arguments of a Gemfile `group … do` (or `do |x|`) line; undefined for any other line. */
function groupArgs(line: string): string | undefined {
  const t = line.trim();
  if (!t.startsWith("group") || !/^group\s/.test(t)) return undefined;
  let body = t;
  if (body.endsWith("|")) {
    const open = body.lastIndexOf("|", body.length - 2);
    if (open < 0) return undefined;
    body = body.slice(0, open).trimEnd();
  }
  if (!body.endsWith(" do") && !body.endsWith("\tdo")) return undefined;
  return body.slice("group".length, -"do".length).trim();
}

export function gemfileLock(text: string): DeclaredDependency[] {
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

export function csproj(text: string): DeclaredDependency[] {
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
      // The element's text trimmed in code: a lazy capture between two whitespace runs is quadratic on a long one.
      const v = /<Version>([^<]*)<\/Version>/i.exec(l)?.[1]?.trim();
      if (v) open.version = v;
      if (/<PrivateAssets>\s*all\s*<\/PrivateAssets>/i.test(l)) open.dev = true;
      if (/<\/PackageReference>/i.test(l)) open = undefined;
    }
  });
  return out;
}

export function packagesConfig(text: string): DeclaredDependency[] {
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
