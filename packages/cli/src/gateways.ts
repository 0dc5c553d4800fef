/**
 * The adapters the command line knows, each with its capabilities and a factory from a config
 * entry. Switching gateways is a change of the `adapter` field and its settings.
 */
import { constants, publicEncrypt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { Capabilities, TranscriptHook, Vault } from '@vaultport/core'
import { createFluidPayVault, fluidpayCapabilities } from '@vaultport/fluidpay'
import {
  capabilitiesFor,
  createMemoryVault,
  topologies,
  type TopologyName,
} from '@vaultport/memory'
import { createPayTraceVault, payTraceCapabilities } from '@vaultport/paytrace'
import { createValorVault, valorCapabilities } from '@vaultport/valor'
import type { CliConfig, GatewayEntry } from './config'
import { nearest } from './suggest'

export interface GatewayHooks {
  readonly onTranscript?: TranscriptHook
}

export interface GatewayModule {
  readonly adapter: string
  readonly displayName: string
  readonly capabilities: Capabilities
  /** Settings the entry must or may have; secrets are marked so nothing prints them. */
  readonly settings: ReadonlyArray<{
    readonly name: string
    readonly required: boolean
    readonly secret: boolean
  }>
  readonly create: (entry: GatewayEntry, hooks: GatewayHooks) => E.Either<string, Vault>
}

// ---- entry readers

export const str = (entry: GatewayEntry, key: string): string | undefined => {
  const v = entry[key]
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined
}

export const num = (entry: GatewayEntry, key: string): E.Either<string, number | undefined> => {
  const v = entry[key]
  if (v === undefined || v === '') return E.right(undefined)
  const n = typeof v === 'number' ? v : Number(v)
  return Number.isFinite(n) ? E.right(n) : E.left(`${key} must be a number`)
}

export const required = (
  entry: GatewayEntry,
  keys: ReadonlyArray<string>,
): E.Either<string, void> => {
  const missing = keys.filter((k) => str(entry, k) === undefined)
  return missing.length === 0 ? E.right(undefined) : E.left(`missing ${missing.join(', ')}`)
}

/** Settings every gateway entry may carry besides its adapter's own (HTTP limits). */
export const COMMON_SETTINGS: ReadonlyArray<string> = [
  'timeoutMs',
  'requestsPerSecond',
  'maxConcurrency',
]

/** HTTP settings every gateway entry may carry. */
const httpOptions = (entry: GatewayEntry, hooks: GatewayHooks) =>
  pipe(
    E.Do,
    E.apS('timeoutMs', num(entry, 'timeoutMs')),
    E.apS('requestsPerSecond', num(entry, 'requestsPerSecond')),
    E.apS('maxConcurrency', num(entry, 'maxConcurrency')),
    E.map((o) => ({
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      ...(o.requestsPerSecond === undefined ? {} : { requestsPerSecond: o.requestsPerSecond }),
      ...(o.maxConcurrency === undefined ? {} : { maxConcurrency: o.maxConcurrency }),
      ...(hooks.onTranscript === undefined ? {} : { onTranscript: hooks.onTranscript }),
    })),
  )

const environmentOf = (
  entry: GatewayEntry,
): E.Either<string, { environment?: 'sandbox' | 'production'; baseUrl?: string }> => {
  const environment = str(entry, 'environment')
  const baseUrl = str(entry, 'baseUrl')
  if (environment !== undefined && environment !== 'sandbox' && environment !== 'production') {
    return E.left("environment must be 'sandbox' or 'production'")
  }
  return E.right({
    ...(environment === undefined ? {} : { environment }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  })
}

/** PayTrace client-side encryption: RSA (PKCS#1 v1.5) with PayTrace's public key, base64. */
const rsaEncryptor = (publicKeyFile: string): E.Either<string, (plain: string) => string> => {
  let pem: string
  try {
    pem = readFileSync(publicKeyFile, 'utf8')
  } catch {
    return E.left(`cannot read publicKeyFile ${publicKeyFile}`)
  }
  return E.right((plain) =>
    publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plain)).toString(
      'base64',
    ),
  )
}

/** How PayTrace card and account numbers go out: raw digits, or RSA-encrypted with a key file. */
const cardNumbers = (
  entry: GatewayEntry,
): E.Either<
  string,
  { cardNumberMode: 'raw' } | { cardNumberMode: 'encrypted'; encrypt: (plain: string) => string }
> => {
  const mode = str(entry, 'cardNumberMode') ?? 'raw'
  if (mode === 'raw') return E.right({ cardNumberMode: 'raw' })
  if (mode !== 'encrypted') return E.left("cardNumberMode must be 'raw' or 'encrypted'")
  const keyFile = str(entry, 'publicKeyFile')
  if (keyFile === undefined)
    return E.left("cardNumberMode 'encrypted' needs publicKeyFile (PayTrace's PEM public key)")
  return E.map((encrypt: (plain: string) => string) => ({
    cardNumberMode: 'encrypted' as const,
    encrypt,
  }))(rsaEncryptor(keyFile))
}

// ---- modules

const memoryModule: GatewayModule = {
  adapter: 'memory',
  displayName: 'Memory (reference)',
  capabilities: capabilitiesFor(topologies.full),
  settings: [{ name: 'topology', required: false, secret: false }],
  create: (entry) => {
    const name = (str(entry, 'topology') ?? 'full') as TopologyName
    if (!(name in topologies))
      return E.left(`topology must be one of ${Object.keys(topologies).join(', ')}`)
    return E.right(createMemoryVault({ topology: topologies[name] }))
  },
}

const payTraceModule: GatewayModule = {
  adapter: 'paytrace',
  displayName: payTraceCapabilities.displayName,
  capabilities: payTraceCapabilities,
  settings: [
    { name: 'environment', required: false, secret: false },
    { name: 'baseUrl', required: false, secret: false },
    { name: 'clientId', required: true, secret: false },
    { name: 'clientSecret', required: true, secret: true },
    { name: 'integratorId', required: false, secret: false },
    { name: 'merchantId', required: false, secret: false },
    { name: 'cardNumberMode', required: false, secret: false },
    { name: 'publicKeyFile', required: false, secret: false },
  ],
  create: (entry, hooks) =>
    pipe(
      required(entry, ['clientId', 'clientSecret']),
      E.chainW(() => E.Do),
      E.apS('env', environmentOf(entry)),
      E.apS('http', httpOptions(entry, hooks)),
      E.apS('merchantId', num(entry, 'merchantId')),
      E.apS('numbers', cardNumbers(entry)),
      E.map(({ env, http, merchantId, numbers }) => {
        const integratorId = str(entry, 'integratorId')
        return createPayTraceVault({
          ...env,
          ...numbers,
          clientId: str(entry, 'clientId') ?? '',
          clientSecret: str(entry, 'clientSecret') ?? '',
          ...(integratorId === undefined ? {} : { integratorId }),
          ...(merchantId === undefined ? {} : { merchantId }),
          http,
        })
      }),
    ),
}

const fluidPayModule: GatewayModule = {
  adapter: 'fluidpay',
  displayName: fluidpayCapabilities.displayName,
  capabilities: fluidpayCapabilities,
  settings: [
    { name: 'environment', required: false, secret: false },
    { name: 'baseUrl', required: false, secret: false },
    { name: 'apiKey', required: true, secret: true },
  ],
  create: (entry, hooks) =>
    pipe(
      required(entry, ['apiKey']),
      E.chainW(() => E.Do),
      E.apS('env', environmentOf(entry)),
      E.apS('http', httpOptions(entry, hooks)),
      E.map(({ env, http }) =>
        createFluidPayVault({ ...env, apiKey: str(entry, 'apiKey') ?? '', http }),
      ),
    ),
}

const valorModule: GatewayModule = {
  adapter: 'valor',
  displayName: valorCapabilities.displayName,
  capabilities: valorCapabilities,
  settings: [
    { name: 'environment', required: false, secret: false },
    { name: 'baseUrl', required: false, secret: false },
    { name: 'appId', required: true, secret: true },
    { name: 'appKey', required: true, secret: true },
    // The merchant's EPI: recurring billing needs it (without it the vault bills no schedules).
    { name: 'epi', required: false, secret: true },
  ],
  create: (entry, hooks) =>
    pipe(
      required(entry, ['appId', 'appKey']),
      E.chainW(() => E.Do),
      E.apS('env', environmentOf(entry)),
      E.apS('http', httpOptions(entry, hooks)),
      E.map(({ env, http }) =>
        createValorVault({
          ...env,
          appId: str(entry, 'appId') ?? '',
          appKey: str(entry, 'appKey') ?? '',
          ...(str(entry, 'epi') === undefined ? {} : { epi: str(entry, 'epi') as string }),
          http,
        }),
      ),
    ),
}

export const gatewayModules: ReadonlyArray<GatewayModule> = [
  payTraceModule,
  fluidPayModule,
  valorModule,
  memoryModule,
]

export const findModule = (adapter: string): GatewayModule | undefined =>
  gatewayModules.find((m) => m.adapter === adapter)

/** Every setting an entry for `module` may have: `adapter`, its own, and the common ones. */
export const settingNames = (module: GatewayModule): ReadonlyArray<string> => [
  'adapter',
  ...module.settings.map((s) => s.name),
  ...COMMON_SETTINGS,
]

/** "no gateway named …", with the nearest configured name and every configured one. */
export const unknownGatewayMessage = (name: string, configured: ReadonlyArray<string>): string => {
  const near = nearest(name, configured)
  const known =
    configured.length === 0
      ? 'none is: add one to vaultport.config.json or set VAULTPORT_GATEWAY_<NAME>_ADAPTER'
      : `configured: ${configured.join(', ')}`
  return `no gateway named "${name}" is configured${near === undefined ? '' : `; did you mean "${near}"?`} (${known})`
}

/** A vault for a configured gateway, or a message saying what is wrong with its entry. */
export const openGateway = (
  name: string,
  entry: GatewayEntry | undefined,
  hooks: GatewayHooks = {},
): E.Either<string, Vault> => {
  if (entry === undefined) return E.left(`no gateway named "${name}" is configured`)
  const module = findModule(entry.adapter)
  if (module === undefined) {
    const adapters = gatewayModules.map((m) => m.adapter)
    const near = nearest(entry.adapter, adapters)
    return E.left(
      `gateway "${name}": unknown adapter "${entry.adapter}"${near === undefined ? '' : `; did you mean "${near}"?`} (known: ${adapters.join(', ')})`,
    )
  }
  return E.mapLeft((m: string) => `gateway "${name}" (${entry.adapter}): ${m}`)(
    module.create(entry, hooks),
  )
}

/**
 * The vault of the gateway `name` in `config`, or a message saying what is wrong: an unknown
 * name is answered with the configured ones (and the nearest, if it looks misspelt).
 */
export const openConfiguredGateway = (
  config: CliConfig,
  name: string,
  hooks: GatewayHooks = {},
): E.Either<string, Vault> =>
  Object.hasOwn(config.gateways, name)
    ? openGateway(name, config.gateways[name], hooks)
    : E.left(unknownGatewayMessage(name, Object.keys(config.gateways)))
