// The cut-over harness: two simulators on one billing clock, the real adapters over loopback
// HTTP, a migration killed between "target created" and "source removed" and resumed under
// faults, then the clock run across the cut-over and every charge counted, per source schedule
// and period, across both gateways.
import * as E from 'fp-ts/Either'
import {
  collectAll,
  type CustomerId,
  type Recurrence,
  type RecurrenceId,
  type Vault,
} from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import {
  cardDataIndex,
  mappingFromJournal,
  memoryJournal,
  readCardData,
  runMigration,
  verifyMigration,
  type Journal,
  type JournalEntry,
  type MigrationOptions,
  type MigrationReport,
  type VerifyReport,
} from '@vaultport/migrate'
import { createPayTraceVault } from '@vaultport/paytrace'
import {
  startSandbox,
  type Charge,
  type RunningSandbox,
  type ScriptedFault,
} from '@vaultport/sandbox'
import { createValorVault } from '@vaultport/valor'
import { exportCardData } from '../../src/processorExport'

export type Gateway = 'paytrace' | 'fluidpay' | 'valor'

/** The instant the simulators start at; their billing clocks move on from it. */
export const T0 = new Date('2026-06-01T12:00:00Z')

const http = { timeoutMs: 1_000, retry: { baseDelayMs: 10, maxDelayMs: 100 } }

export const vaultFor = (sim: RunningSandbox): Vault => {
  const now = () => sim.billing.now()
  if (sim.gateway === 'paytrace') {
    const c = (sim as RunningSandbox<'paytrace'>).credentials
    return createPayTraceVault({
      baseUrl: sim.url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      cardNumberMode: 'raw',
      http,
      now,
    })
  }
  if (sim.gateway === 'fluidpay')
    return createFluidPayVault({
      baseUrl: sim.url,
      apiKey: (sim as RunningSandbox<'fluidpay'>).credentials.apiKey,
      http,
      now,
    })
  const { appId, appKey, epi } = (sim as RunningSandbox<'valor'>).credentials
  return createValorVault({
    baseUrl: sim.url,
    appId,
    appKey,
    ...(epi === undefined ? {} : { epi }),
    http,
    now,
  })
}

/** Routes of each simulator: a schedule's create, and its removal. */
export const ROUTES: Record<Gateway, { create: string; remove: string }> = {
  paytrace: { create: 'R1', remove: 'R3' },
  fluidpay: { create: 'FR16', remove: 'FR20' },
  valor: { create: 'VR1', remove: 'VR5' },
}

const must = <A>(r: E.Either<{ message: string } | string, A>): A => {
  if (E.isLeft(r)) throw new Error(typeof r.left === 'string' ? r.left : r.left.message)
  return r.right
}

/** Every schedule of `vault`, by customer. */
export const schedulesOf = async (vault: Vault): Promise<Recurrence[]> => {
  if (!vault.capabilities.operations.recurrences.listByCustomer) return []
  const out: Recurrence[] = []
  for (const c of must(await collectAll(vault.customers.list, { pageSize: 50 })()))
    out.push(
      ...must(await collectAll((q) => vault.recurrences.listByCustomer(c.id as CustomerId, q))()),
    )
  return out
}

/** A journal whose process "dies" at the `n`th intent to remove a source schedule. */
const killedAtRemoval = (inner: Journal & { entries: JournalEntry[] }, n: number): Journal => {
  let seen = 0
  let dead = false
  return {
    append: async (entry) => {
      if (entry.s === 'intent' && entry.k.startsWith('x|')) seen++
      if (dead || seen >= n) {
        dead = true
        throw new Error('killed between "target created" and "source removed"')
      }
      await inner.append(entry)
    },
    read: inner.read,
  }
}

const runToCompletion = async (options: MigrationOptions): Promise<MigrationReport[]> => {
  const reports = [await runMigration(options)]
  for (let pass = 1; pass < 6; pass++) {
    const r = reports[reports.length - 1] as MigrationReport
    if (r.status === 'completed' && r.counts.failed + r.counts.partial === 0) break
    reports.push(await runMigration(options))
  }
  return reports
}

export interface Scenario {
  readonly from: Gateway
  readonly to: Gateway
  readonly customers: number
  readonly seed: number
  /** Faults for the target (and the source's removal route) during the first, killed run. */
  readonly targetFaults: ReadonlyArray<ScriptedFault>
  readonly sourceFaults: ReadonlyArray<ScriptedFault>
  /** Random faults on the target during every run, as a rate. */
  readonly randomRate: number
  /** The schedule removal at which the first run dies. */
  readonly killAt: number
  /** How far the clocks run after the cut-over. */
  readonly until: string
  /**
   * For the counter's own test: keep every source schedule billing (a double charge per
   * period), or delete every copy once made (skipped periods).
   */
  readonly sabotage?: 'keepSource' | 'dropCopies'
}

/** One source schedule's charges across both gateways, and what is wrong with them. */
export interface Chain {
  readonly source: Recurrence
  readonly targetId?: string
  readonly charges: ReadonlyArray<Charge>
  readonly problems: ReadonlyArray<string>
}

export interface Outcome {
  readonly reports: ReadonlyArray<MigrationReport>
  readonly killed: MigrationReport
  /** Right after the killed run: source schedules whose copy was already made. */
  readonly bothActiveAtKill: number
  readonly verify: VerifyReport
  /** Problems with "active at exactly one end", after the resumed runs. */
  readonly oneEnd: ReadonlyArray<string>
  readonly moved: number
  readonly stayed: number
  readonly chains: ReadonlyArray<Chain>
  readonly charges: { readonly source: number; readonly target: number }
  /** Journal evidence of the saga's branches: creates refused, source removals failed. */
  readonly refusedCreates: number
  readonly failedRemovals: number
  /** Scripted faults the simulators never got to apply (0: every one struck). */
  readonly scriptLeft: number
  readonly sourceSim: RunningSandbox
  readonly targetSim: RunningSandbox
}

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/**
 * Checks one schedule's charges: approved ones, in date order, each period starting the day
 * after the previous one ended (a gap is a skipped period, an overlap a second charge for one
 * period), none twice on a day, and still billing at the end unless its count ran out.
 */
const chainProblems = (
  source: Recurrence,
  charges: ReadonlyArray<Charge>,
  read: string,
  until: string,
): string[] => {
  const out: string[] = []
  const approved = [...charges]
    .filter((c) => c.outcome === 'approved')
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  approved.forEach((c, i) => {
    const prev = approved[i - 1]
    if (prev === undefined) return
    const expected = addDays(prev.periodEnd, 1)
    if (c.periodStart < expected)
      out.push(
        `${c.gateway} charged ${c.date} for a period already paid (${prev.gateway} ${prev.date})`,
      )
    else if (c.periodStart > expected)
      out.push(
        `no charge for ${expected}–${addDays(c.periodStart, -1)} (between ${prev.gateway} ${prev.date} and ${c.gateway} ${c.date})`,
      )
  })
  const remaining =
    source.totalCount === 'open_ended' ? Infinity : source.totalCount - (source.completedCount ?? 0)
  const last = approved[approved.length - 1]
  const first = source.nextDate
  if (last === undefined) {
    if (first !== undefined && first <= until && remaining > 0)
      out.push(`never charged (due ${first})`)
  } else if (
    addDays(last.periodEnd, 1) <= until &&
    approved.filter((c) => c.date > read).length < remaining
  )
    out.push(
      `stopped billing after ${last.gateway} ${last.date} (next due ${addDays(last.periodEnd, 1)})`,
    )
  return out
}

const TEST_CARDS = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']

/**
 * The source processor's card-data export: the processor's own file where the source shows
 * every card's expiry; for a Valor source, which shows none, the cards with a stand-in expiry
 * (the simulators hold only public test numbers, so the number is known from its last four).
 */
export const cardDataOf = async (source: Vault) => {
  const records = must(readCardData(must(await exportCardData(source)).csv))
  const known = new Set(records.map((r) => `${r.sourceCustomerId}|${r.sourcePaymentMethodId}`))
  for (const summary of must(await collectAll(source.customers.list, { pageSize: 50 })())) {
    const c = must(await source.customers.get(summary.id)())
    for (const m of c.paymentMethods) {
      const number = m.kind === 'card' ? TEST_CARDS.find((n) => n.endsWith(m.last4)) : undefined
      if (number === undefined || known.has(`${c.id}|${m.id}`)) continue
      records.push({
        sourceCustomerId: c.id,
        sourcePaymentMethodId: m.id,
        input: { kind: 'card', number, expiry: { month: 12, year: 2030 } },
      })
    }
  }
  return cardDataIndex(records)
}

/**
 * What keeps `before` (the source's active schedules) from being active at exactly one end:
 * at the source, or as its mapped copy at the target; and any active target schedule that is
 * nobody's copy.
 */
export const oneEndProblems = async (
  before: ReadonlyArray<Recurrence>,
  mapping: Readonly<Record<string, string>>,
  source: Vault,
  target: Vault,
): Promise<string[]> => {
  const active = async (v: Vault) =>
    new Set((await schedulesOf(v)).filter((r) => r.status === 'active').map((r) => r.id as string))
  const activeSource = await active(source)
  const activeTarget = await active(target)
  const out: string[] = []
  const explained = new Set<string>()
  for (const r of before) {
    const copy = mapping[r.id]
    if (copy !== undefined) explained.add(copy)
    const n = Number(activeSource.has(r.id)) + Number(copy !== undefined && activeTarget.has(copy))
    if (n !== 1) out.push(`schedule ${r.id}: active at ${n} ends`)
  }
  for (const t of activeTarget)
    if (!explained.has(t)) out.push(`target schedule ${t} is nobody's copy`)
  return out
}

/** Each schedule's charges at both gateways (its own, and its copy's), checked. */
export const chainsOf = (
  before: ReadonlyArray<Recurrence>,
  mapping: Readonly<Record<string, string>>,
  sourceSim: RunningSandbox,
  targetSim: RunningSandbox,
  read: string,
  until: string,
): Chain[] =>
  before.map((r): Chain => {
    const targetId = mapping[r.id]
    const charges = [
      ...sourceSim.billing.charges({ scheduleId: r.id }),
      ...(targetId === undefined ? [] : targetSim.billing.charges({ scheduleId: targetId })),
    ]
    return {
      source: r,
      ...(targetId === undefined ? {} : { targetId }),
      charges,
      problems: chainProblems(r, charges, read, until),
    }
  })

const sims: RunningSandbox[] = []

/** Starts a simulator that `closeAll` stops. */
export const startSim = async <G extends Gateway>(
  options: Parameters<typeof startSandbox<G>>[0],
): Promise<RunningSandbox<G>> => {
  const sim = await startSandbox(options)
  sims.push(sim)
  return sim
}

export const closeAll = async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()))
}

/** Runs one cut-over scenario end to end; answers what the test asserts on. */
export const cutover = async (s: Scenario): Promise<Outcome> => {
  const clock = () => T0
  const sourceSim = await startSim({ gateway: s.from, seed: s.seed, clock })
  const targetSim = await startSim({ gateway: s.to, seed: s.seed + 100, clock })
  const advance = (to: string) => {
    sourceSim.billing.advanceTo(to)
    targetSim.billing.advanceTo(to)
  }
  sourceSim.seedCustomers(s.customers, { withCards: true, withChecks: true, withRecurrences: true })
  const read = '2026-06-03'
  advance(read) // some history at the source before the cut-over
  const source = vaultFor(sourceSim)
  const target = vaultFor(targetSim)
  const now = () => sourceSim.billing.now()
  const before = (await schedulesOf(source)).filter((r) => r.status === 'active')
  const cardData = await cardDataOf(source)
  const journal = memoryJournal()
  const options: MigrationOptions = {
    source,
    target,
    journal,
    cardData,
    now,
    concurrency: 3,
    ...(s.sabotage === 'keepSource' ? { removeSourceSchedules: false } : {}),
  }

  // The first run: faults at both ends, killed between a copy made and its source removed.
  targetSim.knobs.set({
    faults: {
      rate: s.randomRate,
      seed: s.seed,
      kinds: ['http503', 'timeoutAfterCommit'],
      hangMs: 1_500,
    },
  })
  targetSim.knobs.enqueueFaults(...s.targetFaults)
  sourceSim.knobs.enqueueFaults(...s.sourceFaults)
  const killed = await runMigration({ ...options, journal: killedAtRemoval(journal, s.killAt) })
  const made = new Set(
    journal.entries.filter((e) => e.k.startsWith('r|') && e.s === 'done').map((e) => e.k.slice(2)),
  )
  const removed = new Set(
    journal.entries.filter((e) => e.k.startsWith('x|') && e.s === 'done').map((e) => e.k.slice(2)),
  )
  const bothActiveAtKill = [...made].filter((id) => !removed.has(id)).length

  // A day passes (the source bills what is due), then the same run resumes until done.
  advance('2026-06-04')
  const reports = await runToCompletion(options)
  const scriptLeft =
    targetSim.knobs.get().faults.script.length + sourceSim.knobs.get().faults.script.length
  targetSim.knobs.reset()
  sourceSim.knobs.reset()
  const verify = await verifyMigration({ source, target, journal })

  // Every schedule active at exactly one end.
  const mapping = mappingFromJournal(journal.entries).recurrences
  const oneEnd = await oneEndProblems(before, mapping, source, target)

  if (s.sabotage === 'dropCopies')
    for (const copy of Object.values(mapping))
      must(await target.recurrences.delete(copy as RecurrenceId)())

  // Across the cut-over: every charge of every schedule, at both gateways.
  advance(s.until)
  const chains = chainsOf(before, mapping, sourceSim, targetSim, read, s.until)
  return {
    reports,
    killed,
    bothActiveAtKill,
    verify,
    oneEnd,
    moved: Object.keys(mapping).length,
    stayed: before.length - Object.keys(mapping).length,
    chains,
    charges: {
      source: sourceSim.billing.charges({ outcome: 'approved' }).length,
      target: targetSim.billing.charges({ outcome: 'approved' }).length,
    },
    refusedCreates: journal.entries.filter((e) => e.k.startsWith('r|') && e.s === 'failed').length,
    failedRemovals: journal.entries.filter((e) => e.k.startsWith('x|') && e.s === 'failed').length,
    scriptLeft,
    sourceSim,
    targetSim,
  }
}
