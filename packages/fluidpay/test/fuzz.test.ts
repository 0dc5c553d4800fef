// Response fuzzing (packages/testkit/jest/fuzz.ts): every endpoint family answered with
// malformed bodies and any status. VAULTPORT_LONG=1 runs 1000 cases a family.
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import fc from 'fast-check'
import nock from 'nock'
import {
  addressId,
  createRedactor,
  customerId,
  formatVaultError,
  isTransientStatus,
  isVaultError,
  paymentMethodId,
  recurrenceId,
  type VaultError,
} from '@vaultport/core'
import {
  anyStatus,
  describeDecodeFastLaw,
  describeResponseFuzz,
  fuzzHttpOptions,
  fuzzRuns,
  longMode,
  portOperations,
  problemWith,
  serve,
} from '../../testkit/jest/fuzz'
import * as wire from '../src/wire'
import {
  BASE,
  ach,
  address,
  adjustment,
  card,
  expectedKind,
  failed,
  ok,
  plan,
  record,
  subscription,
  vault,
  type OpKind,
} from './fixtures'

const now = new Date('2026-01-05T10:00:00Z')
// The default run is the same every time; the long mode (VAULTPORT_LONG=1) explores.
const fuzzSeedOption = longMode ? {} : { seed: 20261201 }
const full = record('ada001', {
  addresses: [address('a1'), address('a2', { line_1: '34 Oak Avenue' })],
  cards: [card('p1')],
  ach: [ach('b1')],
  defaults: {
    billing_address_id: 'a1',
    shipping_address_id: 'a2',
    payment_method_id: 'p1',
    payment_method_type: 'card',
  },
  description: 'Gold member',
  flags: ['surcharge_exempt'],
})
const common = [ok(full), ok(null), failed('Customer not found'), { status: 'failed', msg: '' }]
const ids = {
  customer: customerId('ada001'),
  address: addressId('a2'),
  paymentMethod: paymentMethodId('p1'),
  recurrence: recurrenceId('r1'),
}

const sub = subscription('r1')
describeResponseFuzz(
  'FluidPay',
  ['customers', 'addresses', 'paymentMethods', 'recurrences'],
  (v, family) => portOperations(v, ids, now)[family],
  () => vault({ http: fuzzHttpOptions }),
  BASE,
  {
    customers: [
      ...common,
      ok([full, record('ada002')], { total_count: 3 }),
      ok([], { total_count: 0 }),
    ],
    addresses: [...common, ok(address('a2'))],
    paymentMethods: [...common, ok(card('p2')), ok(ach('b2'))],
    recurrences: [
      ...common,
      ok(sub),
      ok([sub]),
      ok([sub, subscription('r2', { status: 'failing', billing_frequency: 'twice_monthly' })], {
        total_count: 5,
      }),
      ok({ id: 'r1' }),
      ok([], { total_count: 0 }),
    ],
  },
)

// A case the long mode found, pinned.
it('a default address id no canonical id can carry is UnexpectedResponse, not a Right', async () => {
  const bad = record('ada001', {
    defaults: {
      billing_address_id: 'x'.repeat(70_000),
      shipping_address_id: '',
      payment_method_id: '',
      payment_method_type: '',
    },
  })
  nock(BASE).get('/api/vault/ada001').reply(200, ok(bad))
  const r = await vault({ http: fuzzHttpOptions }).customers.get(ids.customer)()
  expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'UnexpectedResponse' } })
})

it('a text field longer than the canonical model carries is UnexpectedResponse, not a Right', async () => {
  const bad = record('ada001', { addresses: [address('a1', { first_name: 'x'.repeat(5_000) })] })
  nock(BASE).get('/api/vault/ada001').reply(200, ok(bad))
  const r = await vault({ http: fuzzHttpOptions }).customers.get(ids.customer)()
  expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'UnexpectedResponse' } })
})

describeDecodeFastLaw(
  'FluidPay wire codecs',
  wire,
  [
    ...common,
    ok([full, record('ada002', { addresses: [address('a9', { first_name: null })] })]),
    ok({ ...full, id: 7, data: { customer: { ...full.data.customer, addresses: null } } }),
    ok([sub, subscription('r2', { billing_days: 15, add_ons: [{ id: 'ao1', amount: 100 }] })]),
    ok(sub),
    ok([plan('pl1', { discounts: [{ id: 'd1', percentage: 5000 }] })]),
    ok(plan('pl2')),
    ok([adjustment('ao1'), adjustment('ao2', { amount: null, percentage: 1000 })]),
    ok(adjustment('ao1')),
  ],
  [
    'Envelope',
    'CustomerRecord',
    'SummaryRecord',
    'RecordList',
    'SummaryRecordList',
    'WireAddress',
    'WireCard',
    'WireAch',
    'WireDefaults',
    'WireAdjustmentRef',
    'WireAdjustment',
    'WirePlan',
    'WireSubscriptionCustomer',
    'WireSubscription',
    'SubscriptionData',
    'PlanData',
    'AdjustmentData',
    'SubscriptionList',
    'PlanList',
    'AdjustmentList',
  ],
)

// ---- hostile answers and hostile input (issue 17)
//
// Generated, on top of the malformed-answer fuzz above: gateways that echo the request's own
// card and account numbers and tokens (as sent, and regrouped by dots, single and double
// spaces, NBSP, tabs, slashes, dashes, `%20`) at any status and in any kind of body; non-JSON
// failure bodies at every status; hostile ids; hostile argument objects. Every case: no throw, no
// rejection, no echo of a request value in any error field, no success for a failed status.

const SENT = {
  pan: '4111111111111111',
  pan2: '5555555555554444',
  account: '000123456789',
  token: 'tok9f8e7d6c5b4a3210',
} as const

/** Operations that send a sensitive value: whether they read the customer first, what they send. */
const echoOperations = (v: ReturnType<typeof vault>) =>
  [
    [
      'customers.create with a card',
      false,
      [SENT.pan],
      () =>
        v.customers.create({
          reference: 'ada001',
          paymentMethod: { kind: 'card', number: SENT.pan, expiry: { month: 1, year: 2030 } },
        }),
    ],
    [
      'customers.create with a bank account',
      false,
      [SENT.account],
      () =>
        v.customers.create({
          paymentMethod: {
            kind: 'bank_account',
            accountNumber: SENT.account,
            routingNumber: '021000021',
            accountType: 'checking',
            secCode: 'PPD',
          },
        }),
    ],
    [
      'paymentMethods.add card',
      true,
      [SENT.pan2],
      () =>
        v.paymentMethods.add(ids.customer, {
          kind: 'card',
          number: SENT.pan2,
          expiry: { month: 3, year: 2031 },
        }),
    ],
    [
      'paymentMethods.add bank account',
      true,
      [SENT.account],
      () =>
        v.paymentMethods.add(ids.customer, {
          kind: 'bank_account',
          accountNumber: SENT.account,
          routingNumber: '011000015',
          accountType: 'savings',
          secCode: 'WEB',
        }),
    ],
    [
      'paymentMethods.add token',
      true,
      [SENT.token],
      () => v.paymentMethods.add(ids.customer, { kind: 'gateway_token', token: SENT.token }),
    ],
  ] as const

const SEPARATORS = [' ', '-', '.', '  ', '\u00a0', '\t', '/', '%20'] as const

/** `value` as sent, or in groups of four joined by `sep`. */
const regroup = (value: string, sep: string | undefined): string =>
  sep === undefined ? value : (value.match(/.{1,4}/g) ?? [value]).join(sep)

/** An answer that carries `echo`: in a failure, in a proxy page, in text, in unreadable data. */
const echoBodies = (echo: string): ReadonlyArray<{ body: string; type: string }> => {
  const json = (u: unknown) => ({ body: JSON.stringify(u), type: 'application/json' })
  return [
    json(failed(`bad request error: invalid card number ${echo}`)),
    json({ status: 'failed', msg: `invalid: ${echo} would create a duplicate address` }),
    { body: `refused ${echo}`, type: 'text/plain' },
    { body: `<html><body><p>${echo}</p></body></html>`, type: 'text/html' },
    json({ error: `account ${echo} refused`, number: echo }),
    json(ok({ id: 'ada001', data: { customer: { addresses: echo } } })),
    json(ok(record('ada001', { cards: [card('p9', { masked_number: echo, card_type: echo })] }))),
    json(
      ok(
        record('ada001', { ach: [{ id: 'b9', account_type: echo, masked_account_number: echo }] }),
      ),
    ),
    json(ok({ id: echo })),
    json(ok(echo)),
    json(ok({ created_payment_method_id: echo })),
    json({ status: echo, msg: echo }),
  ]
}

/** Every string inside an error, and its one-line form. */
const errorStrings = (e: unknown): string[] => {
  const out: string[] = []
  const walk = (u: unknown) => {
    if (typeof u === 'string') out.push(u)
    else if (Array.isArray(u)) u.forEach(walk)
    else if (typeof u === 'object' && u !== null) Object.values(u).forEach(walk)
  }
  walk(e)
  if (isVaultError(e)) out.push(formatVaultError(e))
  return out
}

/** Separators and encodings removed, so a regrouped echo reads as the value again. */
const squeezed = (s: string): string => s.replace(/%20/gi, '').replace(/[\s.\-/\u00a0]/g, '')

/** What is wrong with an outcome for a request that sent `sent` and got `status`. */
const leakOrWrongSuccess = (
  r: E.Either<VaultError, unknown>,
  sent: ReadonlyArray<string>,
  status: number,
): string | undefined => {
  if (E.isRight(r)) return status >= 200 && status < 300 ? undefined : `a Right for HTTP ${status}`
  for (const s of errorStrings(r.left))
    for (const value of sent)
      if (s.includes(value) || squeezed(s).includes(value))
        return `${value} in ${JSON.stringify(s)}`
  return undefined
}

const run = async (
  te: () => TaskEither<VaultError, unknown>,
): Promise<E.Either<VaultError, unknown>> => {
  try {
    return await te()()
  } catch (e) {
    throw new Error(`threw or rejected: ${e instanceof Error ? e.message : String(e)}`)
  }
}

const echoCase = (separators: ReadonlyArray<string | undefined>) =>
  fc.record({
    op: fc.nat({ max: echoOperations(vault()).length - 1 }),
    sep: fc.constantFrom(...separators),
    body: fc.nat({ max: 11 }),
    status: fc.oneof(anyStatus, fc.constantFrom(301, 302, 307, 308)),
    // Which request of the operation is answered with the echo: the write itself, the read
    // after it, or the read before it (where the operation reads first).
    at: fc.constantFrom('write', 'after', 'before'),
  })

const reply = (status: number, body: unknown) => ({
  kind: 'reply' as const,
  status,
  body: JSON.stringify(body),
  type: 'application/json',
})

/**
 * One echo case: one request of the operation answers an echo of the value the operation sends,
 * the others answer well. Every request carries the operation's values as `secrets`, so no error
 * and no transcript of any of them may hold the value, whichever request echoed it.
 */
const echoProperty = (separators: ReadonlyArray<string | undefined>, runs: number) =>
  fc.assert(
    fc.asyncProperty(echoCase(separators), async ({ op, sep, body, status, at }) => {
      nock.cleanAll()
      const events: string[] = []
      const v = vault({
        http: { ...fuzzHttpOptions, onTranscript: (e) => events.push(JSON.stringify(e)) },
      })
      const [, readsFirst, sent, call] = echoOperations(v)[op] as ReturnType<
        typeof echoOperations
      >[number]
      const echo = echoBodies(regroup(sent[0], sep))[body] as { body: string; type: string }
      const read = reply(200, ok(full))
      // A write answered without the record, so that a read follows it.
      const bare = reply(200, ok(null))
      // A transient status is asked again: it echoes each time.
      const echoes = Array.from({ length: isTransientStatus(status) ? 3 : 1 }, () => ({
        kind: 'reply' as const,
        status,
        ...echo,
      }))
      const where = at === 'before' && !readsFirst ? 'write' : at
      const replies =
        where === 'before'
          ? [...echoes, bare, read]
          : where === 'after'
            ? [...(readsFirst ? [read] : []), bare, ...echoes, read]
            : [...(readsFirst ? [read] : []), ...echoes, read]
      serve(BASE, replies)
      const r = await run(call)
      nock.cleanAll()
      // Only the write's own status says whether the operation may succeed.
      const problem = leakOrWrongSuccess(
        where === 'write' ? r : E.isRight(r) ? E.right(undefined) : r,
        sent,
        where === 'write' ? status : 200,
      )
      if (problem !== undefined) throw new Error(problem)
      for (const e of events)
        for (const value of sent)
          if (e.includes(value) || squeezed(e).includes(value))
            throw new Error(`${value} in a transcript (${where}): ${e.slice(0, 300)}`)
    }),
    { numRuns: runs, ...fuzzSeedOption },
  )

/** Core's redactor finds a request value regrouped by any of the separators (a premise). */
const coreScrubsRegrouped = Object.values(SENT).every((value) =>
  SEPARATORS.every((sep) => {
    const r = createRedactor([value])
    return !squeezed(r.text(`x ${regroup(value, sep)} x`)).includes(value)
  }),
)

describe('hostile answers and hostile input', () => {
  it("gateways that echo the request's numbers and tokens as sent, in any request of the operation: no leak, no throw, no wrong success", async () => {
    await echoProperty([undefined], fuzzRuns * 2)
  })

  it('the same echoes regrouped (dots, spaces, double spaces, NBSP, tabs, slashes, dashes, %20): no leak', async () => {
    expect(coreScrubsRegrouped).toBe(true)
    await echoProperty([...SEPARATORS], fuzzRuns * 2)
  })

  it('non-JSON failure bodies at every status map by status', async () => {
    const bodies = [
      { body: '', type: 'text/plain' },
      { body: 'Service temporarily refused', type: 'text/plain' },
      { body: '<html><body>nginx</body></html>', type: 'text/html' },
      { body: '{"message":"nope"}', type: 'application/json' },
      { body: '{"status":', type: 'application/json' },
    ]
    const ops: ReadonlyArray<
      readonly [OpKind, (v: ReturnType<typeof vault>) => TaskEither<VaultError, unknown>]
    > = [
      ['read', (v) => v.customers.get(ids.customer)],
      ['create', (v) => v.customers.create({ reference: 'ada001' })],
      ['delete', (v) => v.customers.delete(ids.customer)],
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 300, max: 599 }),
        fc.nat({ max: bodies.length - 1 }),
        fc.nat({ max: ops.length - 1 }),
        async (status, b, o) => {
          nock.cleanAll()
          const [kind, call] = ops[o] as (typeof ops)[number]
          serve(BASE, [{ kind: 'reply', status, ...(bodies[b] as { body: string; type: string }) }])
          const r = await run(() => call(vault({ http: fuzzHttpOptions })))
          nock.cleanAll()
          expect(E.isLeft(r) ? r.left.kind : 'Right').toBe(expectedKind(status, kind))
        },
      ),
      { numRuns: fuzzRuns, ...fuzzSeedOption },
    )
  })

  const hostileId = fc.oneof(
    fc.constantFrom('.', '..', '/', '\\'),
    fc
      .tuple(
        fc.string({ maxLength: 4 }),
        fc.oneof(
          fc.constantFrom('/', '\\'),
          fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
          fc.constant('\u007f'),
        ),
        fc.string({ maxLength: 4 }),
      )
      .map(([a, b, c]) => `${a}${b}${c}`),
  )

  it('hostile ids: Validation (or no such customer), never a request', async () => {
    await fc.assert(
      fc.asyncProperty(hostileId, fc.nat({ max: 11 }), async (id, which) => {
        nock.cleanAll()
        const requests = serve(BASE, [
          { kind: 'reply', status: 200, body: JSON.stringify(ok(full)), type: 'application/json' },
        ])
        const v = vault({ http: fuzzHttpOptions })
        const calls = [
          () => v.customers.get(customerId(id)),
          () => v.customers.delete(customerId(id)),
          () => v.addresses.update(ids.customer, addressId(id), { city: 'X' }),
          () => v.addresses.remove(customerId(id), ids.address),
          () => v.paymentMethods.setDefault(ids.customer, paymentMethodId(id)),
          () => v.paymentMethods.remove(ids.customer, paymentMethodId(id)),
          () => v.fluidpay.setPaymentMethodFlags(customerId(id), ids.paymentMethod, []),
          () => v.recurrences.get(recurrenceId(id)),
          () => v.recurrences.delete(recurrenceId(id)),
          () => v.recurrences.update(recurrenceId(id), { status: 'paused' }),
          () => v.fluidpay.plans.get(id),
          () => v.fluidpay.addOns.delete(id),
        ]
        const r = await run(calls[which] as () => TaskEither<VaultError, unknown>)
        nock.cleanAll()
        expect(E.isLeft(r) ? r.left.kind : 'Right').toBe('Validation')
        expect(requests()).toBe(0)
      }),
      { numRuns: fuzzRuns, ...fuzzSeedOption },
    )
  })

  const hostileValue = fc.oneof(
    fc.constant(null),
    fc.bigInt(),
    fc.constant(Symbol('x')),
    fc.constant(() => 1),
    fc.constant(new Proxy({}, {})),
    fc.constant(new Date(0)),
    fc.constant(Object.defineProperty({}, 'limit', { enumerable: true, get: () => 1 })),
    fc.constant(
      Object.defineProperty({}, 'filters', {
        enumerable: true,
        get: () => {
          throw new Error('boom')
        },
      }),
    ),
    fc.constant(
      (() => {
        const c: Record<string, unknown> = {}
        c['filters'] = c
        return c
      })(),
    ),
    fc.integer({ min: 1, max: 80 }).map((depth) => {
      let u: unknown = 'x'
      for (let i = 0; i < depth; i++) u = { filters: u }
      return u
    }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), {
      minKeys: 1,
      maxKeys: 3,
    }),
  )

  it('hostile arguments to vault.fluidpay.*: a Left, never a throw, a rejection or a request', async () => {
    await fc.assert(
      fc.asyncProperty(hostileValue, fc.nat({ max: 6 }), async (value, where) => {
        nock.cleanAll()
        const requests = serve(BASE, [
          { kind: 'reply', status: 200, body: JSON.stringify(ok([])), type: 'application/json' },
        ])
        const v = vault({ http: fuzzHttpOptions })
        const f = v.fluidpay as unknown as Record<
          string,
          (...a: unknown[]) => TaskEither<VaultError, unknown>
        >
        const calls = [
          () => (f['search'] as (...a: unknown[]) => TaskEither<VaultError, unknown>)(value),
          () =>
            (f['setPaymentMethodFlags'] as (...a: unknown[]) => TaskEither<VaultError, unknown>)(
              value,
              'p1',
              [],
            ),
          () =>
            (f['setPaymentMethodFlags'] as (...a: unknown[]) => TaskEither<VaultError, unknown>)(
              'ada001',
              value,
              [],
            ),
          () =>
            (f['setPaymentMethodFlags'] as (...a: unknown[]) => TaskEither<VaultError, unknown>)(
              'ada001',
              'p1',
              value,
            ),
          () => v.fluidpay.plans.create(value as never),
          () => v.fluidpay.plans.update(value as never, {}),
          () => v.fluidpay.discounts.get(value as never),
        ]
        const r = await run(calls[where] as () => TaskEither<VaultError, unknown>)
        nock.cleanAll()
        // A plain object of JSON is a search the gateway may answer; anything else never is.
        const plainSearch =
          where === 0 &&
          typeof value === 'object' &&
          value !== null &&
          Object.getPrototypeOf(value) === Object.prototype &&
          !(
            'filters' in value &&
            typeof Object.getOwnPropertyDescriptor(value, 'filters')?.get === 'function'
          )
        if (E.isLeft(r)) expect(problemWith(r, () => true)).toBeUndefined()
        if (!plainSearch) {
          expect(E.isLeft(r) ? r.left.kind : 'Right').toBe('Validation')
          expect(requests()).toBe(0)
        }
      }),
      { numRuns: fuzzRuns, ...fuzzSeedOption },
    )
  })
})
