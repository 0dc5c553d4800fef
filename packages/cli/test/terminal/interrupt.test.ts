// Ctrl-C in `vaultport migrate run`, typed on a real pseudo-terminal (util-linux `script`) while
// the run moves customers between the loopback simulators: the run stops taking customers, lets
// the ones in flight finish, prints its summary and the resume line, and exits 130. The same
// command run again finishes the job, and the target then holds exactly one copy of every
// customer and card. Waits are bounded; only what the screen shows and the target holds is
// asserted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { collectAll, type Vault } from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import { startSandbox, type RunningSandbox } from '@vaultport/sandbox'
import { exportCardData } from '../../src/processorExport'
import { fluidpayEnv, paytraceEnv, paytraceVault } from '../migrate/support'
import { CTRL_C, closeAll, terminal, vaultportCommand, type Terminal } from './pty'

const CUSTOMERS = 40

/** Customers and payment methods a vault holds, read in full. */
const held = async (vault: Vault) => {
  const all = await collectAll(vault.customers.list, { pageSize: 50 })()
  if (E.isLeft(all)) throw new Error(all.left.message)
  let methods = 0
  for (const s of all.right) {
    const c = await vault.customers.get(s.id)()
    if (E.isLeft(c)) throw new Error(c.left.message)
    methods += c.right.paymentMethods.length
  }
  return { customers: all.right.length, methods }
}

describe('Ctrl-C during migrate run, in a terminal', () => {
  let source: RunningSandbox<'paytrace'>
  let target: RunningSandbox<'fluidpay'>
  let dir: string
  let open: Terminal | undefined
  beforeAll(async () => {
    source = await startSandbox({ gateway: 'paytrace', seed: 31 })
    target = await startSandbox({ gateway: 'fluidpay', seed: 32 })
    source.seedCustomers(CUSTOMERS, { withCards: true })
    dir = mkdtempSync(join(tmpdir(), 'vp-ctrlc-'))
  })
  afterEach(() => {
    open?.close()
    open = undefined
  })
  afterAll(async () => {
    closeAll()
    await Promise.all([source.close(), target.close()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('stops gracefully with exit 130, and the same command again finishes with one copy of everything', async () => {
    const exported = await exportCardData(paytraceVault(source))
    if (E.isLeft(exported)) throw new Error(exported.left)
    const cards = join(dir, 'cards.csv')
    writeFileSync(cards, exported.right.csv)
    const journal = join(dir, 'run.jsonl')
    const env = {
      ...paytraceEnv('pt', source),
      ...fluidpayEnv('fp', target.url, target.credentials.apiKey),
    }
    const command = vaultportCommand(
      `migrate run --from pt --to fp --card-data '${cards}' --journal '${journal}' --concurrency 2`,
      env,
    )
    // Slow answers at the target, so that the run is still moving when the key is pressed.
    target.knobs.set({ latency: { fixedMs: 40, jitterMs: 0 } })
    open = terminal(command, 120, 50)
    await open.waitFor(new RegExp(`pt → fp \\[[#.]{24}\\] ([1-9]|1\\d)/${CUSTOMERS} `), 60_000)
    open.keys(CTRL_C)
    const stopped = await open.waitFor(/__exit=\d+/, 60_000)
    const shown = stopped.join('\n')
    expect(shown).toMatch(/SIGINT: stopping — no new customers/)
    expect(shown).toMatch(/^run interrupted in [\d.]+ s$/m)
    expect(shown).toMatch(/^interrupted: run the same command again to resume$/m)
    expect(shown).toMatch(/__exit=130/)
    const migrated = Number(/^migrated (\d+),/m.exec(shown)?.[1])
    expect(migrated).toBeGreaterThan(0)
    expect(migrated).toBeLessThan(CUSTOMERS)
    open.close()

    target.knobs.reset()
    const direct = createFluidPayVault({ baseUrl: target.url, apiKey: target.credentials.apiKey })
    expect((await held(direct)).customers).toBe(migrated)
    open = terminal(command, 120, 50)
    const resumed = (await open.waitFor(/__exit=\d+/, 90_000)).join('\n')
    expect(resumed).toMatch(/^run completed in [\d.]+ s$/m)
    expect(resumed).toMatch(new RegExp(`^migrated ${CUSTOMERS - migrated}, `, 'm'))
    expect(resumed).toMatch(/__exit=0/)
    // Exactly one copy of each customer and each card at the target.
    expect(await held(direct)).toEqual({ customers: CUSTOMERS, methods: CUSTOMERS })
  }, 180_000)
})
