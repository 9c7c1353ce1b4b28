/**
 * The scan pipeline: a change source yields file diffs, the engine evaluates the rules the policy gives for each
 * path, plug-ins read the change as a whole, and the policy judges every finding. The policy is a port
 * (`ScanPolicy`): the engine asks it, never reads configuration itself.
 */
import { AddedLines } from "./diff/added-lines.js";
import { ChangeRemovals } from "./diff/change-removals.js";
import { touchesLines } from "./diff/change-run.js";
import { DeclaredTypes } from "./diff/declared-types.js";
import { evaluateFile } from "./evaluate.js";
import { generatorOf, HEADER_LINES } from "./files/generated.js";
import type { Language } from "./files/languages.js";
import { callFilter, wantsSyntax } from "./matchers/syntax.js";
import { liveSyntaxRules } from "./matchers/syntax-prefilter.js";
import type { CallFilter, SyntaxCall, SyntaxParser } from "./syntax/model.js";
import { hclParsers, readByHcl, type ResourceParsers } from "./matchers/block.js";
import type { CompiledRule } from "./rules/compile.js";
import type { Ruleset } from "./rules/ruleset.js";
import type { FileDiff, Finding, JudgedFinding, Plugin, ScanNotice, Severity, Thresholds } from "./types.js";

export interface ChangeSource {
  /** Files of the change, one at a time. */
  files(): AsyncIterable<FileDiff>;
  /** The whole head version of a file, for rules that read whole resources; undefined if unreadable. */
  readHead(path: string): Promise<string | undefined>;
  /**
   * The base version of a file (the merge base's, a pull request's base sha), undefined when it has none there.
   * Optional capability: read only for files where a whole-resource rule fired, to tell a resource the change
   * made weak from one that was weak before it and is merely touched (a note, not a blocker).
   */
  readBase?(path: string): Promise<string | undefined>;
  /** Whether any file of the base revision mentions one of `texts` (optional capability, see PluginContext). */
  baseMentions?(texts: string[]): Promise<boolean | undefined>;
}

/** What the engine asks of the policy: which rules run on a path, and what a finding weighs. */
export interface ScanPolicy {
  thresholds: Thresholds;
  /** The rules to evaluate on `path`; undefined when none applies there. */
  rulesFor(path: string): Ruleset | undefined;
  /** The severity `finding` takes at its path (what the file is known to be: `facts`), or "off" when the policy drops it. */
  judge(finding: JudgedFinding, facts?: FileFacts): Severity | "off";
  /** Why no rule reads `path` (e.g. "excluded by paths.exclude"), or why its findings are dropped, for the notices. */
  whyOutOfScope?(path: string, facts?: FileFacts): string | undefined;
}

/** What the engine learnt about a file from its content, for the policy to weigh. */
export interface FileFacts {
  /**
   * The generator its header names (e.g. "javadoc"): a file the change adds with that header, or one whose base
   * version had one too — never a header the change adds to a file that had none.
   */
  generator?: string;
}

export interface ScanStats {
  files: number;
  filesScanned: number;
  addedLines: number;
  addedBytes: number;
  /** Files handed to the parser for the syntax rules (a keyword on an added line, a name they could report in the file). */
  filesParsed: number;
}

export interface ScanResult {
  findings: Finding[];
  notices: ScanNotice[];
  stats: ScanStats;
}

/**
 * How long a scan may take, by the caller's clock (the engine reads none): past either limit the scan stops with a
 * ScanBudgetError naming the file, and the review fails closed rather than passing what it did not read.
 */
export interface ScanBudget {
  /** Milliseconds, from any fixed origin. */
  now(): number;
  fileMs: number;
  reviewMs: number;
}

export class ScanBudgetError extends Error {
  constructor(readonly path: string, readonly limit: "file" | "review", readonly limitMs: number) {
    super(
      limit === "file"
        ? `reviewing ${path} took longer than ${limitMs / 1000} s, the limit for one file; the change was not fully reviewed`
        : `the review took longer than ${limitMs / 1000} s in all (it stopped at ${path}); the change was not fully reviewed`,
    );
  }
}

export interface ScanOptions {
  source: ChangeSource;
  policy: ScanPolicy;
  /** Plug-ins over the whole change (e.g. the vendor review). */
  plugins?: Plugin[];
  /** YYYY-MM-DD from the caller's clock. */
  today: string;
  onFile?: (stats: ScanStats, path: string) => void;
  budget?: ScanBudget;
  /** Parses files for syntax rules (tree-sitter, src/syntax/); without it syntax rules do not run. */
  syntax?: SyntaxParser;
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const { policy, source, today } = options;
  const findings: Finding[] = [];
  const notices: ScanNotice[] = [];
  const stats: ScanStats = { files: 0, filesScanned: 0, addedLines: 0, addedBytes: 0, filesParsed: 0 };
  /**
   * Generators named by the headers the diff (or an already read head) shows, by path: nothing is read to ask. Which
   * of them the change did not add itself is settled only for files with findings (`generators`); files whose
   * findings the policy then dropped are listed in a notice.
   */
  const headers = new Map<string, HeaderGenerator>();
  const generators = new Map<string, string | undefined>();
  const setAside = new Set<string>();
  /** Every line the change adds (a fixed-size filter), and the removed-line findings held until all are read. */
  const changeAdds = new AddedLines();
  const removals: { finding: Finding; text: string }[] = [];
  /** The printing types (records, data classes) the files read so far declare: a value of one logged whole logs its fields. */
  const types = new DeclaredTypes();
  /** The lines the files read so far removed, for rules whose `replaces` looks across the change. */
  const changeRemovals = new ChangeRemovals();
  const keep = (f: Finding, judged: boolean) => {
    if (!judged) return findings.push(detached(f));
    const generator = generators.get(f.path);
    const severity = policy.judge(f, generator ? { generator } : undefined);
    if (severity !== "off") findings.push(detached(severity === f.severity ? f : { ...f, severity }));
    else if (generator && !policy.whyOutOfScope?.(f.path) && policy.whyOutOfScope?.(f.path, { generator })) setAside.add(f.path);
  };
  const learnGenerator = async (path: string) => {
    if (!generators.has(path)) generators.set(path, await trustedGenerator(source, path, headers.get(path)));
  };
  /** The file being scanned: plug-ins that ask for its head version get it from its diff when that holds it all. */
  let current: FileDiff | undefined;
  const context = { today, readHead: (path: string) => headOf(source, path, current?.path === path ? current : undefined), ...(source.baseMentions ? { baseMentions: (texts: string[]) => source.baseMentions!(texts) } : {}) };
  const plugins = (options.plugins ?? []).map((p) => ({ plugin: p, run: p.start(context) }));
  const budget = options.budget;
  /** Files no rule read, by the policy's reason: reported, never skipped silently. */
  const skipped = new Map<string, string[]>();
  const reviewStart = budget?.now() ?? 0;
  for await (const file of source.files()) {
    stats.files++;
    current = file;
    const fileStart = budget?.now() ?? 0;
    const checkBudget = budget
      ? () => {
          const now = budget.now();
          if (now - fileStart > budget.fileMs) throw new ScanBudgetError(file.path, "file", budget.fileMs);
          if (now - reviewStart > budget.reviewMs) throw new ScanBudgetError(file.path, "review", budget.reviewMs);
        }
      : undefined;
    checkBudget?.();
    for (const { plugin, run } of plugins) for (const f of (await run.file(file)) ?? []) keep(f, plugin.judged);
    for (const l of file.lines) {
      if (l.added) {
        stats.addedLines++;
        stats.addedBytes += l.text.length + 1;
        changeAdds.add(l.text);
      }
    }
    changeAdds.addFromSecrets(file.lines);
    if (file.binary) {
      notices.push({ path: detached(file.path), message: "binary file: not scanned" });
      continue;
    }
    changeRemovals.add(file);
    if (file.status === "deleted") continue;
    types.add(file);
    const rules = policy.rulesFor(file.path);
    if (!rules) {
      const why = policy.whyOutOfScope?.(file.path);
      if (why) {
        const paths = skipped.get(why);
        if (paths) paths.push(detached(file.path));
        else skipped.set(why, [detached(file.path)]);
      }
      continue;
    }
    stats.filesScanned++;
    const readHead = () => headOf(source, file.path, file);
    const ctx = { thresholds: policy.thresholds, today, judge: (f: JudgedFinding) => policy.judge(f), ...(checkBudget ? { checkBudget } : {}) };
    const fileRules = rules.forFile(file.path);
    const syntax = options.syntax && wantsSyntax(fileRules.syntaxRules, file) ? options.syntax : undefined;
    // Block rules read a file whose change only removed lines too (a safeguard deleted from a resource).
    let content = syntax || (rules.needsContent(file) && touchesLines(file)) ? await readHead() : undefined;
    // (a file read to be parsed declares its printing types in its head version, touched by the change or not)
    if (syntax && content !== undefined) types.addHead(content);
    // Only the syntax rules that could report here (a name they look for is in the file) are asked; with none, the
    // file is not parsed and the syntax rules find nothing, as a parse would have found.
    const live = syntax && content !== undefined ? liveSyntaxRules(fileRules.syntaxRules, content, types) : [];
    if (live.length > 0) stats.filesParsed++;
    const calls = syntax && content !== undefined ? (live.length === 0 ? [] : await parsedCalls(syntax, fileRules.languages, file, content, callFilter(live))) : undefined;
    if (syntax && calls === undefined) {
      notices.push({ path: detached(file.path), message: content === undefined ? "syntax rules were not evaluated: the head version of the file could not be read" : "syntax rules were not evaluated: the file could not be parsed (too large, too slow, or no parser for its language)" });
    }
    const resources = await resourceParsers(options.syntax, fileRules.blockRules, file.path);
    const removedInChange = () => changeRemovals.lines();
    let result = evaluateFile(rules, file, content, ctx, { calls, resources, types, removedInChange });
    if (result.wantsContent) {
      // A wide `near` window looked past the diff's lines: read the head file once and evaluate again.
      const whole = await readHead();
      if (whole !== undefined) result = evaluateFile(rules, file, (content = whole), ctx, { calls, resources, types, removedInChange });
    }
    if (result.wantsBase && source.readBase) {
      // A whole-resource rule fired on a file that existed before: compare with its base version.
      const base = (await source.readBase(file.oldPath ?? file.path)) ?? "";
      result = evaluateFile(rules, file, content, ctx, { base, calls, resources, types, removedInChange });
    }
    const header = headerFromDiff(file) ?? content;
    const generator = header === undefined ? undefined : generatorOf(header);
    if (generator) headers.set(detached(file.path), { generator, ...(file.status === "added" ? { added: true } : {}), ...(file.oldPath && file.oldPath !== file.path ? { oldPath: detached(file.oldPath) } : {}) });
    if (result.findings.length > 0) await learnGenerator(file.path);
    const removedText = new Map(result.removed?.map((r) => [`${r.ruleId}\u0000${r.line}`, r.text]));
    for (const f of result.findings) {
      const text = removedText.get(`${f.ruleId}\u0000${f.line}`);
      // A safeguard removed here may come back, as it was, in a file read later: decided once all are read.
      if (text !== undefined) removals.push({ finding: detached(f), text: detached(text) });
      else keep(f, true);
    }
    notices.push(...result.notices.map(detached));
    checkBudget?.();
    options.onFile?.(stats, file.path);
  }
  current = undefined;
  for (const { finding, text } of removals) if (!changeAdds.has(text) && !changeAdds.movedToSecret(text)) keep(finding, true);
  for (const [why, paths] of skipped) {
    notices.push({ message: `${paths.length} file(s) not scanned: ${why} (${shortList(paths)})` });
  }
  for (const { plugin, run } of plugins) {
    const result = await run.finish();
    for (const f of result.findings) if (plugin.judged) await learnGenerator(f.path);
    for (const f of result.findings) keep(f, plugin.judged);
    notices.push(...result.notices.map(detached));
  }
  notices.push(...setAsideNotices(setAside, (path) => policy.whyOutOfScope?.(path, { generator: generators.get(path) })));
  return { findings, notices, stats };
}

/**
 * A copy of what the scan keeps past the file it came from. The diff's lines are substrings of the chunks the diff
 * was read in, and V8 keeps a whole chunk alive for any substring of it: a finding's snippet or path would hold on to
 * hundreds of kilobytes of diff, and retained memory would grow with the size of the change. Structured cloning
 * copies every string, so what the report holds is its own.
 */
function detached<T>(value: T): T {
  return structuredClone(value);
}

/** A generator a file's header names, as the diff showed it, and whether the file is new or renamed. */
interface HeaderGenerator {
  generator: string;
  added?: boolean;
  oldPath?: string;
}

/**
 * The generator a file's header names, trusted only when the change did not add it: the file is new, or its base
 * version names one too (a regenerated file). A header the change adds to a file that had none is the change
 * vouching for itself; without a base revision to ask, a changed file is not taken as generated.
 */
async function trustedGenerator(source: ChangeSource, path: string, header: HeaderGenerator | undefined): Promise<string | undefined> {
  if (!header || !source.readBase) return undefined;
  if (header.added && !header.oldPath) return header.generator;
  const base = await source.readBase(header.oldPath ?? path);
  return base === undefined || generatorOf(base) ? header.generator : undefined;
}

/** The head's first lines (up to a header's) as far as the diff shows them from line 1 on, added or context. */
function headerFromDiff(file: FileDiff): string | undefined {
  const lines: string[] = [];
  for (const l of file.lines) {
    if (l.line !== lines.length + 1) break;
    lines.push(l.text);
    if (lines.length === HEADER_LINES) break;
  }
  // Fewer lines than a header's (a hunk's context ends early) are searched as they are: a marker past them is missed,
  // and the file is then reviewed as any other.
  return lines.length > 0 ? lines.join("\n") : undefined;
}

/** One notice per reason for the generated files whose findings the policy dropped. */
function setAsideNotices(paths: Set<string>, why: (path: string) => string | undefined): ScanNotice[] {
  const byWhy = new Map<string, string[]>();
  for (const path of paths) {
    const reason = why(path);
    if (reason) byWhy.set(reason, [...(byWhy.get(reason) ?? []), path]);
  }
  return [...byWhy].map(([reason, list]) => ({
    message: `findings in ${list.length} file(s) not reported: ${reason} (${shortList(list)})`,
  }));
}

/** The first three paths, and how many more. */
function shortList(paths: string[]): string {
  return paths.slice(0, 3).join(", ") + (paths.length > 3 ? `, and ${paths.length - 3} more` : "");
}

/** Terraform's blocks from a real HCL parser, when the file has Terraform block rules and the parser its grammar. */
async function resourceParsers(syntax: SyntaxParser | undefined, blockRules: readonly CompiledRule[], path: string): Promise<ResourceParsers | undefined> {
  if (!syntax?.resources || !blockRules.some((r) => readByHcl(r.block!.spec.kind))) return undefined;
  if (!(await syntax.load("terraform", path))) return undefined;
  return hclParsers(syntax);
}

/** The file's calls from the first of its languages that has a parser. */
async function parsedCalls(parser: SyntaxParser, languages: readonly Language[], file: FileDiff, content: string, want: CallFilter): Promise<SyntaxCall[] | undefined> {
  const added = new Set(file.lines.filter((l) => l.added).map((l) => l.line));
  for (const language of languages) if (await parser.load(language, file.path)) return parser.calls(language, file.path, content, added, want);
  return undefined;
}

/**
 * A new file's whole content is in its diff: every line is added, numbered from 1 without gaps (with its final
 * newline unless the diff says it has none).
 */
export function contentFromDiff(file: FileDiff): string | undefined {
  if (file.status !== "added" || file.binary) return undefined;
  if (!file.lines.every((l, i) => l.added && l.line === i + 1)) return undefined;
  if (file.lines.length === 0) return "";
  return file.lines.map((l) => l.text).join("\n") + (file.noFinalNewline ? "" : "\n");
}

/**
 * A file's head version: from its diff when the diff holds all of it (a new file), so the source is not asked for
 * what the change already carries; else from the source, and from the diff when the source cannot read it.
 */
export async function headOf(source: Pick<ChangeSource, "readHead">, path: string, file: FileDiff | undefined): Promise<string | undefined> {
  const fromDiff = file ? contentFromDiff(file) : undefined;
  if (fromDiff !== undefined) return fromDiff;
  return source.readHead(path);
}

/** Findings in report order: by path, then line (stable, so each file keeps its findings' order). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}
