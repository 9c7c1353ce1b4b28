/**
 * Finds a Terraform module's inputs, `variable "NAME" { … }`, so a block rule can judge one as a whole: a module
 * whose switch for a safeguard (key rotation, flow logs, TLS) defaults to off gives every caller that does not set it
 * the unsafe setting. Type `variable`, name the variable's; the same brace matching as the resource finder (strings,
 * heredocs and comments skipped).
 */
import { findHeaderBlocks } from "./terraform.js";
import type { ResourceBlock } from "./types.js";

const HEADER = /^\s*variable\s+"([^"]+)"\s*\{/;

export function findTerraformVariables(text: string): ResourceBlock[] {
  return findHeaderBlocks(text, HEADER, (m) => ({ type: "variable", name: m[1]! }));
}
