/**
 * A trie of literal strings, each carrying values. `visitAll` walks a text once with it, as a table of transitions
 * (typed arrays: one lookup per character, no allocation), naming every string at every position; `source` factors it
 * into a regex (`sentry.io|segment.io` becomes `se(?:ntry\.io|gment\.io)`) for a yes/no search.
 */
/** Characters escaped in the regex source. */
const SPECIAL = new Set(".*+?^${}()|[]\\/");

interface TrieNode<T> {
  /** Its number: its place in `LiteralTrie.nodes`. */
  id: number;
  next: Map<number, TrieNode<T>>;
  /** Values of the string that ends here. */
  values?: T[];
}

/**
 * The trie as typed arrays, nodes numbered from the root (0). A node with many children (the root, the first letters)
 * has a row of 128 in `dense`, its child on each ASCII character (0: none); the other children of every node are a
 * run of `codes` and `children` from `first[node]` to `first[node + 1]`, looked through in turn (most nodes deep in
 * a trie have one child).
 */
interface TrieTable<T> {
  row: Int32Array;
  dense: Int32Array;
  first: Int32Array;
  codes: Uint16Array;
  children: Int32Array;
  values: (T[] | undefined)[];
}

/** Children from which a node gets a dense row. */
const DENSE_FROM = 6;

/**
 * Strings are added first; the first `visitAll` turns the trie into its table and lets the nodes go (a trie of a
 * pack's keywords has tens of thousands of nodes, each a Map: kept, the tries of a scan's file kinds held over 100 MB
 * that a 160 MB heap cap could not spare). Adding after that, or asking for `source`, is a programming error.
 */
export class LiteralTrie<T> {
  private root: TrieNode<T> | undefined = { id: 0, next: new Map() };
  private nodes: TrieNode<T>[] | undefined = [this.root!];
  private table: TrieTable<T> | undefined;
  private hasStrings = false;

  add(word: string, value: T): void {
    if (!this.root || !this.nodes) throw new Error("LiteralTrie: a string added after the trie was searched");
    if (word.length > 0) this.hasStrings = true;
    let node = this.root;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        node.next.set(c, (child = { id: this.nodes.length, next: new Map() }));
        this.nodes.push(child);
      }
      node = child;
    }
    if (!(node.values ??= []).includes(value)) node.values.push(value);
  }

  get empty(): boolean {
    return !this.hasStrings;
  }

  /** Regex source matching where any string starts (it stops at the shortest string of a branch). */
  source(): string {
    if (this.empty) return "(?!)";
    if (!this.root) throw new Error("LiteralTrie: source asked after the trie was searched");
    const root = this.root;
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
    walk(root);
    return parts.join("");
  }

  /**
   * Calls `visit` with the values of every string in `text` and where it starts, by position, then shorter strings
   * first; stops when `visit` returns true. Time: the text's length times the longest string's, at worst.
   */
  visitAll(text: string, visit: (value: T, at: number) => boolean | void): void {
    const { row, dense, first, codes, children, values } = (this.table ??= this.freeze());
    const n = text.length;
    for (let at = 0; at < n; at++) {
      let node = 0;
      for (let i = at; i < n; i++) {
        const code = text.charCodeAt(i);
        const r = row[node]!;
        let child = 0;
        if (r >= 0 && code < 128) child = dense[r + code]!;
        else {
          for (let j = first[node]!, end = first[node + 1]!; j < end; j++) {
            if (codes[j] === code) {
              child = children[j]!;
              break;
            }
          }
        }
        if (child === 0) break;
        node = child;
        const found = values[node];
        if (found !== undefined) for (const v of found) if (visit(v, at) === true) return;
      }
    }
  }

  /** The table, built once; the nodes go. */
  private freeze(): TrieTable<T> {
    const table = tabulate(this.nodes ?? []);
    this.nodes = undefined;
    this.root = undefined;
    return table;
  }
}

/** The trie's nodes as the table `visitAll` walks. */
function tabulate<T>(nodes: readonly TrieNode<T>[]): TrieTable<T> {
  const row = new Int32Array(nodes.length).fill(-1);
  let rows = 0;
  for (const node of nodes) if (node.next.size >= DENSE_FROM) row[node.id] = 128 * rows++;
  const dense = new Int32Array(rows * 128);
  const first = new Int32Array(nodes.length + 1);
  // Every node but the root is some node's child: at most that many sparse entries.
  const codes = new Uint16Array(nodes.length);
  const children = new Int32Array(nodes.length);
  let sparse = 0;
  for (const node of nodes) {
    const r = row[node.id]!;
    first[node.id] = sparse;
    for (const [code, child] of node.next) {
      if (r >= 0 && code < 128) dense[r + code] = child.id;
      else {
        codes[sparse] = code;
        children[sparse++] = child.id;
      }
    }
  }
  first[nodes.length] = sparse;
  return { row, dense, first, codes, children, values: nodes.map((node) => node.values) };
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
