// A ReviewPlatform for tests, in the spirit of danger-js's FakePlatform: the base's files from a map, the change
// from a unified diff, optional waivers, and the published outcome captured for assertions.
import type { Report } from "../../src/engine/report.js";
import type { LoadedPacks } from "../../src/engine/rules/pack.js";
import { patchSource } from "../../src/platforms/local/patch-source.js";
import type { OrgPolicySource } from "../../src/policy/plugins.js";
import type { PlatformWaivers, ReviewOutcome, ReviewPlatform } from "../../src/review/platform.js";
import { runReview } from "../../src/review/review.js";
import type { Catalogue } from "../../src/vendors/catalogue.js";

export interface FakeOptions {
  /** Files at the base revision (the policy is read from here). */
  base?: Record<string, string | undefined>;
  /** The change, as a unified diff. */
  diff: string;
  /** Whole head files, for rules that read whole resources. */
  head?: Record<string, string>;
  org?: OrgPolicySource;
  waivers?: PlatformWaivers;
  baseLabel?: string;
}

export interface FakePlatform extends ReviewPlatform {
  published: ReviewOutcome[];
}

export function fakePlatform(options: FakeOptions): FakePlatform {
  const published: ReviewOutcome[] = [];
  return {
    published,
    baseLabel: options.baseLabel ?? "main@abc1234",
    readBase: async (path) => options.base?.[path],
    ...(options.org ? { readOrg: async () => options.org } : {}),
    // The base's files also answer the change's base reads (whole-resource rules compare with them).
    change: async () => ({ ...patchSource([options.diff], async (p) => options.head?.[p]), readBase: async (p: string) => options.base?.[p] }),
    ...(options.waivers ? { waivers: async () => options.waivers! } : {}),
    publish: async (outcome) => void published.push(outcome),
  };
}

/** Reviews the change on a fake platform; throws the policy's ConfigError, returns the report otherwise. */
export async function fakeReview(options: FakeOptions & { packs: LoadedPacks; today: string; vendorCatalogue?: Catalogue }): Promise<Report> {
  const outcome = await runReview(fakePlatform(options), { packs: options.packs, today: options.today, ...(options.vendorCatalogue ? { vendorCatalogue: options.vendorCatalogue } : {}) });
  if (outcome.kind === "reviewed") return outcome.report;
  if (outcome.kind === "invalid-policy" || outcome.kind === "failed") throw outcome.error;
  throw new Error(`review skipped: ${outcome.title}`);
}
