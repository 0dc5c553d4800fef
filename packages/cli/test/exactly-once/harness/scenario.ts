/**
 * Scenarios: everything one seed decides. A scenario is a pair, a source population, the
 * faults (the simulator's random faults, the proxy's lost answers and failed lookups, a rate
 * limit) and a sequence of episodes, each a way a real migration gets interrupted:
 *
 * - `kill`: a `vaultport migrate run` child SIGKILLed once its journal has grown by a random
 *   number of lines (plus a few milliseconds, so the kill lands anywhere in the write protocol);
 * - `twoProcs`: two `migrate run` children on the same journal at once (one maybe killed);
 * - `run`: a child run that ends by itself, under the faults;
 *
 * each optionally followed by damage to the journal: its last line torn mid-way (the bytes
 * after a random point and the newline removed, as a crash mid-append leaves it), or the journal
 * deleted (the next run meets a target that already holds customers, with nothing journaled).
 * The scenario ends with the faults off and the same command run until it exits 0 (at most
 * three times), as an operator would; then both vaults are read and counted.
 */
import { FAULT_KINDS, type FaultKind } from '@vaultport/sandbox'
import { PAIRS, pairShort, type Pair } from './gateways'
import type { ProxyPlan } from './proxy'
import { hash32, rng } from './prng'

export type Damage = 'none' | 'tornTail' | 'deleteJournal'

export type Episode =
  | {
      readonly kind: 'kill'
      readonly concurrency: number
      /** Kill once this share of the expected journal lines has been added. */
      readonly atShare: number
      readonly delayMs: number
      readonly after: Damage
    }
  | {
      readonly kind: 'twoProcs'
      readonly concurrency: readonly [number, number]
      /** The second starts this long after the first. */
      readonly offsetMs: number
      /** Which of the two (if either) is killed, and when. */
      readonly kill?: { readonly which: 0 | 1; readonly atShare: number }
      readonly after: Damage
    }
  | { readonly kind: 'run'; readonly concurrency: number; readonly after: Damage }

export interface Scenario {
  readonly seed: number
  readonly pair: Pair
  readonly customers: number
  readonly twinGroups: number
  readonly faults: {
    readonly rate: number
    readonly kinds: ReadonlyArray<FaultKind>
    readonly hangMs: number
  }
  readonly rateLimit: number | null
  readonly proxy: ProxyPlan
  /** The adapters' per-request timeout in the migrating runs. */
  readonly timeoutMs: number
  readonly episodes: ReadonlyArray<Episode>
  readonly finalConcurrency: number
}

/** The simulator faults a run meets (not `badCredentials`: that one says nothing happened). */
const KINDS: ReadonlyArray<FaultKind> = FAULT_KINDS.filter((k) => k !== 'badCredentials')

const damage = (r: ReturnType<typeof rng>): Damage => {
  const x = r.next()
  return x < 0.4 ? 'tornTail' : x < 0.65 ? 'deleteJournal' : 'none'
}

/** The scenario of a seed: the same seed always gives the same scenario. */
export const buildScenario = (seed: number): Scenario => {
  const r = rng(hash32(`vaultport exactly-once ${seed}`))
  const pair = PAIRS[(((seed - 1) % PAIRS.length) + PAIRS.length) % PAIRS.length] as Pair
  const concurrency = () => r.pick([1, 2, 3, 4, 6, 8, 12, 16])
  const count = r.between(1, 3)
  const episodes: Episode[] = []
  for (let i = 0; i < count; i++) {
    // The first episode is always a kill: every scenario resumes from a killed run.
    const kind = i === 0 ? 'kill' : r.pick(['kill', 'twoProcs', 'twoProcs', 'run'] as const)
    const after = i === count - 1 && r.chance(0.5) ? 'none' : damage(r)
    if (kind === 'kill')
      episodes.push({
        kind,
        concurrency: concurrency(),
        atShare: r.real(0.05, 0.8),
        delayMs: r.between(0, 25),
        after,
      })
    else if (kind === 'twoProcs')
      episodes.push({
        kind,
        concurrency: [concurrency(), concurrency()],
        offsetMs: r.between(0, 250),
        ...(r.chance(0.4)
          ? { kill: { which: r.pick([0, 1] as const), atShare: r.real(0.1, 0.7) } }
          : {}),
        after,
      })
    else episodes.push({ kind, concurrency: concurrency(), after })
  }
  return {
    seed,
    pair,
    customers: r.between(12, 30),
    twinGroups: r.chance(0.85) ? r.between(1, 2) : 0,
    faults: { rate: r.real(0.1, 0.2), kinds: KINDS, hangMs: r.between(150, 600) },
    rateLimit: r.chance(0.3) ? r.between(40, 120) : null,
    proxy: {
      seed: hash32(`proxy ${seed}`),
      lostAnswer: r.real(0.03, 0.1),
      readBackFails: r.real(0.03, 0.1),
      blackoutMax: r.between(2, 6),
    },
    timeoutMs: r.between(1_000, 2_000),
    episodes,
    finalConcurrency: concurrency(),
  }
}

/** The kinds of interruption a scenario has, for coverage checks. */
export type Feature =
  'kill' | 'twoProcs' | 'tornTail' | 'deleteJournal' | 'twins' | 'rateLimit' | 'run'

export const featuresOf = (s: Scenario): ReadonlySet<Feature> => {
  const out = new Set<Feature>()
  for (const e of s.episodes) {
    out.add(e.kind)
    if (e.after !== 'none') out.add(e.after)
  }
  if (s.twinGroups > 0) out.add('twins')
  if (s.rateLimit !== null) out.add('rateLimit')
  return out
}

const episodeCode = (e: Episode): string => {
  const tail = e.after === 'tornTail' ? '+T' : e.after === 'deleteJournal' ? '+D' : ''
  if (e.kind === 'kill') return `K${e.concurrency}${tail}`
  if (e.kind === 'run') return `R${e.concurrency}${tail}`
  return `2P${e.concurrency[0]}/${e.concurrency[1]}${e.kill === undefined ? '' : 'k'}${tail}`
}

/**
 * The scenario in a few letters: customers, twin groups, fault rate, rate limit, then the
 * episodes (K kill, 2P two processes, R run; the number is the concurrency; +T torn tail,
 * +D deleted journal) and the final run's concurrency. E.g.
 * `c18 w2 f14% rl60 K4+T 2P8/1 F6`.
 */
export const describeScenario = (s: Scenario): string =>
  [
    `c${s.customers}`,
    `w${s.twinGroups}`,
    `f${Math.round(s.faults.rate * 100)}%`,
    ...(s.rateLimit === null ? [] : [`rl${s.rateLimit}`]),
    ...s.episodes.map(episodeCode),
    `F${s.finalConcurrency}`,
  ].join(' ')

export const scenarioTitle = (s: Scenario): string =>
  `seed ${s.seed} ${pairShort(s.pair)}: ${describeScenario(s)}`
