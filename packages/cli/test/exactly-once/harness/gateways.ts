/**
 * The five pairs the suite migrates between, the simulators behind them, and the real adapters
 * that reach them: directly (for seeding and for counting) or through the fault proxy (what the
 * migrating runs see of the target). Also the `VAULTPORT_GATEWAY_*` variables a `vaultport
 * migrate run` child needs to reach the same endpoints.
 */
import type { Vault } from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import { createPayTraceVault } from '@vaultport/paytrace'
import {
  PAYTRACE_CREDENTIALS,
  startSandbox,
  type CredentialsByGateway,
  type RunningSandbox,
} from '@vaultport/sandbox'
import { createValorVault } from '@vaultport/valor'

export type Gateway = 'paytrace' | 'fluidpay' | 'valor'

export interface Pair {
  readonly from: Gateway
  readonly to: Gateway
}

/** The pairs the issue names, in a fixed order (a scenario's seed picks one). */
export const PAIRS: ReadonlyArray<Pair> = [
  { from: 'paytrace', to: 'fluidpay' },
  { from: 'paytrace', to: 'valor' },
  { from: 'paytrace', to: 'paytrace' },
  { from: 'fluidpay', to: 'valor' },
  { from: 'valor', to: 'fluidpay' },
]

export const pairName = (p: Pair): string => `${p.from}→${p.to}`

const SHORT: Record<Gateway, string> = { paytrace: 'PT', fluidpay: 'FP', valor: 'VL' }
export const pairShort = (p: Pair): string => `${SHORT[p.from]}→${SHORT[p.to]}`

/** The second PayTrace merchant, the target of PayTrace → PayTrace. */
export const PAYTRACE_SECOND_MERCHANT = {
  ...PAYTRACE_CREDENTIALS,
  clientId: 'vaultport_sandbox_b',
  clientSecret: 'sandbox-secret-0002',
  merchantId: 246811,
}

/** One endpoint: a simulator's URL and the credentials of one of its merchants. */
export interface Endpoint {
  readonly gateway: Gateway
  readonly url: string
  readonly credentials: CredentialsByGateway[Gateway]
}

export interface PairSims {
  readonly source: RunningSandbox
  /** The same simulator as `source` for PayTrace → PayTrace (another merchant of it). */
  readonly target: RunningSandbox
  readonly sourceEndpoint: Endpoint
  /** The target as the simulator serves it (no proxy). */
  readonly targetEndpoint: Endpoint
  readonly close: () => Promise<void>
}

export const startPair = async (pair: Pair, seed: number): Promise<PairSims> => {
  if (pair.from === 'paytrace' && pair.to === 'paytrace') {
    const sim = await startSandbox({
      gateway: 'paytrace',
      seed,
      extraCredentials: [PAYTRACE_SECOND_MERCHANT],
    })
    return {
      source: sim,
      target: sim,
      sourceEndpoint: { gateway: 'paytrace', url: sim.url, credentials: sim.allCredentials[0]! },
      targetEndpoint: { gateway: 'paytrace', url: sim.url, credentials: sim.allCredentials[1]! },
      close: () => sim.close(),
    }
  }
  const source = await startSandbox({ gateway: pair.from, seed })
  const target = await startSandbox({ gateway: pair.to, seed: seed + 1 }).catch(
    async (e: unknown) => {
      await source.close()
      throw e
    },
  )
  return {
    source,
    target,
    sourceEndpoint: { gateway: pair.from, url: source.url, credentials: source.credentials },
    targetEndpoint: { gateway: pair.to, url: target.url, credentials: target.credentials },
    close: async () => {
      await Promise.all([source.close(), target.close()])
    },
  }
}

export interface VaultHttp {
  readonly timeoutMs: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  readonly maxAttempts?: number
}

/** Patient settings for seeding and counting: the simulators' faults are off by then. */
export const READING_HTTP: VaultHttp = {
  timeoutMs: 5_000,
  baseDelayMs: 10,
  maxDelayMs: 200,
  maxAttempts: 6,
}

/** The real adapter for an endpoint, optionally at another URL (the fault proxy's). */
export const vaultAt = (endpoint: Endpoint, http: VaultHttp, url = endpoint.url): Vault => {
  const httpOptions = {
    timeoutMs: http.timeoutMs,
    retry: {
      baseDelayMs: http.baseDelayMs,
      maxDelayMs: http.maxDelayMs,
      ...(http.maxAttempts === undefined ? {} : { maxAttempts: http.maxAttempts }),
    },
  }
  if (endpoint.gateway === 'paytrace') {
    const c = endpoint.credentials as CredentialsByGateway['paytrace']
    return createPayTraceVault({
      baseUrl: url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      cardNumberMode: 'raw',
      http: httpOptions,
    })
  }
  if (endpoint.gateway === 'fluidpay') {
    const c = endpoint.credentials as CredentialsByGateway['fluidpay']
    return createFluidPayVault({ baseUrl: url, apiKey: c.apiKey, http: httpOptions })
  }
  const c = endpoint.credentials as CredentialsByGateway['valor']
  return createValorVault({ baseUrl: url, appId: c.appId, appKey: c.appKey, http: httpOptions })
}

/** `VAULTPORT_GATEWAY_<NAME>_*` for a `vaultport` child process (config from the environment). */
export const cliEnv = (
  name: string,
  endpoint: Endpoint,
  url: string,
  timeoutMs: number,
): Record<string, string> => {
  const p = `VAULTPORT_GATEWAY_${name.toUpperCase()}_`
  const common = {
    [`${p}ADAPTER`]: endpoint.gateway,
    [`${p}BASE_URL`]: url,
    [`${p}TIMEOUT_MS`]: String(timeoutMs),
  }
  if (endpoint.gateway === 'paytrace') {
    const c = endpoint.credentials as CredentialsByGateway['paytrace']
    return { ...common, [`${p}CLIENT_ID`]: c.clientId, [`${p}CLIENT_SECRET`]: c.clientSecret }
  }
  if (endpoint.gateway === 'fluidpay') {
    const c = endpoint.credentials as CredentialsByGateway['fluidpay']
    return { ...common, [`${p}API_KEY`]: c.apiKey }
  }
  const c = endpoint.credentials as CredentialsByGateway['valor']
  return { ...common, [`${p}APP_ID`]: c.appId, [`${p}APP_KEY`]: c.appKey }
}
