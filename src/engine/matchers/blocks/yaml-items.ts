/**
 * Finds the items of YAML block sequences by the key that holds them (`listeners:` → each `- ` entry), so a block
 * rule can judge one item as a whole ("an Envoy listener without a transport socket"). It reads indentation only,
 * not a full YAML parse, so templated files (Helm, Jinja) that do not parse are still read; flow sequences
 * (`key: [a, b]`) hold no items.
 */
import { indentOf } from "../../indent.js";
import type { ResourceBlock } from "./types.js";

/** A key whose value starts on the next line: `listeners:`, `- servers:`, `"routes":`. */
const BLOCK_KEY = /^(\s*)(?:-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*:\s*(?:#.*)?$/;
const ITEM = /^(\s*)-(?:\s|$)/;
const NAME = /^\s*-\s+["']?name["']?\s*:\s*["']?([^"'#\s]+)/;

export function findYamlItems(text: string): ResourceBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: ResourceBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const key = BLOCK_KEY.exec(lines[i]!);
    if (!key) continue;
    const keyColumn = lines[i]!.indexOf(key[2]!);
    const first = nextContentLine(lines, i + 1);
    const dash = first === undefined ? null : ITEM.exec(lines[first]!);
    // The key's items sit at its own column (`key:\n- a`) or deeper; a dash further left belongs to an outer list.
    if (first === undefined || !dash || dash[1]!.length < keyColumn) continue;
    const indent = dash[1]!.length;
    let start: number | undefined = first;
    let index = 0;
    while (start !== undefined && indentOf(lines[start]!) === indent && ITEM.test(lines[start]!)) {
      let end = start;
      let next = nextContentLine(lines, start + 1);
      while (next !== undefined && indentOf(lines[next]!) > indent) {
        end = next;
        next = nextContentLine(lines, next + 1);
      }
      const body = lines.slice(start, end + 1).map((l) => (isComment(l) ? "" : l));
      blocks.push({ type: key[2]!, name: NAME.exec(lines[start]!)?.[1] ?? `#${index}`, startLine: start + 1, endLine: end + 1, lines: body });
      index++;
      start = next;
    }
  }
  return blocks;
}

function nextContentLine(lines: string[], from: number): number | undefined {
  for (let n = from; n < lines.length; n++) if (lines[n]!.trim() !== "" && !isComment(lines[n]!)) return n;
  return undefined;
}

/** A YAML comment line (its text blanked in a block, so a rule never reads a commented-out setting). */
export function isComment(line: string): boolean {
  return line.trimStart().startsWith("#");
}
