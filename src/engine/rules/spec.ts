/** The shape of a rule as written in YAML (rules/*.yml and custom rules in .hipaa.yml). */
import type { Language } from "../files/languages.js";
import type { BlockKind } from "../matchers/blocks.js";
import type { Area, Severity } from "../types.js";
import type { ValidatorName, ValidatorSpec } from "../validators/index.js";

/** An example: a line (or lines) added to a new file, or a file's head `code` changed from `before`. */
export type ExampleSpec = string | { path: string; code: string; before?: string };

export interface BlockSpec {
  kind: BlockKind;
  types: string[];
  matches?: string[];
  missing?: string[];
  unless?: string[];
  anchor?: string;
}

export interface SyntaxSpec {
  kind: "call";
  callee?: string[];
  names: string[];
  /** Names that stand for a whole record (`patient`): they count only as a value passed on as it is or through a conversion. */
  records?: string[];
  /**
   * Words of a parameter's declaration (its annotations and type: `@RequestBody`, `PatientDto`) that make the
   * parameter, handed on whole, count as such a record.
   */
  declared?: string[];
  thrown?: boolean;
  not_names?: string[];
  not_owners?: string[];
}

export interface RuleSpec {
  id: string;
  title: string;
  safeguard?: string;
  severity: Severity;
  languages?: Language[];
  paths?: string[];
  exclude_paths?: string[];
  keywords?: string[];
  patterns?: string[];
  unless?: string[];
  near?: NearSpec;
  /** Like `near`, but the rule does not fire when one of these patterns is nearby (`smtplib.SMTP(` with `starttls` below). */
  unless_near?: NearSpec | NearSpec[];
  value_group?: number;
  /**
   * The rule fires only where the change switched a value: the line it matches replaced (in the same run of changed
   * lines) a removed line that one of these patterns matches with the same text before the value (`value_group`),
   * whitespace and quotes aside: `require_secure_transport: "ON"` → `"OFF"`. A line rule's fallback: it stays quiet
   * on a line another line rule of its area already flags.
   */
  replaces?: string[];
  /**
   * A line rule that speaks only where no other line rule of its area flags the line (as a `replaces` rule does): a
   * literal fallback for a signing secret is the secret rule's finding when the literal looks like a real secret.
   */
  fallback?: boolean;
  /**
   * Where `replaces` looks for the removed line: the matched line's run of changed lines (`run`, the default), or every
   * line the file's change removed (`file`): a command rewritten and moved (a pipeline restructured into a loop), whose
   * removed step lies in another run; or every line the change removed, in this file or in the files read before it
   * (`change`, in the order git lists them: by path): code moved into a new file without its safeguard (a controller
   * split out of another whose scoped lookup it rewrote).
   */
  replaces_in?: "run" | "file" | "change";
  /**
   * `scope: removed` only: lines of what the safeguard guards, besides the definitions the engine knows (methods,
   * functions, routes, classes, resources): a run that removes more of them than it adds took the guarded thing away
   * with its safeguard (a retired endpoint deleted with its annotation), and the rule stays quiet.
   */
  guards?: string[];
  validate?: ValidatorName | ValidatorSpec;
  sensitive?: boolean;
  /**
   * Whether the rule reads local-development configuration (`@dev-config`: `application-local.yml`,
   * `docker-compose.override.yml`, `envs/dev/…`). Default: only sensitive rules do — a secret or patient record
   * committed leaks wherever the file is used; a setting matters only where it runs, never in production.
   */
  dev_config?: boolean;
  in_comments?: boolean;
  /** What a finding in a test or fixture file becomes (default: the rule's severity). */
  in_tests?: "off" | "note" | "warning";
  /**
   * `line` (the default): the patterns match lines the change adds; `block`: whole resources; `syntax`: parsed calls;
   * `removed`: the patterns match lines the change removes — a safeguard deleted without coming back (see
   * docs/rules.md).
   */
  scope?: "line" | "block" | "syntax" | "removed";
  block?: BlockSpec;
  syntax?: SyntaxSpec;
  message: string;
  remediation: string;
  references?: string[];
  examples: { bad: ExampleSpec[]; good: ExampleSpec[] };
}

export interface RulePackSpec {
  area: Area;
  title: string;
  safeguard: string;
  description?: string;
  /** Named alternations the pack's patterns use as `{{name}}`. */
  words?: Record<string, string>;
  rules: RuleSpec[];
}

/** A rule with where it came from, so later errors can point at its line. */
export interface SourcedRule {
  spec: RuleSpec;
  area: Area;
  safeguard: string;
  file: string;
  line: number;
}

export interface NearSpec {
  patterns: string[];
  within: number;
  side?: "above" | "below" | "both";
  /** `unless_near` only: the nearby line must set the finding's value (`KEY: value`, `KEY = "value"`). */
  same_value?: boolean;
  /**
   * The nearby line must name the finding's value as a whole word, any `within`: in `unless_near`, a trigger the
   * change drops and creates again under the same name; in a rule's `near` (with `value_group`), the declaration of
   * the value the line stores (`tokens: SessionTokens` for `JSON.stringify(tokens)`).
   */
  names_value?: boolean;
  /**
   * `unless_near` only, with a rule `near` on side `above`: the nearby line counts only when it is nearer above the
   * finding than the nearest `near` line (the nearest section header decides which section a line is in).
   */
  closer?: boolean;
  /**
   * On side `above` or `below` (a `near` window or an `unless_near` one): the lines that open a section (a template's
   * resource headers, the next route's definition, a CI job's header). The window counts only when its nearest line
   * is in the finding's section: no section opens between them (a setting under a web app's header is the web app's,
   * not the database's declared above it; a `.RequireAuthorization()` after the next route's definition is that
   * route's; a job's `environment: production` is not the next job's). Above, the window's line may be the header
   * itself.
   */
  sections?: string[];
  /**
   * Only a line the finding's line is indented under counts: its YAML or block parent, that parent's parent, and so
   * on up to the top level, within `within` lines above (`idle-timeout:` under `auth:`, not under `hikari:`). Needs
   * `side: above`; not with `same_value`, `names_value`, `closer` or `sections`.
   */
  enclosing?: boolean;
  /**
   * A rule's `near` only, on side `above`: the nearest line the window finds is a table's header (a CSV file's first
   * line, an INSERT's column list, a Markdown table's header row), and the finding's value must sit in a field of its
   * row under a header field these patterns match (a row's referral date is not its birth date). When the header or
   * the row cannot be split into the same fields, any field counts.
   */
  column?: string[];
  /**
   * A rule's `near` only, on side `above`: the finding spans from the nearest line the window finds to its own line
   * (a branch: the `if` that tests for a missing signature and the `return true` that lets the request through), so
   * a review highlights both and a waiver on either covers it. When that line continues a command (the lines above
   * it end with `\\`), the span starts where the command does.
   */
  spans?: boolean;
}
