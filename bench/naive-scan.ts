/**
 * The baseline the CLI is held to: a naive scanner of the kind one writes in an afternoon — read the diff, split it
 * into lines, and test 31 case-insensitive patterns (secrets, PHI words, weak crypto, plain HTTP, TLS switched off)
 * on every added line with V8's regex engine. No file kinds, no policy, no masking: the least work a line-by-line
 * review can do, so the CLI's CPU on the same diff says what its rules, parsing and safety cost on top.
 */
import { readFileSync } from "node:fs";

export const NAIVE_PATTERNS: RegExp[] = [
  /\b\d{3}-\d{2}-\d{4}\b/, /\bssn\b/i, /social.?security/i, /date.?of.?birth|\bdob\b/i, /\bmrn\b|medical.?record/i,
  /diagnos(is|es)/i, /patient.?name/i, /password\s*[:=]/i, /secret\s*[:=]/i, /api.?key\s*[:=]/i, /token\s*[:=]/i,
  /AKIA[0-9A-Z]{16}/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, /\bmd5\b/i, /\bsha1\b/i, /\bdes\b|3des|triple.?des/i, /\brc4\b/i,
  /http:\/\//i, /rejectUnauthorized\s*:\s*false/i, /verify\s*=\s*false/i, /InsecureSkipVerify\s*:\s*true/i,
  /ssl.?verify\s*[:=]\s*(false|0|no)/i, /tls.?1\.[01]\b/i, /encrypt(ed|ion)?\s*[:=]\s*false/i, /public.?read/i,
  /0\.0\.0\.0\/0/, /console\.log|print\(|logger\.(info|debug)/i, /session.?timeout/i, /audit.?log/i,
  /\b(ein|npi|dea)\b/i, /chmod\s+777/,
];

/** Scans a diff file; returns the number of matching (line, pattern) pairs. */
export function naiveScan(path: string): number {
  const text = readFileSync(path, "utf8");
  let hits = 0;
  for (const line of text.split("\n")) {
    if (line.charCodeAt(0) !== 43 /* + */ || line.startsWith("+++ ")) continue;
    for (const re of NAIVE_PATTERNS) if (re.test(line)) hits++;
  }
  return hits;
}

if (process.argv[1]?.endsWith("naive-scan.js") && process.argv[2]) console.log(naiveScan(process.argv[2]));
