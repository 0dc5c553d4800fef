/**
 * Starting simulators from code: `startSandbox({ gateway })` for one, `startAllSandboxes()` for
 * the three. Each listens on loopback, holds its state in memory per credential, and exposes its
 * knobs both here and over HTTP under `/__sandbox/`.
 */
import {
  BillingClock,
  type BillingContext,
  type BillingControl,
  type Charge,
  type ChargeFilter,
} from './common/billing'
import type { GatewayEngine, GatewayName, SeedOptions, SeedResult } from './common/engine'
import { type GatewayRules, type KnobControl, KnobState, type KnobsPatch } from './common/knobs'
import { serve } from './common/server'
import { FLUIDPAY_CREDENTIALS, type FluidPayCredentials, createFluidPaySimulator } from './fluidpay'
import {
  PAYTRACE_CREDENTIALS,
  type PayTraceCredentials,
  type PayTraceTokenShape,
  createPayTraceSimulator,
} from './paytrace'
import {
  VALOR_CREDENTIALS,
  type ValorCredentials,
  type ValorRouteOverrides,
  createValorSimulator,
} from './valor'

/** @category Simulators */
export interface CredentialsByGateway {
  readonly paytrace: PayTraceCredentials
  readonly fluidpay: FluidPayCredentials
  readonly valor: ValorCredentials
}

/** @category Simulators */
export interface StartSandboxOptions<G extends GatewayName = GatewayName> {
  readonly gateway: G
  /** 0 (the default) picks a free port. */
  readonly port?: number
  /** Default `127.0.0.1`. */
  readonly host?: string
  /** Seed of every random choice (ids, jitter, random faults, seeded data). Default 1. */
  readonly seed?: number
  readonly knobs?: KnobsPatch
  /** Valor only: answer HTTP 200 whatever the body says (see docs/gateways/sources.md#valor-envelopes-and-errors). */
  readonly valorAlways200?: boolean
  /**
   * The simulator's notion of now (timestamps, token expiry, rate limit). Default: the system
   * clock. The billing clock's jumps (`billing.advanceTo`) are added to it.
   */
  readonly clock?: () => Date
  /** More merchants besides the default one; state is kept per credential. */
  readonly extraCredentials?: readonly CredentialsByGateway[G][]
  /** Valor only: replace the method and/or path of routes (most are guesses, docs/wire-assumptions.md V.1). */
  readonly valorRoutes?: ValorRouteOverrides
  /** FluidPay only: enforce the spec's "offset 1-1000" on search (default: not enforced). */
  readonly fluidpaySearchMaxOffset?: number
  /** PayTrace only: access-token lifetime in seconds (default 7200). */
  readonly paytraceTokenTtlSeconds?: number
  /** PayTrace only: token fields under `data`, at top level, or both (default). */
  readonly paytraceTokenShape?: PayTraceTokenShape
}

/** @category Simulators */
export interface RunningSandbox<G extends GatewayName = GatewayName> {
  readonly gateway: G
  /** Base URL, e.g. `http://127.0.0.1:53011` (no trailing slash). */
  readonly url: string
  /** The default merchant's credentials. */
  readonly credentials: CredentialsByGateway[G]
  /** Every merchant's credentials, the default one first. */
  readonly allCredentials: readonly CredentialsByGateway[G][]
  readonly knobs: KnobControl
  /** Creates `n` realistic customers for a merchant (default: the first), deterministically. */
  readonly seedCustomers: (n: number, options?: SeedOptions) => SeedResult
  /** The billing clock: advance time, run the charges due, read the charges made. */
  readonly billing: BillingControl
  /** Empties every merchant's vault and the charge log (knobs, issued tokens and the clock stay). */
  readonly reset: () => void
  readonly close: () => Promise<void>
}

const DEFAULT_CREDENTIALS: CredentialsByGateway = {
  paytrace: PAYTRACE_CREDENTIALS,
  fluidpay: FLUIDPAY_CREDENTIALS,
  valor: VALOR_CREDENTIALS,
}

const engineFor = <G extends GatewayName>(
  options: StartSandboxOptions<G>,
  credentials: readonly CredentialsByGateway[G][],
  billing: BillingContext,
  seed: number,
  rules: () => GatewayRules,
): GatewayEngine => {
  const clock = billing.now
  switch (options.gateway) {
    case 'paytrace':
      return createPayTraceSimulator({
        credentials: credentials as readonly PayTraceCredentials[],
        clock,
        seed,
        ...(options.paytraceTokenTtlSeconds === undefined
          ? {}
          : { tokenTtlSeconds: options.paytraceTokenTtlSeconds }),
        ...(options.paytraceTokenShape === undefined
          ? {}
          : { tokenShape: options.paytraceTokenShape }),
      })
    case 'fluidpay':
      return createFluidPaySimulator({
        credentials: credentials as readonly FluidPayCredentials[],
        clock,
        seed,
        rules,
        searchMaxOffset: options.fluidpaySearchMaxOffset ?? null,
        billing,
      })
    default:
      return createValorSimulator({
        credentials: credentials as readonly ValorCredentials[],
        clock,
        seed,
        rules,
        always200: options.valorAlways200 ?? false,
        routes: options.valorRoutes ?? {},
        billing,
      })
  }
}

/**
 * @category Simulators
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { createFluidPayVault } from '@vaultport/fluidpay'
 * import { startSandbox } from '@vaultport/sandbox'
 *
 * const sandbox = await startSandbox({ gateway: 'fluidpay', seed: 7 }) // on 127.0.0.1, a free port
 * try {
 *   sandbox.seedCustomers(20, { withCards: true })
 *   const vault = createFluidPayVault({ baseUrl: sandbox.url, apiKey: sandbox.credentials.apiKey })
 *   const page = await vault.customers.list({ pageSize: 10 })()
 *   if (E.isRight(page)) console.log(page.right.items.length) // 10
 * } finally {
 *   await sandbox.close()
 * }
 * ```
 */
export const startSandbox = async <G extends GatewayName>(
  options: StartSandboxOptions<G>,
): Promise<RunningSandbox<G>> => {
  const clock = options.clock ?? (() => new Date())
  const seed = options.seed ?? 1
  const primary = DEFAULT_CREDENTIALS[options.gateway] as CredentialsByGateway[G]
  const allCredentials = [primary, ...(options.extraCredentials ?? [])]
  const knobs = new KnobState(options.knobs, seed)
  const billing = new BillingClock(options.gateway, clock, () => knobs.rules.billing)
  const engine = engineFor(options, allCredentials, billing, seed, () => knobs.rules)
  billing.attach(engine.billing)
  const served = await serve(engine, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    knobs,
    clock,
    billing,
    adminInfo: () => ({
      credentials: allCredentials,
      routes: engine.router.routes.map(({ id, method, path }) => ({ id, method, path })),
    }),
  })
  return {
    gateway: options.gateway,
    url: served.url,
    credentials: primary,
    allCredentials,
    knobs: served.knobs,
    seedCustomers: (n, seedOptions = {}) => engine.seed(n, seedOptions),
    billing: {
      advanceTo: billing.advanceTo,
      charges: billing.charges,
      now: billing.now,
      today: billing.today,
      clearCharges: billing.clearCharges,
    },
    reset: () => {
      engine.reset()
      billing.clearCharges()
    },
    close: served.close,
  }
}

/** @category Simulators */
export interface StartAllOptions {
  readonly host?: string
  readonly seed?: number
  readonly ports?: Partial<Record<GatewayName, number>>
  readonly knobs?: KnobsPatch
  readonly valorAlways200?: boolean
  readonly clock?: () => Date
}

/**
 * The three billing clocks driven together.
 * @category Simulators
 */
export interface AllBillingControl {
  /** Advances the three clocks to `to` (each runs its due charges); the charges, by date then gateway. */
  readonly advanceTo: (to: string | Date) => readonly Charge[]
  /** The three charge logs merged, by date then gateway (PayTrace, FluidPay, Valor). */
  readonly charges: (filter?: ChargeFilter) => readonly Charge[]
}

/** @category Simulators */
export interface RunningSandboxes {
  readonly paytrace: RunningSandbox<'paytrace'>
  readonly fluidpay: RunningSandbox<'fluidpay'>
  readonly valor: RunningSandbox<'valor'>
  readonly billing: AllBillingControl
  readonly close: () => Promise<void>
}

const GATEWAY_ORDER: Readonly<Record<GatewayName, number>> = { paytrace: 0, fluidpay: 1, valor: 2 }

/**
 * Charges of several gateways in one order: billing date, then gateway, each log's own order kept.
 * @category Simulators
 * @internal
 */
export const mergeCharges = (logs: readonly (readonly Charge[])[]): Charge[] =>
  logs
    .flat()
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        (a.c.date < b.c.date ? -1 : a.c.date > b.c.date ? 1 : 0) ||
        GATEWAY_ORDER[a.c.gateway] - GATEWAY_ORDER[b.c.gateway] ||
        a.i - b.i,
    )
    .map(({ c }) => c)

/** @category Simulators */
export const startAllSandboxes = async (
  options: StartAllOptions = {},
): Promise<RunningSandboxes> => {
  const common = {
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.knobs === undefined ? {} : { knobs: options.knobs }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  }
  const port = (g: GatewayName) => ({ port: options.ports?.[g] ?? 0 })
  const paytrace = await startSandbox({ gateway: 'paytrace', ...common, ...port('paytrace') })
  const fluidpay = await startSandbox({
    gateway: 'fluidpay',
    ...common,
    ...port('fluidpay'),
  }).catch(async (e: unknown) => {
    await paytrace.close()
    throw e
  })
  const valor = await startSandbox({
    gateway: 'valor',
    ...common,
    ...port('valor'),
    ...(options.valorAlways200 === undefined ? {} : { valorAlways200: options.valorAlways200 }),
  }).catch(async (e: unknown) => {
    await Promise.all([paytrace.close(), fluidpay.close()])
    throw e
  })
  const all = [paytrace, fluidpay, valor] as const
  return {
    paytrace,
    fluidpay,
    valor,
    billing: {
      advanceTo: (to) => mergeCharges(all.map((s) => s.billing.advanceTo(to))),
      charges: (filter) => mergeCharges(all.map((s) => s.billing.charges(filter))),
    },
    close: async () => {
      await Promise.all([paytrace.close(), fluidpay.close(), valor.close()])
    },
  }
}
