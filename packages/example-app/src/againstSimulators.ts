/**
 * `pnpm example`: starts the PayTrace, FluidPay and Valor simulators on 127.0.0.1, writes a
 * vaultport.config.json naming each, and runs the example program (src/main.ts, as its own
 * process) once per gateway. Exits 0 only if every run did.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAllSandboxes } from '@vaultport/sandbox'
import { simulatorConfig } from './simulatorConfig'

const main = fileURLToPath(new URL('./main.ts', import.meta.url))
const tsconfig = fileURLToPath(new URL('../../../tsconfig.base.json', import.meta.url))
const tsx = createRequire(import.meta.url).resolve('tsx/cli')

/** Runs src/main.ts for one gateway; the simulators serve from this process, so never block it. */
const runProgram = (gateway: string, configFile: string, cwd: string): Promise<number | null> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [tsx, '--tsconfig', tsconfig, main, '--gateway', gateway, '--config', configFile],
      { cwd, stdio: 'inherit' },
    )
    child.on('error', reject)
    child.on('exit', resolve)
  })

const run = async (): Promise<number> => {
  const sims = await startAllSandboxes({ host: '127.0.0.1' })
  const dir = mkdtempSync(join(tmpdir(), 'vaultport-example-'))
  try {
    const config = simulatorConfig(sims)
    const file = join(dir, 'vaultport.config.json')
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
    let failed = 0
    for (const gateway of Object.keys(config.gateways)) {
      const code = await runProgram(gateway, file, dir)
      console.log(`${gateway}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`}`)
      if (code !== 0) failed++
    }
    return failed === 0 ? 0 : 1
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await sims.close()
  }
}

run().then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    console.error(`example-app: ${e instanceof Error ? e.message : String(e)}`)
    process.exitCode = 1
  },
)
