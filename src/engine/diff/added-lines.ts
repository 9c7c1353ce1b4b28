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

/**
 * An environment variable declared from a secret (Kubernetes `- name: DATABASE_URL` then `valueFrom:` /
 * `secretKeyRef:` on the next lines; External Secrets' `- secretKey: DATABASE_URL` then `remoteRef:`): its value is
 * kept where the change cannot show it.
 */
const ENV_NAME = /^\s*-\s*(?:name|secretKey)\s*:\s*["']?([A-Za-z_][\w.-]{1,100})["']?\s*$/;
const FROM_SECRET = /^\s*(?:valueFrom|secretKeyRef|remoteRef)\s*:/;
/** A setting a line writes, `DATABASE_URL: …` or `DATABASE_URL=…` (its name). */
const SETTING_NAME = /^\s*["']?([A-Za-z_][\w.-]{1,100})["']?\s*[:=]/;
/** Marks a setting's name in the filter, apart from any line's text. */
const FROM_SECRET_MARK = "\u0000from-secret:";

export class AddedLines {
  private readonly bits = new Uint32Array(BITS / 32);

  add(line: string): void {
    const text = line.trim();
    if (text.length < MIN_LENGTH || text.length > MAX_LENGTH) return;
    for (const bit of bitsOf(text)) this.bits[bit >>> 5]! |= 1 << (bit & 31);
  }

  /**
   * Keeps the names of the settings `lines` (a file's lines in order, added ones marked) declare from a secret: a
   * setting a change removes from one file (a ConfigMap's `DATABASE_URL: postgres://…?sslmode=require`) and declares
   * from a secret in another was moved where its value is kept, not removed. Only declarations whose value the
   * change does not show count (a plain `value:` is the line rules' to read).
   */
  addFromSecrets(lines: readonly { text: string; added: boolean }[]): void {
    for (let i = 0; i < lines.length - 1; i++) {
      if (!lines[i]!.added) continue;
      const name = ENV_NAME.exec(lines[i]!.text)?.[1];
      if (name && [lines[i + 1], lines[i + 2]].some((l) => l?.added && FROM_SECRET.test(l.text))) this.add(FROM_SECRET_MARK + name);
    }
  }

  /** Whether `line` writes a setting the change declares from a secret elsewhere (`addFromSecrets`). */
  movedToSecret(line: string): boolean {
    const name = SETTING_NAME.exec(line)?.[1];
    return name !== undefined && this.has(FROM_SECRET_MARK + name);
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
