/**
 * Line rules over the lines a change adds: a keyword prefilter picks the rules a line may trigger, comments are
 * skipped unless a rule reads them, a pattern runs only on a line holding a literal it requires, then each rule's
 * patterns, validator, `unless` and `near` windows decide.
 */
import { isCommentLine } from "../files/comments.js";
import type { CompiledRule } from "../rules/compile.js";
import { keywordRulesOf, type FileRules } from "../rules/ruleset.js";
import type { FileDiff } from "../types.js";
import type { ValidatorContext } from "../validators/index.js";
import type { Candidate } from "./candidate.js";
import type { FileLines } from "./file-lines.js";
import type { Match } from "./pattern.js";
import { foldLine, mayMatch } from "./pattern-prefilter.js";

const NONE: CompiledRule[] = [];

/**
 * Candidates of the file's line rules. Whole lines are read, however long (a secret placed after kilobytes of
 * padding is still found): every pattern runs in time linear in the line's length.
 */
export function lineCandidates(rules: FileRules, file: FileDiff, lines: FileLines, ctx: ValidatorContext & { checkBudget?: () => void }): Candidate[] {
  const candidates: Candidate[] = [];
  if (rules.lineRules.length === 0) return candidates;
  let read = 0;
  for (const added of file.lines) {
    if (!added.added) continue;
    if (ctx.checkBudget && ++read % 256 === 0) ctx.checkBudget();
    const text = added.text;
    const triggered = rules.keywords ? keywordRulesOf(rules.keywords, text) : NONE;
    if (triggered.length === 0 && rules.unfiltered.length === 0) continue;
    let comment: boolean | undefined;
    let folded: string | undefined;
    const fold = () => (folded ??= foldLine(text));
    for (const rule of triggered.length === 0 ? rules.unfiltered : rules.unfiltered.length === 0 ? triggered : triggered.concat(rules.unfiltered)) {
      if (!rule.inComments && (comment ??= isCommentLine(text, rules.languages))) continue;
      const match = matchLine(rule, text, added.line, lines, ctx, fold);
      if (match) candidates.push({ rule, line: added.line, text, match });
    }
  }
  return candidates;
}

function matchLine(rule: CompiledRule, text: string, line: number, lines: FileLines, ctx: ValidatorContext, fold: () => string): Match | undefined {
  let found: Match | undefined;
  for (const pattern of rule.patterns) {
    // A line without a literal the pattern requires cannot match it: its regex is not run there.
    if (!mayMatch(pattern.source, fold())) continue;
    found = pattern.find(text, rule.valueGroup, (m) => !rule.validate || rule.validate(m.value, ctx));
    if (found) break;
  }
  if (!found) return undefined;
  if (rule.unless.some((p) => p.test(text))) return undefined;
  if (rule.near && !lines.near(rule.near, line)) return undefined;
  if (rule.unlessNear?.some((n) => lines.near(n, line))) return undefined;
  return found;
}
