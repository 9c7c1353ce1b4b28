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
 *
 * A rule that names callees (`analytics.track`) can report only a call whose callee matches one, so one of its
 * callees' literals must be in the file too: a file that mentions `condition` but no analytics SDK is not parsed for
 * it. A callee is code as written with its whitespace runs collapsed and its start possibly cut (walk.ts `calleeOf`),
 * so these literals are looked for anywhere, and callees whose literals hold whitespace need nothing.
 */
import { foldForLiterals, requiredLiterals, type RequiredLiteral } from "../rules/required-literals.js";
import type { DeclaredTypes } from "../diff/declared-types.js";
import type { CompiledRule } from "../rules/compile.js";
import { holdsOneOf, LiteralTrie } from "./literal-finder.js";
import { printedTypes } from "./syntax.js";

/** The names of a file kind's syntax rules as one search: each literal with the rule that requires it. */
interface NameSearch {
  trie: LiteralTrie<{ rule: CompiledRule; literal: RequiredLiteral }>;
  /** Rules whose names require no literal: live in every file. */
  always: CompiledRule[];
  filtered: number;
  /** Of rules that name callees, a test of a file's folded text for their callees' literals. */
  callees: Map<CompiledRule, (folded: string) => boolean>;
}

/** By the rule list (a file kind's, cached by the ruleset), so one search serves every file of the kind. */
const searches = new WeakMap<readonly CompiledRule[], NameSearch>();

function searchOf(rules: readonly CompiledRule[]): NameSearch {
  let search = searches.get(rules);
  if (!search) {
    const trie = new LiteralTrie<{ rule: CompiledRule; literal: RequiredLiteral }>();
    const always: CompiledRule[] = [];
    const callees = new Map<CompiledRule, (folded: string) => boolean>();
    let filtered = 0;
    for (const rule of rules) {
      const spec = rule.syntax;
      const named = spec && anyOf([...spec.names, ...spec.declared].map((p) => p.source));
      const records = spec && anyOf(spec.records.map((p) => p.source));
      // (a record may also be named by a key qualified by a word before it, `sent_subscriber`: no start boundary)
      const literals = named && records && [...named, ...records.map((l) => ({ ...l, start: false }))];
      if (!literals) always.push(rule);
      else {
        filtered++;
        for (const literal of literals) trie.add(literal.text, { rule, literal });
      }
      const callee = spec && spec.callee.length > 0 ? anyOf(spec.callee.map((p) => p.source)) : undefined;
      if (callee && callee.every((l) => !/\s/.test(l.text))) callees.set(rule, holdsOneOf(callee.map((l) => l.text)));
    }
    search = { trie, always, filtered, callees };
    searches.set(rules, search);
  }
  return search;
}

/** The literals one of which any text matching one of the patterns contains; undefined when a pattern requires none. */
function anyOf(sources: readonly string[]): RequiredLiteral[] | undefined {
  const out: RequiredLiteral[] = [];
  for (const source of sources) {
    const literals = requiredLiterals(source);
    if (!literals) return undefined;
    out.push(...literals);
  }
  return out;
}

/** Characters that would continue a name before or after it (in folded text). */
const BEFORE_NAME = /[a-z_]/;
const AFTER_NAME = /[a-z0-9_]/;
/** Characters whose folded form is an ASCII letter without being one: in their presence, boundaries are not trusted. */
const FOLDS_TO_ASCII = /[\u0130\u212a\u017f]/;

/**
 * The syntax rules among `rules` that could report a call in a file whose text is `content`: those whose names'
 * required literals occur in it (or that require none), in the order of `rules`. One pass over the text for all.
 * A rule that reads declarations is live too where the file names a printing type the change declared with one of
 * the rule's names among its fields (`types`: a `TierExceptionRequest request` logged whole).
 */
export function liveSyntaxRules(rules: readonly CompiledRule[], content: string, types?: DeclaredTypes): CompiledRule[] {
  if (rules.length === 0) return [];
  const search = searchOf(rules);
  const live = new Set<CompiledRule>(search.always);
  const text = search.filtered > 0 || search.callees.size > 0 ? foldForLiterals(content) : "";
  if (search.filtered > 0) {
    const trustBoundaries = !FOLDS_TO_ASCII.test(content);
    let found = 0;
    search.trie.visitAll(text, ({ rule, literal }, at) => {
      if (live.has(rule)) return false;
      if (trustBoundaries && literal.start && at > 0 && BEFORE_NAME.test(text[at - 1]!)) return false;
      const after = at + literal.text.length;
      if (trustBoundaries && literal.end && after < text.length && AFTER_NAME.test(text[after]!)) return false;
      live.add(rule);
      return ++found === search.filtered;
    });
  }
  if (types) {
    for (const rule of rules) {
      const spec = rule.syntax;
      if (!live.has(rule) && spec && printedTypes(spec, types).some((type) => content.includes(type))) live.add(rule);
    }
  }
  // Then a rule that names callees needs one of theirs too (looked for anywhere: see the module's comment).
  for (const [rule, holds] of search.callees) if (live.has(rule) && !holds(text)) live.delete(rule);
  return rules.filter((r) => live.has(r));
}
