/** A resource of an infrastructure file, as block rules read it. */
export interface ResourceBlock {
  type: string;
  /** The resource's name in its file (Terraform's second label, CloudFormation's logical id). */
  name: string;
  /** 1-based lines of the header and of the block's last line. */
  startLine: number;
  endLine: number;
  /**
   * The line that names the resource's type, where a finding on the whole resource sits when the change touched
   * it (CloudFormation's `Type:` line); the header when absent (Terraform's header names both).
   */
  typeLine?: number;
  /** Block lines with comments blanked out, indexed from startLine. */
  lines: string[];
}

/**
 * A file a finder cannot read (a template that does not parse, one past its size bound): the engine reports it as
 * a notice naming the line, so whole-resource rules never pass silently.
 */
export class BlockFileError extends Error {
  constructor(readonly line: number, readonly reason: string) {
    super(`line ${line}: ${reason}`);
  }
}
