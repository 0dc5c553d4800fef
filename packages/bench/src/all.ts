/**
 * `pnpm bench`: every benchmark in turn, each in its own process (so one's heap and sockets do
 * not colour the next), then the machine they ran on. The package script builds the workspace
 * first, and every process here resolves `@vaultport/*` to the built packages
 * (`tsconfig.dist.json`), as an application would.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { DIST_TSCONFIG, machine } from './util'

const SCRIPTS: ReadonlyArray<[string, ReadonlyArray<string>]> = [
  ['overhead.ts', []],
  ['codec.ts', []],
  ['throughput.ts', []],
  ['memory.ts', ['--expose-gc']],
  ['footprint.ts', []],
]

console.log(`vaultport benchmarks on ${machine()}, ${new Date().toISOString()}`)
let failed = 0
for (const [script, flags] of SCRIPTS) {
  const r = spawnSync(
    process.execPath,
    [...flags, '--import', 'tsx', join(import.meta.dirname, script), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: DIST_TSCONFIG } },
  )
  if (r.status !== 0) {
    failed++
    console.error(`${script} exited with ${r.status}`)
  }
}
process.exitCode = failed === 0 ? 0 : 1
