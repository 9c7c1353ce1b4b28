/**
 * Waivers, decided in one place. The engine reports the inline waivers it reads (`hipaa-review-ignore`), marking
 * those the change itself adds as proposals; the platform reports the `/hipaa waive` and `/hipaa approve` commands of
 * people allowed to use them. Here the policy decides: a proposal stays blocking unless the base revision already
 * had the same waiver, the policy honours inline waivers in a change (`waivers.inline_in_change: honor`), or someone
 * allowed approved it; a waiver whose `until` lies beyond `waivers.max_days` waives nothing and is itself a finding.
 * Pure: who may waive is decided by the caller from the permission API; this module parses and matches.
 */
import { fingerprintOf } from "../engine/findings/fingerprint.js";
import { parseInlineWaiver } from "../engine/findings/inline-waivers.js";
import { redact } from "../engine/findings/redact.js";
import type { Finding, Waiver } from "../engine/types.js";
import type { WaiverSettings } from "./types.js";

export type HipaaCommand =
  | { kind: "waive"; target: string; reason: string; until?: string }
  | { kind: "approve"; target: string }
  | { kind: "recheck" }
  | { kind: "invalid"; message: string };

const USAGE =
  "Usage: `/hipaa waive <finding-fingerprint|rule-id> <reason> [until YYYY-MM-DD]`, `/hipaa approve <finding-fingerprint|rule-id>` (approves a waiver the change proposes in its code) or `/hipaa recheck`.";

/** The command in a comment (its first line starting with `/hipaa`), or undefined when there is none. */
export function parseCommand(body: string): HipaaCommand | undefined {
  const line = body.split(/\r?\n/).find((l) => /^\s*\/hipaa\b/.test(l));
  if (!line) return undefined;
  const words = line.trim().split(/\s+/).slice(1);
  const verb = words[0]?.toLowerCase();
  if (verb === "recheck") return { kind: "recheck" };
  if (verb !== "waive" && verb !== "approve") return { kind: "invalid", message: `Unknown command \`/hipaa ${redact(verb ?? "").slice(0, 40)}\`. ${USAGE}` };
  const target = words[1];
  if (!target || !/^[a-z0-9][a-z0-9-]*$/i.test(target)) return { kind: "invalid", message: `Say which finding to ${verb}. ${USAGE}` };
  if (verb === "approve") return { kind: "approve", target: target.toLowerCase() };
  let rest = words.slice(2).join(" ");
  let until: string | undefined;
  const m = /\buntil\s+(\d{4}-\d{2}-\d{2})\s*$/i.exec(rest);
  if (m) {
    until = m[1];
    rest = rest.slice(0, m.index);
    if (Number.isNaN(Date.parse(`${until}T00:00:00Z`))) return { kind: "invalid", message: `\`${until}\` is not a date. ${USAGE}` };
  }
  const reason = rest.trim();
  if (reason.length < 3) return { kind: "invalid", message: `A waiver needs a reason, so auditors know why the finding was accepted. ${USAGE}` };
  return { kind: "waive", target: target.toLowerCase(), reason: redact(reason.slice(0, 500)), ...(until ? { until } : {}) };
}

/** A `/hipaa waive` (or `/hipaa approve`) command by someone allowed to use it, as the platform found it. */
export interface WaiverCommand {
  kind: "waive" | "approve";
  target: string;
  /** The reason of a `waive` command. */
  reason: string;
  by: string;
  at: string;
  until?: string;
  url?: string;
}


export interface WaiverDecision {
  findings: Finding[];
  /** Commands that matched nothing, or expired; listed for the audit record. */
  unused: { command: WaiverCommand; why: string }[];
}

export interface WaiverInput {
  findings: Finding[];
  commands: WaiverCommand[];
  settings: WaiverSettings;
  /** YYYY-MM-DD. */
  today: string;
  /** Whether the base revision of `path` already holds an inline waiver for `ruleId` with this reason. */
  inBase(path: string, ruleId: string, reason: string): Promise<boolean>;
}

/** A command matches by full fingerprint or a prefix of at least 8 characters; otherwise by rule id. */
function matches(c: WaiverCommand, f: Finding): boolean {
  if (c.target === f.ruleId) return true;
  return c.target.length >= 8 && /^[0-9a-f]+$/.test(c.target) && f.fingerprint.startsWith(c.target);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function decideWaivers(input: WaiverInput): Promise<WaiverDecision> {
  const { settings, today } = input;
  const latest = addDays(today, settings.maxDays);
  const used = new Set<WaiverCommand>();
  const unused: WaiverDecision["unused"] = [];
  const live = input.commands.filter((c) => {
    if (c.until && c.until < today) {
      unused.push({ command: c, why: `expired on ${c.until}` });
      return false;
    }
    return true;
  });
  const out: Finding[] = [];
  for (const f of input.findings) {
    let waiver: Waiver | undefined = f.waiver;
    if (waiver && waiver.until && waiver.until > latest) {
      out.push(tooLongFinding(f, waiver, settings.maxDays, latest));
      waiver = undefined;
    }
    if (waiver?.kind === "inline" && waiver.status === "proposed") {
      if (settings.inlineInChange === "honor" || (await input.inBase(f.path, f.ruleId, waiver.reason))) waiver = { ...waiver, status: "accepted" };
      else {
        const approval = live.find((c) => c.kind === "approve" && matches(c, f));
        if (approval) {
          used.add(approval);
          waiver = { ...waiver, status: "approved", approval: { by: approval.by, at: approval.at, ...(approval.url ? { url: approval.url } : {}) } };
        }
      }
    }
    if (!waiver || (waiver.kind === "inline" && waiver.status === "proposed")) {
      const command = live.find((c) => c.kind === "waive" && matches(c, f) && !(c.until && c.until > latest));
      if (command) {
        used.add(command);
        waiver = { kind: "command", reason: command.reason, by: command.by, at: command.at, ...(command.until ? { until: command.until } : {}), ...(command.url ? { url: command.url } : {}) };
      }
    }
    const { waiver: _old, ...rest } = f;
    out.push(waiver ? { ...rest, waiver } : rest);
  }
  for (const c of live) {
    if (used.has(c)) continue;
    if (c.kind === "waive" && c.until && c.until > latest) unused.push({ command: c, why: `waives nothing: its until date (${c.until}) is more than ${settings.maxDays} days away (waivers.max_days)` });
    else unused.push({ command: c, why: c.kind === "approve" ? "matched no proposed waiver" : "matched no finding" });
  }
  return { findings: out, unused };
}

/** The inline waivers of a file's text, for `inBase`: rule id and reason of each. */
export function inlineWaiversIn(text: string): { ruleId: string; reason: string }[] {
  const out: { ruleId: string; reason: string }[] = [];
  text.split("\n").forEach((line, i) => {
    const w = parseInlineWaiver(line, i + 1);
    if (w?.reason && w.ruleId) out.push({ ruleId: w.ruleId, reason: redact(w.reason) });
  });
  return out;
}

function tooLongFinding(f: Finding, waiver: Waiver, maxDays: number, latest: string): Finding {
  const where = waiver.kind === "inline" ? { line: waiver.line, what: `The inline waiver on line ${waiver.line}` } : { line: f.line, what: `The waiver by @${waiver.by}` };
  return {
    ruleId: "waiver-too-long",
    title: "Waiver for longer than the policy allows",
    area: "policy",
    safeguard: "164.316(b)(1)",
    severity: "error",
    path: f.path,
    line: where.line,
    message: `${where.what} for ${f.ruleId} runs until ${waiver.until}, more than ${maxDays} days from today (waivers.max_days); it waives nothing, so the finding stands.`,
    remediation: `Set an until date on or before ${latest}, and review the exception again then; or fix the finding.`,
    references: [],
    fingerprint: fingerprintOf({ ruleId: "waiver-too-long", path: f.path, maskedLine: `${f.fingerprint} ${waiver.until}`, occurrence: 0 }),
  };
}
