// The architecture as a test: folders import one another one way only (engine at the bottom, entry points at the
// top), no module imports itself through a cycle, and no source file grows past 350 lines. docs/architecture.md
// draws the same picture.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

/** Each folder and the folders it may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  engine: [],
  syntax: ["engine"],
  policy: ["engine"],
  vendors: ["engine", "policy"],
  reporters: ["engine"],
  review: ["engine", "policy", "vendors", "reporters", "syntax"],
  defaults: ["engine", "policy", "vendors"],
  "platforms/local": ["engine", "policy", "review"],
  "platforms/github": ["engine", "policy", "vendors", "reporters", "review"],
  "platforms/action": ["engine", "policy", "vendors", "reporters", "review", "platforms/local"],
  cli: ["engine", "policy", "vendors", "reporters", "review", "defaults", "platforms/local", "platforms/action"],
  app: ["engine", "policy", "vendors", "reporters", "review", "defaults", "platforms/github"],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function folderOf(file: string): string {
  const rel = relative(SRC, file).split("/");
  const top = rel[0] === "platforms" ? `${rel[0]}/${rel[1]}` : rel[0]!;
  if (!(top in ALLOWED)) throw new Error(`${relative(SRC, file)} is in no known folder; add its folder to ALLOWED and docs/architecture.md`);
  return top;
}

const SPEC = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(SPEC)) {
    const spec = (m[1] ?? m[2])!;
    if (!spec.endsWith(".js")) continue; // JSON schemas and other assets
    out.push(resolve(dirname(file), spec.slice(0, -3) + ".ts"));
  }
  return out;
}

const all = files(SRC);
const graph = new Map(all.map((f) => [f, importsOf(f)]));

describe("architecture", () => {
  it("folders import one another one way only", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      for (const target of targets) {
        const to = folderOf(target);
        if (to !== from && !ALLOWED[from]!.includes(to)) wrong.push(`${relative(SRC, file)} imports ${relative(SRC, target)} (${from} → ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("no module reaches itself through its imports", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, "open");
      stack.push(f);
      for (const t of graph.get(f) ?? []) {
        if (state.get(t) === "open") cycles.push(stack.slice(stack.indexOf(t)).concat(t).map((p) => relative(SRC, p)).join(" → "));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, "done");
    };
    for (const f of all) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it("no source file is over 350 lines", () => {
    const long = all.map((f) => [relative(SRC, f), readFileSync(f, "utf8").split("\n").length - 1] as const).filter(([, n]) => n > 350);
    expect(long).toEqual([]);
  });
});
