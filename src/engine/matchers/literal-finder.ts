/**
 * A trie of literal strings, each carrying values, and the regex it factors into: `sentry.io|segment.io` becomes
 * `se(?:ntry\.io|gment\.io)`, so each position of a searched text tries one branch per character instead of every
 * string in turn. The regex finds where some string starts; a walk of the trie from there names which.
 */
/** Characters escaped in the regex source. */
const SPECIAL = new Set(".*+?^${}()|[]\\/");

interface TrieNode<T> {
  next: Map<number, TrieNode<T>>;
  /** Values of the string that ends here. */
  values?: T[];
}

export class LiteralTrie<T> {
  private readonly root: TrieNode<T> = { next: new Map() };

  add(word: string, value: T): void {
    let node = this.root;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map() }));
      node = child;
    }
    if (!(node.values ??= []).includes(value)) node.values.push(value);
  }

  get empty(): boolean {
    return this.root.next.size === 0;
  }

  /** Regex source matching where any string starts (it stops at the shortest string of a branch). */
  source(): string {
    if (this.empty) return "(?!)";
    // Built into one list of parts (a trie of a thousand keywords has thousands of nodes: no string per subtree).
    const parts: string[] = [];
    const walk = (node: TrieNode<T>) => {
      const group = node.next.size > 1;
      if (group) parts.push("(?:");
      let first = true;
      for (const [c, child] of node.next) {
        if (!first) parts.push("|");
        first = false;
        const char = String.fromCharCode(c);
        parts.push(SPECIAL.has(char) ? `\\${char}` : char);
        if (!child.values) walk(child);
      }
      if (group) parts.push(")");
    };
    walk(this.root);
    return parts.join("");
  }

  /** Calls `visit` with the values of every string that starts at `at` in `text`. */
  visitAt(text: string, at: number, visit: (value: T) => void): void {
    let node: TrieNode<T> | undefined = this.root;
    for (let i = at; i < text.length; i++) {
      node = node.next.get(text.charCodeAt(i));
      if (!node) return;
      if (node.values) for (const v of node.values) visit(v);
    }
  }
}

/** Regex source finding any of `words` (see LiteralTrie). */
export function literalFinderSource(words: readonly string[]): string {
  const trie = new LiteralTrie<true>();
  for (const w of words) trie.add(w, true);
  return trie.source();
}

/** A test of whether a text holds one of `words` (a string search for one word, the trie's regex for more). */
export function holdsOneOf(words: readonly string[]): (text: string) => boolean {
  const unique = [...new Set(words)];
  if (unique.length === 1) {
    const only = unique[0]!;
    return (text) => text.includes(only);
  }
  const finder = new RegExp(literalFinderSource(unique));
  return (text) => finder.test(text);
}
