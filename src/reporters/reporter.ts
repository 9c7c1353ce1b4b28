/** One Reporter type: every output format renders the same report, with the same inputs, to a string. */
import type { Report } from "../engine/report.js";
import type { CompiledRule } from "../engine/rules/compile.js";

export interface ReportContext {
  report: Report;
  /** Every rule the policy knows (default and custom), for formats that list them. */
  rules: CompiledRule[];
  tool: { version: string; uri: string };
  /** The revisions reviewed, when known. */
  revisions?: { base: string; head: string };
  color: boolean;
}

export interface Reporter {
  format: string;
  render(context: ReportContext): string;
}
