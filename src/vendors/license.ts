/**
 * License policy over SPDX expressions. An expression is read as its alternatives (OR) of licenses that all
 * apply together (AND): `MIT OR GPL-3.0-only` is acceptable when either side is, `Apache-2.0 AND BSD-3-Clause`
 * only when both are. Matching uses spdx-satisfies, so `GPL-2.0-or-later` can satisfy `GPL-3.0-only`.
 */
import parseSpdx from "spdx-expression-parse";
import spdxSatisfies from "spdx-satisfies";

export interface LicensePolicy {
  allow: string[];
  deny: string[];
}

export type LicenseVerdict =
  | { kind: "allowed"; expression: string }
  /** Every alternative includes a denied license. */
  | { kind: "denied"; expression: string; licenses: string[] }
  /** Some alternative avoids the deny list, but none is made only of allowed licenses. */
  | { kind: "not-allowed"; expression: string; licenses: string[] }
  /** No license recorded, or one that is not an SPDX expression (UNLICENSED, "SEE LICENSE IN ..."). */
  | { kind: "unknown"; expression?: string };

type Leaf = parseSpdx.LicenseInfo;

/** Why `expr` is not a usable SPDX expression, or undefined when it is. */
export function spdxProblem(expr: string): string | undefined {
  try {
    parseSpdx(expr);
    return undefined;
  } catch {
    return `"${expr}" is not a valid SPDX license expression (e.g. MIT, Apache-2.0, "MIT OR GPL-3.0-only")`;
  }
}

/** Why `id` cannot be an allow/deny list entry (one license, optionally with `+` or `WITH` an exception). */
export function spdxListEntryProblem(id: string): string | undefined {
  try {
    const info = parseSpdx(id);
    if ("conjunction" in info) return `"${id}" is an expression; list one license per entry (e.g. "MIT", "GPL-3.0-only")`;
    return undefined;
  } catch {
    return `"${id}" is not a valid SPDX license identifier (see https://spdx.org/licenses/)`;
  }
}

/** The alternatives of an expression: each a list of licenses that apply together. */
function alternatives(info: parseSpdx.Info): Leaf[][] {
  if (!("conjunction" in info)) return [[info]];
  const left = alternatives(info.left);
  const right = alternatives(info.right);
  if (info.conjunction === "or") return [...left, ...right];
  const out: Leaf[][] = [];
  for (const l of left) for (const r of right) out.push([...l, ...r]);
  return out;
}

function leafText(l: Leaf, withException = true): string {
  return `${l.license}${l.plus ? "+" : ""}${withException && l.exception ? ` WITH ${l.exception}` : ""}`;
}

function satisfiesAny(leaf: Leaf, list: string[], withException: boolean): boolean {
  if (list.length === 0 || leaf.license.startsWith("LicenseRef-") || leaf.license.startsWith("DocumentRef-")) return false;
  try {
    return spdxSatisfies(leafText(leaf, withException), list);
  } catch {
    return list.includes(leafText(leaf, withException));
  }
}

export function evaluateLicense(expression: string | undefined, policy: LicensePolicy): LicenseVerdict {
  const expr = expression?.trim();
  if (!expr) return { kind: "unknown" };
  let info: parseSpdx.Info;
  try {
    info = parseSpdx(expr);
  } catch {
    return { kind: "unknown", expression: expr };
  }
  const options = alternatives(info);
  // An exception only adds permissions: `Apache-2.0 WITH LLVM-exception` is allowed where Apache-2.0 is. A deny
  // entry matches with its exception, so `GPL-2.0-only WITH Classpath-exception-2.0` can be allowed separately.
  const deniedIn = (o: Leaf[]) => o.filter((l) => satisfiesAny(l, policy.deny, true));
  const unknownIn = (o: Leaf[]) => o.filter((l) => l.license.startsWith("LicenseRef-") || l.license.startsWith("DocumentRef-"));
  const acceptable = (o: Leaf[]) => deniedIn(o).length === 0 && unknownIn(o).length === 0 && (policy.allow.length === 0 || o.every((l) => satisfiesAny(l, policy.allow, false)));
  if (options.some(acceptable)) return { kind: "allowed", expression: expr };
  if (options.every((o) => deniedIn(o).length > 0)) {
    return { kind: "denied", expression: expr, licenses: unique(options.flatMap((o) => deniedIn(o).map((l) => leafText(l)))) };
  }
  if (options.every((o) => unknownIn(o).length > 0)) return { kind: "unknown", expression: expr };
  const notAllowed = options.filter((o) => deniedIn(o).length === 0).flatMap((o) => o.filter((l) => !satisfiesAny(l, policy.allow, false)).map((l) => leafText(l)));
  return { kind: "not-allowed", expression: expr, licenses: unique(notAllowed) };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
