/**
 * Whether a change added a given line anywhere, asked after the whole change was read: a safeguard a change removes
 * from one file and adds, as it was, to another (settings moved to `locals.tf`, `auditlog.register(…)` moved to
 * `apps.py`) was moved, not removed. A Bloom filter of the added lines, whitespace at either end aside: fixed memory
 * whatever the change's size (2^23 bits, 1 MB), a false "added" about once in ten thousand at a million added lines
 * (the finding is then not reported), never a false "not added".
 */
const BITS = 1 << 23;
/** Lines outside these lengths are not kept (a safeguard is one short line); asking about one answers "not added". */
const MIN_LENGTH = 4;
const MAX_LENGTH = 400;

export class AddedLines {
  private readonly bits = new Uint32Array(BITS / 32);

  add(line: string): void {
    const text = line.trim();
    if (text.length < MIN_LENGTH || text.length > MAX_LENGTH) return;
    for (const bit of bitsOf(text)) this.bits[bit >>> 5]! |= 1 << (bit & 31);
  }

  has(line: string): boolean {
    const text = line.trim();
    if (text.length < MIN_LENGTH || text.length > MAX_LENGTH) return false;
    return bitsOf(text).every((bit) => (this.bits[bit >>> 5]! & (1 << (bit & 31))) !== 0);
  }
}

/** Three bit positions from two 32-bit hashes of the text (FNV-1a and a multiplicative one), double hashing. */
function bitsOf(text: string): number[] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  const mask = BITS - 1;
  return [(a >>> 0) & mask, ((a + b) >>> 0) & mask, ((a + 2 * b) >>> 0) & mask];
}
