// The exactly-once suite (issue 15, "Done when"): seeded scenarios over PayTrace → FluidPay,
// PayTrace → Valor, PayTrace → PayTrace, FluidPay → Valor and Valor → FluidPay between the
// simulators on loopback, with the real adapters and real `vaultport migrate run` processes,
// combining kills, 10–20 % injected faults, writes whose answer is lost, lookups that fail after
// a landed write, concurrency 1–16, two processes on one journal, a torn journal tail, a deleted
// journal and customers sharing every contact field. After each scenario both vaults are read
// back and counted (harness/counts.ts); every count must be 0.
//
// Default: the fast set below. VAULTPORT_LONG=1: seeds 1..50 (VAULTPORT_FUZZ_COUNT=n for more).
// VAULTPORT_FUZZ_SEED=17 (or 3,17): replay those seeds only. VAULTPORT_FUZZ_KEEP=1 keeps each
// scenario's journal and card-data file in the temp directory.
import { killAll } from './harness/cli'
import { isClean, tableHeader, tableLine, type TableRow } from './harness/counts'
import { runScenario } from './harness/run'
import { buildScenario, scenarioTitle } from './harness/scenario'
import { chosenSeeds, FAST_SEEDS } from './seeds'

const LONG = process.env['VAULTPORT_LONG'] === '1'
const seeds = chosenSeeds(process.env, FAST_SEEDS)

const rows: TableRow[] = []

afterAll(() => {
  killAll()
  if (rows.length > 0)
    console.log(
      `exactly-once: ${rows.length} scenario(s)\n${tableHeader()}\n${rows
        .sort((a, b) => a.seed - b.seed)
        .map(tableLine)
        .join('\n')}`,
    )
})

describe('exactly once, under any fault', () => {
  it.each(seeds.map((seed) => ({ seed, title: scenarioTitle(buildScenario(seed)) })))(
    '$title',
    async ({ seed }) => {
      const scenario = buildScenario(seed)
      let result
      try {
        result = await runScenario(scenario)
      } catch (e) {
        throw new Error(
          `${scenarioTitle(scenario)}: the scenario could not be run: ${e instanceof Error ? e.message : String(e)}\n` +
            `replay: VAULTPORT_FUZZ_SEED=${seed} pnpm exec jest packages/cli/test/exactly-once`,
        )
      }
      rows.push(result.row)
      if (!isClean(result.counts))
        throw new Error(
          `${scenarioTitle(scenario)}: not exactly once\n${tableHeader()}\n${tableLine(result.row)}\n` +
            result.evidence.map((d) => `  ${d}\n`).join('') +
            result.details.map((d) => `  ${d}\n`).join('') +
            (process.env['VAULTPORT_FUZZ_KEEP'] === '1' ? `kept: ${result.dir}\n` : '') +
            `replay: VAULTPORT_FUZZ_SEED=${seed} pnpm exec jest packages/cli/test/exactly-once`,
        )
      expect(isClean(result.counts)).toBe(true)
    },
    // A bound on a hung scenario, not a claim about speed (children have their own deadline).
    LONG ? 900_000 : 300_000,
  )
})
