/**
 * A tiny seeded PRNG (mulberry32): every random choice of the simulators (jitter, random faults,
 * seeded customers) goes through one, so a run is reproducible from its seed.
 */

export interface Prng {
  /** A float in [0, 1). */
  readonly next: () => number
  /** An integer in [0, n). */
  readonly int: (n: number) => number
  /** One element of a non-empty array. */
  readonly pick: <A>(items: readonly A[]) => A
}

export const createPrng = (seed: number): Prng => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(next() * n)
  const pick = <A>(items: readonly A[]): A => items[int(items.length)] as A
  return { next, int, pick }
}
