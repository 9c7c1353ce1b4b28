/**
 * Block finders, keyed by a block rule's `block.kind`: each knows the file kinds its resources live in and finds
 * them in a whole file. A new kind of resource (CloudFormation, Kubernetes…) is one finder here and its name in
 * the rule-pack schema; the engine dispatches on the kind and knows no format.
 */
import type { Language } from "../files/languages.js";
import { findResourceBlocks } from "./blocks/terraform.js";
import { findYamlItems } from "./blocks/yaml-items.js";
import type { ResourceBlock } from "./blocks/types.js";

export type { ResourceBlock } from "./blocks/types.js";

export interface BlockFinder {
  /** File kinds an unscoped rule of this kind reads. */
  languages: readonly Language[];
  find(content: string): ResourceBlock[];
}

export const BLOCK_FINDERS = {
  "terraform-resource": { languages: ["terraform"], find: findResourceBlocks },
  "yaml-item": { languages: ["yaml"], find: findYamlItems },
} as const satisfies Record<string, BlockFinder>;

export type BlockKind = keyof typeof BLOCK_FINDERS;
