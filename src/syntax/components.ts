/**
 * Single-file components (Vue's `.vue`, Svelte's `.svelte`): markup, style and one or two `<script>` blocks in one
 * file. The parser is given the scripts only, every other line left empty, so the file keeps its line numbers and the
 * grammar never reads the markup as code. Linear: one pass over the lines, two fixed tests per line.
 */
const COMPONENT = /\.(vue|svelte)$/i;
// (an opening tag's attributes read at most 1,000 characters: many unclosed `<script` on one line stay linear)
const OPENS = /<script\b[^>]{0,1000}>/i;
const CLOSES = /<\/script\s*>/i;

export function isComponent(path: string): boolean {
  return COMPONENT.test(path);
}

/** The component's `<script>` blocks in place; every other line (and any part of a line outside them) blank. */
export function scriptsOf(content: string): string {
  const out: string[] = [];
  let inside = false;
  for (const line of content.split("\n")) {
    let rest = line;
    let kept = "";
    for (;;) {
      if (!inside) {
        const open = OPENS.exec(rest);
        if (!open) break;
        rest = rest.slice(open.index + open[0].length);
        inside = true;
      }
      const close = CLOSES.exec(rest);
      if (!close) {
        kept += rest;
        break;
      }
      kept += rest.slice(0, close.index);
      rest = rest.slice(close.index + close[0].length);
      inside = false;
    }
    out.push(kept);
  }
  return out.join("\n");
}
