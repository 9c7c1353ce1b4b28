// Every regular expression in the source, not only the rules' patterns, runs in time linear in its input: each
// regex literal in src/ is timed on crafted inputs built from its own characters and words (runs of one or two
// characters, words repeated, words followed by long runs) at 1,000 and 8,000 characters. A quadratic regex
// takes 64 times longer on the longer input; the test fails when the ratio passes 32 (and the long run takes over
// 15 ms). A regex that only ever sees bounded input says so on the line above with `// linear: <why it is bounded>`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Worker } from "node:worker_threads";
import { RegExpParser, type AST } from "@eslint-community/regexpp";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "..", "src");

interface Literal {
  where: string;
  source: string;
  flags: string;
  exempt: boolean;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function literals(): Literal[] {
  const out: Literal[] = [];
  for (const file of files(SRC)) {
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (n: ts.Node) => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const m = /^\/(.*)\/([a-z]*)$/s.exec(n.getText(sf))!;
        const line = sf.getLineAndCharacterOfPosition(n.getStart()).line;
        const exempt = /\/\/ linear: \S/.test(lines[line - 1] ?? "") || /\/\/ linear: \S/.test(lines[line] ?? "");
        out.push({ where: `${relative(SRC, file)}:${line + 1}`, source: m[1]!, flags: m[2]!, exempt });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** Crafted inputs of about `n` characters from the regex's own characters and words. */
function inputs(source: string, n: number): string[] {
  const chars = new Set([" ", "\t", "a", "A", "0", ".", "-", "_", ":", "=", "/", '"', "'", "@", ",", "#", "<", ">", "(", "*"]);
  for (const c of source.replace(/\\[dswbDSWBnrt]/g, "")) if (c.charCodeAt(0) < 127 && !"()[]{}?+|^$\\".includes(c)) chars.add(c);
  const list = [...chars];
  const out: string[] = [];
  for (const a of list) out.push(a.repeat(n));
  // Pairs alternating: each character with the separators that most often split runs.
  for (const a of list) for (const b of [" ", "a", "0", ".", "=", "-"]) if (a !== b) out.push((a + b).repeat(n / 2));
  const words = [...new Set(source.replace(/\\./g, " ").match(/[A-Za-z][A-Za-z_-]{2,}/g) ?? [])].slice(0, 12);
  for (const w of words) for (const sep of [" ", ".", "=", "a", ":", "\t", "0"]) out.push((w + sep).repeat(Math.ceil(n / (w.length + 1))).slice(0, n));
  // A word (or a letter) followed by a long run, then a character that makes the match fail at the end.
  for (const w of ["a", "0", ...words]) {
    for (const fill of [" ", " \t", "a", "0", ".", "-", "=", ":"]) for (const end of ["!", "\u0001"]) out.push(w + fill.repeat(Math.ceil(n / fill.length)) + end);
  }
  // A long run after each prefix of a short text the regex matches: an anchored regex (`^\s*(\w+)\s*:…=…\s*$`)
  // reaches its quantifiers only past a prefix it accepts, which runs of single characters never supply.
  const w = witness(source);
  if (w !== undefined) {
    for (let k = 0; k <= Math.min(w.length, 24); k++) for (const fill of [" ", "\t", "a", "0"]) out.push(w.slice(0, k) + fill.repeat(n) + "\u0001");
  }
  return out;
}

/** A short text the regex matches (its first alternatives, each quantifier at its minimum), or undefined. */
function witness(source: string): string | undefined {
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser().parsePattern(source);
  } catch {
    return undefined;
  }
  const CANDIDATES = ["a", "0", " ", "-", ".", "x", "!", "_", "Z"];
  const classChar = (node: AST.CharacterClass | AST.CharacterSet): string => {
    const re = new RegExp(source.slice(node.start, node.end));
    return CANDIDATES.find((c) => re.test(c)) ?? "";
  };
  const of = (node: AST.Node): string => {
    switch (node.type) {
      case "Pattern":
      case "Group":
      case "CapturingGroup":
        return node.alternatives.length > 0 ? of(node.alternatives[0]!) : "";
      case "Alternative":
        return node.elements.map(of).join("");
      case "Character":
        return String.fromCodePoint(node.value);
      case "CharacterSet":
      case "CharacterClass":
        return classChar(node as AST.CharacterClass | AST.CharacterSet);
      case "Quantifier":
        return of(node.element).repeat(Math.min(node.min, 3));
      default:
        return "";
    }
  };
  try {
    return of(ast);
  } catch {
    return undefined;
  }
}

/**
 * Times regexes on the crafted inputs of both sizes in a worker thread, one regex per message. A regex that does not
 * answer within `limitMs` counts as too slow (a polynomial regex may not finish at all): the worker is terminated
 * and a new one takes the next regex.
 */
const TIMER = `
const { parentPort } = require("node:worker_threads");
const slowest = (re, texts) => {
  let worst = 0;
  for (const text of texts) {
    let best = Infinity;
    for (let k = 0; k < 2; k++) {
      const started = performance.now();
      re.lastIndex = 0;
      let guard = 0;
      while (re.exec(text) && guard++ < 100000) if (re.lastIndex === 0) break;
      best = Math.min(best, performance.now() - started);
    }
    worst = Math.max(worst, best);
  }
  return worst;
};
parentPort.on("message", ({ source, flags, small, large }) => {
  const re = new RegExp(source, flags);
  parentPort.postMessage({ short: slowest(re, small), long: slowest(re, large) });
});
`;

class Timer {
  private worker = new Worker(TIMER, { eval: true });

  time(lit: Literal, limitMs: number): Promise<{ short: number; long: number } | "timeout"> {
    const flags = lit.flags.includes("g") ? lit.flags : lit.flags + "g";
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.removeAllListeners();
        void worker.terminate();
        this.worker = new Worker(TIMER, { eval: true });
        resolve("timeout");
      }, limitMs);
      worker.once("message", (m: { short: number; long: number }) => {
        clearTimeout(timer);
        worker.removeAllListeners("error");
        resolve(m);
      });
      worker.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      worker.postMessage({ source: lit.source, flags, small: inputs(lit.source, 1_000), large: inputs(lit.source, 8_000) });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

describe("every regex in src/ runs in linear time", () => {
  const all = literals();

  it("finds the source's regex literals", () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it("none grows faster than linearly on crafted input", async () => {
    const slow: string[] = [];
    const pending = all.filter((l) => !l.exempt);
    // Two workers at a time (the CI machine has two cores).
    const next = async (timer: Timer): Promise<void> => {
      const lit = pending.shift();
      if (!lit) return void (await timer.close());
      const t = await timer.time(lit, 8_000);
      if (t === "timeout") slow.push(`${lit.where} /${lit.source}/${lit.flags}: did not finish within 8 s`);
      else if (t.long > 15 && t.long > 32 * Math.max(t.short, 0.05)) slow.push(`${lit.where} /${lit.source}/${lit.flags}: ${t.short.toFixed(1)} ms at 1k, ${t.long.toFixed(1)} ms at 8k`);
      return next(timer);
    };
    await Promise.all([next(new Timer()), next(new Timer())]);
    expect(slow).toEqual([]);
  }, 600_000);
});
