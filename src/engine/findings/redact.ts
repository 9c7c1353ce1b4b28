/**
 * The one redaction pass. Every excerpt and every piece of user-supplied text that leaves the engine (snippets,
 * `{{value}}` in messages, waiver reasons, log lines) is rendered through here: each sensitive value any detector
 * sees on it — the rules' own matches passed in as spans, plus the generic detectors below — is masked, letters and
 * digits of any script alike, in one shape per kind of value. All patterns here run in linear time (bounded
 * repetitions, or one start per match), so a crafted line cannot stall it.
 */

/** What a masked value is, which decides its shape. */
export type SensitiveKind =
  /** Passwords, keys, tokens: nothing shown, but for the last four characters of a value of 16 or more. */
  | "secret"
  /** SSNs, MBIs, DEA numbers, phone numbers, record numbers: separators and the last four characters shown. */
  | "identifier"
  /** Dates of birth, e-mail addresses, and values cut by an excerpt's edge: only separators shown. */
  | "opaque";

export interface Span {
  start: number;
  end: number;
  kind: SensitiveKind;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The masked shape of one value: `***-**-7731`, `****-**-**`, `********Prod`. */
export function maskValue(value: string, kind: SensitiveKind = "secret"): string {
  const chars = [...value];
  const keep = kind === "opaque" ? 0 : kind === "identifier" ? (chars.length >= 6 ? 4 : 0) : chars.length >= 16 ? 4 : 0;
  if (kind === "secret" && chars.length > 24) return "*".repeat(8) + chars.slice(-4).join("");
  const cut = chars.length - keep;
  return chars.map((ch, i) => (i < cut && LETTER_OR_DIGIT.test(ch) ? "*" : ch)).join("");
}

interface Detector {
  re: RegExp;
  kind: SensitiveKind;
  /** The capture group holding the value (0: the whole match). */
  group?: number;
  /** Whether a match is a value to mask (e.g. not a word or a setting). */
  accept?: (value: string) => boolean;
}

/** Long runs are masked only when they look random (digits and both cases), not file paths or words. */
function looksRandom(m: string): boolean {
  if (m.length < 40) return true;
  return /\d/.test(m) && /[a-z]/.test(m) && /[A-Z]/.test(m);
}

/** Values after a credential-like key that are settings, not secrets (`rejectUnauthorized: false`). */
const NOT_A_SECRET = /^(true|false|null|nil|none|undefined|yes|no|on|off|required|optional|\d{1,6})$/i;

/** Names of credentials, English and the common translations developers use for them. */
const CREDENTIAL_KEY =
  "(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth|credential|accountkey|sharedaccesskey" +
  "|passwort|kennwort|contrase(?:ñ|n)a|senha|mot_?de_?passe|parola|wachtwoord|пароль|секрет|密码|密碼|口令|パスワード|비밀번호)";

const DETECTORS: Detector[] = [
  { re: /\b\d{3}-\d{2}-\d{4}\b/g, kind: "identifier" }, // SSN-formatted
  { re: /\b[1-9][A-Za-z][A-Za-z0-9]\d-?[A-Za-z][A-Za-z0-9]\d-?[A-Za-z]{2}\d{2}\b/g, kind: "identifier" }, // MBI-shaped
  { re: /\b[A-Za-z]{2}\d{7}\b/g, kind: "identifier" }, // DEA-shaped
  // Phone numbers: (555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567.
  { re: /(?<![\w.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/g, kind: "identifier" },
  // Medical record numbers and patient ids after their name: "MRN-12345678", "medical record #: A123456".
  {
    re: /\b(?:MRN|medical[ _-]?record(?:[ _-]?(?:number|num|no))?|patient[ _-]?id)\b["']?[\s:#=-]{0,4}["']?([A-Za-z0-9][A-Za-z0-9-]{3,19})\b/gi,
    kind: "identifier",
    group: 1,
    accept: (v) => /\d/.test(v),
  },
  // Dates: 1961-04-12, 04/12/1961, 12.04.1961.
  { re: /\b(?:(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|[12]\d|3[01])[-/.](?:19|20)\d{2})\b/g, kind: "opaque" },
  // E-mail addresses: the local part.
  { re: /(?<![\w.+-])([\w.+-]{1,64})@(?=[A-Za-z0-9-]{1,63}\.[A-Za-z])/g, kind: "opaque", group: 1 },
  { re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, kind: "secret" },
  { re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g, kind: "secret" },
  { re: /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, kind: "secret" },
  { re: /\bglpat-[A-Za-z0-9_-]{20,}\b/g, kind: "secret" },
  { re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, kind: "secret" },
  { re: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b/g, kind: "secret" },
  { re: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}\b/g, kind: "secret" },
  { re: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g, kind: "secret" },
  { re: /\bAIza[0-9A-Za-z_-]{35}\b/g, kind: "secret" },
  { re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, kind: "secret" }, // JWTs
  { re: /\b(?:npm|pypi)_[A-Za-z0-9]{20,}\b/g, kind: "secret" },
  { re: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={0,2}/g, kind: "secret", accept: looksRandom }, // long base64 runs (keys, certificates)
  // key = value pairs whose value is a credential, in any script; the value runs to a quote, whitespace or a separator.
  {
    re: new RegExp(`${CREDENTIAL_KEY}[\\p{L}\\p{N}_.-]{0,64}["']?\\s{0,16}(?:[:=]|=>|:=)\\s{0,16}["']?([^"'\\s,;}<>]{4,})`, "giu"),
    kind: "secret",
    group: 1,
    accept: (v) => !NOT_A_SECRET.test(v),
  },
  // A configuration directive whose value follows its name after spaces (Redis `requirepass …`, Apache
  // `SessionCryptoPassphrase "…"`, nginx-style files): the line's first word names a credential.
  {
    re: new RegExp(`^[ \\t]{0,16}[\\w.-]{0,32}${CREDENTIAL_KEY}[\\w.-]{0,32}[ \\t]{1,16}["']?([^"'\\s;]{4,256})`, "gimu"),
    kind: "secret",
    group: 1,
    accept: (v) => !NOT_A_SECRET.test(v),
  },
  // Credentials inside URLs: scheme://user:password@host.
  { re: /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^:/@\s]{1,256}:([^@\s/]{1,256})@/gi, kind: "secret", group: 1 },
  // <password>…</password>, <secret>, <apiKey>…: XML elements named like a credential.
  { re: new RegExp(`<([\\w:.-]{0,32}${CREDENTIAL_KEY}[\\w:.-]{0,32})(?:\\s[^>]{0,256})?>([^<]{1,512})</\\1>`, "gi"), kind: "secret", group: 2, accept: (v) => !NOT_A_SECRET.test(v.trim()) },
  // HTML inputs whose type or name is a password: value="…".
  { re: /<input\b[^>]{0,512}?\b(?:type|name|id)\s{0,4}=\s{0,4}["']?[\w-]{0,32}pass[\w-]{0,32}["']?[^>]{0,512}?\bvalue\s{0,4}=\s{0,4}["']([^"']{1,256})["']/gi, kind: "secret", group: 1 },
  { re: /<input\b[^>]{0,512}?\bvalue\s{0,4}=\s{0,4}["']([^"']{1,256})["'][^>]{0,512}?\b(?:type|name|id)\s{0,4}=\s{0,4}["']?[\w-]{0,32}pass/gi, kind: "secret", group: 1 },
];

/** Every sensitive value the generic detectors see in `text`. */
export function sensitiveSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const d of DETECTORS) {
    d.re.lastIndex = 0;
    for (const m of text.matchAll(d.re)) {
      const value = m[d.group ?? 0];
      if (value === undefined || value.length === 0 || (d.accept && !d.accept(value))) continue;
      const start = d.group ? m.index + m[0].lastIndexOf(value) : m.index;
      spans.push({ start, end: start + value.length, kind: d.kind });
    }
  }
  return spans;
}

/** Characters that separate a row's cells: CSV, TSV, pipes, HL7's components and repetitions. */
const CELL_SEPARATORS = /[,|\t;^~]/;
/** A `key: value` line (YAML, a header, plain notes): its value. */
const KEY_VALUE = /^\s*[-\w.]{1,64}\s*:\s+(\S.*)$/;

/**
 * The values of a line that holds a patient's record (the line of a patient-data finding), which no detector can tell
 * from words (`Margaret O'Donnell`): the contents of its quoted strings that are neither keys (`"dob": …` keeps `dob`)
 * nor templates (`{…}`, `$`, `%`: code, not data); on a line that is not code (no double quote, parenthesis, brace
 * or `=`), every cell of a row of three or more (CSV, TSV, HL7), or the value of a `key: value` line. Linear: one
 * pass, and one bounded regex.
 */
export function recordValueSpans(line: string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < line.length; i++) {
    const quote = line[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = line.indexOf(quote, i + 1);
    if (end < 0) break;
    const content = line.slice(i + 1, end);
    const after = line.slice(end + 1, end + 5).trimStart();
    const isKey = (after.startsWith(":") && !after.startsWith("::")) || after.startsWith("=>");
    if (!isKey && !/[{$%]/.test(content) && LETTER_OR_DIGIT.test(content)) spans.push({ start: i + 1, end, kind: "opaque" });
    i = end;
  }
  if (/["(){}=]/.test(line)) return spans;
  const cells = line.split(CELL_SEPARATORS);
  if (cells.length >= 3) {
    let at = 0;
    for (const cell of cells) {
      const lead = cell.length - cell.trimStart().length;
      const text = cell.trim();
      if (LETTER_OR_DIGIT.test(text)) spans.push({ start: at + lead, end: at + lead + text.length, kind: "opaque" });
      at += cell.length + 1;
    }
    return spans;
  }
  const pair = KEY_VALUE.exec(line);
  if (pair) spans.push({ start: line.length - pair[1]!.length, end: line.trimEnd().length, kind: "opaque" });
  return spans;
}

/** `text` with every span masked (overlapping spans merge; the kind that hides most wins). */
export function renderMasked(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const merged = mergeSpans(spans);
  let out = "";
  let at = 0;
  for (const s of merged) {
    out += text.slice(at, s.start) + maskValue(text.slice(s.start, s.end), s.kind);
    at = s.end;
  }
  return out + text.slice(at);
}

const HIDES: Record<SensitiveKind, number> = { opaque: 3, secret: 2, identifier: 1 };

function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (HIDES[s.kind] > HIDES[last.kind]) last.kind = s.kind;
    } else out.push({ ...s });
  }
  return out;
}

/** Any text for people (a reason, a value, an error message) with every sensitive value masked. */
export function redact(text: string): string {
  return renderMasked(text, sensitiveSpans(text));
}

const MAX_SNIPPET = 200;

/**
 * A one-line excerpt for people: every sensitive value on the whole line masked (the rules' spans and the generic
 * detectors'), then cut to a window of at most 200 characters around `focus` (where the finding is), so a match
 * deep in a long line is shown rather than the line's start.
 */
export function snippetOf(line: string, spans: readonly Span[] = [], focus = 0): string {
  const all = [...spans, ...sensitiveSpans(line)];
  const lead = line.length - line.trimStart().length;
  const text = line.trim();
  const shifted = all.map((s) => ({ ...s, start: Math.max(0, s.start - lead), end: Math.min(text.length, s.end - lead) })).filter((s) => s.end > s.start);
  if (text.length <= MAX_SNIPPET) return renderMasked(text, shifted);
  const from = Math.max(0, Math.min(focus - lead - 60, text.length - (MAX_SNIPPET - 2)));
  const to = Math.min(text.length, from + MAX_SNIPPET - 2);
  // A value cut by the window's edge is masked whole over the part that shows (its last characters may not be its own).
  const inWindow = shifted
    .filter((s) => s.end > from && s.start < to)
    .map((s) => ({ start: Math.max(s.start, from) - from, end: Math.min(s.end, to) - from, kind: s.start < from || s.end > to ? ("opaque" as const) : s.kind }));
  return (from > 0 ? "…" : "") + renderMasked(text.slice(from, to), inWindow) + (to < text.length ? "…" : "");
}
