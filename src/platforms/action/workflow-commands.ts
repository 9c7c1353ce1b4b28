/**
 * GitHub Actions workflow commands: annotations (`::error file=…,line=…::…`) written to stdout, which need no token
 * and so also work on fork pull requests, and the stop-commands guard that keeps text from the change (file names,
 * masked excerpts) from being read as commands when the report is printed to the log. Escaping follows GitHub's
 * toolkit: data escapes %, CR and LF; property values also : and ,.
 */
import { randomBytes } from "node:crypto";

export type AnnotationKind = "error" | "warning" | "notice";

export interface Annotation {
  kind: AnnotationKind;
  file?: string;
  line?: number;
  /** The last line of a range starting at `line` (a statement spread over several lines). */
  endLine?: number;
  col?: number;
  title?: string;
  message: string;
}

/** GitHub shows at most this many annotations of each kind per step (and 50 per job); the rest are dropped. */
export const ANNOTATIONS_PER_KIND = 10;

/** Bytes a step summary may take: GitHub's cap is 1 MiB per step. */
export const SUMMARY_LIMIT_BYTES = 1_048_576;

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function annotationCommand(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined) props.push(`file=${escapeProperty(a.file)}`);
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.endLine !== undefined) props.push(`endLine=${a.endLine}`);
  if (a.col !== undefined) props.push(`col=${a.col}`);
  if (a.title !== undefined) props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.kind}${props.length ? " " + props.join(",") : ""}::${escapeData(a.message)}\n`;
}

/**
 * Wraps text so that no line of it runs as a workflow command: `::stop-commands::<token>` before, `::<token>::`
 * after, with a random token the text cannot know.
 */
export function verbatim(text: string): string {
  const token = randomBytes(16).toString("hex");
  return `::stop-commands::${token}\n${text.endsWith("\n") ? text : text + "\n"}::${token}::\n`;
}
