/**
 * The migration engine: streams the source's customers, plans each one, and (unless it is a dry
 * run) writes it to the target through the journal, with bounded concurrency. Every write is
 * `intent` → vault call → `done`; an item left at `intent` (a crash, an `OutcomeUnknown`) is
 * looked up at the target before it is written again, so a resumed run neither duplicates nor
 * loses anything. Schedules move as a saga: the target schedule is created first (starting at the
 * source's next charge), and only once it is confirmed is the source schedule removed.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  collectAll,
  createLimiter,
  formatVaultError,
  items,
  sameSchedule,
  unsupported,
  type Customer,
  type CustomerId,
  type CustomerSummary,
  type PaymentMethod,
  type PaymentMethodId,
  type PaymentMethodInput,
  type Recurrence,
  type RecurrenceId,
  type Vault,
  type VaultError,
} from '@vaultport/core'
import { emptyCardData, type CardDataIndex } from './cardData'
import { retryRead } from './retry'
import { replay, type ItemState, type Journal } from './journal'
import { keys, type CustomerDoneData, type MappingCounts } from './mapping'
import {
  addToTotals,
  emptyTotals,
  planCustomer,
  type CustomerPlan,
  type PlanContext,
  type PlannedRecurrence,
  type PlanTotals,
} from './plan'

// ---- model

export interface MigrationOptions {
  readonly source: Vault
  readonly target: Vault
  readonly journal: Journal
  readonly cardData?: CardDataIndex
  readonly tokenFor?: (customer: Customer, method: PaymentMethod) => PaymentMethodInput | undefined
  /** Customers in flight at once. Default 4. */
  readonly concurrency?: number
  /** Port calls per second to the target, on top of the adapter's own HTTP limits. */
  readonly targetRequestsPerSecond?: number
  /** Schedules charging sooner than this are left for a later run. Default 2. */
  readonly scheduleSafetyDays?: number
  /** Remove each source schedule once its target twin is confirmed. Default true. */
  readonly removeSourceSchedules?: boolean
  /** Delta mode: only customers created or changed since this instant. */
  readonly since?: string
  /** Plan only: read the source, write nothing, journal nothing. */
  readonly dryRun?: boolean
  readonly pageSize?: number
  /** Writes to try for one item before it is reported failed. Default 3. */
  readonly maxAttempts?: number
  readonly now?: () => Date
  readonly onProgress?: (progress: Progress) => void
  readonly onCustomer?: (outcome: CustomerOutcome) => void
}

export interface Progress {
  readonly customersSeen: number
  readonly customersDone: number
  readonly failures: number
  readonly elapsedMs: number
  readonly perSecond: number
}

export type CustomerStatus = 'planned' | 'migrated' | 'updated' | 'unchanged' | 'partial' | 'failed'

export interface CustomerOutcome {
  readonly sourceId: string
  readonly targetId?: string
  readonly status: CustomerStatus
  readonly plan?: CustomerPlan
  /** Problems that stopped part of this customer's move. */
  readonly errors: ReadonlyArray<string>
  /** Schedules active at both ends until their source twin is removed. */
  readonly doubleActive: ReadonlyArray<string>
}

export interface MigrationReport {
  readonly status: 'completed' | 'aborted'
  readonly abortReason?: string
  readonly dryRun: boolean
  readonly startedAt: string
  readonly finishedAt: string
  readonly totals: PlanTotals
  readonly counts: Readonly<Record<CustomerStatus, number>>
  /** The first failures, for the report; every one is also in `onCustomer`. */
  readonly failures: ReadonlyArray<{
    readonly sourceId: string
    readonly errors: ReadonlyArray<string>
  }>
  readonly doubleActive: ReadonlyArray<string>
  /** How many customers, addresses, payment methods and schedules the journal maps in all. */
  readonly mapped: MappingCounts
}

/** A journal write failed: the run must stop, whatever else is in flight. */
class JournalFailure {
  constructor(readonly reason: string) {}
}

type Found = { readonly target: string; readonly data?: unknown } | undefined

/**
 * Failures after which the item is reported rather than retried. Every other failure
 * (`OutcomeUnknown`, `Unavailable`, `RateLimited`, an unreadable answer) may hide a write that
 * landed, so the item is looked up before it is written again.
 */
const DID_NOT_WRITE: ReadonlySet<VaultError['kind']> = new Set([
  'Validation',
  'NotFound',
  'Auth',
  'Unsupported',
])

/** The customer fields a list shows, by which a target without references is searched. */
const CONTACT_FIELDS = ['name', 'email', 'phone', 'company'] as const

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// ---- utils

const run = <A>(te: TaskEither<VaultError, A>) => te()

const errorText = (e: VaultError): string => formatVaultError(e)

const withLimit = (vault: Vault, rps: number | undefined): Vault => {
  if (rps === undefined) return vault
  const limiter = createLimiter({ requestsPerSecond: rps })
  const wrapPort = (port: object) =>
    Object.fromEntries(
      Object.entries(port).map(([name, f]) => [
        name,
        (...args: unknown[]) =>
          async () => {
            const release = await limiter.acquire()
            try {
              return await (f as (...a: unknown[]) => TaskEither<VaultError, unknown>)(...args)()
            } finally {
              release()
            }
          },
      ]),
    )
  return {
    capabilities: vault.capabilities,
    customers: wrapPort(vault.customers),
    addresses: wrapPort(vault.addresses),
    paymentMethods: wrapPort(vault.paymentMethods),
    recurrences: wrapPort(vault.recurrences),
  } as Vault
}

const methodLast4 = (m: PaymentMethod): string => (m.kind === 'card' ? m.last4 : m.accountLast4)

// ---- engine

/**
 * Runs (or with `dryRun`, plans) a migration. It never rejects: a failure it cannot carry on
 * from (the journal cannot be read or written, the source cannot be listed) ends the run with
 * `status: 'aborted'` and the reason.
 */
export const runMigration = async (options: MigrationOptions): Promise<MigrationReport> => {
  const startedAt = (options.now ?? (() => new Date()))()
  try {
    return await migrate(options)
  } catch (e) {
    return {
      status: 'aborted',
      abortReason: e instanceof Error ? e.message : String(e),
      dryRun: options.dryRun === true,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      totals: emptyTotals(),
      counts: { planned: 0, migrated: 0, updated: 0, unchanged: 0, partial: 0, failed: 0 },
      failures: [],
      doubleActive: [],
      mapped: { customers: 0, addresses: 0, paymentMethods: 0, recurrences: 0 },
    }
  }
}

const migrate = async (options: MigrationOptions): Promise<MigrationReport> => {
  const now = options.now ?? (() => new Date())
  const startedAt = now()
  const source = options.source
  const target = withLimit(options.target, options.targetRequestsPerSecond)
  const dryRun = options.dryRun === true
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3)
  const removeSource = options.removeSourceSchedules ?? true
  const state: Map<string, ItemState> = dryRun ? new Map() : replay(await options.journal.read())
  // Target ids already matched, so reconciliation never takes one twice. Items are claimed per
  // target customer: some gateways' item ids repeat across customers (PayTrace's `card`).
  const claimed = new Set<string>()
  const claimOf = (key: string, target: string): string => {
    const [kind, sourceCustomer] = key.split('|')
    if (kind !== 'm' && kind !== 'a') return `${kind}|${target}`
    const owner = state.get(keys.customer(sourceCustomer ?? ''))?.target
    return `${kind}|${owner ?? '?'}|${target}`
  }
  const mapped: { -readonly [K in keyof MappingCounts]: number } = {
    customers: 0,
    addresses: 0,
    paymentMethods: 0,
    recurrences: 0,
  }
  const countDone = (key: string, data: unknown) => {
    const kind = key.slice(0, 1)
    if (kind === 'c') {
      mapped.customers++
      mapped.addresses += (data as CustomerDoneData | undefined)?.addresses?.length ?? 0
    } else if (kind === 'a') mapped.addresses++
    else if (kind === 'm') mapped.paymentMethods++
    else if (kind === 'r') mapped.recurrences++
  }
  // The keys of each source customer, so that a finished customer's entries leave memory: a long
  // run holds only the customers in flight (plus whatever a resumed journal brought in).
  const keysOf = new Map<string, Set<string>>()
  const ownerOf = (key: string, data: unknown): string | undefined => {
    const [kind, id] = key.split('|')
    return kind === 'r' || kind === 'x' ? (data as { customer?: string } | undefined)?.customer : id
  }
  const index = (key: string, data: unknown) => {
    const owner = ownerOf(key, data)
    if (owner === undefined) return
    const set = keysOf.get(owner) ?? new Set<string>()
    set.add(key)
    keysOf.set(owner, set)
  }
  const forget = (sourceCustomer: string) => {
    const own = keysOf.get(sourceCustomer)
    if (own === undefined) return
    const customerKey = keys.customer(sourceCustomer)
    for (const key of own) {
      const s = state.get(key)
      // The customer's own claim stays: a reference-less target is searched among all customers.
      if (key !== customerKey && s?.status === 'done' && s.target !== undefined)
        claimed.delete(claimOf(key, s.target))
    }
    for (const key of own) state.delete(key)
    keysOf.delete(sourceCustomer)
  }
  for (const [key, s] of state) {
    index(key, s.data)
    if (s.status !== 'done' || s.target === undefined) continue
    claimed.add(claimOf(key, s.target))
    countDone(key, s.data)
  }
  const isClaimed = (kind: 'c' | 'm' | 'r', id: string, owner?: string) =>
    claimed.has(owner === undefined ? `${kind}|${id}` : `${kind}|${owner}|${id}`)

  const planContext: PlanContext = {
    sourceCaps: source.capabilities,
    targetCaps: target.capabilities,
    cardData: options.cardData ?? emptyCardData,
    ...(options.tokenFor === undefined ? {} : { tokenFor: options.tokenFor }),
    now: startedAt,
    scheduleSafetyDays: options.scheduleSafetyDays ?? 2,
  }

  const totals = emptyTotals()
  const counts: Record<CustomerStatus, number> = {
    planned: 0,
    migrated: 0,
    updated: 0,
    unchanged: 0,
    partial: 0,
    failed: 0,
  }
  const failures: Array<{ sourceId: string; errors: ReadonlyArray<string> }> = []
  const doubleActive: string[] = []
  let seen = 0
  let done = 0
  let aborted: string | undefined

  const append = async (entry: Parameters<Journal['append']>[0]) => {
    try {
      await options.journal.append(entry)
    } catch (e) {
      throw new JournalFailure(e instanceof Error ? e.message : String(e))
    }
    index(entry.k, entry.s === 'intent' ? entry.data : state.get(entry.k)?.data)
    if (entry.s === 'done') {
      state.set(entry.k, { status: 'done', target: entry.target, data: entry.data })
      claimed.add(claimOf(entry.k, entry.target))
      countDone(entry.k, entry.data)
    } else state.set(entry.k, { status: entry.s, data: state.get(entry.k)?.data })
  }
  const stamp = () => now().toISOString()
  const confirm = async (
    key: string,
    found: NonNullable<Found>,
  ): Promise<E.Either<string, string>> => {
    await append({
      k: key,
      s: 'done',
      at: stamp(),
      target: found.target,
      ...(found.data === undefined ? {} : { data: found.data }),
    })
    return E.right(found.target)
  }

  /**
   * The write protocol for one item: done already → its target; left at intent → look it up;
   * otherwise intent, write, done. After any failed write the item is looked up again before
   * the next attempt, because a write that answered with an error may still have happened.
   */
  const ensure = async (
    key: string,
    intentData: unknown,
    write: () => Promise<E.Either<VaultError, Found>>,
    reconcile: () => Promise<E.Either<VaultError, Found>>,
  ): Promise<E.Either<string, string>> => {
    const current = state.get(key)
    if (current?.status === 'done' && current.target !== undefined) return E.right(current.target)
    let needsLookup = current?.status === 'intent'
    let lastError = 'not attempted'
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (needsLookup) {
        const found = await reconcile()
        if (E.isRight(found) && found.right !== undefined) {
          return confirm(key, found.right)
        }
        if (E.isLeft(found)) {
          lastError = `lookup failed: ${errorText(found.left)}`
          continue
        }
      }
      await append({ k: key, s: 'intent', at: stamp(), data: intentData })
      const result = await write()
      if (E.isRight(result) && result.right !== undefined) {
        return confirm(key, result.right)
      }
      if (E.isLeft(result)) {
        const e = result.left
        lastError = errorText(e)
        // These answers say the write did not happen and will not on a retry.
        if (DID_NOT_WRITE.has(e.kind)) break
        // A conflict may be an earlier attempt of ours that did land: only a lookup can tell.
        if (e.kind === 'Conflict') {
          const found = await reconcile()
          if (E.isRight(found) && found.right !== undefined) {
            return confirm(key, found.right)
          }
          break
        }
        if (e.kind === 'RateLimited' && e.retryAfterMs !== undefined)
          await pause(Math.min(e.retryAfterMs, 10_000))
      }
      needsLookup = true
    }
    await append({
      k: key,
      s: 'failed',
      at: stamp(),
      error: { kind: 'migration', message: lastError },
    })
    return E.left(lastError)
  }

  // ---- reconciliation lookups

  const findCustomer = async (plan: CustomerPlan): Promise<E.Either<VaultError, Found>> => {
    const reference = plan.customer.reference
    if (target.capabilities.operations.customers.findByReference && reference !== undefined) {
      const r = await run(target.customers.findByReference(reference))
      return E.map((c: Customer | undefined) =>
        c === undefined ? undefined : { target: c.id, data: addressPairs(plan, c) },
      )(r)
    }
    // No merchant key at the target: match on the contact fields it keeps exactly (a target that
    // reformats phone numbers would otherwise never recognise its own copy) among unclaimed ones.
    const keptExactly = CONTACT_FIELDS.filter((f) =>
      target.capabilities.lossless.customer.includes(f),
    )
    if (keptExactly.length === 0) {
      const ctx = { gateway: target.capabilities.gateway, operation: 'customers.list' }
      return E.left(
        unsupported(
          ctx,
          'it keeps no field a customer can be recognised by; check this customer by hand',
        ),
      )
    }
    const wanted = (c: CustomerSummary) =>
      !isClaimed('c', c.id) && keptExactly.every((f) => c[f] === plan.customer[f])
    for await (const item of items(target.customers.list, {
      pageSize: target.capabilities.limits.maxPageSize,
    })) {
      if (E.isLeft(item)) return item
      if (wanted(item.right)) {
        const full = await run(target.customers.get(item.right.id))
        return E.map((c: Customer) => ({ target: c.id, data: addressPairs(plan, c) }))(full)
      }
    }
    return E.right(undefined)
  }

  const addressPairs = (plan: CustomerPlan, created: Customer): CustomerDoneData => {
    const sourceIds = plan.addressSourceIds
    const used = new Set<string>()
    const pairs: Array<readonly [string, string]> = []
    ;(plan.customer.addresses ?? []).forEach((a, i) => {
      const match = created.addresses.find((t) => !used.has(t.id) && t.role === a.role)
      const src = sourceIds[i]
      if (match !== undefined && src !== undefined) {
        used.add(match.id)
        pairs.push([src, match.id])
      }
    })
    return { addresses: pairs }
  }

  const findMethod =
    (targetCustomer: string, source: PaymentMethod) =>
    async (): Promise<E.Either<VaultError, Found>> => {
      const r = await run(target.paymentMethods.list(targetCustomer as CustomerId))
      return E.map((list: ReadonlyArray<PaymentMethod>) => {
        const m = list.find(
          (t) =>
            !isClaimed('m', t.id, targetCustomer) &&
            t.kind === source.kind &&
            methodLast4(t) === methodLast4(source),
        )
        return m === undefined ? undefined : { target: m.id }
      })(r)
    }

  const findRecurrence =
    (targetCustomer: string, planned: PlannedRecurrence) =>
    async (): Promise<E.Either<VaultError, Found>> => {
      const r = await run(
        collectAll((q) => target.recurrences.listByCustomer(targetCustomer as CustomerId, q)),
      )
      return E.map((list: ReadonlyArray<Recurrence>) => {
        const m = list.find(
          (t) =>
            !isClaimed('r', t.id) &&
            t.amount.amount === planned.input.amount.amount &&
            t.amount.currency === planned.input.amount.currency &&
            sameSchedule(t.schedule, planned.input.schedule) &&
            (t.startDate === planned.input.startDate || t.nextDate === planned.input.startDate),
        )
        return m === undefined ? undefined : { target: m.id }
      })(r)
    }

  // ---- one customer

  const readSource = async (id: CustomerId) => {
    const customer = await retryRead(source.customers.get(id))
    if (E.isLeft(customer)) return customer
    if (!source.capabilities.operations.recurrences.listByCustomer)
      return E.right({ customer: customer.right, recurrences: [] })
    const recurrences = await retryRead(collectAll((q) => source.recurrences.listByCustomer(id, q)))
    return E.map((rs: ReadonlyArray<Recurrence>) => ({
      customer: customer.right,
      recurrences: rs,
    }))(recurrences)
  }

  const moveCustomer = async (summary: CustomerSummary): Promise<CustomerOutcome> => {
    const outcome = await moveOne(summary)
    if (!dryRun) forget(summary.id)
    return outcome
  }

  const moveOne = async (summary: CustomerSummary): Promise<CustomerOutcome> => {
    const read = await readSource(summary.id)
    if (E.isLeft(read))
      return {
        sourceId: summary.id,
        status: 'failed',
        errors: [errorText(read.left)],
        doubleActive: [],
      }
    const { customer, recurrences } = read.right
    const plan = planCustomer(planContext, customer, recurrences)
    addToTotals(totals, plan)
    if (dryRun)
      return { sourceId: customer.id, status: 'planned', plan, errors: [], doubleActive: [] }

    const customerKey = keys.customer(customer.id)
    const existed = state.get(customerKey)?.status === 'done'
    const errors: string[] = []
    const both: string[] = []
    const targetId = await ensure(
      customerKey,
      { reference: plan.customer.reference },
      async () =>
        E.map((w: { value: Customer }) => ({
          target: w.value.id,
          data: addressPairs(plan, w.value),
        }))(await run(target.customers.create(plan.customer))),
      () => findCustomer(plan),
    )
    if (E.isLeft(targetId))
      return {
        sourceId: customer.id,
        status: 'failed',
        plan,
        errors: [targetId.left],
        doubleActive: [],
      }
    const tid = targetId.right as CustomerId

    let updated = false
    if (existed) updated = await deltaUpdate(customer, plan, tid, errors)

    for (const m of plan.methods) {
      const sourceMethod = customer.paymentMethods.find((p) => p.id === m.sourceId)
      const input =
        sourceMethod &&
        (planContext.cardData.lookup(customer, sourceMethod) ??
          options.tokenFor?.(customer, sourceMethod))
      if (sourceMethod === undefined || input === undefined) continue
      const r = await ensure(
        keys.method(customer.id, m.sourceId),
        { summary: m.summary },
        async () =>
          E.map((w: { value: PaymentMethod }) => ({ target: w.value.id }))(
            await run(target.paymentMethods.add(tid, input, { makeDefault: m.makeDefault })),
          ),
        findMethod(tid, sourceMethod),
      )
      if (E.isLeft(r)) errors.push(`${m.summary}: ${r.left}`)
    }

    for (const p of plan.recurrences) {
      const targetMethod =
        p.sourcePaymentMethodId === undefined
          ? undefined
          : state.get(keys.method(customer.id, p.sourcePaymentMethodId))?.target
      if (p.sourcePaymentMethodId !== undefined && targetMethod === undefined) {
        errors.push(`${p.summary}: its payment method did not move`)
        continue
      }
      const created = await ensure(
        keys.recurrence(p.sourceId),
        { customer: customer.id, nextDate: p.sourceNextDate, input: p.input },
        async () =>
          E.map((w: { value: Recurrence }) => ({ target: w.value.id }))(
            await run(
              target.recurrences.create({
                ...p.input,
                customerId: tid,
                ...(targetMethod === undefined
                  ? {}
                  : { paymentMethodId: targetMethod as PaymentMethodId }),
              }),
            ),
          ),
        findRecurrence(tid, p),
      )
      if (E.isLeft(created)) {
        errors.push(`${p.summary}: ${created.left}`)
        continue
      }
      if (!removeSource) {
        both.push(
          `schedule ${p.sourceId} → ${created.right}: both active; remove the source before ${p.sourceNextDate}`,
        )
        continue
      }
      const removed = await ensure(
        keys.sourceRemoval(p.sourceId),
        { customer: customer.id, nextDate: p.sourceNextDate },
        async () => {
          const r = await run(source.recurrences.delete(p.sourceId as RecurrenceId))
          return E.isLeft(r) && r.left.kind === 'NotFound'
            ? E.right({ target: 'removed' })
            : E.map(() => ({ target: 'removed' }))(r)
        },
        async () => {
          const r = await run(source.recurrences.get(p.sourceId as RecurrenceId))
          if (E.isLeft(r)) return r.left.kind === 'NotFound' ? E.right({ target: 'removed' }) : r
          return E.right(undefined)
        },
      )
      if (E.isLeft(removed)) {
        both.push(
          `schedule ${p.sourceId} → ${created.right}: both active; remove the source before ${p.sourceNextDate} (${removed.left})`,
        )
      }
    }

    const status: CustomerStatus =
      errors.length > 0 || both.length > 0
        ? 'partial'
        : existed
          ? updated
            ? 'updated'
            : 'unchanged'
          : 'migrated'
    return { sourceId: customer.id, targetId: tid, status, plan, errors, doubleActive: both }
  }

  /** Delta: carry changed customer fields and addresses added since the first run. */
  const deltaUpdate = async (
    customer: Customer,
    plan: CustomerPlan,
    tid: CustomerId,
    errors: string[],
  ): Promise<boolean> => {
    const version = customer.updatedAt ?? 'unversioned'
    const { addresses: _addresses, ...fields } = plan.customer
    let changed = false
    if (
      options.since !== undefined &&
      (customer.updatedAt === undefined || customer.updatedAt >= options.since)
    ) {
      const r = await ensure(
        keys.update(customer.id, version),
        {},
        async () =>
          E.map(() => ({ target: tid as string }))(await run(target.customers.update(tid, fields))),
        async () => E.right(undefined),
      )
      if (E.isLeft(r)) errors.push(`update: ${r.left}`)
      else changed = true
    }
    const createdWith =
      (state.get(keys.customer(customer.id))?.data as CustomerDoneData | undefined)?.addresses ?? []
    const alreadyMapped = new Set(createdWith.map(([src]) => src))
    for (const a of customer.addresses) {
      if (alreadyMapped.has(a.id) || state.get(keys.address(customer.id, a.id))?.status === 'done')
        continue
      const input = plan.customer.addresses?.[plan.addressSourceIds.indexOf(a.id)]
      if (input === undefined) continue
      const r = await ensure(
        keys.address(customer.id, a.id),
        {},
        async () =>
          E.map((w: { value: { id: string } }) => ({ target: w.value.id }))(
            await run(target.addresses.add(tid, input)),
          ),
        async () => E.right(undefined),
      )
      if (E.isLeft(r)) errors.push(`address ${a.id}: ${r.left}`)
      else changed = true
    }
    return changed
  }

  // ---- the run

  const record = (outcome: CustomerOutcome) => {
    done++
    counts[outcome.status]++
    if (outcome.status === 'failed' || outcome.errors.length > 0) {
      if (failures.length < 50)
        failures.push({ sourceId: outcome.sourceId, errors: outcome.errors })
    }
    doubleActive.push(...outcome.doubleActive)
    options.onCustomer?.(outcome)
    const elapsedMs = now().getTime() - startedAt.getTime()
    options.onProgress?.({
      customersSeen: seen,
      customersDone: done,
      failures: counts.failed,
      elapsedMs,
      perSecond: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0,
    })
  }

  const stream = items((q) => () => retryRead(source.customers.list(q)), {
    pageSize: Math.min(options.pageSize ?? 50, source.capabilities.limits.maxPageSize),
    ...(options.since === undefined ? {} : { filter: { changedSince: options.since } }),
  })
  const worker = async () => {
    while (aborted === undefined) {
      const next = await stream.next()
      if (next.done === true) return
      if (E.isLeft(next.value)) {
        aborted = `listing the source failed: ${errorText(next.value.left)}`
        return
      }
      seen++
      try {
        record(await moveCustomer(next.value.right))
      } catch (e) {
        aborted =
          e instanceof JournalFailure
            ? `journal write failed: ${e.reason}`
            : `unexpected failure: ${e instanceof Error ? e.message : String(e)}`
        return
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker))

  return {
    status: aborted === undefined ? 'completed' : 'aborted',
    ...(aborted === undefined ? {} : { abortReason: aborted }),
    dryRun,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    totals,
    counts,
    failures,
    doubleActive,
    mapped,
  }
}

/** Reads the source and reports what a run would do, writing nothing. */
export const planMigration = (
  options: Omit<MigrationOptions, 'dryRun' | 'journal'>,
): Promise<MigrationReport> =>
  runMigration({
    ...options,
    dryRun: true,
    journal: { append: async () => undefined, read: async () => [] },
  })
