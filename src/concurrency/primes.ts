// The CPU-bound task of the pool experiment: counting primes in half-open ranges by trial division, so the work of a
// range grows with its numbers and no memory or I/O is involved. Tests: test/concurrency/pool.test.ts.

export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/** Primes p with lo <= p < hi. */
export function countPrimes(lo: number, hi: number): number {
  let count = 0;
  for (let n = lo; n < hi; n++) if (isPrime(n)) count++;
  return count;
}

/** Cuts [lo, hi) into consecutive ranges of `size` numbers (the last may be shorter). */
export function cutRanges(lo: number, hi: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = lo; a < hi; a += size) out.push([a, Math.min(a + size, hi)]);
  return out;
}

/** Groups items into batches of `size` (the last may be smaller). */
export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
