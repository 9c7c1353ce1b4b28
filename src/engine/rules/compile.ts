/** Rules compiled from their YAML form: patterns, validators, globs, and the block each block rule reads. */
import { globMatcher } from "../files/glob.js";
import type { Language } from "../files/languages.js";
import { MIGRATION_MARKER_SOURCE, MIGRATION_SECTIONS_NAME } from "../files/migrations.js";
import { inPathClass, type PathClass } from "../files/paths.js";
import { lazyPattern, type Pattern } from "../matchers/pattern.js";
import type { BlockSpec, NearSpec, RuleSpec, SourcedRule } from "./spec.js";
import type { Area, Severity } from "../types.js";
import { makeValidator, type Validator, type ValidatorSpec } from "../validators/index.js";
import type { SensitiveKind } from "../findings/redact.js";

const IDENTIFIER_VALIDATORS = new Set(["ssn", "mbi", "dea", "npi", "phone"]);

function maskKindOf(validator: ValidatorSpec | undefined): SensitiveKind {
  if (validator?.name === "date-of-birth") return "opaque";
  return validator && IDENTIFIER_VALIDATORS.has(validator.name) ? "identifier" : "secret";
}

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
  /** Windows any of which, finding its pattern, keeps the rule quiet. */
  unlessNear?: CompiledNear[];
  valueGroup: number;
  /** The removed line's patterns of a rule that fires only on a switched value (`replaces`). */
  replaces?: Pattern[];
  /** Quiet on a line another line rule of its area flags or spans (`fallback`, and every `replaces` rule). */
  fallback?: boolean;
  /** Whether `replaces` compares with every line the file's change removed, not only the run's. */
  replacesInFile?: boolean;
  /** Whether `replaces` compares with every line the change removed so far (this file's and those read before it). */
  replacesInChange?: boolean;
  /** A `scope: removed` rule: its patterns match lines the change removes (matchers/removed.ts). */
  removed?: boolean;
  /** A `scope: removed` rule's own lines of what the safeguard guards (`guards`). */
  guards?: Pattern[];
  validate?: Validator;
  validatorSpec?: ValidatorSpec;
  sensitive: boolean;
  /** How a sensitive value of this rule is masked (identifiers keep their last four characters). */
  maskKind: SensitiveKind;
  inComments: boolean;
  /** What a finding in a test or fixture file (the @tests path class) becomes. */
  inTests?: "off" | "note" | "warning";
  block?: { spec: BlockSpec; matches: Pattern[]; missing: Pattern[]; unless: Pattern[]; anchor?: Pattern };
  /**
   * `qualifiedNames`: the `names` patterns that name a member with what it is read from (`'^Tag\\.PatientID$'`, an
   * escaped dot in the pattern), the only ones tried on `owner.member` (matchers/syntax.ts `counts`).
   */
  syntax?: { kind: "call"; callee: Pattern[]; names: Pattern[]; qualifiedNames: Pattern[]; records: Pattern[]; declared: Pattern[]; notNames: Pattern[]; notOwners: Pattern[]; thrown: boolean };
  languages?: Language[];
  paths?: Glob[];
  excludePaths?: Glob[];
  /**
   * Whether the rule reads local-development configuration (`dev_config`): if not, `@dev-config` is among its
   * exclusions, and a line set for a development or test profile only (Quarkus's `%dev.…=`) is not read either.
   */
  readsDevConfig: boolean;
  /**
   * Whether `@rollbacks` is among its exclusions: then a line in a migration's down section (dbmate's `-- migrate:down`,
   * goose's `-- +goose Down`) is not read either, as a rollback file would not be.
   */
  skipsRollbacks?: boolean;
  source: { file: string; line: number };
}

export interface CompiledNear {
  patterns: Pattern[];
  within: number;
  side: "above" | "below" | "both";
  /** Only a line that sets the finding's value counts (`unless_near` windows). */
  sameValue?: boolean;
  /** Only a line that names the finding's value as a whole word counts (`unless_near` windows, and a rule's `near`). */
  namesValue?: boolean;
  /** Only a line nearer above than the rule's nearest `near` line counts (`unless_near` windows). */
  closer?: boolean;
  /** Only a nearest line with no line of these (a section header) between it and the finding counts. */
  sections?: CompiledNear;
  /** Only a line the finding's line is indented under counts (a parent key, its parent, …). */
  enclosing?: boolean;
  /** The window's nearest line is a table's header: the value must sit under a header field these match (`near` only). */
  column?: Pattern[];
  /** The finding spans from the window's nearest line above to its own line (`near` only). */
  spans?: boolean;
}

/** A compiled path glob. */
export interface Glob {
  readonly source: string;
  match(path: string): boolean;
}

const globs = new Map<string, Glob>();

/**
 * Globs match the repo-relative path; a glob without "/" matches the base name anywhere; `@tests`, `@docs` and
 * `@dev-config` name the engine's path classes (files/paths.ts). The same glob
 * (rules share exclusions such as test folders) is compiled once and answers each path once.
 */
export function compileGlob(glob: string): Glob {
  let compiled = globs.get(glob);
  if (compiled) return compiled;
  if (glob.startsWith("@")) {
    // A path class (`@tests`): the engine's one notion of it, shared with the code that asks `isTestPath`.
    const cls = glob.slice(1) as PathClass;
    compiled = { source: glob, match: (path) => inPathClass(path, cls) };
    globs.set(glob, compiled);
    return compiled;
  }
  const matches = globMatcher(glob);
  let lastPath: string | undefined;
  let lastResult = false;
  compiled = {
    source: glob,
    match(path) {
      if (path !== lastPath) {
        lastPath = path;
        lastResult = matches(path);
      }
      return lastResult;
    },
  };
  globs.set(glob, compiled);
  return compiled;
}

/** A rule's `exclude_paths`, with local-development configuration for a rule that does not read it (`dev_config`). */
function excludePathsOf(spec: RuleSpec): string[] {
  const list = spec.exclude_paths ?? [];
  const readsDevConfig = spec.dev_config ?? spec.sensitive ?? false;
  return readsDevConfig || list.includes("@dev-config") ? list : [...list, "@dev-config"];
}

/** A syntax rule's names, and among them (the same compiled patterns) those that name an owner: an escaped dot. */
function namesOf(names: Pattern[]): { names: Pattern[]; qualifiedNames: Pattern[] } {
  return { names, qualifiedNames: names.filter((p) => p.source.includes("\\.")) };
}

export function compileRule(sourced: SourcedRule): CompiledRule {
  const { spec } = sourced;
  const compile = (list: string[] | undefined) => (list ?? []).map((p) => lazyPattern(p));
  // a window of lines (`near`, an `unless_near` entry, its `sections`): the same extent and side as its spec
  const window = (patterns: string[], n: NearSpec): CompiledNear => ({ patterns: compile(patterns), within: n.within, side: n.side ?? "both", ...(n.enclosing ? { enclosing: true } : {}) });
  // …with the section headers that bound it, when it names them
  // (`@migration` in `sections`: the engine's migration markers, up and down, one source with its rollback sections)
  const sections = (list: string[]) => list.map((p) => (p === MIGRATION_SECTIONS_NAME ? `(?i)${MIGRATION_MARKER_SOURCE}` : p));
  const sectioned = (n: NearSpec): CompiledNear => ({ ...window(n.patterns, n), ...(n.sections ? { sections: window(sections(n.sections), n) } : {}), ...(n.column ? { column: compile(n.column) } : {}), ...(n.spans ? { spans: true } : {}), ...(n.names_value ? { namesValue: true } : {}) });
  const excluded = excludePathsOf(spec);
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
    near: spec.near ? sectioned(spec.near) : undefined,
    unlessNear: spec.unless_near ? [spec.unless_near].flat().map((n) => ({ ...sectioned(n), ...(n.same_value ? { sameValue: true } : {}), ...(n.closer ? { closer: true } : {}) })) : undefined,
    valueGroup: spec.value_group ?? 0,
    ...(spec.replaces ? { replaces: compile(spec.replaces) } : {}),
    ...(spec.replaces || spec.fallback ? { fallback: true } : {}),
    ...(spec.replaces_in === "file" ? { replacesInFile: true } : {}),
    ...(spec.replaces_in === "change" ? { replacesInChange: true } : {}),
    ...(spec.scope === "removed" ? { removed: true } : {}),
    ...(spec.guards ? { guards: compile(spec.guards) } : {}),
    validate: validatorSpec ? makeValidator(validatorSpec) : undefined,
    validatorSpec,
    sensitive: spec.sensitive ?? false,
    maskKind: maskKindOf(validatorSpec),
    inComments: spec.in_comments ?? false,
    ...(spec.in_tests ? { inTests: spec.in_tests } : {}),
    block: spec.block
      ? {
          spec: spec.block,
          matches: compile(spec.block.matches),
          missing: compile(spec.block.missing),
          unless: compile(spec.block.unless),
          anchor: spec.block.anchor ? lazyPattern(spec.block.anchor) : undefined,
        }
      : undefined,
    syntax: spec.syntax ? { kind: spec.syntax.kind, callee: compile(spec.syntax.callee), ...namesOf(compile(spec.syntax.names)), records: compile(spec.syntax.records), declared: compile(spec.syntax.declared), notNames: compile(spec.syntax.not_names), notOwners: compile(spec.syntax.not_owners), thrown: spec.syntax.thrown ?? false } : undefined,
    languages: spec.languages,
    paths: spec.paths?.map(compileGlob),
    excludePaths: excluded.length > 0 ? excluded.map(compileGlob) : undefined,
    readsDevConfig: !excluded.includes("@dev-config"),
    ...(excluded.includes("@rollbacks") ? { skipsRollbacks: true } : {}),
    source: { file: sourced.file, line: sourced.line },
  };
}

