/** Python dependency files: requirements.txt, pyproject.toml, Pipfile. */
import type { DeclaredDependency } from "../types.js";

function pep508(raw: string): { name: string; version?: string } | undefined {
  // Whitespace runs collapse to one space first, so the pattern's adjacent optional spaces cannot share a run.
  const spec = raw.replace(/\s+/g, " ");
  // linear: whitespace runs are collapsed above; each \s* sees at most one space, each optional part a fixed number of tries
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(\(?\s*([<>=!~][^;#@)]*)\)?)?\s*(@\s*\S+)?\s*(;.*)?$/.exec(spec);
  if (!m) return undefined;
  const version = m[4]?.trim();
  return { name: m[1]!, ...(version ? { version } : {}) };
}

/** A requirements line without its `#` comment (a `#` at the start or after whitespace). */
function withoutComment(line: string): string {
  const m = /(^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}

export function requirementsTxt(text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  text.split("\n").forEach((raw, i) => {
    const l = withoutComment(raw).replace(/\\$/, "").trim();
    if (!l || l.startsWith("-") || /^[a-z+]+:\/\//i.test(l)) return;
    const r = pep508(l.replace(/(^|\s)--hash=\S+/g, " ").trim());
    if (r) out.push({ ecosystem: "pypi", name: r.name, ...(r.version ? { version: r.version } : {}), line: i + 1 });
  });
  return out;
}

/** TOML tables that hold `name = version` dependency keys, and ones that hold arrays of PEP 508 strings. */
export function pyproject(text: string, lenient: boolean): DeclaredDependency[] {
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

export function pipfile(text: string, lenient: boolean): DeclaredDependency[] {
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
