/**
 * Finding fingerprints: stable when unrelated lines move, different for different findings, and computed
 * from masked text only (a hash of a raw 9-digit SSN could be brute-forced back to the number).
 */
import { createHash } from "node:crypto";

export function fingerprintOf(parts: { ruleId: string; path: string; maskedLine: string; occurrence: number }): string {
  const normalized = parts.maskedLine.replace(/\s+/g, " ").trim();
  return createHash("sha256")
    .update(`${parts.ruleId}\u0000${parts.path}\u0000${normalized}\u0000${parts.occurrence}`)
    .digest("hex")
    .slice(0, 20);
}
