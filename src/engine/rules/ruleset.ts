/** Compiled rules, indexed so that each file only meets the rules that apply to it. */
import { Minimatch } from "minimatch";
import { LiteralTrie } from "../matchers/literal-finder.js";
import { detectLanguages, type Language } from "../files/languages.js";
import { compilePattern, type Pattern, type PatternEngine } from "../matchers/pattern.js";
import type { BlockSpec, SourcedRule } from "./spec.js";
import type { Area, Severity } from "../types.js";
import { makeValidator, type Validator, type ValidatorSpec } from "../validators/index.js";

export interface CompiledRule {
  id: string;
  title: string;
  area: Area;
  safeguard: string;
  severity: Severity;
  message: string;
  remediation: string;
  references: string[];
  keywords?: string[];
  patterns: Pattern[];
  unless: Pattern[];
  near?: CompiledNear;
  unlessNear?: CompiledNear;
  valueGroup: number;
  validate?: Validator;
  validatorSpec?: ValidatorSpec;
  sensitive: boolean;
  inComments: boolean;
  block?: { spec: BlockSpec; matches: Pattern[]; missing: Pattern[]; unless: Pattern[]; anchor?: Pattern };
  languages?: Language[];
  paths?: Glob[];
  excludePaths?: Glob[];
  source: { file: string; line: number };
}

export interface CompiledNear {
  patterns: Pattern[];
  within: number;
  side: "above" | "below" | "both";
}

export interface FileRules {
  languages: Language[];
  lineRules: CompiledRule[];
  blockRules: CompiledRule[];
  /** Line rules without keywords: they read every line. */
  unfiltered: CompiledRule[];
  /** The keyword rules a line may trigger, found in one pass over the line (see `keywordRulesOf`). */
  keywords?: KeywordIndex;
}

/**
 * Keywords of a file kind's rules (lower case, checked at load). A line is lower-cased once; one case-sensitive
 * regex, its alternatives factored into a trie (so each position tries one branch per character), finds each
 * position where some keyword starts; a walk of the same trie from there names every keyword starting there.
 */
export interface KeywordIndex {
  finder: RegExp;
  /** Each keyword with the rules it triggers. */
  trie: LiteralTrie<CompiledRule>;
  /** Position of each rule in `lineRules`, so triggered rules run in a stable order. */
  order: Map<CompiledRule, number>;
}

/**
 * The rules whose keywords occur in `text` (case-insensitively), in rule order; empty when none does. Every start
 * position of every keyword is visited, so overlapping keywords ("pass", "password=") all count.
 */
export function keywordRulesOf(index: KeywordIndex, text: string): CompiledRule[] {
  const { finder, trie } = index;
  const lower = text.toLowerCase();
  finder.lastIndex = 0;
  let found: CompiledRule[] | undefined;
  const add = (r: CompiledRule) => {
    if (!found) found = [r];
    else if (!found.includes(r)) found.push(r);
  };
  let m: RegExpExecArray | null;
  while ((m = finder.exec(lower)) !== null) {
    trie.visitAt(lower, m.index, add);
    finder.lastIndex = m.index + 1;
  }
  if (!found) return [];
  const rules: CompiledRule[] = found;
  return rules.length === 1 ? rules : rules.sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}

function keywordIndex(lineRules: CompiledRule[]): KeywordIndex | undefined {
  const trie = new LiteralTrie<CompiledRule>();
  for (const r of lineRules) for (const k of r.keywords ?? []) trie.add(k, r);
  if (trie.empty) return undefined;
  return { finder: new RegExp(trie.source(), "g"), trie, order: new Map(lineRules.map((r, i) => [r, i])) };
}

export class Ruleset {
  private readonly cache = new Map<string, FileRules>();

  constructor(readonly rules: CompiledRule[]) {}

  byId(id: string): CompiledRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  /** Rules that apply to a path; cached by language and by whether any path-scoped rule matches. */
  forFile(path: string): FileRules {
    const languages = detectLanguages(path);
    const pathScoped = this.rules.filter((r) => r.paths || r.excludePaths).filter((r) => appliesTo(r, path, languages));
    const key = languages.join(",") + "|" + pathScoped.map((r) => r.id).join(",");
    const cached = this.cache.get(key);
    if (cached) return cached;
    const applicable = this.rules.filter((r) => (r.paths || r.excludePaths ? pathScoped.includes(r) : appliesTo(r, path, languages)));
    const lineRules = applicable.filter((r) => !r.block);
    const blockRules = applicable.filter((r) => r.block);
    const entry: FileRules = {
      languages,
      lineRules,
      blockRules,
      unfiltered: lineRules.filter((r) => !r.keywords),
      keywords: keywordIndex(lineRules),
    };
    if (this.cache.size > 5_000) this.cache.clear();
    this.cache.set(key, entry);
    return entry;
  }

  /**
   * Whether scanning this path always needs the whole head file (block rules read whole resources). A `near`
   * window wider than the diff's context asks for it only when a candidate needs it (`FileResult.wantsContent`).
   */
  needsContent(path: string): boolean {
    return this.forFile(path).blockRules.length > 0;
  }
}

function appliesTo(rule: CompiledRule, path: string, languages: Language[]): boolean {
  if (rule.excludePaths?.some((glob) => glob.match(path))) return false;
  // A `terraform-resource` block rule reads HCL: unscoped, it applies to Terraform files (not to every file,
  // which would read every file's whole head version for nothing).
  if (!rule.languages && !rule.paths) return rule.block ? languages.includes("terraform") : true;
  if (rule.languages?.some((l) => languages.includes(l))) return true;
  return rule.paths?.some((glob) => glob.match(path)) ?? false;
}

/** A compiled path glob. */
export interface Glob {
  readonly source: string;
  match(path: string): boolean;
}

const globs = new Map<string, Glob>();

/**
 * Globs match the repo-relative path; a glob without "/" matches the base name anywhere. The same glob
 * (rules share exclusions such as test folders) is compiled once and answers each path once.
 */
export function compileGlob(glob: string): Glob {
  let compiled = globs.get(glob);
  if (compiled) return compiled;
  const mm = new Minimatch(glob, { dot: true, matchBase: !glob.includes("/") });
  let lastPath: string | undefined;
  let lastResult = false;
  compiled = {
    source: glob,
    match(path) {
      if (path !== lastPath) {
        lastPath = path;
        lastResult = mm.match(path);
      }
      return lastResult;
    },
  };
  globs.set(glob, compiled);
  return compiled;
}

export function compileRule(sourced: SourcedRule, engine: PatternEngine): CompiledRule {
  const { spec } = sourced;
  const compile = (list: string[] | undefined) => (list ?? []).map((p) => compilePattern(p, engine));
  const validatorSpec: ValidatorSpec | undefined =
    spec.validate === undefined ? undefined : typeof spec.validate === "string" ? { name: spec.validate } : spec.validate;
  return {
    id: spec.id,
    title: spec.title,
    area: sourced.area,
    safeguard: sourced.safeguard,
    severity: spec.severity,
    message: spec.message.trim(),
    remediation: spec.remediation.trim(),
    references: spec.references ?? [],
    keywords: spec.keywords?.map((k) => k.toLowerCase()),
    patterns: compile(spec.patterns),
    unless: compile(spec.unless),
    near: spec.near ? { patterns: compile(spec.near.patterns), within: spec.near.within, side: spec.near.side ?? "both" } : undefined,
    unlessNear: spec.unless_near ? { patterns: compile(spec.unless_near.patterns), within: spec.unless_near.within, side: spec.unless_near.side ?? "both" } : undefined,
    valueGroup: spec.value_group ?? 0,
    validate: validatorSpec ? makeValidator(validatorSpec) : undefined,
    validatorSpec,
    sensitive: spec.sensitive ?? false,
    inComments: spec.in_comments ?? false,
    block: spec.block
      ? {
          spec: spec.block,
          matches: compile(spec.block.matches),
          missing: compile(spec.block.missing),
          unless: compile(spec.block.unless),
          anchor: spec.block.anchor ? compilePattern(spec.block.anchor, engine) : undefined,
        }
      : undefined,
    languages: spec.languages,
    paths: spec.paths?.map(compileGlob),
    excludePaths: spec.exclude_paths?.map(compileGlob),
    source: { file: sourced.file, line: sourced.line },
  };
}

/** Applies a policy's area switches and severity overrides to compiled rules. */
export function applyPolicy(rules: CompiledRule[], policy: { areasOff: Set<string>; ruleOverrides: Map<string, string>; locked?: Set<string> }): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const rule of rules) {
    const override = policy.ruleOverrides.get(rule.id);
    const locked = policy.locked?.has(rule.id) ?? false;
    if (override === "off" && !locked) continue;
    if (policy.areasOff.has(rule.area) && !override && !locked) continue;
    out.push(override && override !== "off" ? { ...rule, severity: override as Severity } : rule);
  }
  return out;
}
