/**
 * A regex source that finds any of a set of literal strings, factored into a trie (`sentry.io|segment.io` becomes
 * `se(?:ntry\.io|gment\.io)`), so each position of the searched text tries one branch per character instead of
 * every string in turn. It finds where some string starts; which one is for the caller to tell.
 */
export function literalFinderSource(words: readonly string[]): string {
  interface Node { next: Map<string, Node>; end: boolean }
  const root: Node = { next: new Map(), end: false };
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  const source = (node: Node): string => {
    const branches = [...node.next].map(([ch, child]) => ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") + (child.end ? "" : source(child)));
    return branches.length === 1 ? branches[0]! : `(?:${branches.join("|")})`;
  };
  return root.next.size === 0 ? "(?!)" : source(root);
}
