/**
 * The local side of the review port: a git repository on disk (what `--head` adds relative to its merge base with
 * `--base`, like a pull request; or what is staged for the next commit, against HEAD) or a unified diff read from a
 * file or standard input. The policy is read from the base revision (through `git cat-file --batch`), never from the working tree.
 */
import type { ReviewPlatform } from "../../review/platform.js";
import type { OrgPolicySource } from "../../policy/plugins.js";
import { GitObjects } from "./git-objects.js";
import { localGitSource, resolveRange } from "./local-git-source.js";
import { patchSource } from "./patch-source.js";
import { resolveStaged, stagedSource } from "./staged-source.js";

export interface LocalOptions {
  cwd: string;
  /** The base branch; for a diff, optional (without it no base policy is read). */
  base?: string;
  head: string;
  /** A unified diff to review instead of asking git. */
  diff?: AsyncIterable<Buffer | string>;
  /** Review the index against HEAD (the pre-commit hook); `base` and `head` are not used. */
  staged?: boolean;
  policyOverride?: { file: string; text: string };
  readOrg?: () => Promise<OrgPolicySource>;
}

/** The reading half of a local review platform; the caller adds `publish`. */
export type LocalReading = Omit<ReviewPlatform, "publish"> & {
  /** The resolved revisions (not for a diff without --base). */
  revisions?: { base: string; head: string };
  /** Ends the git process that reads files (call when the review is done). */
  close(): void;
};

export async function localReading(options: LocalOptions): Promise<LocalReading> {
  const { cwd } = options;
  // One `git cat-file --batch` reads every file the review asks for: the policy, the manifest, head and base versions.
  const objects = new GitObjects(cwd);
  const close = () => objects.close();
  const common = {
    close,
    ...(options.policyOverride ? { policyOverride: options.policyOverride } : {}),
    ...(options.readOrg ? { readOrg: options.readOrg } : {}),
  };
  if (options.staged) {
    const range = await resolveStaged(cwd);
    const head = range.headSha;
    return {
      ...common,
      baseLabel: head ? `HEAD@${head.slice(0, 7)}` : "no commits yet",
      readBase: head ? (path) => objects.read(head, path) : async () => undefined,
      change: async () => stagedSource(range, objects),
    };
  }
  if (options.diff) {
    const source = patchSource(options.diff);
    if (!options.base) {
      return { ...common, baseLabel: "no base revision (--diff without --base)", readBase: async () => undefined, change: async () => source };
    }
    const range = await resolveRange(cwd, options.base, options.head);
    return { ...common, baseLabel: `${options.base}@${range.baseSha.slice(0, 7)}`, readBase: (path) => objects.read(range.baseSha, path), change: async () => source };
  }
  const base = options.base!;
  const range = await resolveRange(cwd, base, options.head);
  return {
    ...common,
    baseLabel: `${base}@${range.baseSha.slice(0, 7)}`,
    readBase: (path) => objects.read(range.baseSha, path),
    change: async () => localGitSource(range, objects),
    revisions: { base: range.baseSha, head: range.headSha },
  };
}
