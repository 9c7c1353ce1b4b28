/**
 * What a plug-in brings to the policy: its rules (so `.hipaa.yml` may set them and an unknown id is an error),
 * its configuration section, and how it is set up for one review from the base revision.
 */
import type { Plugin, Severity } from "../engine/types.js";
import type { Policy } from "./config.js";
import type { ConfigSection } from "./sections.js";

export interface PluginRule {
  id: string;
  severity: Severity;
  title: string;
}

/** The organisation's policy, for `extends: org`. */
export interface OrgPolicySource {
  text: string;
  /** Describes where it came from, e.g. "acme/.github:.hipaa.yml@main". */
  label: string;
  /** Reads another file next to it (e.g. the organisation's vendor manifest); undefined when absent. */
  readFile?: (path: string) => Promise<string | undefined>;
  /** Describes such a file for reports, e.g. "acme/.github:.hipaa/vendors.yml". */
  fileLabel?: (path: string) => string;
}

export interface PluginSetupContext {
  policy: Policy;
  /** Reads a file at the base revision; undefined when it does not exist there. */
  readBase(path: string): Promise<string | undefined>;
  /** Describes the base revision for reports, e.g. "main@1a2b3c4". */
  baseLabel: string;
  /** The organisation's policy when the repository extends it: its source, and the policy it parsed to. */
  org?: { source: OrgPolicySource; policy: Policy };
}

export interface PluginSetup<S = unknown> {
  plugin: Plugin;
  /** Repository files that configure it (read from the base); a change to one is reported like `.hipaa.yml`'s. */
  policyFiles: string[];
  /** What it loaded (e.g. the vendor manifest), for commands that report on it. */
  state: S;
}

export interface PolicyPlugin<S = unknown, V = unknown> {
  id: string;
  rules: readonly PluginRule[];
  section?: ConfigSection<V>;
  setup(context: PluginSetupContext): Promise<PluginSetup<S>>;
}
