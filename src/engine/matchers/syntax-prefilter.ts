/**
 * Which syntax rules could report anything in a file, before the file is parsed: a syntax rule reports a call only
 * when one of the names its arguments read matches the rule's `names` or `records`, and every name the parser reads
 * is text of the file. So a rule whose names' required literals (rules/required-literals.ts, derived from the
 * patterns) all miss the file's text cannot report there, and a file no rule can report in is not parsed. Parsing
 * is most of the engine's time on real code, where the rules' keywords (`log`, `error`) are on nearly every line
 * but patient-data names are rare.
 *
 * A literal that must start or end a name (`^…$` patterns: `sin` as a whole name, never in `using`) is looked for
 * at a word boundary: the parser's names are whole tokens (tree-sitter's lexers take the longest identifier, so a
 * name never starts right after a letter or `_`, nor ends right before a letter, digit or `_`), string keys trimmed
 * of what is not a letter, digit or `_`, and format-string arguments between braces.
 */
import { foldForLiterals, requiredLiterals, type RequiredLiteral } from "../rules/required-literals.js";
import type { CompiledRule } from "../rules/compile.js";
import { LiteralTrie } from "./literal-finder.js";

/** A rule's names as a search: undefined when its patterns require no literal (then the rule is always live). */
interface NameSearch {
  finder: RegExp;
  trie: LiteralTrie<RequiredLiteral>;
}

const searches = new WeakMap<CompiledRule, NameSearch | null>();

function searchOf(rule: CompiledRule): NameSearch | undefined {
  let search = searches.get(rule);
  if (search === undefined) {
    search = build(rule) ?? null;
    searches.set(rule, search);
  }
  return search ?? undefined;
}

function build(rule: CompiledRule): NameSearch | undefined {
  const spec = rule.syntax;
  if (!spec) return undefined;
  const trie = new LiteralTrie<RequiredLiteral>();
  for (const pattern of [...spec.names, ...spec.records]) {
    const literals = requiredLiterals(pattern.source);
    if (!literals) return undefined;
    for (const l of literals) trie.add(l.text, l);
  }
  return { finder: new RegExp(trie.source(), "g"), trie };
}

/** Characters that would continue a name before or after it (in folded text). */
const BEFORE_NAME = /[a-z_]/;
const AFTER_NAME = /[a-z0-9_]/;
/** Characters whose folded form is an ASCII letter without being one: in their presence, boundaries are not trusted. */
const FOLDS_TO_ASCII = /[\u0130\u212a\u017f]/;

/**
 * The syntax rules among `rules` that could report a call in a file whose text is `content`: those whose names'
 * required literals occur in it (or that require none).
 */
export function liveSyntaxRules(rules: readonly CompiledRule[], content: string): CompiledRule[] {
  let folded: string | undefined;
  let trustBoundaries = true;
  const live: CompiledRule[] = [];
  for (const rule of rules) {
    const search = searchOf(rule);
    if (!search) {
      live.push(rule);
      continue;
    }
    if (folded === undefined) {
      folded = foldForLiterals(content);
      trustBoundaries = !FOLDS_TO_ASCII.test(content);
    }
    if (occurs(search, folded, trustBoundaries)) live.push(rule);
  }
  return live;
}

function occurs(search: NameSearch, text: string, trustBoundaries: boolean): boolean {
  const { finder, trie } = search;
  finder.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = finder.exec(text)) !== null) {
    const at = m.index;
    let found = false;
    trie.visitAt(text, at, (l) => {
      if (found) return;
      if (trustBoundaries && l.start && at > 0 && BEFORE_NAME.test(text[at - 1]!)) return;
      const after = at + l.text.length;
      if (trustBoundaries && l.end && after < text.length && AFTER_NAME.test(text[after]!)) return;
      found = true;
    });
    if (found) return true;
    finder.lastIndex = at + 1;
  }
  return false;
}
