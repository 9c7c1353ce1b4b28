/**
 * Real code for the bench: source files of the project's own node_modules (JavaScript, TypeScript, JSON, Markdown,
 * YAML and the package manifests among them) and of the machine's Python library (/usr/lib/python3*), chosen in a
 * fixed order up to a size, committed to a throwaway git repository as one change on top of a base that already
 * holds every tenth of them (edited: a line added to each), so the change has new files and edited ones, as a real
 * large change does. Nothing is downloaded.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const EXTENSIONS = /\.(js|mjs|cjs|ts|mts|cts|json|md|ya?ml|py|sh)$/;
/** Files larger than this are left out (bundles and minified files are not code review material). */
const MAX_FILE_BYTES = 256 * 1024;

export interface RealChange {
  dir: string;
  base: string;
  head: string;
  files: number;
  bytes: number;
}

/** The folders real code is taken from, in order: node_modules, then the Python library where there is one. */
export function realCodeRoots(nodeModules: string): string[] {
  const python = readdirSync("/usr/lib", { withFileTypes: true }).filter((d) => d.isDirectory() && /^python3(\.\d+)?$/.test(d.name)).map((d) => join("/usr/lib", d.name)).sort();
  return [nodeModules, ...python];
}

/** Files under `roots` in a fixed order, up to `targetBytes` in all (paths prefixed with the root's index). */
export function realFiles(roots: string[], targetBytes: number): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  let total = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (total >= targetBytes) return;
      const full = join(dir, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (name !== ".bin" && name !== ".cache") walk(full);
      } else if (stat.isFile() && EXTENSIONS.test(name) && !name.includes(".min.") && stat.size > 0 && stat.size <= MAX_FILE_BYTES) {
        const text = readFileSync(full, "utf8");
        if (text.includes("\u0000")) continue;
        out.push({ path: `${prefix}/${relative(root, full)}`, text });
        total += stat.size;
      }
    }
  };
  let root = "";
  let prefix = "";
  roots.forEach((r, i) => {
    root = r;
    prefix = `src${i}`;
    if (total < targetBytes) walk(r);
  });
  return out;
}

/** A repository whose `head` adds ~targetBytes of real code relative to `base`. */
export function realChange(roots: string[], targetBytes: number): RealChange {
  const dir = mkdtempSync(join(tmpdir(), "hipaa-review-bench-real-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@b", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@b", GIT_CONFIG_NOSYSTEM: "1", HOME: dir } }).trim();
  const files = realFiles(roots, targetBytes);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  git("init", "-q", "-b", "main");
  write("README.md", "# bench\n");
  files.forEach((f, i) => {
    if (i % 10 === 0) write(f.path, f.text);
  });
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  const base = git("rev-parse", "HEAD");
  git("checkout", "-q", "-b", "change");
  let bytes = 0;
  files.forEach((f, i) => {
    const text = i % 10 === 0 ? `${f.text}\n` : f.text;
    write(f.path, text);
    bytes += Buffer.byteLength(text);
  });
  git("add", "-A");
  git("commit", "-q", "-m", "change");
  return { dir, base, head: git("rev-parse", "HEAD"), files: files.length, bytes };
}
