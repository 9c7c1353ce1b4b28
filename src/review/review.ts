/**
 * The review of a change, whatever platform it runs on, in explicit stages: load the policy from the base, scan the
 * change (the engine asks the policy's judge about every finding), apply the platform's waivers, and hand the
 * outcome to the platform to publish. Platform-free: everything outside comes through the ReviewPlatform port.
 */
import type { Report } from "../engine/report.js";
import type { SyntaxParser } from "../engine/syntax/model.js";
import { treeSitterParser } from "../syntax/tree-sitter.js";
import type { LoadedPacks } from "../engine/rules/pack.js";
import { runScan, sortFindings, type ScanBudget, type ScanStats } from "../engine/scan.js";
import { ConfigError, loadPolicy, type LoadedPolicy } from "../policy/load.js";
import { violationFinding } from "../policy/policy-files.js";
import { decideWaivers, inlineWaiversIn } from "../policy/waivers.js";
import type { Catalogue } from "../vendors/catalogue.js";
import { vendorPolicyPlugin } from "../vendors/policy-plugin.js";
import type { PolicyReading, ReviewOutcome, ReviewPlatform } from "./platform.js";

export interface ReviewDeps {
  packs: LoadedPacks;
  /** The built-in vendor catalogue. */
  vendorCatalogue?: Catalogue;
  /** YYYY-MM-DD from the caller's clock. */
  today: string;
  onFile?: (stats: ScanStats, path: string) => void;
  /** Time limits per file and per review (default: none); past one the review fails closed, naming the file. */
  budget?: ScanBudget;
  /** Parses files for syntax rules (default: tree-sitter). */
  syntax?: SyntaxParser;
}

/** The default limits: a minute for one file, five for a whole review. */
export const DEFAULT_TIME_LIMITS = { fileMs: 60_000, reviewMs: 300_000 };

/** Runs every stage and publishes the outcome; returns it too (the CLI's exit code, the App's log line). */
export async function runReview(platform: ReviewPlatform, deps: ReviewDeps): Promise<ReviewOutcome> {
  const outcome = await reviewOutcome(platform, deps);
  await platform.publish(outcome);
  return outcome;
}

async function reviewOutcome(platform: ReviewPlatform, deps: ReviewDeps): Promise<ReviewOutcome> {
  try {
    const loaded = await loadReviewPolicy(platform, deps);
    const skip = platform.skip?.(loaded.policy);
    if (skip) return { kind: "skipped", ...skip };
    return { kind: "reviewed", report: await reviewChange(platform, loaded, deps), loaded };
  } catch (error) {
    return error instanceof ConfigError ? { kind: "invalid-policy", error } : { kind: "failed", error };
  }
}

/** Stage 1: the policy, from the base revision (or the platform's explicit override), with the plug-ins set up. */
export function loadReviewPolicy(platform: PolicyReading, deps: Pick<ReviewDeps, "packs" | "vendorCatalogue">): Promise<LoadedPolicy> {
  return loadPolicy({
    packs: deps.packs,
    readBase: (path) => platform.readBase(path),
    baseLabel: platform.baseLabel,
    ...(platform.policyOverride ? { override: platform.policyOverride } : {}),
    ...(platform.readOrg ? { readOrg: () => platform.readOrg!() } : {}),
    plugins: [
      vendorPolicyPlugin({
        ...(deps.vendorCatalogue ? { catalogue: deps.vendorCatalogue } : {}),
        ...(platform.licenseLookup ? { licenseLookup: platform.licenseLookup } : {}),
      }),
    ],
  });
}

/**
 * Stages 2 and 3: scan the change under the policy's judge, then decide the waivers: the inline ones the scan read
 * (a waiver the change adds is a proposal unless the base already had it or the policy honours it) and the
 * commands recorded on the platform.
 */
export async function reviewChange(platform: ReviewPlatform, loaded: LoadedPolicy, deps: Pick<ReviewDeps, "today" | "onFile" | "budget" | "syntax">): Promise<Report> {
  const change = await platform.change();
  const scanned = await runScan({
    source: change,
    policy: loaded.judge,
    plugins: loaded.plugins,
    today: deps.today,
    syntax: deps.syntax ?? treeSitterParser(),
    ...(deps.onFile ? { onFile: deps.onFile } : {}),
    ...(deps.budget ? { budget: deps.budget } : {}),
  });
  const collected = platform.waivers ? await platform.waivers(loaded.policy, deps.today) : { waivers: [], refused: [] };
  const baseWaivers = new Map<string, Promise<{ ruleId: string; reason: string }[]>>();
  const decided = await decideWaivers({
    findings: [...scanned.findings, ...loaded.policy.violations.map(violationFinding)],
    commands: collected.waivers,
    settings: loaded.policy.waivers,
    today: deps.today,
    inBase: async (path, ruleId, reason) => {
      let inFile = baseWaivers.get(path);
      if (!inFile) baseWaivers.set(path, (inFile = platform.readBase(path).then((text) => (text === undefined ? [] : inlineWaiversIn(text)), () => [])));
      return (await inFile).some((w) => w.ruleId === ruleId && w.reason === reason);
    },
  });
  return {
    ...scanned,
    findings: sortFindings(decided.findings),
    notices: [
      ...(change.notices ?? []),
      ...scanned.notices,
      ...decided.unused.map(({ command, why }) => ({ message: `${command.kind === "approve" ? "Approval" : "Waiver"} by @${command.by} for \`${command.target}\`${command.kind === "waive" ? ` (${command.reason})` : ""} ${why}.` })),
      ...collected.refused.map((r) => ({ message: `A waiver command by @${r.login} was not accepted: ${r.why} (${r.url}).` })),
    ],
    policySource: loaded.policy.source,
    failOn: loaded.policy.failOn,
  };
}
