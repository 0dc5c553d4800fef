import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
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

  /** `migrate <command>` between two memory gateways with `cards` as the card-data file. */
  const withCardFile = async (command: 'plan' | 'run', cards: string) => {
    const dir = await mkdtemp(join(tmpdir(), 'vp-cli-'))
    await writeFile(join(dir, 'cards.csv'), cards)
    const c = captureIo(
      { VAULTPORT_GATEWAY_A_ADAPTER: 'memory', VAULTPORT_GATEWAY_B_ADAPTER: 'memory' },
      dir,
    )
    const args = ['migrate', command, '--from', 'a', '--to', 'b', '--card-data', 'cards.csv']
    return { c, code: await main(args, c.io) }
  }

  it('refuses a card-data file it cannot read, naming the line but not the number', async () => {
    const { c, code } = await withCardFile(
      'plan',
      'source_customer_id,kind,card_number,exp_month,exp_year\nc1,card,4111111111111111,13,2030\n',
    )
    expect(code).toBe(ExitCode.usage)
    expect(c.err()).toMatch(/line 2: exp_month/)
    expect(c.err()).not.toContain('4111111111111111')
  })

  it('a card-data file with no header row: line, column and a masked form, no value', async () => {
    const { c, code } = await withCardFile('run', '8842017,card,4000056655665556,12,2030,Ada Lee\n')
    expect(code).toBe(ExitCode.usage)
    expect(c.err()).toMatch(/line 1: no header row: none of its 6 columns is a column name/)
    expect(c.err()).toContain('column 3: ••••••••••••••••')
    for (const value of ['8842017', '4000', '5556', '2030', 'Ada', 'Lee'])
      expect(c.err()).not.toContain(value)
  })
})

describe('the journal lock', () => {
  const memoryPair = {
    VAULTPORT_GATEWAY_A_ADAPTER: 'memory',
    VAULTPORT_GATEWAY_B_ADAPTER: 'memory',
  }
  const lockAt = async (dir: string, pid: number) => {
    await mkdir(join(dir, '.vaultport'), { recursive: true })
    const lock = join(dir, '.vaultport', 'a-to-b.journal.jsonl.lock')
    await writeFile(
      lock,
      JSON.stringify({ pid, host: hostname(), startedAt: '2026-06-01T02:00:00.000Z', nonce: 'n' }),
    )
    return lock
  }

  it('a second run on a journal in use exits 2, naming the process that holds it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vp-cli-'))
    const lock = await lockAt(dir, process.pid) // this very process: alive
    const c = captureIo(memoryPair, dir)
    expect(await main(['migrate', 'run', '--from', 'a', '--to', 'b'], c.io)).toBe(ExitCode.usage)
    expect(c.err()).toMatch(
      new RegExp(
        `cannot be used: another run is using it: pid ${process.pid} on host ${hostname()}, started 2026-06-01T02:00:00.000Z`,
      ),
    )
    expect(await main(['migrate', 'verify', '--from', 'a', '--to', 'b'], c.io)).toBe(ExitCode.usage)
    expect(existsSync(lock)).toBe(true) // not ours to remove
  })

  it('a stale lock (its process gone) is named, taken over and released', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vp-cli-'))
    const gone = spawnSync(process.execPath, ['-e', '']).pid ?? 999_999
    const lock = await lockAt(dir, gone)
    const c = captureIo(memoryPair, dir)
    expect(await main(['migrate', 'run', '--from', 'a', '--to', 'b'], c.io)).toBe(ExitCode.ok)
    expect(c.err()).toMatch(
      new RegExp(`a stale lock \\(pid ${gone} on host .*that process is gone\\) was taken over`),
    )
    expect(c.out()).toMatch(/run completed/)
    expect(existsSync(lock)).toBe(false)
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
