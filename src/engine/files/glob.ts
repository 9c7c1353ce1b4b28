/**
 * Path globs as the rules and path classes write them (`**\/*.md`, `**\/test/**`, `*.conf`), matched with minimatch's
 * meaning (`dot`, and `matchBase` for a glob without "/"). Minimatch answers in microseconds, and every file of a
 * change meets every path-scoped rule's globs: on a 6,500-file change that was most of the scan's time. Globs made
 * only of literal segments, `*` and `**` become one native regex with the same answers (test/core/glob.test.ts
 * checks that against minimatch for every glob of the default pack); anything else is left to minimatch.
 */
import { Minimatch } from "minimatch";

export interface GlobOptions {
  nocase?: boolean;
}

/** A matcher for `glob` (dot files included; a glob without "/" matches a path's base name). */
export function globMatcher(glob: string, options: GlobOptions = {}): (path: string) => boolean {
  let mm: Minimatch | undefined;
  const slow = (path: string) => (mm ??= new Minimatch(glob, { dot: true, matchBase: !glob.includes("/"), ...(options.nocase ? { nocase: true } : {}) })).match(path);
  const re = simpleGlobRegex(glob, options);
  if (!re) return slow;
  const base = !glob.includes("/");
  // The literal a matching path must end with (`.tf` of `**/*.tf`): one `endsWith` turns most paths away before the
  // regex (every file meets every path-scoped rule's globs, so this is on the scan's path).
  const tail = literalTail(glob, options);
  // …and the longest literal the glob holds (`access-audit` of `**/*access-audit*`), which a matching path holds too:
  // one `includes` turns away the paths the tail cannot.
  const needle = longestLiteral(glob, options);
  // Paths as git and GitHub write them; anything odd (a leading "/", "//", "." or ".." segments) goes to minimatch.
  return (path) => {
    const facts = factsOf(path);
    if (facts.odd) return slow(path);
    if (tail && !(options.nocase ? path.slice(-tail.length).toLowerCase() === tail : path.endsWith(tail))) return false;
    if (needle && !(options.nocase ? facts.lower : path).includes(needle)) return false;
    return re.test(base ? facts.base : path);
  };
}

/**
 * The longest run of literal characters in a simple glob (lower-cased with `nocase`), less a leading "/" (a leading
 * `**` may match no folder, `**\/db/migrate/*.rb` matches `db/migrate/1.rb`); "" when it has none.
 */
function longestLiteral(glob: string, options: GlobOptions): string {
  let longest = "";
  for (const run of glob.split(/\*+/).map((r) => r.replace(/^\//, ""))) if (run.length > longest.length) longest = run;
  return options.nocase ? longest.toLowerCase() : longest;
}

/**
 * What every glob asks of a path, for the last path asked: a file meets a few hundred globs in a row (each rule's
 * paths, the path classes), which need not each test it for oddness nor split it for its base name.
 */
// Starts as the answer for "" (not odd, no base name).
const last = { path: "", odd: false, base: "", lower: "" };

function factsOf(path: string): { odd: boolean; base: string; lower: string } {
  if (last.path !== path) {
    last.path = path;
    last.odd = ODD_PATH.test(path);
    last.base = baseName(path);
    last.lower = path.toLowerCase();
  }
  return last;
}

/** The literal text after the last `*` of a simple glob's last segment (all of it when it has none); "" if none. */
function literalTail(glob: string, options: GlobOptions): string {
  const last = glob.slice(glob.lastIndexOf("/") + 1);
  if (last.includes("**")) return "";
  const tail = last.slice(last.lastIndexOf("*") + 1);
  return options.nocase ? tail.toLowerCase() : tail;
}

const ODD_PATH = /^\/|\/\/|(^|\/)\.\.?(\/|$)|\/$/;

/** The last non-empty segment of a path, as minimatch's matchBase reads it. */
function baseName(path: string): string {
  const parts = path.split(/\/+/);
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i]) return parts[i]!;
  return "";
}

/** The regex of a glob of literal segments, `*` and `**`; undefined for anything else (left to minimatch). */
export function simpleGlobRegex(glob: string, options: GlobOptions = {}): RegExp | undefined {
  if (!/^[A-Za-z0-9_.*\-/ ~%=,@+]+$/.test(glob) || /[@+]\(|\*\*\*|\/\/|^\/|\/$|(^|\/)\.\.?(\/|$)/.test(glob)) return undefined;
  const segments = glob.split("/");
  let source = "";
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === "**") {
      // Any number of segments, none included; never "." or "..".
      if (segments.length === 1) return undefined;
      // Leading: zero or more segments; trailing: one or more; between two segments: a slash and zero or more.
      const one = "(?!\\.\\.?(?:/|$))[^/]+";
      source += last ? `(?:/${one})+` : i === 0 ? `(?:${one}/)*` : `/(?:${one}/)*`;
      continue;
    }
    if (segment.includes("**")) return undefined;
    const body = segment
      .split("*")
      .map((literal) => literal.replace(/[.+^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]*");
    const part = segment.includes("*") ? `(?!\\.\\.?(?:/|$))(?=[^/])${body}` : body;
    const previous = segments[i - 1];
    source += i === 0 || previous === "**" ? part : `/${part}`;
  }
  return new RegExp(`^${source}$`, options.nocase ? "i" : "");
}
