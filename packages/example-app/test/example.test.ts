import { startAllSandboxes, type RunningSandboxes } from '@vaultport/sandbox'
import { ExitCode, maskEmail, runExample, TEST_CARD, type ExampleIo } from '../src/example'
import { simulatorConfig } from '../src/simulatorConfig'

const now = new Date('2026-01-15T10:00:00Z')

const capture = (argv: string[], env: Record<string, string>) => {
  const out: string[] = []
  const err: string[] = []
  const io: ExampleIo = {
    argv,
    env,
    cwd: __dirname, // no vaultport.config.json here: the environment is the whole config
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => now,
  }
  return { io, out, err }
}

/** The CLI's environment form of a config entry: VAULTPORT_GATEWAY_<NAME>_<SETTING>. */
const envFor = (name: string, entry: Readonly<Record<string, unknown>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(entry).map(([k, v]) => [
      `VAULTPORT_GATEWAY_${name.toUpperCase()}_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
      String(v),
    ]),
  )

describe('example app against the simulators', () => {
  let sims: RunningSandboxes
  beforeAll(async () => {
    sims = await startAllSandboxes({ host: '127.0.0.1' })
  })
  afterAll(async () => sims.close())

  it.each(['paytrace', 'fluidpay', 'valor'])(
    'stores a customer and a card through %s, configured by environment',
    async (gateway) => {
      const entry = simulatorConfig(sims).gateways[gateway] ?? { adapter: 'none' }
      const c = capture([], { EXAMPLE_GATEWAY: 'shop', ...envFor('shop', entry) })
      expect(await runExample(c.io)).toBe(ExitCode.ok)
      expect(c.err).toEqual([])
      const summary = JSON.parse(c.out.join(''))
      expect(summary).toMatchObject({
        configured: 'shop',
        name: 'Ada Lee',
        email: 'a***@example.com',
        addresses: 1,
      })
      expect(summary.cards).toEqual([expect.stringMatching(/^visa ending 1111/)])
      // redacted: no full card number, no credential
      const printed = c.out.join('')
      expect(printed).not.toContain(TEST_CARD)
      expect(printed).not.toContain('ada@example.com')
      for (const secret of Object.values(entry))
        if (String(secret).length > 12) expect(printed).not.toContain(String(secret))
    },
  )

  it('answers a gateway error with exit code 1', async () => {
    const entry = { ...simulatorConfig(sims).gateways['fluidpay'], apiKey: 'api_wrong' }
    const c = capture(['--gateway', 'shop'], envFor('shop', entry as Record<string, unknown>))
    expect(await runExample(c.io)).toBe(ExitCode.failed)
    expect(c.err.join('')).toMatch(/create customer: Auth/)
  })
})

describe('example app configuration', () => {
  it('runs on the memory adapter', async () => {
    const c = capture(['--gateway', 'mem'], { VAULTPORT_GATEWAY_MEM_ADAPTER: 'memory' })
    expect(await runExample(c.io)).toBe(ExitCode.ok)
    expect(JSON.parse(c.out.join(''))).toMatchObject({
      configured: 'mem',
      gateway: 'Memory (full)',
    })
  })

  it('names what is wrong with the configuration, with exit code 2', async () => {
    const missing = capture(['--gateway', 'nope'], {})
    expect(await runExample(missing.io)).toBe(ExitCode.config)
    expect(missing.err.join('')).toMatch(/no gateway named "nope"/)
    const incomplete = capture([], { VAULTPORT_GATEWAY_DEFAULT_ADAPTER: 'valor' })
    expect(await runExample(incomplete.io)).toBe(ExitCode.config)
    expect(incomplete.err.join('')).toMatch(/missing appId, appKey/)
    const noFile = capture(['--config', 'absent.json'], {})
    expect(await runExample(noFile.io)).toBe(ExitCode.config)
    expect(noFile.err.join('')).toMatch(/does not exist/)
  })

  it('masks e-mail addresses', () => {
    expect(maskEmail('ada@example.com')).toBe('a***@example.com')
    expect(maskEmail('@x')).toBe('***')
    expect(maskEmail(undefined)).toBeUndefined()
  })
})
