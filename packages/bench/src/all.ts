/**
 * `pnpm bench`: every benchmark in turn, each in its own process (so one's heap and sockets do
 * not colour the next), then one summary of every figure that has a target, met or missed. The
 * package script builds the workspace first, and every process here resolves `@vaultport/*` to
 * the built packages (`tsconfig.dist.json`), as an application would.
 *
 * Each script reports its figures with `reportFigure` (util.ts), which appends them to the
 * results file this run passes in `VAULTPORT_BENCH_RESULTS`; the summary is read back from it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DIST_TSCONFIG,
  RESULTS_ENV,
  fmt,
  machine,
  printTable,
  readFigures,
  type ReportedFigure,
} from './util'

const SCRIPTS: ReadonlyArray<[string, ReadonlyArray<string>]> = [
  ['overhead.ts', []],
  ['codec.ts', []],
  ['throughput.ts', []],
  ['memory.ts', ['--expose-gc']],
  ['simulators.ts', []],
  ['footprint.ts', []],
  ['fleet.ts', []],
]

/** A figure's value with as many decimals as its size needs. */
const valueText = (f: ReportedFigure): string =>
  fmt(f.value, Math.abs(f.value) >= 100 ? 0 : Math.abs(f.value) >= 10 ? 1 : 3)

const summaryRow = (f: ReportedFigure): string[] => [
  f.name,
  `${valueText(f)} ${f.unit}`,
  f.target === undefined ? '-' : `${f.target.op} ${f.target.value} ${f.unit}`,
  f.met === null ? '-' : f.met ? 'met' : 'MISSED',
]

const printSummary = (figures: ReadonlyArray<ReportedFigure>, failed: ReadonlyArray<string>) => {
  const targeted = figures.filter((f) => f.target !== undefined)
  const met = targeted.filter((f) => f.met === true).length
  printTable(
    `Summary: ${met} of ${targeted.length} targets met`,
    ['figure', 'value', 'target', 'met?'],
    targeted.map(summaryRow),
  )
  const plain = figures.filter((f) => f.target === undefined)
  if (plain.length > 0)
    printTable('Figures without a target', ['figure', 'value', '', ''], plain.map(summaryRow))
  for (const script of failed) console.log(`${script} failed: its figures are missing above`)
}

const main = () => {
  console.log(`vaultport benchmarks on ${machine()}, ${new Date().toISOString()}`)
  const dir = mkdtempSync(join(tmpdir(), 'vaultport-bench-results-'))
  const results = join(dir, 'bench-results.jsonl')
  const failed: string[] = []
  try {
    for (const [script, flags] of SCRIPTS) {
      const r = spawnSync(
        process.execPath,
        [...flags, '--import', 'tsx', join(import.meta.dirname, script), ...process.argv.slice(2)],
        {
          stdio: 'inherit',
          env: { ...process.env, TSX_TSCONFIG_PATH: DIST_TSCONFIG, [RESULTS_ENV]: results },
        },
      )
      if (r.status !== 0) {
        failed.push(script)
        console.error(`${script} exited with ${r.status}`)
      }
    }
    printSummary(readFigures(results), failed)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  process.exitCode = failed.length === 0 ? 0 : 1
}

main()
