/**
 * Which seeds the suite runs. The fast set is chosen so that, together, its scenarios cover all
 * five pairs and every kind of interruption with small populations (scenario.test.ts checks the
 * coverage, so a change to the generator cannot quietly drop one); the long mode runs 50 seeds
 * or more; a replay runs the seeds it is given.
 */

/** Ten scenarios, two per pair (scenario.test.ts lists what they cover). */
export const FAST_SEEDS: ReadonlyArray<number> = [16, 31, 32, 47, 13, 58, 24, 59, 15, 35]

export const LONG_DEFAULT_COUNT = 50

/**
 * `VAULTPORT_FUZZ_SEED=17` or `=3,17`: those seeds; else `VAULTPORT_LONG=1`: seeds 1..n with n
 * `VAULTPORT_FUZZ_COUNT` (at least 50); else the fast set.
 */
export const chosenSeeds = (
  env: Readonly<Record<string, string | undefined>>,
  fast: ReadonlyArray<number>,
): ReadonlyArray<number> => {
  const replay = env['VAULTPORT_FUZZ_SEED']
  if (replay !== undefined && replay.trim() !== '') {
    const seeds = replay.split(',').map((s) => Number(s.trim()))
    if (seeds.some((s) => !Number.isSafeInteger(s)))
      throw new Error(`VAULTPORT_FUZZ_SEED must be integers separated by commas, not ${replay}`)
    return seeds
  }
  if (env['VAULTPORT_LONG'] === '1') {
    const asked = Number(env['VAULTPORT_FUZZ_COUNT'] ?? LONG_DEFAULT_COUNT)
    const n = Number.isSafeInteger(asked) ? Math.max(LONG_DEFAULT_COUNT, asked) : LONG_DEFAULT_COUNT
    return Array.from({ length: n }, (_, i) => i + 1)
  }
  return fast
}
