/**
 * Footprint: the built size of each package's ESM entry (`dist/index.js`, as `pnpm build` leaves
 * it), then bundled with its own chunks and minified by esbuild (what tsup builds with), then
 * gzipped (node:zlib, level 9). Dependencies stay external, as in the published package. Then the
 * cold start of core and each adapter (`import()` of the built ESM) and of `vaultport --version`:
 * a fresh `node` process per sample, median of N, over an empty `node -e 0` as the floor, each
 * beside its target (core ≤ 80 ms, an adapter ≤ 100 ms, the CLI ≤ 150 ms).
 *
 *   pnpm build && pnpm --filter @vaultport/bench run bench:footprint [--samples 15]
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { arg, fmt, median, printTable, reportFigure } from './util'

const ROOT = join(import.meta.dirname, '../../..')
const SAMPLES = Math.min(arg('samples', 15), 100)

/** The part of esbuild's API used here (esbuild is tsup's dependency, not ours). */
interface Esbuild {
  readonly version: string
  readonly buildSync: (options: Record<string, unknown>) => {
    outputFiles: ReadonlyArray<{ text: string }>
  }
}

/** esbuild as tsup resolves it; undefined if it cannot be found. */
const loadEsbuild = (): Esbuild | undefined => {
  try {
    const fromTsup = createRequire(createRequire(join(ROOT, 'package.json')).resolve('tsup'))
    return fromTsup('esbuild') as Esbuild
  } catch {
    return undefined
  }
}

const kb = (n: number) => fmt(n / 1024, 1)

/** What the cold start of each package is measured by, and its target over an empty `node`. */
interface ColdCase {
  readonly name: string
  readonly args: ReadonlyArray<string>
  /** Milliseconds over the floor; undefined for the floor itself. */
  readonly targetMs?: number
}

const importOf = (pkg: string): ReadonlyArray<string> => [
  '--input-type=module',
  '-e',
  `await import(${JSON.stringify(pathToFileURL(join(ROOT, 'packages', pkg, 'dist/index.js')).href)})`,
]

const COLD_CASES: ReadonlyArray<ColdCase> = [
  { name: 'node -e 0 (floor)', args: ['-e', '0'] },
  { name: 'import @vaultport/core', args: importOf('core'), targetMs: 80 },
  { name: 'import @vaultport/paytrace', args: importOf('paytrace'), targetMs: 100 },
  { name: 'import @vaultport/fluidpay', args: importOf('fluidpay'), targetMs: 100 },
  { name: 'import @vaultport/valor', args: importOf('valor'), targetMs: 100 },
  {
    name: 'vaultport --version',
    args: [join(ROOT, 'packages/cli/bin/vaultport.js'), '--version'],
    targetMs: 150,
  },
]

/**
 * Wall time of a fresh `node` per sample. The cases take turns, one sample each per round, so
 * that a busy spell on the machine falls on all of them rather than on one.
 */
const coldStarts = (cases: ReadonlyArray<ColdCase>): number[][] => {
  const samples = cases.map((): number[] => [])
  for (let i = 0; i < SAMPLES; i++)
    cases.forEach((c, k) => {
      const t0 = performance.now()
      const r = spawnSync(process.execPath, [...c.args], { stdio: 'ignore' })
      // A start that fails is no figure: NaN, printed as such and reported missed.
      samples[k]?.push(r.status === 0 ? performance.now() - t0 : NaN)
    })
  return samples
}

const printColdStarts = (): void => {
  const samples = coldStarts(COLD_CASES)
  const floor = median(samples[0] ?? [])
  const rows = COLD_CASES.map((c, k) => {
    const xs = samples[k] ?? []
    const over = median(xs) - floor
    if (xs.some(Number.isNaN))
      return [c.name, 'failed to start', '', '', '', `≤ ${c.targetMs}`, 'MISSED']
    return [
      c.name,
      fmt(median(xs)),
      fmt(Math.min(...xs)),
      fmt(Math.max(...xs)),
      c.targetMs === undefined ? '' : fmt(over),
      c.targetMs === undefined ? '' : `≤ ${c.targetMs}`,
      c.targetMs === undefined ? '' : over <= c.targetMs ? 'met' : 'MISSED',
    ]
  })
  printTable(
    `Cold start (built dist), a fresh node process each, median of ${SAMPLES} (ms)`,
    ['what', 'median', 'min', 'max', 'over floor', 'target', 'met?'],
    rows,
  )
  COLD_CASES.forEach((c, k) => {
    if (c.targetMs === undefined) return
    reportFigure(
      {
        name: `cold start: ${c.name}, over an empty node`,
        value: median(samples[k] ?? []) - floor,
        unit: 'ms',
        target: { op: '≤', value: c.targetMs },
      },
      1,
    )
  })
}

const main = () => {
  const esbuild = loadEsbuild()
  const rows: string[][] = []
  for (const name of readdirSync(join(ROOT, 'packages')).sort()) {
    const file = join(ROOT, 'packages', name, 'dist/index.js')
    if (!existsSync(file)) continue
    const code = readFileSync(file, 'utf8')
    // bundled with its own chunks (tsup splits shared code), dependencies left external
    const min = esbuild?.buildSync({
      entryPoints: [file],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      write: false,
    }).outputFiles[0]?.text
    rows.push([
      `@vaultport/${name}`,
      kb(code.length),
      min === undefined ? 'n/a' : kb(min.length),
      kb(gzipSync(min ?? code, { level: 9 }).length),
    ])
  }
  printTable(
    `Footprint: dist/index.js (ESM) in KiB; esbuild ${esbuild?.version ?? 'not found: gzip of unminified ESM'}`,
    ['package', 'dist/index.js', 'bundled + minified', 'minified + gzip'],
    rows,
  )
  printColdStarts()
}

main()
