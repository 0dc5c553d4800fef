import { readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExitCode, loadConfig, main } from '../src'
import { captureIo } from './helpers'

describe('vaultport command', () => {
  it('prints the capability table', async () => {
    const c = captureIo()
    expect(await main(['gateways'], c.io)).toBe(ExitCode.ok)
    expect(c.out()).toMatch(/customers\.create\s+yes/)
    expect(c.out()).toContain('Memory')
  })

  it('lists customers of a gateway configured from the environment', async () => {
    const c = captureIo({
      VAULTPORT_GATEWAY_MEM_ADAPTER: 'memory',
      VAULTPORT_GATEWAY_MEM_TOPOLOGY: 'valorLike',
    })
    expect(await main(['customers', 'list', '--gateway', 'mem', '--json'], c.io)).toBe(ExitCode.ok)
    expect(JSON.parse(c.out())).toEqual({ items: [], totalCount: 0 })
  })

  it('answers a bad flag with usage and exit code 2', async () => {
    const c = captureIo()
    expect(await main(['customers', 'list', '--gateway', 'x', '--page-size', 'many'], c.io)).toBe(
      ExitCode.usage,
    )
    expect(c.err()).toMatch(/must be a positive whole number/)
  })

  it('names an unknown gateway and the known adapters', async () => {
    const c = captureIo({ VAULTPORT_GATEWAY_OLD_ADAPTER: 'stripe' })
    expect(await main(['customers', 'list', '--gateway', 'old'], c.io)).toBe(ExitCode.usage)
    expect(c.err()).toMatch(/unknown adapter "stripe" \(known: paytrace, fluidpay, valor, memory/)
    const d = captureIo()
    expect(await main(['customers', 'get', 'c1', '--gateway', 'nope'], d.io)).toBe(ExitCode.usage)
    expect(d.err()).toMatch(/no gateway named "nope"/)
  })

  it('answers NotFound with exit code 1', async () => {
    const c = captureIo({ VAULTPORT_GATEWAY_MEM_ADAPTER: 'memory' })
    expect(await main(['customers', 'get', 'cus_404', '--gateway', 'mem'], c.io)).toBe(
      ExitCode.incomplete,
    )
    expect(c.err()).toMatch(/NotFound/)
  })

  it('runs plan, run and verify between configured gateways', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vp-cli-'))
    const c = captureIo(
      { VAULTPORT_GATEWAY_A_ADAPTER: 'memory', VAULTPORT_GATEWAY_B_ADAPTER: 'memory' },
      dir,
    )
    expect(
      await main(['migrate', 'plan', '--from', 'a', '--to', 'b', '--out', 'plan.jsonl'], c.io),
    ).toBe(ExitCode.ok)
    expect(c.out()).toMatch(/customers\s+0/)
    expect(readFileSync(join(dir, 'plan.jsonl'), 'utf8')).toBe('')
    expect(await main(['migrate', 'run', '--from', 'a', '--to', 'b'], c.io)).toBe(ExitCode.ok)
    expect(c.out()).toMatch(/run completed/)
    expect(await main(['migrate', 'verify', '--from', 'a', '--to', 'b'], c.io)).toBe(ExitCode.ok)
    expect(c.out()).toMatch(/verified 0 customers/)
  })

  it('refuses a card-data file it cannot read, naming the line but not the number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vp-cli-'))
    await writeFile(
      join(dir, 'cards.csv'),
      'source_customer_id,kind,card_number,exp_month,exp_year\nc1,card,4111111111111111,13,2030\n',
    )
    const c = captureIo(
      { VAULTPORT_GATEWAY_A_ADAPTER: 'memory', VAULTPORT_GATEWAY_B_ADAPTER: 'memory' },
      dir,
    )
    expect(
      await main(['migrate', 'plan', '--from', 'a', '--to', 'b', '--card-data', 'cards.csv'], c.io),
    ).toBe(ExitCode.usage)
    expect(c.err()).toMatch(/line 2: exp_month/)
    expect(c.err()).not.toContain('4111111111111111')
  })
})

describe('configuration', () => {
  it('merges the file and the environment and resolves env: references', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vp-cfg-'))
    await writeFile(
      join(dir, 'vaultport.config.json'),
      JSON.stringify({
        gateways: {
          fp: {
            adapter: 'fluidpay',
            apiKey: 'env:FP_KEY',
            baseUrl: 'https://sandbox.fluidpay.com',
          },
        },
      }),
    )
    const config = loadConfig({
      env: { FP_KEY: 'api_test_abc123456789', VAULTPORT_GATEWAY_FP_TIMEOUT_MS: '5000' },
      cwd: dir,
    })
    expect(config).toEqual({
      _tag: 'Right',
      right: {
        gateways: {
          fp: {
            adapter: 'fluidpay',
            apiKey: 'api_test_abc123456789',
            baseUrl: 'https://sandbox.fluidpay.com',
            timeoutMs: '5000',
          },
        },
      },
    })
  })

  it('names a missing variable, never a value', () => {
    const config = loadConfig({
      env: {
        VAULTPORT_GATEWAY_PT_ADAPTER: 'paytrace',
        VAULTPORT_GATEWAY_PT_CLIENT_SECRET: 'env:PT_SECRET',
      },
      cwd: tmpdir(),
    })
    expect(config).toEqual({
      _tag: 'Left',
      left: 'gateway "pt": clientSecret refers to PT_SECRET, which is not set',
    })
  })

  it('rejects a malformed config file with the path of the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vp-cfg-'))
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ gateways: { x: { adapter: 3 } } }))
    const config = loadConfig({ path: 'bad.json', env: {}, cwd: dir })
    expect(config._tag).toBe('Left')
    expect(JSON.stringify(config)).toMatch(/gateways\.x\.adapter expected string/)
  })
})
