/** Shared types of the pure core. Nothing here touches the network, the file system or a clock. */

export type Severity = "error" | "warning" | "note";

export const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

export type Area =
  | "transmission-security"
  | "encryption-at-rest"
  | "audit-controls"
  | "integrity"
  | "authentication"
  | "access-control"
  | "phi-exposure"
  | "policy"
  | "vendor"
  | "custom";

export const AREA_TITLES: Record<Area, string> = {
  "transmission-security": "Transmission security",
  "encryption-at-rest": "Encryption at rest",
  "audit-controls": "Audit controls",
  integrity: "Integrity",
  authentication: "Person or entity authentication",
  "access-control": "Access control",
  "phi-exposure": "PHI in the change",
  policy: "Policy and configuration",
  vendor: "Vendors and BAAs",
  custom: "Custom rules",
};

/** A line of the head revision that the change adds or modifies, or a context line the diff shows. */
export interface DiffLine {
  /** 1-based line number in the head revision. */
  line: number;
  text: string;
  added: boolean;
  /**
   * For an added line: the lines the change removed in the same run of changed lines (between two context lines),
   * when it removed any — what the added lines replace. Shared by the run's added lines; at most 50.
   */
  replaced?: readonly string[];
  /**
   * For an added line of a file whose change removed lines anywhere: those removed lines (shared by the file's added
   * lines; at most MAX_REMOVED_IN_FILE), for rules that compare with the whole file's removals (`replaces_in: file`).
   */
  removedInFile?: readonly string[];
  /**
   * For a context line: the lines the change removed right above it, when it added none in their place (at most 50).
   * `removedBelow`: the same right below it, when the hunk ends with them.
   */
  removedAbove?: readonly string[];
  removedBelow?: readonly string[];
}

export type FileStatus = "added" | "modified" | "renamed" | "copied" | "deleted";

/** One file of a change, as the diff describes it. */
export interface FileDiff {
  /** Repo-relative path on the head side (the old path for a deletion). */
  path: string;
  oldPath?: string;
  status: FileStatus;
  binary: boolean;
  /** Head-side lines known from the hunks: added lines and context lines, in order. */
  lines: DiffLine[];
  /** The head version's last line has no newline (the diff says `\ No newline at end of file` after it). */
  noFinalNewline?: boolean;
}

/**
 * A waiver: an accepted, reasoned exception to a finding — inline in the code (`hipaa-review-ignore`), or a
 * `/hipaa waive` command on the pull request. An inline waiver the change itself adds is only `proposed` until
 * someone allowed to waive approves it (or the policy honours such waivers).
 */
export type Waiver =
  | {
      kind: "inline";
      reason: string;
      /** Line of the waiver (head side). */
      line: number;
      until?: string;
      /** The change adds the waiver's line (the review decides whether that makes it a proposal). */
      added: boolean;
      status: "accepted" | "proposed" | "approved";
      /** Who approved a proposed waiver, when, and where (a link to the command). */
      approval?: { by: string; at: string; url?: string };
    }
  | {
      kind: "command";
      reason: string;
      /** Login of the person who waived it (permission checked through the API). */
      by: string;
      /** ISO time of the command. */
      at: string;
      until?: string;
      /** Link to the command, for auditors. */
      url?: string;
    };

/** Whether a waiver takes the finding out of the blocking set: every waiver but a proposal not yet approved. */
export function waives(waiver: Waiver | undefined): boolean {
  return waiver !== undefined && !(waiver.kind === "inline" && waiver.status === "proposed");
}

export interface Finding {
  ruleId: string;
  title: string;
  area: Area;
  safeguard: string;
  severity: Severity;
  path: string;
  line: number;
  /**
   * The first line of the statement the finding belongs to, when it begins above `line` (a call spread over several
   * lines, whose argument on `line` is the weak one): platforms that can highlight a range show `startLine`–`line`.
   */
  startLine?: number;
  message: string;
  remediation: string;
  references: string[];
  /** The offending line with sensitive values masked, trimmed to a reasonable length. */
  snippet?: string;
  /** Stable across line shifts; computed from masked text only. */
  fingerprint: string;
  waiver?: Waiver;
  /**
   * The resource was already weak in the base revision and the change only touched it: the change did not
   * introduce the problem, so the policy reports it as a note, not a blocker.
   */
  inBase?: boolean;
}

/** What the policy weighs of a finding (see ScanPolicy.judge): its rule, area, place and severity, and whether the base had it. */
export type JudgedFinding = Pick<Finding, "ruleId" | "area" | "path" | "severity" | "inBase">;

/** Something the scan could not read fully: never dropped silently, always reported. */
export interface ScanNotice {
  path?: string;
  line?: number;
  message: string;
}

/**
 * A plug-in reads the change as a whole (e.g. the vendor review): it sees every file of the change, deleted and
 * binary ones included, then contributes findings. Started once per scan, so a run may keep state.
 */
export interface Plugin {
  id: string;
  /** Whether the policy judges its findings like a rule's (areas, rule settings, paths, PHI paths). */
  judged: boolean;
  start(context: PluginContext): PluginRun;
}

export interface PluginContext {
  /** YYYY-MM-DD from the caller's clock. */
  today: string;
  /** The whole head version of a file; undefined if unreadable. */
  readHead(path: string): Promise<string | undefined>;
  /**
   * Whether any file of the base revision mentions one of `texts` (case-insensitively); undefined when the source
   * cannot tell (a plain diff, or a platform without the capability).
   */
  baseMentions?(texts: string[]): Promise<boolean | undefined>;
}

export interface PluginRun {
  /** Sees one file; findings returned here come before the file's rule findings. */
  file(file: FileDiff): Promise<Finding[] | void> | Finding[] | void;
  finish(): Promise<{ findings: Finding[]; notices: ScanNotice[] }>;
}

export interface Thresholds {
  session_idle_minutes: number;
  /** Longest absolute session lifetime (however busy the session): a working shift. */
  session_absolute_minutes: number;
  token_lifetime_minutes: number;
  /** Longest refresh-token (or remember-me token) lifetime: how long a device stays signed in without a password. */
  refresh_token_days: number;
  log_retention_days: number;
  backup_retention_days: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  session_idle_minutes: 30,
  session_absolute_minutes: 720,
  token_lifetime_minutes: 60,
  refresh_token_days: 30,
  log_retention_days: 365,
  backup_retention_days: 7,
};
