import * as E from 'fp-ts/Either'
import type { TranscriptHook } from '@vaultport/core'
import {
  findGatewayModule,
  openGateway,
  openGatewayEntry,
  settingNames,
  unknownGatewayMessage,
  type VaultportConfig,
} from '../src'
import { echoModule, lastLedger, ledgerModule, modules } from './modules'

const config: VaultportConfig = {
  gateways: {
    main: { adapter: 'ledger', token: 't', shard: '3', timeoutMs: 2500 },
    spare: { adapter: 'echo' },
    typo: { adapter: 'ledgr' },
    bad: { adapter: 'ledger', token: 't', shard: 'three' },
    empty: { adapter: 'ledger' },
  },
}

const leftOf = (r: E.Either<string, unknown>): string => (E.isLeft(r) ? r.left : '(a Right)')

describe('openGateway', () => {
  it("opens the named gateway with its adapter's module, settings and hooks", () => {
    const onTranscript: TranscriptHook = () => undefined
    const vault = openGateway(config, 'main', { modules, onTranscript })
    expect(E.isRight(vault) && vault.right.capabilities.gateway).toBe('ledger')
    expect(lastLedger).toEqual({ shard: 3, http: { timeoutMs: 2500, onTranscript } })
    const echo = openGateway(config, 'spare', { modules })
    expect(E.isRight(echo) && echo.right.capabilities.gateway).toBe('echo')
  })

  it('answers an unknown name with the nearest configured one and the list', () => {
    expect(leftOf(openGateway(config, 'mian', { modules }))).toBe(
      'no gateway named "mian" is configured; did you mean "main"? (configured: main, spare, typo, bad, empty)',
    )
    expect(leftOf(openGateway({ gateways: {} }, 'main', { modules }))).toBe(
      'no gateway named "main" is configured (none is: add one to vaultport.config.json or set VAULTPORT_GATEWAY_<NAME>_ADAPTER)',
    )
    // An inherited property is not a gateway.
    expect(leftOf(openGateway(config, 'toString', { modules }))).toMatch(/^no gateway named/)
  })

  it('answers an adapter it was not given with the nearest given one', () => {
    expect(leftOf(openGateway(config, 'typo', { modules }))).toBe(
      'gateway "typo": unknown adapter "ledgr"; did you mean "ledger"? (known: ledger, echo)',
    )
    expect(leftOf(openGateway(config, 'spare', { modules: [ledgerModule] }))).toBe(
      'gateway "spare": unknown adapter "echo" (known: ledger)',
    )
    expect(leftOf(openGateway(config, 'spare', { modules: [] }))).toBe(
      'gateway "spare": unknown adapter "echo" (no adapter was given)',
    )
  })

  it("prefixes the module's message with the gateway and adapter", () => {
    expect(leftOf(openGateway(config, 'bad', { modules }))).toBe(
      'gateway "bad" (ledger): shard must be a number',
    )
    expect(leftOf(openGateway(config, 'empty', { modules }))).toBe(
      'gateway "empty" (ledger): missing token',
    )
  })
})

describe('openGatewayEntry, findGatewayModule, settingNames', () => {
  it('open an entry picked out already, find modules by adapter, and list settings', () => {
    const vault = openGatewayEntry('x', { adapter: 'echo' }, { modules })
    expect(E.isRight(vault)).toBe(true)
    expect(findGatewayModule(modules, 'echo')).toBe(echoModule)
    expect(findGatewayModule(modules, 'ECHO')).toBeUndefined()
    expect(settingNames(ledgerModule)).toEqual([
      'adapter',
      'token',
      'shard',
      'timeoutMs',
      'requestsPerSecond',
      'maxConcurrency',
    ])
    expect(unknownGatewayMessage('zzz', ['main'])).toBe(
      'no gateway named "zzz" is configured (configured: main)',
    )
  })
})
