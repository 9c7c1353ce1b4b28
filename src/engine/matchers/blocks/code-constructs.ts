/**
 * Finds infrastructure declared in code, so a block rule can judge one resource's properties as a whole, including
 * one it leaves out ("an SNS topic without a master key"): AWS CDK constructs (`new sns.Topic(this, 'Id', { … })`,
 * Python `sns.Topic(self, "Id", …)`) and Pulumi resources (`new aws.sns.Topic("name", { … })`). The type is the
 * constructor as written (`sns.Topic`, `aws.sns.Topic`), the name the construct's id; the extent runs to the
 * parenthesis that closes the call, with strings and comments skipped. Only files whose diff shows such code are
 * read whole (`mayHoldConstructs`).
 */
import type { FileDiff } from "../../types.js";
import { stripComment } from "./terraform.js";
import type { ResourceBlock } from "./types.js";

/** `[new] a.b.Type(` then the scope (`this`, `self`, `scope`) or nothing, then the id as a string literal. */
const HEADER = /(?:^|[^\w$.])(?:new\s+)?((?:[A-Za-z_$][\w$]*\.){0,4}[A-Z][\w$]*)\s*\(\s*(?:(?:this|self|scope|stack)\s*,\s*)?(["'`])([^"'`\n]{1,200})\2/g;
/** The same call formatted one argument per line (black, prettier): the constructor ends its line, the id follows. */
const OPEN = /(?:^|[^\w$.])(?:new\s+)?((?:[A-Za-z_$][\w$]*\.){0,4}[A-Z][\w$]*)\s*\(\s*$/;
const FOLLOWING = /^\s*(?:(?:this|self|scope|stack)\s*,\s*)?(["'`])([^"'`\n]{1,200})\1/;
/** A call that does not close within this many lines is read up to here (a bound on malformed files). */
const MAX_CONSTRUCT_LINES = 400;

/** Whether the lines the diff shows come from CDK or Pulumi code: their imports, or a construct's first line. */
export function mayHoldConstructs(file: FileDiff): boolean {
  // The regexes run only on lines holding a word each of their branches needs (a string search, far cheaper).
  return file.lines.some(({ text }) => ((text.includes("cdk") || text.includes("pulumi")) && HINT.test(text)) || (SCOPE_WORD.test(text) && SCOPED.test(text)));
}
/** A word SCOPED needs: the scope argument (`this`, `self`, `scope`) or `new`. */
const SCOPE_WORD = /this|s(?:elf|cope)|new/;
const HINT = /aws-cdk-lib|@aws-cdk\/|\baws_cdk\b|@pulumi\/|\bpulumi_aws\b|\bimport pulumi\b/;
const SCOPED = /(?:^|[^\w$.])(?:new\s+)?(?:[A-Za-z_$][\w$]*\.){0,4}[A-Z][\w$]*\s*\(\s*(?:this|self|scope)\s*,\s*["'`]|\bnew\s+(?:[A-Za-z_$][\w$]*\.){1,4}[A-Z][\w$]*\s*\(\s*["'`]|^\s*(?:self|this|scope),\s*$/;

export function findCodeConstructs(text: string): ResourceBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: ResourceBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(\/\/|#|\*)/.test(line)) continue;
    const found: { type: string; name: string; open: number }[] = [];
    for (const m of line.matchAll(HEADER)) found.push({ type: m[1]!, name: m[3]!, open: line.indexOf("(", m.index! + m[0].indexOf(m[1]!) + m[1]!.length) });
    const open = found.length === 0 ? OPEN.exec(line) : null;
    if (open) {
      const id = FOLLOWING.exec(lines.slice(i + 1, i + 4).join(" "));
      if (id) found.push({ type: open[1]!, name: id[2]!, open: line.lastIndexOf("(") });
    }
    for (const { type, name, open: column } of found) {
      const end = closingParen(lines, i, column);
      blocks.push({ type, name, startLine: i + 1, endLine: end + 1, lines: lines.slice(i, end + 1).map(stripComment) });
    }
  }
  return blocks;
}

/** Index of the line holding the parenthesis that closes the one at (line, column), skipping strings and comments. */
function closingParen(lines: string[], line: number, column: number): number {
  let depth = 0;
  let quote: string | undefined;
  let blockComment = false;
  const last = Math.min(lines.length - 1, line + MAX_CONSTRUCT_LINES);
  for (let l = line; l <= last; l++) {
    const text = lines[l]!;
    for (let c = l === line ? column : 0; c < text.length; c++) {
      const ch = text[c]!;
      if (blockComment) {
        if (ch === "*" && text[c + 1] === "/") { blockComment = false; c++; }
        continue;
      }
      if (quote) {
        if (ch === "\\") c++;
        else if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === '"' || ch === "'" || ch === "`") { quote = ch; continue; }
      if (ch === "/" && text[c + 1] === "/") break;
      if (ch === "#" && (c === 0 || /\s/.test(text[c - 1]!))) break;
      if (ch === "/" && text[c + 1] === "*") { blockComment = true; c++; continue; }
      if (ch === "(") depth++;
      else if (ch === ")" && --depth === 0) return l;
    }
    // A string does not run past its line, except a template literal (backquote).
    if (quote !== "`") quote = undefined;
  }
  return last;
}
