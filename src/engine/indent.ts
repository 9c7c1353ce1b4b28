/** How far a line is indented: the length of its leading whitespace (a tab counts one). */
export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
