/** Compiled rules, indexed so that each file only meets the rules that apply to it. */
import { BLOCK_FINDERS, blockRulesFor } from "../matchers/blocks.js";
import { LiteralTrie } from "../matchers/literal-finder.js";
import { detectLanguages, type Language } from "../files/languages.js";
import type { CompiledNear, CompiledRule, Glob } from "./compile.js";
import type { FileDiff } from "../types.js";

export type { CompiledNear, CompiledRule } from "./compile.js";

export interface FileRules {
  languages: Language[];
  lineRules: CompiledRule[];
  blockRules: CompiledRule[];
  /** Line rules without keywords: they read every line. */
  unfiltered: CompiledRule[];
  /** Line rules that match secrets or PHI: every value they see on a finding's line is masked in its excerpt. */
  sensitive: CompiledRule[];
  /** Syntax rules: read from the file's parsed calls, only when one of their keywords is on an added line. */
  syntaxRules: CompiledRule[];
  /** Rules that read the lines the change removes (`scope: removed`). */
  removedRules: CompiledRule[];
  /** The keyword rules a line may trigger, found in one pass over the line (see `keywordRulesOf`). */
  keywords?: KeywordIndex;
}

/**
 * Keywords of a file kind's rules (lower case, checked at load). A line is lower-cased once; one walk of the
 * keywords' trie over it names every keyword at every position.
 */
export interface KeywordIndex {
  /** Each keyword with the rules it triggers. */
  trie: LiteralTrie<CompiledRule>;
  /** Position of each rule in `lineRules`, so triggered rules run in a stable order. */
  order: Map<CompiledRule, number>;
}

/**
 * The rules whose keywords occur in `lower`, a line folded to lower case (`foldForLiterals`), in rule order; empty
 * when none does. Every start position of every keyword is visited, so overlapping keywords ("pass", "password=")
 * all count.
 */
export function keywordRulesOf(index: KeywordIndex, lower: string): CompiledRule[] {
  let found: CompiledRule[] | undefined;
  index.trie.visitAll(lower, (r) => {
    if (!found) found = [r];
    else if (!found.includes(r)) found.push(r);
  });
  if (!found) return [];
  const rules: CompiledRule[] = found;
  return rules.length === 1 ? rules : rules.sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}

function keywordIndex(lineRules: CompiledRule[]): KeywordIndex | undefined {
  const trie = new LiteralTrie<CompiledRule>();
  for (const r of lineRules) for (const k of r.keywords ?? []) trie.add(k, r);
  if (trie.empty) return undefined;
  return { trie, order: new Map(lineRules.map((r, i) => [r, i])) };
}

/** Where a setting written `KEY = value` is read as if it were: a Spring properties file and a dotenv file. */
const SETTINGS_PATHS = ["src/main/resources/application.properties", ".env"] as const;

/** A number per rule object, so that a list of rules has a short key (`Ruleset.of`). */
const ruleNumbers = new WeakMap<CompiledRule, number>();
let nextRuleNumber = 0;
/** The rulesets of the rule lists asked for last, most recent last (`Ruleset.of`). */
const recent = new Map<string, Ruleset>();
const RECENT_MAX = 16;

export class Ruleset {
  /**
   * The ruleset of `rules`, shared by every scan that runs the same rule objects in the same order: its indexes per
   * file kind (keyword tries and their regexes, syntax prefilters) are built once, not per scan. A scan of a few
   * files spent most of its time building them, and each review of the App and each call in a test process was one.
   * The last 16 lists are kept.
   */
  static of(rules: CompiledRule[]): Ruleset {
    let key = "";
    for (const r of rules) {
      let n = ruleNumbers.get(r);
      if (n === undefined) ruleNumbers.set(r, (n = nextRuleNumber++));
      key += n.toString(36) + ",";
    }
    let set = recent.get(key);
    if (set) recent.delete(key);
    else set = new Ruleset(rules);
    recent.set(key, set);
    if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
    return set;
  }

  private readonly cache = new Map<string, FileRules>();
  /** The last path asked and its answer: the scan asks about each file several times in a row. */
  private last: { path: string; rules: FileRules } | undefined;

  /**
   * The rules with `paths` or `exclude_paths`, which apply depending on the whole path, not only its language; in
   * groups of rules scoped alike (most share a few path classes), so a path meets each scope once.
   */
  private readonly pathScoped: ScopedGroup[];
  /** The distinct glob lists the groups name (`exclude_paths: [@docs, @tests, @dev-config]` is most groups'). */
  private readonly globLists: readonly (readonly number[])[];
  /** Every distinct glob the lists name, once (a list holds their indexes): a path meets each at most once. */
  private readonly globs: readonly Glob[];
  /** The line rules of the configuration kinds `settingsFor` reads (before a path's exclusions), and its last answer. */
  private settingsRules: CompiledRule[] | undefined;
  private lastSettings: { path: string; rules: FileRules } | undefined;

  constructor(readonly rules: CompiledRule[]) {
    const groups = new Map<string, CompiledRule[]>();
    for (const r of rules) {
      if (!r.paths && !r.excludePaths) continue;
      const key = scopeKey(r);
      const group = groups.get(key);
      if (group) group.push(r);
      else groups.set(key, [r]);
    }
    const lists = new Map<string, number>();
    const globLists: (readonly number[])[] = [];
    const globs: Glob[] = [];
    const globIndex = new Map<string, number>();
    const indexOf = (glob: Glob) => {
      let index = globIndex.get(glob.source);
      if (index === undefined) {
        globIndex.set(glob.source, (index = globs.length));
        globs.push(glob);
      }
      return index;
    };
    const listOf = (list: readonly Glob[] | undefined) => {
      if (!list) return -1;
      const key = list.map((g) => g.source).join("\u0000");
      let index = lists.get(key);
      if (index === undefined) {
        lists.set(key, (index = globLists.length));
        globLists.push(list.map(indexOf));
      }
      return index;
    };
    this.pathScoped = [...groups.values()].map((group) => ({ rules: group, exclude: listOf(group[0]!.excludePaths), paths: listOf(group[0]!.paths) }));
    this.globLists = globLists;
    this.globs = globs;
  }

  byId(id: string): CompiledRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  /** Rules that apply to a path; cached by language and by whether any path-scoped rule matches. */
  forFile(path: string): FileRules {
    if (this.last?.path === path) return this.last.rules;
    const rules = this.rulesFor(path);
    this.last = { path, rules };
    return rules;
  }

  private rulesFor(path: string): FileRules {
    const languages = detectLanguages(path);
    // (rules name the same globs, through the pack's path classes: each is matched once per path)
    // (0: not asked yet, 1: no match, 2: a match; by the glob's index, as a string-keyed map per path cost more than
    // the matching on a change of thousands of files)
    const matched = new Uint8Array(this.globs.length);
    const matches = (index: number) => (matched[index] ||= this.globs[index]!.match(path) ? 2 : 1) === 2;
    // Each distinct list once per path (0: not asked yet, 1: no glob of it matches, 2: one does).
    const listed = new Uint8Array(this.globLists.length);
    const inList = (index: number) => (listed[index] ||= this.globLists[index]!.some(matches) ? 2 : 1) === 2;
    const { applies, bits } = subset(this.pathScoped, (group) => groupApplies(group, languages, inList));
    const key = languages.join(",") + "|" + bits;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const scoped = new Set([...applies].flatMap((group) => group.rules));
    const applicable = this.rules.filter((r) => (r.paths || r.excludePaths ? scoped.has(r) : appliesTo(r, languages, NO_GLOBS, NO_GLOBS)));
    const lineRules = applicable.filter((r) => !r.block && !r.syntax && !r.removed);
    const blockRules = applicable.filter((r) => r.block);
    const syntaxRules = applicable.filter((r) => r.syntax);
    const entry: FileRules = {
      languages,
      lineRules,
      blockRules,
      unfiltered: lineRules.filter((r) => !r.keywords),
      sensitive: lineRules.filter((r) => r.sensitive),
      syntaxRules,
      removedRules: applicable.filter((r) => r.removed),
      keywords: keywordIndex(lineRules),
    };
    if (this.cache.size > 5_000) this.cache.clear();
    this.cache.set(key, entry);
    return entry;
  }

  /**
   * The line rules that read a setting written `KEY = value`, for the defaults a file at `path` sets in code
   * (matchers/config-defaults.ts: `v.SetDefault("fhir.insecure_skip_verify", true)` sets what a configuration
   * file's `fhir.insecure_skip_verify = true` would): the rules of a properties file and of a dotenv file, less
   * those whose `exclude_paths` leave `path` out and those scoped by `paths` alone that `path` is not among (a rule
   * for production profiles reads a setting in a file only when that file is one).
   */
  settingsFor(path: string): FileRules {
    if (this.lastSettings?.path === path) return this.lastSettings.rules;
    // The two kinds' line rules do not depend on the path: listed once.
    const all = (this.settingsRules ??= [...new Set([...this.rulesFor(SETTINGS_PATHS[0]).lineRules, ...this.rulesFor(SETTINGS_PATHS[1]).lineRules])]);
    const { applies, bits } = subset(all, (r) => !r.excludePaths?.some((glob) => glob.match(path)) && (r.languages !== undefined || !r.paths || r.paths.some((glob) => glob.match(path))));
    const key = "settings|" + bits;
    let entry = this.cache.get(key);
    if (!entry) {
      const rules = all.filter((r) => applies.has(r));
      entry = { languages: ["properties", "dotenv"], lineRules: rules, blockRules: [], unfiltered: rules.filter((r) => !r.keywords), sensitive: rules.filter((r) => r.sensitive), syntaxRules: [], removedRules: [], keywords: keywordIndex(rules) };
      this.cache.set(key, entry);
    }
    this.lastSettings = { path, rules: entry };
    return entry;
  }

  /**
   * Whether scanning this file needs the whole head version: block rules read whole resources, when the diff's
   * lines suggest the file may hold some (`BlockFinder.mayHold`). A `near` window wider than the diff's context
   * asks for it only when a candidate needs it (`FileResult.wantsContent`).
   */
  needsContent(file: FileDiff): boolean {
    return blockRulesFor(this.forFile(file.path).blockRules, file).length > 0;
  }
}

/**
 * The rules of `list` that pass `test`, and the same answer as a cache key: a bit set, 16 rules to a character (a
 * file meets every path-scoped rule, and a key of their ids would be kilobytes built and hashed per file).
 */
function subset<T>(list: readonly T[], test: (item: T) => boolean): { applies: Set<T>; bits: string } {
  const applies = new Set<T>();
  let bits = "";
  for (let i = 0; i < list.length; i += 16) {
    let chunk = 0;
    for (let j = i; j < Math.min(i + 16, list.length); j++) {
      if (test(list[j]!)) {
        applies.add(list[j]!);
        chunk |= 1 << (j - i);
      }
    }
    bits += String.fromCharCode(chunk);
  }
  return { applies, bits };
}

/** What decides whether a rule applies to a path (`appliesTo`): rules with the same key apply to the same paths. */
function scopeKey(rule: CompiledRule): string {
  const globs = (list: readonly { source: string }[] | undefined) => list?.map((g) => g.source) ?? null;
  const kind = !rule.languages && !rule.paths && rule.block ? rule.block.spec.kind : null;
  return JSON.stringify([globs(rule.excludePaths), rule.languages ?? null, globs(rule.paths), kind]);
}

/** Rules scoped alike, and the indexes of their `exclude_paths` and `paths` lists (-1 for none) in `Ruleset.globLists`. */
interface ScopedGroup {
  rules: CompiledRule[];
  exclude: number;
  paths: number;
}

/** `appliesTo` for a group of rules scoped alike, a list's answer for the path asked of `inList`. */
function groupApplies(group: ScopedGroup, languages: Language[], inList: (index: number) => boolean): boolean {
  return appliesTo(group.rules[0]!, languages, () => inList(group.exclude), () => inList(group.paths));
}

/** For a rule without `paths` or `exclude_paths`: asked of neither list. */
const NO_GLOBS = () => false;

/**
 * Whether `rule` applies to a path in `languages`, `excluded` and `inPaths` telling whether a glob of its
 * `exclude_paths` and of its `paths` matches the path (asked only when it has them, and only when it matters).
 */
function appliesTo(rule: CompiledRule, languages: Language[], excluded: () => boolean, inPaths: () => boolean): boolean {
  if (rule.excludePaths && excluded()) return false;
  // An unscoped block rule reads the files its block kind is found in (Terraform for `terraform-resource`), not
  // every file, which would read every file's whole head version for nothing.
  if (!rule.languages && !rule.paths) return rule.block ? BLOCK_FINDERS[rule.block.spec.kind].languages.some((l) => languages.includes(l)) : true;
  if (rule.languages?.some((l) => languages.includes(l))) return true;
  return rule.paths !== undefined && inPaths();
}

