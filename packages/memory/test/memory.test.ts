import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  addressId,
  collectAll,
  customerId,
  every,
  paymentMethodId,
  recurrenceId,
  type VaultError,
} from '@vaultport/core'
import { capabilitiesFor, createMemoryVault, topologies } from '../src'

const now = () => new Date('2026-01-15T10:00:00.000Z')
const card = (n = '4111111111111111') =>
  ({ kind: 'card', number: n, expiry: { month: 12, year: 2030 }, holderName: 'Ada Lee' }) as const
const bank = {
  kind: 'bank_account',
  accountNumber: '000123456789',
  routingNumber: '021000021',
  accountType: 'checking',
} as const

const right = async <A>(te: TaskEither<VaultError, A>): Promise<A> => {
  const r = await te()
  if (E.isLeft(r)) throw new Error(`expected Right, got ${r.left.kind}: ${r.left.message}`)
  return r.right
}
const leftKind = async <A>(te: TaskEither<VaultError, A>): Promise<string> => {
  const r = await te()
  if (E.isRight(r)) throw new Error('expected Left, got Right')
  return r.left.kind
}

describe('memory vault: customers', () => {
  it('creates, reads, updates and deletes with deterministic ids and timestamps', async () => {
    const v = createMemoryVault({ now, idPrefix: 't_' })
    const c = await right(v.customers.create({ reference: 'r1', name: 'Ada Lee', email: 'a@b.co' }))
    expect(c.value.id).toBe('t_cus_1')
    expect(c.value.createdAt).toBe('2026-01-15T10:00:00.000Z')
    const read = await right(v.customers.get(c.value.id))
    expect(read).toMatchObject({ reference: 'r1', name: 'Ada Lee', email: 'a@b.co' })
    const updated = await right(v.customers.update(c.value.id, { email: 'z@b.co', phone: '' }))
    expect(updated.value.email).toBe('z@b.co')
    expect(await right(v.customers.findByReference('r1'))).toMatchObject({ id: 't_cus_1' })
    await right(v.customers.delete(c.value.id))
    expect(await leftKind(v.customers.get(c.value.id))).toBe('NotFound')
    expect(await leftKind(v.customers.delete(c.value.id))).toBe('NotFound')
    expect(await right(v.customers.findByReference('r1'))).toBeUndefined()
  })

  it('refuses a duplicate reference with Conflict', async () => {
    const v = createMemoryVault()
    await right(v.customers.create({ reference: 'dup' }))
    expect(await leftKind(v.customers.create({ reference: 'dup' }))).toBe('Conflict')
  })

  it('drops a reference with a warning where the topology keeps none', async () => {
    const v = createMemoryVault({ topology: topologies.valorLike })
    const c = await right(v.customers.create({ reference: 'x', name: 'A' }))
    expect(c.value.reference).toBeUndefined()
    expect(c.warnings.map((w) => w.code)).toEqual(['field_dropped'])
    expect(await leftKind(v.customers.findByReference('x'))).toBe('Unsupported')
  })

  it('pages every customer exactly once with offset cursors, skipping deleted ones', async () => {
    const v = createMemoryVault()
    const ids: string[] = []
    for (let i = 0; i < 23; i++)
      ids.push((await right(v.customers.create({ name: `n${i}` }))).value.id)
    await right(v.customers.delete(customerId(ids[5] as string)))
    const all = await right(collectAll((q) => v.customers.list({ ...q, pageSize: 4 })))
    expect(all.map((c) => c.id)).toEqual(ids.filter((_, i) => i !== 5))
    expect(await leftKind(v.customers.list({ cursor: 'nonsense' }))).toBe('Validation')
  })

  it('filters by name, email, reference and changedSince', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z')
    const v = createMemoryVault({ now: () => new Date((t += 1000)) })
    await right(v.customers.create({ name: 'Ada Lee', email: 'ada@x.co', reference: 'a' }))
    await right(v.customers.create({ name: 'Bob Ray', email: 'bob@x.co', reference: 'b' }))
    const names = async (filter: object) =>
      (await right(v.customers.list({ filter }))).items.map((c) => c.name)
    expect(await names({ name: 'ada' })).toEqual(['Ada Lee'])
    expect(await names({ email: 'BOB@x.co' })).toEqual(['Bob Ray'])
    expect(await names({ reference: 'a' })).toEqual(['Ada Lee'])
    // The clock ticks on every reading: Ada is stamped before Bob.
    const ada = (await right(v.customers.list({ filter: { reference: 'a' } }))).items[0]
    const after = new Date(Date.parse(ada?.updatedAt ?? '') + 1).toISOString()
    expect(await names({ changedSince: after })).toEqual(['Bob Ray'])
  })

  it('holds 100,000 customers and pages through all of them', async () => {
    const v = createMemoryVault()
    for (let i = 0; i < 100_000; i++) await right(v.customers.create({ name: `c${i}` }))
    let pages = 0
    let count = 0
    let cursor: string | undefined
    do {
      const page = await right(v.customers.list({ pageSize: 1000, ...(cursor ? { cursor } : {}) }))
      count += page.items.length
      cursor = page.nextCursor
      pages++
    } while (cursor !== undefined)
    expect(count).toBe(100_000)
    expect(pages).toBe(100)
  })
})

describe('memory vault: addresses and payment methods', () => {
  it('keeps no full card or account number', async () => {
    const v = createMemoryVault()
    const c = await right(v.customers.create({ paymentMethod: card() }))
    await right(v.paymentMethods.add(c.value.id, bank))
    const text = JSON.stringify(v.snapshot())
    expect(text).not.toContain('4111111111111111')
    expect(text).not.toContain('000123456789')
    const [first, second] = await right(v.paymentMethods.list(c.value.id))
    expect(first).toMatchObject({ kind: 'card', brand: 'visa', last4: '1111', bin: '411111' })
    expect(second).toMatchObject({
      kind: 'bank_account',
      accountLast4: '6789',
      routingLast4: '0021',
    })
    expect((await right(v.customers.get(c.value.id))).defaults.paymentMethodId).toBe(first?.id)
  })

  it('enforces the topology limits with Conflict and never overwrites', async () => {
    const v = createMemoryVault({ topology: topologies.paytraceLike })
    const c = await right(v.customers.create({ reference: 'p1' }))
    const id = c.value.id
    await right(v.addresses.add(id, { role: 'billing', line1: '12 Elm Street' }))
    expect(await leftKind(v.addresses.add(id, { role: 'billing', line1: '9 Oak Road' }))).toBe(
      'Conflict',
    )
    await right(v.paymentMethods.add(id, card()))
    expect(await leftKind(v.paymentMethods.add(id, card('5555555555554444')))).toBe('Conflict')
    await right(v.paymentMethods.add(id, bank))
    const read = await right(v.customers.get(id))
    expect(read.addresses.map((a) => a.line1)).toEqual(['12 Elm Street'])
    expect(read.paymentMethods.map((m) => m.kind)).toEqual(['card', 'bank_account'])
  })

  it('answers NotFound for unknown customers, addresses and payment methods', async () => {
    const v = createMemoryVault()
    const c = await right(v.customers.create({}))
    expect(await leftKind(v.addresses.add(customerId('nope'), { role: 'billing' }))).toBe(
      'NotFound',
    )
    expect(await leftKind(v.addresses.remove(c.value.id, addressId('nope')))).toBe('NotFound')
    expect(await leftKind(v.paymentMethods.setDefault(c.value.id, paymentMethodId('x')))).toBe(
      'NotFound',
    )
    expect(await leftKind(v.recurrences.get(recurrenceId('x')))).toBe('NotFound')
  })

  it('accepts its own test tokens and rejects unknown ones', async () => {
    const v = createMemoryVault()
    const c = await right(v.customers.create({}))
    const m = await right(
      v.paymentMethods.add(c.value.id, { kind: 'gateway_token', token: 'tok_amex' }),
    )
    expect(m.value).toMatchObject({ kind: 'card', brand: 'amex', last4: '0005' })
    expect(
      await leftKind(v.paymentMethods.add(c.value.id, { kind: 'gateway_token', token: 'tok_x' })),
    ).toBe('Validation')
  })
})

describe('memory vault: recurrences', () => {
  it('creates, lists, updates and deletes; deleting a customer removes its schedules', async () => {
    const v = createMemoryVault({ now })
    const c = await right(v.customers.create({ paymentMethod: card() }))
    const input = {
      customerId: c.value.id,
      amount: { amount: 2495, currency: 'USD' },
      schedule: every(1, 'month'),
      startDate: '2026-02-01',
      totalCount: 12,
    }
    const r = await right(v.recurrences.create(input))
    expect(r.value).toMatchObject({
      status: 'active',
      nextDate: '2026-02-01',
      paymentMethodId: 'pm_1',
    })
    await right(v.recurrences.update(r.value.id, { amount: { amount: 100, currency: 'USD' } }))
    const page = await right(v.recurrences.listByCustomer(c.value.id))
    expect(page.items.map((x) => x.amount.amount)).toEqual([100])
    await right(v.customers.delete(c.value.id))
    expect(await leftKind(v.recurrences.get(r.value.id))).toBe('NotFound')
  })

  it('is Unsupported in a topology without schedules', async () => {
    // Every gateway-shaped preset bills schedules now; a topology without them is built here.
    const v = createMemoryVault({
      topology: { ...topologies.fluidpayLike, name: 'no-schedules', recurrences: false },
    })
    expect(v.capabilities.operations.recurrences.create).toBe(false)
    expect(await leftKind(v.recurrences.get(recurrenceId('r')))).toBe('Unsupported')
  })
})

describe('memory vault: faults', () => {
  it('plays a script: unavailable, rate limited, timeouts before and after the write', async () => {
    const v = createMemoryVault({
      faults: {
        script: [
          { operation: 'customers.create', outcome: 'unavailable' },
          { operation: 'customers.create', outcome: 'rateLimited', retryAfterMs: 250 },
          { operation: 'customers.create', outcome: 'timeoutBeforeWrite' },
          { operation: 'customers.create', outcome: 'timeoutAfterWrite' },
          { operation: 'customers.get', outcome: 'timeoutBeforeWrite' },
          { operation: 'customers.list', outcome: 'latency', latencyMs: 20 },
        ],
      },
    })
    const create = () => v.customers.create({ name: 'x' })()
    expect((await create()) as unknown).toMatchObject({ left: { kind: 'Unavailable' } })
    expect((await create()) as unknown).toMatchObject({
      left: { kind: 'RateLimited', retryAfterMs: 250 },
    })
    expect((await create()) as unknown).toMatchObject({ left: { kind: 'OutcomeUnknown' } })
    expect(v.inspect().customers).toBe(0)
    expect((await create()) as unknown).toMatchObject({ left: { kind: 'OutcomeUnknown' } })
    expect(v.inspect().customers).toBe(1)
    expect(await leftKind(v.customers.get(customerId('cus_1')))).toBe('Unavailable')
    const listed = right(v.customers.list()).then((page) => page.items.length)
    expect(await beforeOrAfter(listed, 5)).toBe('timer')
    expect(await listed).toBe(1)
    expect(v.pendingFaults()).toEqual([])
  })

  it('injects random faults deterministically under a seed', async () => {
    const run = async (seed: number) => {
      const v = createMemoryVault({
        faults: { random: { rate: 0.3, outcomes: ['unavailable', 'rateLimited'], seed } },
      })
      const kinds: string[] = []
      for (let i = 0; i < 40; i++) {
        const r = await v.customers.create({})()
        kinds.push(E.isLeft(r) ? r.left.kind : 'ok')
      }
      return kinds
    }
    const a = await run(7)
    expect(await run(7)).toEqual(a)
    expect(a.filter((k) => k !== 'ok').length).toBeGreaterThan(3)
    expect(a.filter((k) => k === 'ok').length).toBeGreaterThan(15)
    expect(await run(8)).not.toEqual(a)
  })
})

describe('memory topologies', () => {
  it.each(Object.entries(topologies))('%s declares what it enforces', (_name, topology) => {
    const caps = capabilitiesFor(topology)
    expect(caps.limits.cardsPerCustomer).toBe(topology.cardsPerCustomer)
    expect(caps.operations.recurrences.create).toBe(topology.recurrences)
    expect(caps.operations.customers.findByReference).toBe(topology.customerReference !== 'none')
  })
})

/** Which comes first: the call's answer or a timer of `ms` (ordering, not a stopwatch). */
const beforeOrAfter = (call: Promise<unknown>, ms: number): Promise<'answer' | 'timer'> =>
  Promise.race([
    call.then(() => 'answer' as const),
    new Promise<'timer'>((resolve) => setTimeout(() => resolve('timer'), ms)),
  ])
