/**
 * GitHub Actions as a review platform: the change comes from the checkout (after fetch-history.ts made the base,
 * the head and their merge base present), the policy from the base commit, and the outcome goes where a workflow
 * can use it without any token: annotations as workflow commands, the App's check report in the job summary, a
 * SARIF file for `github/codeql-action/upload-sarif` (stable category `hipaa-review`), step outputs, and the exit
 * code (1 on a blocking finding). Nothing the change contains is printed unguarded (see workflow-commands.ts).
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isBlocking, type Report } from "../../engine/report.js";
import type { CompiledRule } from "../../engine/rules/compile.js";
import type { Finding } from "../../engine/types.js";
import type { ConfigError } from "../../policy/load.js";
import { splitWaived } from "../../reporters/present.js";
import { toSarif } from "../../reporters/sarif.js";
import { checkOutput } from "../../reporters/summary.js";
import { toText } from "../../reporters/text.js";
import type { ReviewOutcome, ReviewPlatform } from "../../review/platform.js";
import { GitObjects } from "../local/git-objects.js";
import { localGitSource } from "../local/local-git-source.js";
import type { Fetched } from "./fetch-history.js";
import { annotationCommand, ANNOTATIONS_PER_KIND, SUMMARY_LIMIT_BYTES, verbatim, type Annotation, type AnnotationKind } from "./workflow-commands.js";

/** The code-scanning category of the SARIF this platform writes: the same on every run, so alerts track across runs. */
export const SARIF_CATEGORY = "hipaa-review";

export interface ActionPlatformOptions {
  cwd: string;
  fetched: Fetched;
  /** "main@1a2b3c4". */
  baseLabel: string;
  /** "pull request #7 (from a fork)". */
  description: string;
  /** Absolute path of the SARIF file to write. */
  sarifPath: string;
  /** GITHUB_STEP_SUMMARY and GITHUB_OUTPUT, when the runner provides them. */
  summaryPath?: string;
  outputPath?: string;
  tool: { version: string; uri: string };
  stdout: (text: string) => void;
}

export interface ActionResult {
  /** 0 no blocking finding, 1 a blocking finding, 2 the review could not be done (the error is kept). */
  exitCode: number;
  error?: unknown;
}

export function actionPlatform(o: ActionPlatformOptions): ReviewPlatform & { result(): ActionResult } {
  const { cwd, fetched } = o;
  let result: ActionResult = { exitCode: 2, error: new Error("the review published nothing") };
  const objects = new GitObjects(cwd);
  return {
    baseLabel: o.baseLabel,
    readBase: (path) => objects.read(fetched.baseSha, path),
    change: async () => localGitSource({ cwd, ...fetched }, objects),
    async publish(outcome: ReviewOutcome) {
      objects.close();
      switch (outcome.kind) {
        case "reviewed":
          result = { exitCode: reviewed(o, outcome.report, outcome.loaded.allRules) };
          return;
        case "invalid-policy":
          invalidPolicy(o, outcome.error);
          result = { exitCode: 2, error: outcome.error };
          return;
        case "failed":
          summary(o, "## HIPAA compliance — the review could not be completed\n\nThe job fails closed rather than passing a change that was not reviewed; the log says why.\n");
          result = { exitCode: 2, error: outcome.error };
          return;
        case "skipped":
          summary(o, `## HIPAA compliance — ${outcome.title}\n\n${outcome.summary}\n`);
          result = { exitCode: 0 };
          return;
      }
    },
    result: () => result,
  };
}

function reviewed(o: ActionPlatformOptions, report: Report, rules: CompiledRule[]): number {
  const { open } = splitWaived(report.findings);
  const blocking = open.filter((f) => isBlocking(f, report.failOn));
  // Blocking findings first: GitHub drops annotations past its per-step cap, so the ones that fail the job must get in.
  const ordered = [...blocking, ...open.filter((f) => !isBlocking(f, report.failOn))];
  const dropped = annotate(o, ordered.map((f) => annotationOf(f, isBlocking(f, report.failOn))));
  o.stdout(verbatim(toText(report, { color: false })));

  const revisions = { base: o.fetched.baseSha, head: o.fetched.headSha };
  const sarif = toSarif({ report, rules, version: o.tool.version, informationUri: o.tool.uri, revisions });
  sarif.runs[0]!.automationDetails = { id: `${SARIF_CATEGORY}/` };
  write(o.sarifPath, JSON.stringify(sarif, null, 2) + "\n");

  const head = `_${o.description}: ${o.fetched.headSha.slice(0, 7)} against ${o.baseLabel} (merge base ${o.fetched.mergeBase.slice(0, 7)})._\n\n`;
  const note = dropped > 0 ? `\n_GitHub shows at most ${ANNOTATIONS_PER_KIND} annotations of each kind per step, so ${dropped} finding(s) are listed here and in the SARIF upload but not annotated._\n` : "";
  summary(o, fitted((limit) => {
    const out = checkOutput(report, undefined, limit);
    return `## HIPAA compliance — ${out.title}\n\n${head}${out.summary}\n${note}\n${out.text}\n`;
  }));
  output(o, { blocking: blocking.length, findings: open.length, sarif: o.sarifPath, "sarif-category": SARIF_CATEGORY });
  return blocking.length > 0 ? 1 : 0;
}

function annotationOf(f: Finding, blocking: boolean): Annotation {
  const kind: AnnotationKind = blocking ? "error" : f.severity === "note" ? "notice" : "warning";
  const proposed = f.waiver?.kind === "inline" ? `\nThe waiver on line ${f.waiver.line} is added by this change, so it needs approval before it waives.` : "";
  return { kind, file: f.path, ...(f.startLine !== undefined ? { line: f.startLine, endLine: f.line } : { line: f.line }), title: `${f.title} [${f.ruleId}]`.slice(0, 255), message: `${f.message}\nFix: ${f.remediation}${proposed}` };
}

/** Prints annotations up to GitHub's cap per kind; returns how many were left out. */
function annotate(o: ActionPlatformOptions, annotations: Annotation[]): number {
  const counts: Record<AnnotationKind, number> = { error: 0, warning: 0, notice: 0 };
  let dropped = 0;
  for (const a of annotations) {
    if (counts[a.kind]++ >= ANNOTATIONS_PER_KIND) dropped++;
    else o.stdout(annotationCommand(a));
  }
  return dropped;
}

function invalidPolicy(o: ActionPlatformOptions, error: ConfigError): void {
  annotate(o, error.errors.map((e) => ({ kind: "error" as const, ...(e.path ? { file: e.path, line: e.line, col: e.column } : {}), title: `Invalid policy: ${e.key || "file"}`, message: e.message })));
  const list = error.errors.map((e) => `- \`${e.file}\` line ${e.line}, column ${e.column}: \`${e.key}\` ${e.message}`).join("\n");
  summary(o, `## HIPAA compliance — the policy on the base branch is invalid\n\nThe policy is read from the base (${o.baseLabel}) and could not be used, so the change was not reviewed. Nothing falls back to defaults silently: fix the file on the base branch, then re-run this job.\n\n${list.slice(0, 60_000)}\n`);
}

/** The largest rendering that fits the step summary's byte limit (markdown is mostly ASCII; paths may not be). */
function fitted(render: (charLimit: number) => string): string {
  for (let limit = 400_000; ; limit = Math.floor(limit / 2)) {
    const text = render(limit);
    if (Buffer.byteLength(text) <= SUMMARY_LIMIT_BYTES - 1024 || limit < 1_000) return text;
  }
}

function summary(o: ActionPlatformOptions, markdown: string): void {
  if (o.summaryPath) appendFileSync(o.summaryPath, markdown);
}

function output(o: ActionPlatformOptions, values: Record<string, string | number>): void {
  if (!o.outputPath) return;
  appendFileSync(o.outputPath, Object.entries(values).map(([k, v]) => `${k}=${String(v).replace(/[\r\n]/g, " ")}\n`).join(""));
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
