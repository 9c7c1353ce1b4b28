/** BAA state of a vendor on a given day (injected), and the calendar arithmetic it needs. */
import type { BaaSpec } from "./types.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type BaaState =
  /** Signed, in effect, not expiring within the window. */
  | { kind: "valid"; expires?: string }
  /** Signed and in effect, but ends within the warning window (0 = ends today, still in effect). */
  | { kind: "expiring"; expires: string; days: number }
  /** Signed, but its end date has passed. */
  | { kind: "expired"; expires: string; days: number }
  /** Signed, but it only takes effect later. */
  | { kind: "not-yet-effective"; effective: string }
  | { kind: "not-required"; reason?: string }
  /** pending, none, or no BAA recorded at all. */
  | { kind: "missing"; status: "pending" | "none" | "absent" };

/**
 * The state of a BAA on `today`. An agreement is in effect through its `expires` day inclusive: it expires
 * "today" is still valid (a warning), "yesterday" is expired (blocking).
 */
export function baaState(baa: BaaSpec | undefined, today: string, warningDays: number): BaaState {
  if (!baa) return { kind: "missing", status: "absent" };
  switch (baa.status) {
    case "not-required":
      return { kind: "not-required", ...(baa.reason ? { reason: baa.reason } : {}) };
    case "pending":
    case "none":
      return { kind: "missing", status: baa.status };
    case "signed": {
      if (baa.effective && daysBetween(today, baa.effective) > 0) return { kind: "not-yet-effective", effective: baa.effective };
      if (!baa.expires) return { kind: "valid" };
      const days = daysBetween(today, baa.expires);
      if (days < 0) return { kind: "expired", expires: baa.expires, days: -days };
      if (days <= warningDays) return { kind: "expiring", expires: baa.expires, days };
      return { kind: "valid", expires: baa.expires };
    }
  }
}

/** Whether PHI may flow to a party with this BAA state (an expiring BAA is still in effect). */
export function coversPhi(state: BaaState): boolean {
  return state.kind === "valid" || state.kind === "expiring" || state.kind === "not-required";
}

export function describeBaaState(state: BaaState): string {
  switch (state.kind) {
    case "valid": return state.expires ? `signed, valid until ${state.expires}` : "signed, no end date";
    case "expiring": return state.days === 0 ? `signed, expires today (${state.expires})` : `signed, expires ${state.expires} (in ${state.days} day${state.days === 1 ? "" : "s"})`;
    case "expired": return `expired ${state.expires} (${state.days} day${state.days === 1 ? "" : "s"} ago)`;
    case "not-yet-effective": return `signed, takes effect ${state.effective}`;
    case "not-required": return `not required${state.reason ? ` (${state.reason})` : ""}`;
    case "missing": return state.status === "absent" ? "no BAA recorded" : `BAA ${state.status}`;
  }
}
