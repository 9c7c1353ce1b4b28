/**
 * Masking of sensitive values. Every piece of text that leaves the engine (messages, snippets, fingerprints)
 * passes through here, so no output can quote a secret or a PHI identifier.
 */

/** Keeps the last four characters of an identifier and its separators: 123-45-7731 → ***-**-7731. */
export function maskValue(value: string): string {
  const keep = value.length >= 12 ? 4 : value.length >= 8 ? 4 : value.length >= 6 ? 2 : 0;
  const cut = value.length - keep;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (i >= cut) out += ch;
    else out += /[A-Za-z0-9]/.test(ch) ? "*" : ch;
  }
  // Long secrets: do not reveal their length either.
  if (value.length > 24) return "*".repeat(8) + value.slice(-4);
  return out;
}

export function maskRange(text: string, start: number, end: number): string {
  if (start < 0 || end <= start || start >= text.length) return text;
  return text.slice(0, start) + maskValue(text.slice(start, end)) + text.slice(end);
}

// Generic scrubbing applied to every snippet, whatever the rule: identifiers and credential-like values
// that a rule did not match (another rule's value on the same line, a suppressed one) must not leak either.
const SCRUBBERS: RegExp[] = [
  /\b\d{3}-\d{2}-\d{4}\b/g, // SSN-formatted
  /\b[1-9][A-Za-z][A-Za-z0-9]\d-?[A-Za-z][A-Za-z0-9]\d-?[A-Za-z]{2}\d{2}\b/g, // MBI-shaped
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}\b/g,
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs
  /\b(?:npm|pypi)_[A-Za-z0-9]{20,}\b/g,
  /\b[A-Za-z0-9+/]{40,}={0,2}/g, // long base64 runs (keys, certificates)
];

// key = value pairs whose value is a credential.
const CREDENTIAL_ASSIGNMENT =
  /((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth|credential|accountkey|sharedaccesskey)[A-Za-z0-9_.-]*["']?\s*(?:[:=]|=>|:=)\s*["']?)([^"'\s,;}&]{4,})/gi;

/** Values after a credential-like key that are settings, not secrets (`rejectUnauthorized: false`). */
const NOT_A_SECRET = /^(true|false|null|nil|none|undefined|yes|no|on|off|required|optional|\d{1,6})$/i;

// Credentials inside URLs: scheme://user:password@host.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@\s/]+)(@)/gi;

/** Long runs are masked only when they look random (digits and both cases), not file paths or words. */
function looksRandom(m: string): boolean {
  if (m.length < 40) return true;
  return /\d/.test(m) && /[a-z]/.test(m) && /[A-Z]/.test(m);
}

export function scrub(text: string): string {
  let out = text;
  for (const re of SCRUBBERS) out = out.replace(re, (m) => (looksRandom(m) ? maskValue(m) : m));
  out = out.replace(CREDENTIAL_ASSIGNMENT, (m, key: string, value: string) => (NOT_A_SECRET.test(value) ? m : key + maskValue(value)));
  out = out.replace(URL_PASSWORD, (_m, head: string, pass: string, at: string) => head + maskValue(pass) + at);
  return out;
}

const MAX_SNIPPET = 200;

/** A one-line excerpt for people: the match masked when sensitive, everything scrubbed, trimmed. */
export function snippetOf(line: string, sensitive?: { start: number; end: number }): string {
  let text = sensitive ? maskRange(line, sensitive.start, sensitive.end) : line;
  text = scrub(text).trim();
  return text.length > MAX_SNIPPET ? text.slice(0, MAX_SNIPPET - 1) + "…" : text;
}
