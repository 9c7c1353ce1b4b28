/**
 * Rules over the lines a change removes (`scope: removed`): a safeguard deleted outright — an authorization
 * annotation, an encryption wrapper, an audit call — leaves no added line for a line rule to read. A rule fires on a
 * removed line its patterns match (keywords, comments, `unless` on that line, as a line rule reads an added one)
 * unless:
 *
 * - a line the change adds to the file matches its patterns (the safeguard moved, to the class or another block, or
 *   was rewritten in another form the rule knows), or a line added within REWRITE_WINDOW lines holds one of its
 *   keywords (rewritten there — `if not _signature_ok(raw):` for `hmac.compare_digest(…)` — for the line rules to
 *   judge), unless that line switches the safeguard off (`storageEncrypted: false`);
 * - for a setting (`KEY = value`, `key: value`), the head still has a line equal to it (a duplicate removed beside
 *   its twin; an annotation or a call is its own method's, whatever twins other methods have);
 * - the removal's run took away more definitions than it added — methods, functions, routes, classes, resources
 *   (DEFINITIONS), a pipeline's named steps, what the rule's `guards` name (an nginx `location`): a retired endpoint
 *   deleted with its annotation is not the annotation removed, while a route line rewritten without its middleware is;
 * - its `near` and `unless_near` windows say so, read around the line the finding sits on and around the removed
 *   line in the base as the diff shows it (`baseOf`: a removed `userId: req.user.id` was a log call's field, not a
 *   query's condition);
 * - a line rule of its area reports a line in or near its span (`unspanned`: one weakness, reported once).
 *
 * Runs of the same rule a few lines apart (MERGE_WITHIN: two `categoryGroup` entries of one list, split by the lines the
 * diff kept between them) are one weakness: one finding spanning both.
 * The scan then drops a finding whose removed line another file of the change adds as it was (moved; scan.ts).
 * The finding sits on a line of the head the diff shows, where a review can comment, and spans the run: from the line
 * above it (or its first added line) to the line below it (or its last added line) — where in a run the removed line
 * was is not kept — or, when the hunk ends with the removed lines, on the line before them. Its excerpt is the
 * removed line. Bounded: a run keeps its first 50 removed lines (change-run.ts), and each rule reads the file's added
 * lines at most once.
 */
import { isCommentLine } from "../files/comments.js";
import type { Language } from "../files/languages.js";
import type { CompiledRule } from "../rules/compile.js";
import type { DiffLine, FileDiff } from "../types.js";
import type { ValidatorContext } from "../validators/index.js";
import type { Candidate } from "./candidate.js";
import { compilePattern, type Pattern } from "./pattern.js";
import { FileLines } from "./file-lines.js";
import { matchLine, type Around } from "./line.js";
import { foldLine } from "./pattern-prefilter.js";

/** How far below a rule's finding another run it fires on is folded into that finding (in head lines). */
const MERGE_WITHIN = 6;

/** Lines a change removed in one run, and where a finding about them sits. */
interface Removal {
  removed: readonly string[];
  /** What the run added in their place (empty when it added nothing). */
  added: string[];
  line: number;
  startLine?: number;
}

export function removedCandidates(rules: readonly CompiledRule[], languages: readonly Language[], file: FileDiff, lines: FileLines, ctx: ValidatorContext): Candidate[] {
  if (rules.length === 0) return [];
  const removals = removalsOf(file.lines);
  if (removals.length === 0) return [];
  const out: Candidate[] = [];
  const addedLines = file.lines.filter((l) => l.added);
  // folded once for every rule and removal that asks whether a line added near it rewrote the safeguard; a comment
  // that names the safeguard (`// EncryptedSharedPreferences was throwing …`) rewrites nothing
  let foldedAdded: { line: number; text: string; folded: string }[] | undefined;
  const near = () => (foldedAdded ??= addedLines.filter((l) => !isCommentLine(l.text, languages)).map((l) => ({ line: l.line, text: l.text, folded: foldLine(l.text) })));
  const restored = new Map<CompiledRule, boolean>();
  // the base as the diff shows it, for windows read around a removed line (built for the first match of a rule with one)
  let base: Base | undefined;
  // each rule's last finding, which a run of the same rule just below it joins
  const last = new Map<CompiledRule, Candidate>();
  const addedBack = (rule: CompiledRule) => {
    let yes = restored.get(rule);
    if (yes === undefined) restored.set(rule, (yes = addedLines.some((l) => rule.patterns.some((p) => p.test(l.text)))));
    return yes;
  };
  for (const removal of removals) {
    const done = new Set<CompiledRule>();
    // whether the run took a definition away does not depend on the rule: asked once per removal
    let definitionGone: boolean | undefined;
    for (let i = 0; i < removal.removed.length; i++) {
      const text = removal.removed[i]!;
      const folded = foldLine(text);
      let comment: boolean | undefined;
      for (const rule of rules) {
        if (done.has(rule)) continue;
        if (rule.keywords && !rule.keywords.some((k) => folded.includes(k))) continue;
        if (!rule.inComments && (comment ??= isCommentLine(text, languages))) continue;
        const also = rule.near || rule.unlessNear ? () => aroundInBase((base ??= baseOf(file)), removal, i) : undefined;
        const match = matchLine(rule, text, removal.line, lines, ctx, () => folded, also);
        if (!match || (definitionGone ??= definitionsGone(removal, file.path)) || guardsGone(rule, removal)) continue;
        if (rewritten(rule, removal, near()) || addedBack(rule) || (SETTING.test(text) && lines.holdsLine(text))) continue;
        done.add(rule);
        const previous = last.get(rule);
        if (previous && removal.line > previous.line && removal.line - previous.line <= MERGE_WITHIN) {
          previous.startLine ??= previous.line;
          previous.line = removal.line;
          continue;
        }
        const candidate: Candidate = { rule, line: removal.line, ...(removal.startLine !== undefined ? { startLine: removal.startLine } : {}), text, match };
        last.set(rule, candidate);
        out.push(candidate);
      }
    }
  }
  return out;
}

/**
 * Lines that define something a safeguard guards, in the languages and formats the rules read (linear-time patterns,
 * as every rule's): a method or function, a route or handler, a class, an nginx server or location, an IaC resource.
 */
const DEFINITIONS = [
  // functions and methods: Python, Ruby, Kotlin, Go, JavaScript, Rust, Elixir, PHP
  "^\\s*((public|private|protected|internal|static|override|async|final|open|suspend|export|default|pub|inline)\\s+)*(def|defp|fun|func|function|fn|sub)\\s+[\\w$(]",
  // Java, C#, Kotlin, TypeScript methods with a visibility
  "^\\s*(public|private|protected|internal)\\s[^=;{]*[\\w>\\]]\\s*\\(",
  // routes: Spring, NestJS, ASP.NET attributes; Express, Flask, FastAPI, Go routers; Laravel; Rails; Django
  "^\\s*@(Get|Post|Put|Patch|Delete|Request)Mapping\\b",
  "^\\s*@(Get|Post|Put|Patch|Delete|All|Head|Options)\\(",
  "^\\s*\\[(Http(Get|Post|Put|Patch|Delete)|Route)\\b",
  "\\b(app|router|routes|route|server|api|blueprint|bp|r|e|g|mux)\\.(get|post|put|patch|delete|all|route|add_url_rule|api_route|HandleFunc|Handle|GET|POST|PUT|PATCH|DELETE)\\s*\\(",
  "\\bRoute::(get|post|put|patch|delete|resource|apiResource|any|match|group)\\(",
  "^\\s*(get|post|put|patch|delete|resources?|match)\\s+[\"':]",
  "^\\s*(re_)?path\\(\\s*[\"'r]",
  // Ktor's routing DSL: `route("/api/v1/intake") {`, `get("/{id}") {`, `post {`
  "^\\s*(get|post|put|patch|delete|head|options|route)\\s*(\\(\\s*\"[^\"]*\"\\s*\\))?\\s*\\{\\s*$",
  // classes and modules
  "^\\s*((public|private|internal|abstract|final|sealed|data|export|default)\\s+)*(class|module|interface|struct|impl|trait|object|defmodule)\\s+\\w",
  // nginx, Terraform, CloudFormation, Kubernetes
  "^\\s*(location|server)\\b[^;]*\\{\\s*$",
  "^\\s*(resource|module)\\s+\"",
  "^\\s*Type:\\s*[\"']?AWS::",
  "^\\s*kind:\\s*\\w",
];
let definitions: Pattern[] | undefined;

/**
 * In a CI pipeline, a named step or job is a definition too (a step that set a connection string deleted whole). An
 * Ansible task or a container named the same way may be the safeguard itself (a hardening task), so only pipelines.
 */
const PIPELINE = /(^|\/)(\.github\/workflows\/|\.gitlab-ci[^/]*$|azure-pipelines[^/]*$|bitbucket-pipelines[^/]*$|\.circleci\/|\.buildkite\/)/;
let pipelineSteps: Pattern | undefined;

/** A line that sets a key (`SESSION_COOKIE_SECURE = True`, `url: jdbc:…`); linear: the name and the spaces after it never overlap. */
const SETTING = /^\s*["']?[\w.$-]+["']?\s*[:=]\s*\S/;

/** How many lines around a removal an added line holding one of the rule's keywords makes it a rewrite. */
const REWRITE_WINDOW = 10;
/** A setting switched off (`storageEncrypted: false`, `ssl = off`) rewrites nothing: it is the removal said outright. */
const SWITCHED_OFF = /[:=]\s{0,8}["']?(false|off|no|disabled?|none|0)["']?(?![\w.-])/i;

/**
 * Whether a line the change added near the removal (in its run, or within REWRITE_WINDOW lines of it) holds one of the
 * rule's keywords: the safeguard rewritten there (`if not _signature_ok(raw):` for `hmac.compare_digest(…)`, a
 * verifier class for a hand-written check), which the line rules judge in its new form — unless that line switches
 * it off.
 */
function rewritten(rule: CompiledRule, removal: Removal, added: readonly { line: number; text: string; folded: string }[]): boolean {
  const keywords = rule.keywords;
  if (!keywords) return false;
  const from = (removal.startLine ?? removal.line) - REWRITE_WINDOW;
  const to = removal.line + REWRITE_WINDOW;
  return added.some((l) => l.line >= from && l.line <= to && !SWITCHED_OFF.test(l.text) && keywords.some((k) => l.folded.includes(k)));
}

/**
 * The removed-line candidates with no candidate of `primary` of the same area on a line they span or within
 * REWRITE_WINDOW lines of it: one weakness, reported once (a backup script's dump written unencrypted, reported by the
 * line rule on the dump, is the `gpg --encrypt` step the change removed a few lines below).
 */
export function unspanned(primary: readonly Candidate[], removals: readonly Candidate[]): Candidate[] {
  if (removals.length === 0) return [];
  return removals.filter((r) => !primary.some((p) => p.rule.area === r.rule.area && p.line >= (r.startLine ?? r.line) - REWRITE_WINDOW && p.line <= r.line + REWRITE_WINDOW));
}

/** Whether the run removed more lines matching `p` than it added. */
function goneBy(p: Pattern, removal: Removal): boolean {
  return removal.removed.filter((t) => p.test(t)).length > removal.added.filter((t) => p.test(t)).length;
}

/** Whether the run removed more definitions than it added (a pipeline's named steps included): what it guarded went too. */
function definitionsGone(removal: Removal, path: string): boolean {
  definitions ??= DEFINITIONS.map((source) => compilePattern(source));
  if (PIPELINE.test(path) && goneBy((pipelineSteps ??= compilePattern("^\\s*-\\s+name:\\s*\\S")), removal)) return true;
  return definitions.some((p) => goneBy(p, removal));
}

/** Whether the run removed more lines the rule's `guards` name than it added. */
function guardsGone(rule: CompiledRule, removal: Removal): boolean {
  return rule.guards?.some((p) => goneBy(p, removal)) ?? false;
}

/** Lines of the base between two hunks, which the diff does not show: no window reaches across them. */
const HUNK_GAP = 100_000;

/** The base side of a file as its diff shows it (context and removed lines), and where each run of removed lines starts in it. */
interface Base {
  lines: FileLines;
  starts: Map<readonly string[], number>;
}

/**
 * The base as the diff shows it: each hunk's context lines with the lines removed among them, in order, numbered on
 * their own (a hunk HUNK_GAP lines past the one before, so no window joins two).
 */
function baseOf(file: FileDiff): Base {
  const shown: DiffLine[] = [];
  const starts = new Map<readonly string[], number>();
  let n = 0;
  let previous: number | undefined;
  const removedRun = (run: readonly string[]) => {
    if (starts.has(run)) return;
    starts.set(run, n + 1);
    for (const text of run) shown.push({ line: ++n, text, added: false });
  };
  for (const l of file.lines) {
    if (previous !== undefined && l.line > previous + 1) n += HUNK_GAP;
    previous = l.line;
    if (l.removedAbove) removedRun(l.removedAbove);
    if (l.added) {
      if (l.replaced) removedRun(l.replaced);
    } else shown.push({ line: ++n, text: l.text, added: false });
    if (l.removedBelow) removedRun(l.removedBelow);
  }
  return { lines: new FileLines({ ...file, lines: shown }, undefined), starts };
}

/** Where a run's `i`-th removed line stood in the base as the diff shows it. */
function aroundInBase(base: Base, removal: Removal, i: number): Around | undefined {
  const start = base.starts.get(removal.removed);
  return start === undefined ? undefined : { line: start + i, lines: base.lines };
}

/**
 * The file's removals, in order: runs that replaced lines (spanning from the line above the run to the line below it)
 * and runs that only removed some (on the context line after them, or before them at a hunk's end). Lines removed
 * right after a run that replaced lines, with only blank lines kept between, were part of the block the run rewrote
 * (a diff matches a rewritten block's blank lines with the old block's): their finding spans from the run's start, so
 * it covers the rewritten lines too (a query rewritten and the `authorize` below it removed).
 */
function removalsOf(lines: readonly DiffLine[]): Removal[] {
  const out: Removal[] = [];
  const shown = new Set<number>();
  for (const l of lines) shown.add(l.line);
  let run: Removal | undefined;
  // the last run that replaced lines, while only blank context lines follow it
  let rewrote: Removal | undefined;
  for (const l of lines) {
    if (l.added && l.replaced) {
      // the run's added lines share its removed lines: the first one starts it, each one moves its end
      if (run?.removed !== l.replaced) {
        const first = shown.has(l.line - 1) ? l.line - 1 : l.line;
        out.push((run = { removed: l.replaced, added: [], line: l.line, startLine: first }));
      }
      run.added.push(l.text);
      run.line = shown.has(l.line + 1) ? l.line + 1 : l.line;
      rewrote = run;
      continue;
    }
    run = undefined;
    if (l.removedAbove) {
      const from = rewrote && !l.added ? rewrote.startLine : shown.has(l.line - 1) ? l.line - 1 : undefined;
      out.push({ removed: l.removedAbove, added: [], line: l.line, ...(from !== undefined ? { startLine: from } : {}) });
    }
    if (l.removedBelow) out.push({ removed: l.removedBelow, added: [], line: l.line });
    if (l.added || l.text.trim() !== "" || l.removedAbove) rewrote = undefined;
  }
  // a span of one line is no span
  for (const r of out) if (r.startLine === r.line) delete r.startLine;
  return out;
}
