/**
 * Footprint: the built size of each package's ESM entry (`dist/index.js`, as `pnpm build` leaves
 * it), then bundled with its own chunks and minified by esbuild (what tsup builds with), then
 * gzipped (node:zlib, level 9). Dependencies stay external, as in the published package. Then the
 * cold import time of `@vaultport/core` from its built dist: a fresh `node` process per sample,
 * median of N, against an empty `node -e` as the floor.
 *
 *   pnpm build && pnpm --filter @vaultport/bench run bench:footprint [--samples 15]
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { arg, fmt, median, printTable } from './util'

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

const coldImport = (code: string, type: 'module' | 'commonjs' = 'module'): number[] => {
  const out: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, [`--input-type=${type}`, '-e', code], {
      stdio: 'ignore',
    })
    if (r.status !== 0) throw new Error(`node -e ${code} failed`)
    out.push(performance.now() - t0)
  }
  return out
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
  // resolve @vaultport/core from a package that depends on it: its dist, through package exports
  const floor = coldImport('0')
  // The ESM build cannot be imported by Node itself today (it imports `fp-ts/Either`, a directory
  // import Node's ESM resolver refuses; bundlers accept it): say so, and time the CJS build.
  const esm = pathToFileURL(join(ROOT, 'packages/core/dist/index.js')).href
  const esmOk =
    spawnSync(process.execPath, ['--input-type=module', '-e', `await import('${esm}')`], {
      stdio: 'ignore',
    }).status === 0
  const cjs = join(ROOT, 'packages/core/dist/index.cjs')
  const core = esmOk
    ? coldImport(`await import('${esm}')`)
    : coldImport(`require(${JSON.stringify(cjs)})`, 'commonjs')
  printTable(
    `Cold import of @vaultport/core (built dist), fresh node process each, median of ${SAMPLES} (ms)`,
    ['what', 'median', 'min', 'max'],
    [
      ['node -e 0 (floor)', fmt(median(floor)), fmt(Math.min(...floor)), fmt(Math.max(...floor))],
      [
        esmOk ? 'import(dist/index.js)' : 'require(dist/index.cjs): the ESM build fails in Node',
        fmt(median(core)),
        fmt(Math.min(...core)),
        fmt(Math.max(...core)),
      ],
      ['difference', fmt(median(core) - median(floor)), '', ''],
    ],
  )
}

main()
