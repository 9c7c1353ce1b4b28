/** A diff that cannot be read as a unified diff, with the line of the diff where reading failed. */
export class DiffError extends Error {
  constructor(readonly diffLine: number, readonly reason: string) {
    super(`malformed diff at line ${diffLine}: ${reason}`);
  }
}
