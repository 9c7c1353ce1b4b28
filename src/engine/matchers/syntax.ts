/**
 * Syntax rules over the calls of a parsed file: a call on a changed line whose callee matches, thrown when the rule
 * asks, and whose arguments use a name the rule looks for (`patient.dob` in `raise ValueError(f"…{patient.dob}")`).
 * The file is parsed only when one of the rules' keywords is on a line the change adds.
 */
import type { DeclaredTypes } from "../diff/declared-types.js";
import type { CompiledRule } from "../rules/compile.js";
import type { CallFilter, SyntaxCall, SyntaxName } from "../syntax/model.js";
import { SEVERITY_RANK, type FileDiff } from "../types.js";
import { areaLine, unflagged, type Candidate } from "./candidate.js";
import type { FileLines } from "./file-lines.js";
import { literalFinderSource } from "./literal-finder.js";
import { foldLine, mayMatch } from "./pattern-prefilter.js";

/** Whether a line the change adds mentions a keyword of one of the syntax rules (then the file is parsed). */
export function wantsSyntax(rules: readonly CompiledRule[], file: FileDiff): boolean {
  if (rules.length === 0) return false;
  // The added lines as one text, folded once and searched in one pass (no keyword holds a line break).
  const added: string[] = [];
  for (const l of file.lines) if (l.added) added.push(l.text);
  return keywordFinder(rules).test(added.join("\n").toLowerCase());
}

const finders = new WeakMap<readonly CompiledRule[], RegExp>();

/** One regex finding any keyword of the rules (a file kind's list, cached by the ruleset). */
function keywordFinder(rules: readonly CompiledRule[]): RegExp {
  let finder = finders.get(rules);
  if (!finder) finders.set(rules, (finder = new RegExp(literalFinderSource(rules.flatMap((r) => r.keywords ?? [])))));
  return finder;
}

/**
 * The calls `syntaxCandidates` can report with these rules: callee and thrown as some rule asks. The parser reads the
 * arguments of these calls only, so the others cost no more than their callee's text.
 */
export function callFilter(rules: readonly CompiledRule[]): CallFilter {
  const specs = rules.map((r) => r.syntax!);
  return (callee, thrown) => {
    const folded = foldLine(callee);
    return specs.some((spec) => (!spec.thrown || thrown) && namesCallee(spec, callee, folded));
  };
}

/**
 * Whether a rule's `callee` patterns take `callee` (a rule that names none takes any). A pattern runs only on a callee
 * (folded: `folded`) holding the literals it requires: the parser asks about every call of a file.
 */
function namesCallee(spec: NonNullable<CompiledRule["syntax"]>, callee: string, folded = foldLine(callee)): boolean {
  return spec.callee.length === 0 || spec.callee.some((p) => mayMatch(p.source, folded) && p.test(callee));
}

/** How many lines above the finding a call may start for the finding to span it (see `Finding.startLine`). */
export const MAX_SPAN = 10;

/**
 * `types`: the printing types the change declares (records, data classes; diff/declared-types.ts): a parameter or local
 * declared with one whose declaration holds a name the rule looks for counts as `declared` does.
 */
export function syntaxCandidates(rules: readonly CompiledRule[], calls: readonly SyntaxCall[], file: FileDiff, lines: FileLines, types?: DeclaredTypes): Candidate[] {
  const added = new Set(file.lines.filter((l) => l.added).map((l) => l.line));
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const push = (rule: CompiledRule, line: number, name: string, startLine: number, call?: Candidate["call"]) => {
    const key = `${rule.id}\u0000${line}`;
    if (seen.has(key)) return;
    seen.add(key);
    const text = lines.text(line) ?? "";
    const at = Math.max(0, text.indexOf(name));
    // the call's first line, when it is a few lines up: a span longer than that highlights more than it explains
    const spans = startLine < line && line - startLine <= MAX_SPAN;
    out.push({ rule, line, ...(spans ? { startLine } : {}), text, match: { start: at, end: at + name.length, value: name, valueStart: at }, ...(call ? { call } : {}) });
  };
  for (const call of calls) {
    let changed: number | undefined;
    for (let n = call.startLine; n <= call.endLine && changed === undefined; n++) if (added.has(n)) changed = n;
    if (changed === undefined) continue;
    for (const rule of rules) {
      const spec = rule.syntax!;
      if (spec.thrown && !call.thrown) continue;
      if (!namesCallee(spec, call.callee) && !(call.via !== undefined && namesCallee(spec, call.via))) continue;
      // (a name a helper's returned value reads speaks for that value only: see `SyntaxName.returned`)
      if (call.names.some((n) => !n.returned && spec.notNames.some((p) => p.test(n.text)))) continue;
      // A parameter handed on whole counts by what its declaration says (`@RequestBody RenewalRequest request`).
      const named = call.names.filter((n) => !n.label && (n.declaredBy !== undefined ? declares(spec, n.text, types) : counts(spec, n)));
      // …and a string's label only when nothing else does (`"DOB %s", p.dob` is one weakness, on the value's line)
      if (named.length === 0) named.push(...call.names.filter((n) => n.label && counts(spec, n)));
      if (named.length === 0) continue;
      // One finding per changed line that carries such a name; a name on an unchanged line counts on the call's first changed line.
      for (const n of named) {
        const line = added.has(n.line) ? n.line : changed;
        const outside = line < call.startLine || line > call.endLine;
        push(rule, line, n.declaredBy ?? n.text, call.startLine, outside ? { startLine: call.startLine, endLine: call.endLine } : undefined);
      }
    }
  }
  return out;
}

/**
 * One finding per weak line of a call, per area, when a line rule and a syntax rule both read the call. A line both
 * flag is left to the line rule. A line rule's finding on another line of a call the syntax rule reports further down
 * (the format string `"… dob=%s"` above the `p.dob` it labels) is the same weakness: the syntax finding, which spans
 * the call from its first line, stands for both. Findings are weighed as the policy will judge them (`weight`: the
 * severity's rank at this path, -1 when the policy drops it), so a finding is never folded into one that weighs less
 * or that the policy then drops. A name read outside the call (a payload's field assigned above it) is reported on its own
 * line only while no line rule of its area reports the call itself: `logger.info("… %s", payload)` flagged on the call
 * is the weakness its payload's fields are.
 */
export function oneFindingPerLine(lineRules: readonly Candidate[], syntax: readonly Candidate[], weight: (c: Candidate) => number = (c) => SEVERITY_RANK[c.rule.severity]): Candidate[] {
  const weighed = lineRules.filter((c) => weight(c) >= 0);
  const onCall = (s: Candidate) => s.call !== undefined && weighed.some((c) => c.rule.area === s.rule.area && c.line >= s.call!.startLine && c.line <= s.call!.endLine && weight(c) >= Math.max(0, weight(s)));
  const sent = syntax.filter((s) => !onCall(s));
  const bySyntax = new Set(sent.map((c) => areaLine(c.rule.area, c.line)));
  const kept = unflagged(weighed, sent);
  // the lines above each kept finding in the span it reports (at most MAX_SPAN), with the highest weight spanning them
  const spanned = new Map<string, number>();
  for (const s of kept) {
    if (s.startLine === undefined) continue;
    const w = weight(s);
    for (let n = s.startLine; n < s.line; n++) {
      const k = areaLine(s.rule.area, n);
      spanned.set(k, Math.max(spanned.get(k) ?? -1, w));
    }
  }
  const covered = (c: Candidate) => {
    const k = areaLine(c.rule.area, c.line);
    return !bySyntax.has(k) && (spanned.get(k) ?? -1) >= Math.max(0, weight(c));
  };
  return [...lineRules.filter((c) => !covered(c)), ...kept];
}

/**
 * Whether a name the arguments read counts for a rule: a member, not what it is read from (`dob` in `patient.dob`,
 * never `patient` in `patient.id`); a whole record only as a value handed on as it is (`patient`, `str(patient)`),
 * not given to a helper, nor as a key — unless the key's value is that record serialised whole, where the key may
 * also be qualified by a word before it (`"sent_subscriber": req.model_dump()`).
 */
function counts(spec: NonNullable<CompiledRule["syntax"]>, n: SyntaxName): boolean {
  if (n.owner || (n.of && spec.notOwners.some((p) => p.test(n.of!)))) return false;
  if (TALLY_NAME.test(n.text)) return false;
  // (a member also as read from its owner's last name, `Tag.PatientID`: a name that is only sensitive on one kind of
  // owner — DICOM's tag constants — without every `patient.PatientID` key counting; only the patterns that name one)
  if (spec.names.some((p) => p.test(n.text))) return true;
  if (n.of !== undefined && spec.qualifiedNames.length > 0) {
    const qualified = `${n.of}.${n.text}`;
    if (spec.qualifiedNames.some((p) => p.test(qualified))) return true;
  }
  if (n.wrapped || n.built || (n.key && !n.whole)) return false;
  const record = (text: string) => spec.records.some((p) => p.test(text));
  return record(n.text) || (n.whole === true && record(unqualified(n.text)));
}

/**
 * A name for how many of a field there are, not the field (`diagnosis_count`, `symptomCount`, `num_medications`,
 * `numberOfDiagnoses`): a number, as `len(diagnoses)` is. (A flag still counts: `hasDiabetes` says the condition.)
 */
const TALLY_NAME = /(^|_)(count|total|length|size)$|[a-z0-9](Count|Total|Length|Size)$|^(num|number_?of|count_?of|n)_|^(num|numberOf|countOf)[A-Z]/;

/**
 * Whether a word of a parameter's or local's declaration says it holds what the rule looks for: `declared` matches it
 * (`@RequestBody`, `PatientDto`), or it is a printing type the change declares with a name the rule looks for among
 * its fields (`record TierExceptionRequest(…, LocalDate patientDateOfBirth, …)`), for a rule that reads declarations.
 */
function declares(spec: NonNullable<CompiledRule["syntax"]>, word: string, types: DeclaredTypes | undefined): boolean {
  return spec.declared.some((p) => p.test(word)) || (types !== undefined && printedTypes(spec, types).includes(word));
}

/**
 * The printing types the change declares (so far) with a name `spec` looks for among their fields, for a rule that reads
 * declarations (none for another): each type is tested once per rule.
 */
export function printedTypes(spec: NonNullable<CompiledRule["syntax"]>, types: DeclaredTypes): readonly string[] {
  return spec.declared.length === 0 ? [] : types.carrying(spec, (name) => spec.names.some((p) => p.test(name)));
}

/** A key without the word qualifying it: `sent_subscriber` → `subscriber`, `sentSubscriber` → `Subscriber`. */
function unqualified(key: string): string {
  return key.replace(/^[a-z]+_|^[a-z]+(?=[A-Z])/, "");
}
