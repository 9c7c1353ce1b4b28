/**
 * Block finders, keyed by a block rule's `block.kind`: each knows the file kinds its resources live in and finds
 * them in a whole file. A new kind of resource (Kubernetes, Bicep…) is one finder here and its name in the
 * rule-pack schema; the engine dispatches on the kind and knows no format.
 */
import type { Language } from "../files/languages.js";
import type { FileDiff } from "../types.js";
import { findCloudFormationResources, mayHoldTemplate } from "./blocks/cloudformation.js";
import { findCodeConstructs, mayHoldConstructs } from "./blocks/code-constructs.js";
import { findResourceBlocks } from "./blocks/terraform.js";
import { findTerraformVariables } from "./blocks/terraform-variables.js";
import { findYamlItems } from "./blocks/yaml-items.js";
import { findKubernetesObjects, mayHoldObjects } from "./blocks/kubernetes.js";
import type { ResourceBlock } from "./blocks/types.js";

export { BlockFileError, type ResourceBlock } from "./blocks/types.js";

export interface BlockFinder {
  /** File kinds an unscoped rule of this kind reads. */
  languages: readonly Language[];
  /**
   * Whether the lines the diff shows suggest the file holds resources of this kind; when they do not, the head
   * version is not read for these rules (a file kind shared with ordinary files, such as YAML, stays cheap).
   */
  mayHold?(file: FileDiff): boolean;
  /** The file's resources; throws BlockFileError when the file cannot be read as this kind. */
  find(content: string): ResourceBlock[];
}

export const BLOCK_FINDERS = {
  "terraform-resource": { languages: ["terraform"], find: findResourceBlocks },
  "cloudformation-resource": { languages: ["yaml", "json"], mayHold: mayHoldTemplate, find: findCloudFormationResources },
  "yaml-item": { languages: ["yaml"], find: findYamlItems },
  "terraform-variable": { languages: ["terraform"], find: findTerraformVariables },
  "code-construct": { languages: ["typescript", "javascript", "python"], mayHold: mayHoldConstructs, find: findCodeConstructs },
  "kubernetes-object": { languages: ["yaml"], mayHold: mayHoldObjects, find: findKubernetesObjects },
} as const satisfies Record<string, BlockFinder>;

export type BlockKind = keyof typeof BLOCK_FINDERS;

/** Per file, whether it may hold each kind: asked when deciding to read the head and again when evaluating. */
const heldByFile = new WeakMap<FileDiff, Map<BlockKind, boolean>>();

/** The block rules whose kind the file may hold (see `BlockFinder.mayHold`), asking each kind once per file. */
export function blockRulesFor<R extends { block?: { spec: { kind: BlockKind } } }>(rules: readonly R[], file: FileDiff): R[] {
  if (rules.length === 0) return [];
  let held = heldByFile.get(file);
  if (!held) heldByFile.set(file, (held = new Map()));
  return rules.filter((r) => {
    const kind = r.block!.spec.kind;
    let yes = held!.get(kind);
    if (yes === undefined) {
      const finder: BlockFinder = BLOCK_FINDERS[kind];
      held!.set(kind, (yes = finder.mayHold ? finder.mayHold(file) : true));
    }
    return yes;
  });
}
