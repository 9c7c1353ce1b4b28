/**
 * `/hipaa` commands in pull request comments, and applying accepted waivers to findings. Pure: who may waive is
 * decided by the caller from the permission API; this module only parses and matches.
 */
import { scrub } from "../engine/findings/mask.js";
import type { Finding } from "../engine/types.js";

export type HipaaCommand =
  | { kind: "waive"; target: string; reason: string; until?: string }
  | { kind: "recheck" }
  | { kind: "invalid"; message: string };

const USAGE = "Usage: `/hipaa waive <finding-fingerprint|rule-id> <reason> [until YYYY-MM-DD]` or `/hipaa recheck`.";

/** The command in a comment (its first line starting with `/hipaa`), or undefined when there is none. */
export function parseCommand(body: string): HipaaCommand | undefined {
  const line = body.split(/\r?\n/).find((l) => /^\s*\/hipaa\b/.test(l));
  if (!line) return undefined;
  const words = line.trim().split(/\s+/).slice(1);
  const verb = words[0]?.toLowerCase();
  if (verb === "recheck") return { kind: "recheck" };
  if (verb !== "waive") return { kind: "invalid", message: `Unknown command \`/hipaa ${verb ?? ""}\`. ${USAGE}` };
  const target = words[1];
  if (!target || !/^[a-z0-9][a-z0-9-]*$/i.test(target)) return { kind: "invalid", message: `Say which finding to waive. ${USAGE}` };
  let rest = words.slice(2).join(" ");
  let until: string | undefined;
  const m = /\s*\buntil\s+(\d{4}-\d{2}-\d{2})\s*$/i.exec(rest);
  if (m) {
    until = m[1];
    rest = rest.slice(0, m.index);
    if (Number.isNaN(Date.parse(`${until}T00:00:00Z`))) return { kind: "invalid", message: `\`${until}\` is not a date. ${USAGE}` };
  }
  const reason = rest.trim();
  if (reason.length < 3) return { kind: "invalid", message: `A waiver needs a reason, so auditors know why the finding was accepted. ${USAGE}` };
  return { kind: "waive", target: target.toLowerCase(), reason: scrub(reason), ...(until ? { until } : {}) };
}

export interface Waiver {
  target: string;
  reason: string;
  by: string;
  at: string;
  until?: string;
  url?: string;
}

export interface WaiverResult {
  findings: Finding[];
  /** Waivers that matched no finding, or expired; listed for the audit record. */
  unused: { waiver: Waiver; why: string }[];
}

/** A fingerprint waiver matches by full fingerprint or a prefix of at least 8 characters; otherwise by rule id. */
function matches(w: Waiver, f: Finding): boolean {
  if (w.target === f.ruleId) return true;
  return w.target.length >= 8 && /^[0-9a-f]+$/.test(w.target) && f.fingerprint.startsWith(w.target);
}

export function applyWaivers(findings: Finding[], waivers: Waiver[], today: string): WaiverResult {
  const used = new Set<Waiver>();
  const unused: WaiverResult["unused"] = [];
  const live = waivers.filter((w) => {
    if (w.until && w.until < today) {
      unused.push({ waiver: w, why: `expired on ${w.until}` });
      return false;
    }
    return true;
  });
  const out = findings.map((f) => {
    if (f.suppression) return f;
    const w = live.find((x) => matches(x, f));
    if (!w) return f;
    used.add(w);
    return { ...f, suppression: { kind: "waiver" as const, reason: w.reason, by: w.by, at: w.at, ...(w.until ? { until: w.until } : {}), ...(w.url ? { url: w.url } : {}) } };
  });
  for (const w of live) if (!used.has(w)) unused.push({ waiver: w, why: "matched no finding" });
  return { findings: out, unused };
}
