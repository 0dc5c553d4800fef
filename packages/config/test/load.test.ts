import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { DEFAULT_CONFIG_FILE, gatewaysFromEnv, loadConfig } from '../src'
import { modules } from './modules'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vp-config-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const writeConfig = (name: string, content: unknown) =>
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))

const leftOf = (r: E.Either<string, unknown>): string => (E.isLeft(r) ? r.left : '(a Right)')

describe('gatewaysFromEnv', () => {
  it('reads VAULTPORT_GATEWAY_<NAME>_<SETTING> variables as camel-case settings', () => {
    expect(
      gatewaysFromEnv({
        VAULTPORT_GATEWAY_OLD_ADAPTER: 'ledger',
        VAULTPORT_GATEWAY_OLD_CLIENT_SECRET: 's',
        VAULTPORT_GATEWAY_NEW2_TIMEOUT_MS: '9',
        VAULTPORT_GATEWAY_BROKEN: 'no setting',
        VAULTPORT_CONFIG: 'x.json',
        VAULTPORT_GATEWAY_GONE_ADAPTER: undefined,
      }),
    ).toEqual({ old: { adapter: 'ledger', clientSecret: 's' }, new2: { timeoutMs: '9' } })
  })
})

describe('loadConfig', () => {
  it('merges the default file with the environment, setting by setting, and resolves env: refs', () => {
    writeConfig(DEFAULT_CONFIG_FILE, {
      $schema: './schema.json',
      gateways: { main: { adapter: 'ledger', token: 'env:LEDGER_TOKEN', shard: 1 } },
    })
    const config = loadConfig({
      env: { LEDGER_TOKEN: 'from-variable', VAULTPORT_GATEWAY_MAIN_SHARD: '7' },
      cwd: dir,
      modules,
    })
    expect(config).toEqual(
      E.right({ gateways: { main: { adapter: 'ledger', token: 'from-variable', shard: '7' } } }),
    )
  })

  it('needs no file: the default file may be absent', () => {
    const config = loadConfig({ env: { VAULTPORT_GATEWAY_E_ADAPTER: 'echo' }, cwd: dir, modules })
    expect(config).toEqual(E.right({ gateways: { e: { adapter: 'echo' } } }))
    expect(loadConfig({ env: {}, cwd: dir, modules })).toEqual(E.right({ gateways: {} }))
  })

  it('reads the file VAULTPORT_CONFIG or path names, relative to cwd or absolute', () => {
    writeConfig('other.json', { gateways: { a: { adapter: 'echo' } } })
    const byVariable = loadConfig({ env: { VAULTPORT_CONFIG: 'other.json' }, cwd: dir, modules })
    expect(byVariable).toEqual(E.right({ gateways: { a: { adapter: 'echo' } } }))
    const absolute = loadConfig({ path: join(dir, 'other.json'), env: {}, cwd: tmpdir(), modules })
    expect(absolute).toEqual(byVariable)
  })

  it('refuses a named file that does not exist, and one that is not JSON', () => {
    expect(leftOf(loadConfig({ path: 'nope.json', env: {}, cwd: dir, modules }))).toBe(
      `config file ${join(dir, 'nope.json')} does not exist`,
    )
    writeConfig('broken.json', '{ "gateways": ')
    expect(leftOf(loadConfig({ path: 'broken.json', env: {}, cwd: dir, modules }))).toBe(
      `${join(dir, 'broken.json')} is not valid JSON`,
    )
  })

  it('refuses a stray top-level key with the nearest one, and a malformed entry with its path', () => {
    writeConfig('top.json', { gatways: {} })
    expect(leftOf(loadConfig({ path: 'top.json', env: {}, cwd: dir, modules }))).toBe(
      `${join(dir, 'top.json')}: unknown key "gatways" (did you mean "gateways"?); a config file has "gateways" only`,
    )
    writeConfig('entry.json', { gateways: { a: { token: 'x' } } })
    expect(leftOf(loadConfig({ path: 'entry.json', env: {}, cwd: dir, modules }))).toMatch(
      /gateways\.a\.adapter/,
    )
  })

  it('refuses a misspelt setting with the nearest valid name, in the file or in a variable', () => {
    writeConfig(DEFAULT_CONFIG_FILE, { gateways: { a: { adapter: 'ledger', tokn: 'x' } } })
    const message = leftOf(
      loadConfig({
        env: { VAULTPORT_GATEWAY_A_SHRAD: '2', VAULTPORT_GATEWAY_A_COLOUR: 'red' },
        cwd: dir,
        modules,
      }),
    )
    expect(message.split('; ')).toEqual([
      `${join(dir, DEFAULT_CONFIG_FILE)}: gateway "a" (ledger) has no setting "tokn" (did you mean "token"?)`,
      'VAULTPORT_GATEWAY_A_SHRAD: gateway "a" (ledger) has no setting "shrad" (did you mean VAULTPORT_GATEWAY_A_SHARD?)',
      'VAULTPORT_GATEWAY_A_COLOUR: gateway "a" (ledger) has no setting "colour" (its settings: adapter, token, shard, timeoutMs, requestsPerSecond, maxConcurrency)',
    ])
    expect(message).not.toContain('red')
  })

  it('leaves an entry whose adapter it was not given to openGateway', () => {
    const config = loadConfig({
      env: { VAULTPORT_GATEWAY_X_ADAPTER: 'elsewhere', VAULTPORT_GATEWAY_X_ANYTHING: '1' },
      cwd: dir,
      modules,
    })
    expect(config).toEqual(E.right({ gateways: { x: { adapter: 'elsewhere', anything: '1' } } }))
  })

  it('names the variable a reference needs, never a value, and an entry without an adapter', () => {
    const unset = loadConfig({
      env: { VAULTPORT_GATEWAY_A_ADAPTER: 'ledger', VAULTPORT_GATEWAY_A_TOKEN: 'env:TOKEN' },
      cwd: dir,
      modules,
    })
    expect(leftOf(unset)).toBe('gateway "a": token refers to TOKEN, which is not set')
    const empty = loadConfig({
      env: {
        VAULTPORT_GATEWAY_A_ADAPTER: 'ledger',
        VAULTPORT_GATEWAY_A_TOKEN: 'env:TOKEN',
        TOKEN: '',
      },
      cwd: dir,
      modules,
    })
    expect(leftOf(empty)).toBe('gateway "a": token refers to TOKEN, which is not set')
    const noAdapter = loadConfig({ env: { VAULTPORT_GATEWAY_B_TOKEN: 't' }, cwd: dir, modules })
    expect(leftOf(noAdapter)).toBe('gateway "b" names no adapter')
  })
})
