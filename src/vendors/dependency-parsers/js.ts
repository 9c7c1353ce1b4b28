/** JavaScript and PHP dependency files: package.json, composer.json, package-lock.json, yarn.lock, pnpm-lock.yaml. */
import type { DeclaredDependency, Ecosystem } from "../types.js";

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

export const NPM_TOP_LEVEL = new Set(["name", "version", "description", "main", "module", "types", "typings", "license", "author", "homepage", "type", "private", "packageManager", "bin", "browser", "exports", "repository", "bugs", "funding", "engines", "scripts", "workspaces", "node", "npm", "url", "email", "import", "require", "default", "test", "build", "start"]);
export const COMPOSER_TOP_LEVEL = new Set(["name", "description", "type", "license", "version", "homepage", "minimum-stability", "url", "email", "role"]);

export function jsonManifest(text: string, ecosystem: Ecosystem, sections: Record<string, boolean>, notDeps: Set<string>, lenient: boolean): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  if (lenient) {
    // A fragment: no reliable nesting; take `"name": "range"` lines that are not well-known top-level keys.
    text.split("\n").forEach((l, i) => {
      const m = /^\s*"([^"]+)"\s*:\s*"([^"]*)"(?:\s*,)?\s*$/.exec(l);
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

export function packageLock(text: string): DeclaredDependency[] {
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

export function yarnLock(text: string): DeclaredDependency[] {
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

export function pnpmLock(text: string): DeclaredDependency[] {
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
