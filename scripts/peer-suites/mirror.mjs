/**
 * Reads a peer's bare git mirror (what the `fetch` tool leaves under /work/.mirror/<owner>+<name>/repo) without a
 * work tree: the file list of HEAD and file contents in one `git cat-file --batch` per call. The peers' files stay
 * in the mirror; nothing here writes them anywhere.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Largest file read from a mirror; peers' test files are a few kilobytes. */
const MAX_FILE_BYTES = 1_000_000;

export function openMirror(mirrors, names) {
  const dir = names.map((n) => join(mirrors, n, "repo")).find((d) => existsSync(join(d, "HEAD")));
  if (!dir) throw new Error(`${join(mirrors, names[0], "repo")}: no git mirror there; fetch github:${names[0].replace("+", "/")} first, or pass --mirrors DIR`);
  const git = (...args) => execFileSync("git", [`--git-dir=${dir}`, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  const commit = git("rev-parse", "HEAD").trim();
  const date = git("log", "-1", "--format=%cs", commit).trim();
  const files = git("ls-tree", "-r", "--name-only", "-z", commit).split("\0").filter(Boolean);
  /** Contents of `paths` at the mirror's HEAD, as a Map; files over the bound or absent are left out. */
  function read(paths) {
    const out = new Map();
    if (paths.length === 0) return out;
    const r = spawnSync("git", [`--git-dir=${dir}`, "cat-file", "--batch"], { input: paths.map((p) => `${commit}:${p}`).join("\n") + "\n", maxBuffer: 256 << 20 });
    if (r.status !== 0) throw new Error(`${dir}: git cat-file failed: ${r.stderr.toString().trim().split("\n")[0]}`);
    const buf = r.stdout;
    let at = 0;
    for (const p of paths) {
      const eol = buf.indexOf(10, at);
      const header = buf.subarray(at, eol).toString();
      at = eol + 1;
      const m = /^\S+ (\w+) (\d+)$/.exec(header);
      if (!m) continue; // "<path> missing"
      const size = Number(m[2]);
      if (m[1] === "blob" && size <= MAX_FILE_BYTES) out.set(p, buf.subarray(at, at + size).toString("utf8"));
      at += size + 1;
    }
    return out;
  }
  return { dir, commit, date, files, read };
}
