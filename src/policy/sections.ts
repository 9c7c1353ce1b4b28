/**
 * `.hipaa.yml` is read as registered sections: the core settings (config.ts) and one section per plug-in that has
 * settings (e.g. `vendors:`). A section validates what the schema cannot, and merges its settings over the
 * organisation's (a floor a repository can only tighten) or over the defaults.
 */
import type { ConfigSpec, Policy } from "./types.js";

export interface SectionProblem {
  /** Key path from the document's root, e.g. ["vendors", "licenses", "deny", 2]. */
  path: (string | number)[];
  message: string;
}

export interface ConfigSection<V> {
  /** Its top-level key in `.hipaa.yml`. */
  key: string;
  /** Problems beyond the JSON schema (it sees the whole file, for settings that span sections). */
  problems(config: ConfigSpec): SectionProblem[];
  /** The section's settings: this file's over `base` (the organisation's when `floor`, else undefined for the defaults). */
  merge(base: V | undefined, config: ConfigSpec, floor: boolean): V | undefined;
}

/** A section's settings in a policy; undefined means its defaults. */
export function sectionOf<V>(policy: Policy, section: ConfigSection<V>): V | undefined {
  return policy.sections.get(section.key) as V | undefined;
}
