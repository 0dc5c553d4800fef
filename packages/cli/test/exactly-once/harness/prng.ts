/**
 * The suite's own small seeded PRNG (mulberry32) and a string hash, so a scenario is rebuilt
 * exactly from its seed. Kept here rather than imported from the simulators: the scenario
 * generator must not change when a simulator's internals do.
 */

export interface Rng {
  /** A float in [0, 1). */
  readonly next: () => number
  /** An integer in [lo, hi] (both included). */
  readonly between: (lo: number, hi: number) => number
  /** True with probability p. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty array. */
  readonly pick: <A>(items: readonly A[]) => A
  /** A float in [lo, hi). */
  readonly real: (lo: number, hi: number) => number
}

export const rng = (seed: number): Rng => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const between = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1))
  return {
    next,
    between,
    chance: (p) => next() < p,
    pick: <A>(items: readonly A[]): A => items[Math.floor(next() * items.length)] as A,
    real: (lo, hi) => lo + next() * (hi - lo),
  }
}

/** FNV-1a over a string: a 32-bit seed for "the same request decides the same way". */
export const hash32 = (text: string, seed = 0x811c9dc5): number => {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}
