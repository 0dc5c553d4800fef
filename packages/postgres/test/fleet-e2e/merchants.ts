/**
 * The merchants of the end-to-end fleet: each has its own source and target simulator (so its
 * own rate limit at each end), its own credentials there, a counting proxy in front of each, a
 * seeded source population (the exactly-once suite's, so its counters apply) with its card-data
 * file, and its manifest entry with every secret by `env:` reference.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Vault } from '@vaultport/core'
import {
  FLUIDPAY_CREDENTIALS,
  PAYTRACE_CREDENTIALS,
  VALOR_CREDENTIALS,
  startSandbox,
  type CredentialsByGateway,
  type RunningSandbox,
} from '@vaultport/sandbox'
import { countMigration, type Counts } from '../../../cli/test/exactly-once/harness/counts'
import {
  READING_HTTP,
  vaultAt,
  type Endpoint,
  type Gateway,
  type Pair,
} from '../../../cli/test/exactly-once/harness/gateways'
import {
  cardDataCsv,
  populationSpec,
  seedPopulation,
  type SourceTruth,
} from '../../../cli/test/exactly-once/harness/population'
import { hash32, rng } from '../../../cli/test/exactly-once/harness/prng'
import { snapshot } from '../../../cli/test/exactly-once/harness/snapshot'
import { startCountingProxy, type CountingProxy } from './countingProxy'

export interface MerchantEnd {
  readonly sim: RunningSandbox
  readonly proxy: CountingProxy
  readonly endpoint: Endpoint
  /** The simulator's limit: requests admitted in any one second. */
  readonly rateLimit: number
}

export interface FleetMerchant {
  readonly id: string
  readonly pair: Pair
  readonly source: MerchantEnd
  readonly target: MerchantEnd
  readonly truth: SourceTruth
  readonly cardData: string
  /** The variables the workers need for this merchant's references. */
  readonly env: Readonly<Record<string, string>>
  /** The secret values in `env` (none may reach the database or any output). */
  readonly secrets: ReadonlyArray<string>
  readonly manifestEntry: Record<string, unknown>
}

/** Credentials of one merchant at one end, unique in the whole fleet. */
const credentialsFor = (
  gateway: Gateway,
  tag: string,
  n: number,
): CredentialsByGateway[Gateway] => {
  if (gateway === 'paytrace')
    return {
      ...PAYTRACE_CREDENTIALS,
      clientId: `fleet_${tag}`,
      clientSecret: `fleet-pt-secret-${tag}`,
      merchantId: 700_000 + n,
    }
  if (gateway === 'fluidpay')
    return {
      ...FLUIDPAY_CREDENTIALS,
      apiKey: `api_fleetsecret_${tag}`,
      publicKey: `pub_fleet_${tag}`,
      merchantId: `fleet${tag.replace(/[^a-z0-9]/gi, '')}`,
    }
  const pad = (s: string) =>
    s
      .replace(/[^a-z0-9]/gi, '')
      .padEnd(32, '0')
      .slice(0, 32)
  return { ...VALOR_CREDENTIALS, appId: pad(`fleetappid${tag}`), appKey: pad(`fleetappkey${tag}`) }
}

const variable = (id: string, side: string, what: string) =>
  `FLEET_${id.toUpperCase().replace(/-/g, '_')}_${side}_${what}`

/** The manifest's gateway entry for one end, and the variables its references name. */
const entryFor = (
  id: string,
  side: 'SOURCE' | 'TARGET',
  end: MerchantEnd,
): { entry: Record<string, unknown>; env: Record<string, string> } => {
  const common = {
    adapter: end.endpoint.gateway,
    baseUrl: end.proxy.url,
    timeoutMs: 10_000,
    // The client's own ceiling, under the gateway's limit with room for a busy loopback.
    requestsPerSecond: Math.floor(end.rateLimit * 0.7),
  }
  const ref = (what: string) => `env:${variable(id, side, what)}`
  if (end.endpoint.gateway === 'paytrace') {
    const c = end.endpoint.credentials as CredentialsByGateway['paytrace']
    return {
      entry: { ...common, clientId: c.clientId, clientSecret: ref('SECRET') },
      env: { [variable(id, side, 'SECRET')]: c.clientSecret },
    }
  }
  if (end.endpoint.gateway === 'fluidpay') {
    const c = end.endpoint.credentials as CredentialsByGateway['fluidpay']
    return {
      entry: { ...common, apiKey: ref('KEY') },
      env: { [variable(id, side, 'KEY')]: c.apiKey },
    }
  }
  const c = end.endpoint.credentials as CredentialsByGateway['valor']
  return {
    entry: { ...common, appId: ref('APP_ID'), appKey: ref('APP_KEY') },
    env: { [variable(id, side, 'APP_ID')]: c.appId, [variable(id, side, 'APP_KEY')]: c.appKey },
  }
}

const startEnd = async (gateway: Gateway, tag: string, n: number, rateLimit: number) => {
  const credentials = credentialsFor(gateway, tag, n)
  const sim = await startSandbox({ gateway, seed: n, extraCredentials: [credentials as never] })
  const proxy = await startCountingProxy(sim.url)
  return { sim, proxy, endpoint: { gateway, url: sim.url, credentials }, rateLimit }
}

export interface MerchantPlan {
  readonly index: number
  readonly pair: Pair
  readonly customers: number
  readonly sourceRate: number
  readonly targetRate: number
}

/** Starts, seeds and describes one merchant. `dir` receives its card-data file. */
export const startMerchant = async (plan: MerchantPlan, dir: string): Promise<FleetMerchant> => {
  const id = `m-${String(plan.index).padStart(2, '0')}`
  const source = await startEnd(plan.pair.from, `${id}-src`, 2 * plan.index + 1, plan.sourceRate)
  const target = await startEnd(plan.pair.to, `${id}-dst`, 2 * plan.index + 2, plan.targetRate)
  const now = new Date()
  const spec = populationSpec(rng(hash32(`fleet ${id}`)), 100 + plan.index, {
    source: plan.pair.from,
    customers: plan.customers,
    twinGroups: plan.index % 4 === 0 ? 1 : 0,
    thisYear: now.getUTCFullYear(),
  })
  const truth = await seedPopulation(vaultAt(source.endpoint, READING_HTTP), spec, now)
  const cardData = join(dir, `${id}.csv`)
  writeFileSync(cardData, cardDataCsv(truth))
  // From now on each simulator admits at most its limit per second, and counts.
  for (const end of [source, target])
    end.sim.knobs.set({ rateLimit: { requestsPerSecond: end.rateLimit } })
  const s = entryFor(id, 'SOURCE', source)
  const t = entryFor(id, 'TARGET', target)
  const env = { ...s.env, ...t.env }
  return {
    id,
    pair: plan.pair,
    source,
    target,
    truth,
    cardData,
    env,
    secrets: Object.values(env),
    manifestEntry: { id, source: s.entry, target: t.entry, cardData, options: { concurrency: 4 } },
  }
}

/** A vault reading one end directly (no proxy), for counting. */
export const directVault = (end: MerchantEnd): Vault => vaultAt(end.endpoint, READING_HTTP)

/** The exactly-once counters of one merchant, read from both vaults with their limits off. */
export const countMerchant = async (m: FleetMerchant): Promise<Counts> => {
  for (const end of [m.source, m.target]) end.sim.knobs.set({ rateLimit: null })
  const target = directVault(m.target)
  const schedulesMove =
    target.capabilities.operations.recurrences.create &&
    target.capabilities.operations.recurrences.listByCustomer
  return countMigration({
    truth: m.truth,
    sourceAfter: await snapshot(directVault(m.source)),
    targetAfter: await snapshot(target),
    schedulesMove,
  })
}

export const closeMerchant = async (m: FleetMerchant): Promise<void> => {
  await Promise.all([m.source, m.target].flatMap((end) => [end.proxy.close(), end.sim.close()]))
}
