/** A resource of an infrastructure file, as block rules read it. */
export interface ResourceBlock {
  type: string;
  name: string;
  /** 1-based lines of the header and of the closing brace. */
  startLine: number;
  endLine: number;
  /** Block lines with comments blanked out, indexed from startLine. */
  lines: string[];
}
