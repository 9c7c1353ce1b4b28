/** Binary search over sorted arrays (line numbers, paths): one implementation for the places that need it. */

/** The index of the first element of `sorted` (ascending) that is not below `value`; `sorted.length` if none. */
export function lowerBound<T extends number | string>(sorted: readonly T[], value: T): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The number of `sorted` (ascending) in [from, to] nearest to `to` (the last one there), or undefined. */
export function lastWithin(sorted: readonly number[], from: number, to: number): number | undefined {
  const i = lowerBound(sorted, to + 1) - 1;
  return i >= 0 && sorted[i]! >= from ? sorted[i] : undefined;
}

/** The number of `sorted` (ascending) in [from, to] nearest to `from` (the first one there), or undefined. */
export function firstWithin(sorted: readonly number[], from: number, to: number): number | undefined {
  const i = lowerBound(sorted, from);
  return i < sorted.length && sorted[i]! <= to ? sorted[i] : undefined;
}

/** Whether some number of `sorted` (ascending) lies in [from, to]. */
export function anyWithin(sorted: readonly number[], from: number, to: number): boolean {
  const i = lowerBound(sorted, from);
  return i < sorted.length && sorted[i]! <= to;
}
