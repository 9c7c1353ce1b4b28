/**
 * Line rules over the lines a change adds: a keyword prefilter picks the rules a line may trigger, comments are
 * skipped unless a rule reads them, a pattern runs only on a line holding a literal it requires, then each rule's
 * patterns, validator, `unless` and `near` windows decide; a `replaces` rule also needs the value it matches to
 * have replaced a safe one.
 */
import { isCommentLine } from "../files/comments.js";
import type { CompiledNear, CompiledRule } from "../rules/compile.js";
import { keywordRulesOf, type FileRules } from "../rules/ruleset.js";
import type { FileDiff } from "../types.js";
import { weaknessOf, type ValidatorContext } from "../validators/index.js";
import { unflagged, type Candidate } from "./candidate.js";
import type { FileLines } from "./file-lines.js";
import { columnsOf, inWantedColumn, type Columns } from "./columns.js";
import type { Match, Pattern } from "./pattern.js";
import { defaultViews } from "./config-defaults.js";
import { nameValueViews } from "./name-value.js";
import { foldLine, testOf, type Test } from "./pattern-prefilter.js";

const NONE: CompiledRule[] = [];
/**
 * A property set for a development or test profile only (Quarkus, MicroProfile Config: `%dev.kafka.security.protocol=…`);
 * a setting inside a development or test section of a file is one too (`FileLines.inDevSection`).
 */
const DEV_PROFILE_LINE = /^\s*%(dev|test)\./;
const NONE_CANDIDATES: Candidate[] = [];

/**
 * Candidates of the file's line rules. Whole lines are read, however long (a secret placed after kilobytes of
 * padding is still found): every pattern runs in time linear in the line's length.
 */
export function lineCandidates(rules: FileRules, file: FileDiff, lines: FileLines, ctx: ValidatorContext & { checkBudget?: () => void }, settings?: () => FileRules, removedInChange?: () => readonly string[]): Candidate[] {
  const candidates: Candidate[] = [];
  if (rules.lineRules.length === 0 && !settings) return candidates;
  let read = 0;
  for (const added of file.lines) {
    if (!added.added) continue;
    if (ctx.checkBudget && ++read % 256 === 0) ctx.checkBudget();
    const text = added.text;
    // Folded once: the keywords are looked for in it, and the patterns' literals.
    const folded = foldLine(text);
    const fold = () => folded;
    let comment: boolean | undefined;
    let matched: Set<CompiledRule> | undefined;
    // A line for development or tests only: a profile's property, or a setting inside such a section (asked once,
    // when a rule that leaves development configuration alone matched the line: the walk up its sections is rare).
    let dev: boolean | undefined;
    const devOnly = () => (dev ??= DEV_PROFILE_LINE.test(text) || lines.inDevSection(added.line));
    // …and one in a migration's down section, asked once, for the rules that leave rollbacks alone
    let down: boolean | undefined;
    const rollback = () => (down ??= lines.inRollbackSection(added.line));
    for (const rule of rulesOnLine(rules, folded)) {
      const replaced = rule.replaces ? (rule.replacesInChange ? (removedInChange?.() ?? added.removedInFile) : rule.replacesInFile ? added.removedInFile : added.replaced) : undefined;
      if (rule.replaces && !replaced) continue;
      if (!rule.inComments && (comment ??= isCommentLine(text, rules.languages))) continue;
      if (rule.skipsRollbacks && rollback()) continue;
      const match = matchLine(rule, text, added.line, lines, ctx, fold);
      if (match && (!rule.replaces || switched(rule.replaces, rule.valueGroup, text, match, replaced!)) && (rule.readsDevConfig || !devOnly())) {
        const from = rule.near?.spans ? commandStart(lines, lines.nearestAbove(rule.near, added.line)) : undefined;
        const inBase = !rule.replaces && added.replaced !== undefined && alreadyPast(rule, text, match, added.replaced, ctx);
        candidates.push({ rule, line: added.line, ...(from !== undefined && from < added.line ? { startLine: from } : {}), text, match, ...(inBase ? { inBase } : {}) });
        (matched ??= new Set()).add(rule);
      }
    }
    candidates.push(...defaultCandidates(rules, settings, added.line, text, folded, devOnly, lines, ctx, matched));
  }
  return candidates.some((c) => c.rule.fallback) ? withoutFallbackRepeats(candidates) : candidates;
}

/** How far up a command continued with `\` is followed to its first line. */
const MAX_CONTINUATION = 20;

/**
 * The first line of the command `line` belongs to: while the line above ends with a backslash (a shell command, a
 * Dockerfile `RUN`, a CI script continued over lines), the command starts higher (`mysqldump … \` above the
 * `-h "$PROD_HOST" …` line a window found).
 */
function commandStart(lines: FileLines, line: number | undefined): number | undefined {
  if (line === undefined) return undefined;
  let start = line;
  for (let n = line - 1; n >= 1 && n >= line - MAX_CONTINUATION; n--) {
    const above = lines.text(n);
    if (above === undefined || !above.trimEnd().endsWith("\\")) break;
    start = n;
  }
  return start;
}

/** How much of the text before a value is compared (its end): a setting's name and what leads to it. */
const MAX_KEY = 200;

/**
 * The text before a value, as compared between a removed line and the line replacing it: its last MAX_KEY characters,
 * without whitespace or quotes (bounded, so a long line with many matches costs no more than its length times a constant).
 */
function keyOf(text: string, valueStart: number): string {
  return text.slice(Math.max(0, valueStart - MAX_KEY), valueStart).replace(/[\s"'`]+/g, "").toLowerCase();
}

/** What each run's removed lines set before a value a rule's `replaces` patterns match: read once per run and rule. */
const replacedKeys = new WeakMap<readonly string[], Map<readonly Pattern[], Set<string>>>();

/**
 * Whether one of the removed lines `replaced` sets, before a value `patterns` match, what `text` sets before the value
 * `match` found: the change switched that value.
 */
function switched(patterns: readonly Pattern[], valueGroup: number, text: string, match: Match, replaced: readonly string[]): boolean {
  let byRule = replacedKeys.get(replaced);
  if (!byRule) replacedKeys.set(replaced, (byRule = new Map()));
  let keys = byRule.get(patterns);
  if (!keys) {
    const found = new Set<string>();
    for (const removed of replaced) for (const p of patterns) p.find(removed, valueGroup, (m) => (found.add(keyOf(removed, m.valueStart)), false));
    byRule.set(patterns, (keys = found));
  }
  return keys.has(keyOf(text, match.valueStart));
}

/**
 * Whether a limit the line sets past a rule's threshold replaced the same setting already past it, at least as far
 * (`remember_for = 2.weeks` shortened to `1.week` against a 12-hour limit): the change did not introduce the problem,
 * so its finding is a note (`inBase`). A limit loosened further is the change's own.
 */
function alreadyPast(rule: CompiledRule, text: string, match: Match, replaced: readonly string[], ctx: ValidatorContext): boolean {
  const now = weaknessOf(rule.validatorSpec, match.value);
  if (now === undefined || !rule.validate) return false;
  const key = keyOf(text, match.valueStart);
  let past = false;
  for (const removed of replaced) {
    for (const p of rule.patterns) {
      p.find(removed, rule.valueGroup, (m) => {
        const before = weaknessOf(rule.validatorSpec, m.value);
        past ||= before !== undefined && before >= now && keyOf(removed, m.valueStart) === key && rule.validate!(m.value, ctx, removed.slice(m.start, m.end));
        return past;
      });
    }
  }
  return past;
}

/**
 * A fallback rule (`fallback`, and every `replaces` rule) is quiet on a line another line rule of its area already
 * flags, or spans (the order kept).
 */
function withoutFallbackRepeats(candidates: Candidate[]): Candidate[] {
  const kept = new Set(unflagged(candidates.filter((c) => !c.rule.fallback), candidates.filter((c) => c.rule.fallback), candidates));
  return candidates.filter((c) => !c.rule.fallback || kept.has(c));
}

/**
 * Candidates a line yields read with its configuration fallbacks in place (config-defaults.ts), or as the setting a
 * name/value pair makes (name-value.ts): the rules a view triggers that did not already match the line as written,
 * reported on the line at the lookup. A `KEY = fallback` or `NAME: value` view is a setting, read by the rules of
 * configuration files too (`settings`). Rules that match secrets or PHI read the line as written only (a secret
 * given as a fallback is a literal on the line already).
 */
function defaultCandidates(rules: FileRules, settings: (() => FileRules) | undefined, line: number, text: string, folded: string, devOnly: () => boolean, lines: FileLines, ctx: ValidatorContext, matched: Set<CompiledRule> | undefined): Candidate[] {
  const fallbacks = defaultViews(text, folded);
  const pairs = nameValueViews(text, folded, () => lines.text(line - 1));
  const views = pairs.length === 0 ? fallbacks : [...fallbacks, ...pairs];
  if (views.length === 0) return NONE_CANDIDATES;
  const out: Candidate[] = [];
  const comment = isCommentLine(text, rules.languages);
  for (const view of views) {
    let viewFolded: string | undefined;
    const fold = () => (viewFolded ??= foldLine(view.text));
    for (const kind of view.kind === "key" && settings ? [rules, settings()] : [rules]) {
      for (const rule of rulesOnLine(kind, fold())) {
        if (rule.sensitive || rule.replaces || matched?.has(rule) || (comment && !rule.inComments)) continue;
        const match = matchLine(rule, view.text, line, lines, ctx, fold);
        if (!match || (!rule.readsDevConfig && devOnly())) continue;
        out.push({ rule, line, text, match: { start: view.start, end: view.end, value: match.value, valueStart: view.start } });
        (matched ??= new Set()).add(rule);
      }
    }
  }
  return out;
}

/** The rules a line (folded) may trigger: those whose keywords it holds, then those without keywords, in rule order each. */
function rulesOnLine(rules: FileRules, folded: string): readonly CompiledRule[] {
  const triggered = rules.keywords ? keywordRulesOf(rules.keywords, folded) : NONE;
  if (triggered.length === 0) return rules.unfiltered;
  return rules.unfiltered.length === 0 ? triggered : triggered.concat(rules.unfiltered);
}

/** Each rule's patterns' prefilters, in the order of its patterns (looked up once per rule, not per line). */
const prefilters = new WeakMap<CompiledRule, Test[]>();

function prefiltersOf(rule: CompiledRule): Test[] {
  let tests = prefilters.get(rule);
  if (!tests) prefilters.set(rule, (tests = rule.patterns.map((p) => testOf(p.source))));
  return tests;
}

/** Whether an `unless_near` window keeps the rule quiet on `line`. */
function quietedBy(n: CompiledNear, rule: CompiledRule, line: number, lines: FileLines, value: string): boolean {
  if (n.sameValue) return lines.nearSetting(n, line, value);
  if (n.namesValue) return lines.nearNaming(n, line, value, sectionOf(n, line, lines));
  if (n.closer && rule.near) {
    const quiet = lines.nearestAbove(n, line);
    return quiet !== undefined && quiet > (lines.nearestAbove(rule.near, line) ?? -Infinity);
  }
  return inWindow(n, line, lines);
}

/**
 * The lines of `line`'s section a window with `sections` may read: above, from the nearest section header (which may
 * itself be the window's line); below, up to the line before the next header. No bounds without `sections`.
 */
function sectionOf(n: CompiledNear, line: number, lines: FileLines): { from?: number; to?: number } {
  if (!n.sections) return {};
  if (n.side === "above") {
    const header = lines.nearestAbove(n.sections, line);
    return header === undefined ? {} : { from: header };
  }
  const next = lines.nearestBelow(n.sections, line);
  return next === undefined ? {} : { to: next - 1 };
}

/** Whether a window (`near`, an `unless_near` entry) has a line near `line`, in its section when it names sections. */
function inWindow(n: CompiledNear, line: number, lines: FileLines): boolean {
  if (n.enclosing) return lines.nearEnclosing(n, line);
  if (!n.sections) return lines.near(n, line);
  // the window's nearest line counts when it lies in the finding's section (`sectionOf`)
  const { from = -Infinity, to = Infinity } = sectionOf(n, line, lines);
  const nearest = n.side === "above" ? lines.nearestAbove(n, line) : lines.nearestBelow(n, line);
  return nearest !== undefined && nearest >= from && nearest <= to;
}

/** The last header each `column` window read in a file: the rows of one table share it (kept no longer than the file). */
const headers = new WeakMap<FileLines, Map<CompiledNear, { line: number; columns: Columns | undefined }>>();

/**
 * Whether a match sits in a column the rule's `near` window names (`column`), under the table header the window finds
 * above; true when the rule reads no column, or the column cannot be told (no header above, a header on the row's own
 * line, a row that does not split into the header's fields).
 */
function inColumn(near: CompiledNear | undefined, text: string, line: number, lines: FileLines, m: Match): boolean {
  if (!near?.column) return true;
  const header = lines.nearestAbove(near, line);
  if (header === undefined || header === line) return true;
  let read = headers.get(lines);
  if (!read) headers.set(lines, (read = new Map()));
  let last = read.get(near);
  if (!last || last.line !== header) read.set(near, (last = { line: header, columns: columnsOf(lines.text(header) ?? "", near.column) }));
  return !last.columns || (inWantedColumn(text, m.valueStart, last.columns) ?? true);
}

/** Another view of the lines around a match: for a removed line, where it stood in the base as the diff shows it. */
export interface Around {
  line: number;
  lines: FileLines;
}

/**
 * Whether `rule` matches `text` on `line`: a pattern (with its validator and column) finds a value, no `unless`
 * pattern holds, the `near` window holds and no `unless_near` window quiets it. With `also` (a removed line's place in
 * the base, asked only once a pattern matched), a window holds when it holds in either view, and an `unless_near`
 * window quiets in either.
 */
export function matchLine(rule: CompiledRule, text: string, line: number, lines: FileLines, ctx: ValidatorContext, fold: () => string, also?: () => Around | undefined): Match | undefined {
  let found: Match | undefined;
  const tests = prefiltersOf(rule);
  for (let i = 0; i < rule.patterns.length; i++) {
    // A line without a literal the pattern requires cannot match it: its regex is not run there.
    const test = tests[i];
    if (test && !test(fold())) continue;
    const pattern = rule.patterns[i]!;
    found = pattern.find(text, rule.valueGroup, (m) => (!rule.validate || rule.validate(m.value, ctx, text.slice(m.start, m.end))) && inColumn(rule.near, text, line, lines, m));
    if (found) break;
  }
  if (!found) return undefined;
  if (rule.unless.some((p) => p.test(text))) return undefined;
  const other = also?.();
  const views = other ? [{ line, lines }, other] : [{ line, lines }];
  const near = rule.near;
  if (near && !views.some((v) => (near.namesValue ? v.lines.nearNaming(near, v.line, found!.value) : inWindow(near, v.line, v.lines)))) return undefined;
  if (rule.unlessNear?.some((n) => views.some((v) => quietedBy(n, rule, v.line, v.lines, found!.value)))) return undefined;
  return found;
}
