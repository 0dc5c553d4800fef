// Write outcomes: every write ends confirmed (with its id), refused, or unknown. Each write is
// answered in every 2xx shape the facts allow, and followed by a read-back that fails.
import * as E from 'fp-ts/Either'
import nock from 'nock'
import {
  customerId,
  recurrenceId,
  type CustomerInput,
  type RecurrenceInput,
  type VaultError,
} from '@vaultport/core'
import { createPayTraceVault } from '../src'
import { recurrenceItem, withCard } from './fixtures'
import { api, config, detail, left, PAN, right, tokenOk } from './harness'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const CID = customerId('1000001')
const RID = recurrenceId('500001')
const vault = () =>
  createPayTraceVault(
    config({
      http: { timeoutMs: 10_000, retry: { maxAttempts: 1 }, sleep: async () => undefined },
    }),
  )
const input: CustomerInput = {
  reference: 'lee-ada-000001',
  name: 'Ada Lee',
  paymentMethod: { kind: 'card', number: PAN, expiry: { month: 12, year: 2028 } },
}
const recurrenceInput: RecurrenceInput = {
  customerId: CID,
  amount: { amount: 2495, currency: 'USD' },
  schedule: { kind: 'interval', unit: 'month', every: 1 },
  startDate: '2026-10-01',
  totalCount: 12,
}

/** The outcome of a write whose record could not be read after PayTrace confirmed it. */
const expectConfirmedUnread = (e: VaultError, writtenId: string, readFailure: string) => {
  expect(e).toMatchObject({ kind: 'ConfirmedUnread', retry: 'done', writtenId, readFailure })
  expect(e.message).toContain(writtenId)
}
const expectUnknown = (e: VaultError) =>
  expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile' })
const body = (reply: unknown): string => (typeof reply === 'string' ? reply : JSON.stringify(reply))

/** Every read-back failure: a 5xx, a NotFound, an HTML page, a body of the wrong shape. */
const readBackFailures: ReadonlyArray<readonly [string, number, string, string]> = [
  ['a 503', 503, '{"message":"down"}', 'Unavailable'],
  [
    'a NotFound',
    422,
    '{"data":[{"field":"path/customer_id","detail":"customer_id 1000001 was not found"}]}',
    'NotFound',
  ],
  ['an HTML page', 200, '<html><body>maintenance</body></html>', 'UnexpectedResponse'],
  ['a body of the wrong shape', 200, '{"data":{"customer_label":7}}', 'UnexpectedResponse'],
  ['a 429', 429, 'slow down', 'RateLimited'],
]

describe('customers.create', () => {
  const record = { data: detail(withCard) }
  const withRecord: ReadonlyArray<readonly [string, unknown]> = [
    ['the record under data', record],
    ['the record in a list of one', { data: [detail(withCard)] }],
    ['the record at the top level', detail(withCard)],
    ['the record under data.customer', { data: { customer: detail(withCard) } }],
  ]
  it.each(withRecord)('answered with %s: the record, no read-back', async (_n, reply) => {
    tokenOk()
    api().post('/v3/customer/create').reply(200, body(reply))
    const w = right(await vault().customers.create(input)())
    expect(w.value).toMatchObject({ id: '1000001', reference: 'lee-ada-000001' })
    expect(nock.pendingMocks()).toEqual([])
  })

  const idOnly: ReadonlyArray<readonly [string, unknown]> = [
    ['data.customer_id', { data: { customer_id: 1000001 } }],
    ['data.customer_id as a string', { data: { customer_id: '1000001' } }],
    ['data.id', { data: { id: 1000001 } }],
    ['a top-level customer_id', { customer_id: 1000001 }],
    ['a top-level customer_id beside an empty data', { customer_id: 1000001, data: [] }],
    ['data[0].customer_id', { data: [{ customer_id: 1000001 }] }],
    ['legacy v1 success', { success: true, response_code: 160, customer_id: 1000001 }],
  ]
  it.each(idOnly)('answered with only %s: read back (C7)', async (_n, reply) => {
    tokenOk()
    api().post('/v3/customer/create').reply(200, body(reply))
    api().get('/v3/customer/1000001').reply(200, record)
    const w = right(await vault().customers.create(input)())
    expect(w.value.id).toBe('1000001')
    expect(w.value.paymentMethods[0]?.id).toBe('card')
  })

  const nameless: ReadonlyArray<readonly [string, unknown]> = [
    ['an empty data object', { data: {} }],
    ['an empty data list', { data: [] }],
    ['data null', { data: null }],
    ['an empty object', {}],
    ['an empty body', ''],
    ['an id no canonical id can carry', { data: { customer_id: '' } }],
    ['a list of two', { data: [{ customer_id: 1 }, { customer_id: 2 }] }],
    ['only a top-level id beside data (it may name the answer)', { id: 'req-7f3a', data: {} }],
  ]
  it.each(nameless)(
    'answered 200 with %s: OutcomeUnknown, never a success, no read-back',
    async (_n, reply) => {
      tokenOk()
      api().post('/v3/customer/create').reply(200, body(reply))
      expectUnknown(left(await vault().customers.create(input)()))
      expect(nock.pendingMocks()).toEqual([])
    },
  )

  it.each([
    ['an HTML page', '<html><body>OK</body></html>'],
    ['truncated JSON', '{"data":{"customer_id":100'],
  ])('answered 200 with %s: OutcomeUnknown (it may hide a refusal)', async (_n, reply) => {
    tokenOk()
    api().post('/v3/customer/create').reply(200, reply)
    expectUnknown(left(await vault().customers.create(input)()))
  })

  it.each(readBackFailures)(
    'a read-back that fails with %s is ConfirmedUnread with the new id',
    async (_n, status, reply, readFailure) => {
      tokenOk()
      api()
        .post('/v3/customer/create')
        .reply(200, { data: { customer_id: 1000001 } })
      api().get('/v3/customer/1000001').reply(status, reply)
      expectConfirmedUnread(left(await vault().customers.create(input)()), '1000001', readFailure)
    },
  )

  it('a read-back the connection drops is ConfirmedUnread with the new id', async () => {
    tokenOk()
    api()
      .post('/v3/customer/create')
      .reply(200, { data: { customer_id: 1000001 } })
    api()
      .get('/v3/customer/1000001')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
    expectConfirmedUnread(left(await vault().customers.create(input)()), '1000001', 'Unavailable')
  })

  it('a record in the answer the model cannot represent is ConfirmedUnread', async () => {
    tokenOk()
    api()
      .post('/v3/customer/create')
      .reply(200, { data: detail({ email: 'x'.repeat(1001) }) })
    expectConfirmedUnread(
      left(await vault().customers.create(input)()),
      '1000001',
      'UnexpectedResponse',
    )
  })

  it.each([
    ['a Protect.js token (C4)', '/v3/customer/create/pt-protect'],
    ['a prior transaction (C2)', '/v3/customer/create/by-transaction'],
  ])('created from %s: an id-only answer, read-back fails → ConfirmedUnread', async (n, path) => {
    tokenOk()
    api()
      .post(path)
      .reply(200, { data: { customer_id: 1000002 } })
    api().get('/v3/customer/1000002').reply(500, 'boom')
    const e = left(
      await vault().customers.create({
        reference: 'r',
        paymentMethod: n.startsWith('a Protect')
          ? { kind: 'gateway_token', token: 'tok-1', extras: { enc_key: 'key-1' } }
          : { kind: 'prior_transaction', transactionId: '123456789', rail: 'card' },
      })(),
    )
    expectConfirmedUnread(e, '1000002', 'Unavailable')
  })

  it('a 200 with an error list is the refusal it words, not a success', async () => {
    tokenOk()
    api()
      .post('/v3/customer/create')
      .reply(200, {
        detail: [{ loc: ['body', 'customer_label'], msg: 'field required', type: 'missing' }],
      })
    expect(left(await vault().customers.create(input)())).toMatchObject({
      kind: 'Validation',
      retry: 'never',
      issues: [{ path: 'reference' }],
    })
  })
})

describe('customers.update and the Protect.js update', () => {
  const patch = { email: 'ada@example.com' }
  const shapes: ReadonlyArray<readonly [string, unknown, boolean]> = [
    ['the record', { data: detail() }, false],
    ['the record in a list of one', { data: [detail()] }, false],
    ['only the id', { data: { customer_id: 1000001 } }, true],
    ['an empty data list', { data: [] }, true],
    ['an empty body', '', true],
    ['an empty object', {}, true],
  ]
  it.each(shapes)('answered with %s: Written', async (_n, reply, readsBack) => {
    tokenOk()
    api().patch('/v3/customer/1000001').reply(200, body(reply))
    if (readsBack) api().get('/v3/customer/1000001').reply(200, { data: detail() })
    const w = right(await vault().customers.update(CID, patch)())
    expect(w.value.id).toBe('1000001')
    expect(nock.pendingMocks()).toEqual([])
  })

  it.each(readBackFailures)(
    'update: a read-back that fails with %s is ConfirmedUnread with the id',
    async (_n, status, reply, readFailure) => {
      tokenOk()
      api().patch('/v3/customer/1000001').reply(200, { data: [] })
      api().get('/v3/customer/1000001').reply(status, reply)
      expectConfirmedUnread(
        left(await vault().customers.update(CID, patch)()),
        '1000001',
        readFailure,
      )
    },
  )

  it('update: HTML on a 200 is OutcomeUnknown; a 200 error list is the refusal', async () => {
    tokenOk()
    api().patch('/v3/customer/1000001').reply(200, '<html>proxy</html>')
    api()
      .patch('/v3/customer/1000001')
      .reply(200, {
        data: [{ field: 'path/customer_id', detail: 'customer_id 1000001 was not found' }],
      })
    const v = vault()
    expectUnknown(left(await v.customers.update(CID, patch)()))
    expect(left(await v.customers.update(CID, patch)()).kind).toBe('NotFound')
  })

  it('updateCustomerWithProtect: id-only, read-back fails → ConfirmedUnread', async () => {
    tokenOk()
    api().patch('/v3/customer/pt-protect/1000001').reply(200, { customer_id: 1000001 })
    api().get('/v3/customer/1000001').reply(503, '')
    const e = left(
      await vault().paytrace.updateCustomerWithProtect('1000001', { hpfToken: 'h', encKey: 'k' })(),
    )
    expectConfirmedUnread(e, '1000001', 'Unavailable')
  })
})

describe('deletes', () => {
  const confirmed: ReadonlyArray<readonly [string, unknown]> = [
    ['the id', { data: { customer_id: 1000001 } }],
    ['an empty data list', { data: [] }],
    ['an empty body', ''],
    ['an empty object', {}],
    ['legacy v1 success', { success: true, response_code: 162, status_message: 'deleted' }],
  ]
  it.each(confirmed)('customers.delete answered with %s: done', async (_n, reply) => {
    tokenOk()
    api().delete('/v3/customer/1000001').reply(200, body(reply))
    expect(E.isRight(await vault().customers.delete(CID)())).toBe(true)
  })
  it.each(confirmed)('recurrences.delete answered with %s: done', async (_n, reply) => {
    tokenOk()
    api().delete('/v3/recurrence').reply(200, body(reply))
    expect(E.isRight(await vault().recurrences.delete(RID)())).toBe(true)
  })

  const refused: ReadonlyArray<readonly [string, unknown, string]> = [
    [
      'a v3 not-found list',
      { data: [{ field: 'path/customer_id', detail: 'customer_id 1000001 was not found' }] },
      'NotFound',
    ],
    [
      'a FastAPI list',
      {
        detail: [{ loc: ['path', 'customer_id'], msg: 'value is not a valid integer', type: 'x' }],
      },
      'Validation',
    ],
    [
      'a legacy failure',
      { success: false, response_code: 1, errors: { '170': ['not found'] } },
      'NotFound',
    ],
    ['a bare errors list', { errors: ['The customer could not be deleted'] }, 'Validation'],
    ['an error message', { error: { message: 'The customer is locked' } }, 'Validation'],
  ]
  it.each(refused)('customers.delete answered 200 with %s: %s', async (_n, reply, kind) => {
    tokenOk()
    api().delete('/v3/customer/1000001').reply(200, body(reply))
    expect(left(await vault().customers.delete(CID)()).kind).toBe(kind)
  })
  it.each(refused)('recurrences.delete answered 200 with %s: %s', async (_n, reply, kind) => {
    tokenOk()
    api().delete('/v3/recurrence').reply(200, body(reply))
    expect(left(await vault().recurrences.delete(RID)()).kind).toBe(kind)
  })

  it('a delete answered with HTML on a 200, or a redirect, is OutcomeUnknown', async () => {
    tokenOk()
    api().delete('/v3/customer/1000001').reply(200, '<html>hello</html>')
    api().delete('/v3/customer/1000001').reply(302, '', { location: '/login' })
    const v = vault()
    expectUnknown(left(await v.customers.delete(CID)()))
    expectUnknown(left(await v.customers.delete(CID)()))
  })
})

describe('addresses and payment methods', () => {
  const empty = { data: detail() }

  it.each(readBackFailures)(
    'addresses.add: a read-back after the PATCH that fails with %s is ConfirmedUnread(shipping)',
    async (_n, status, reply, readFailure) => {
      tokenOk()
      api().get('/v3/customer/1000001').reply(200, empty)
      api()
        .patch('/v3/customer/1000001')
        .reply(200, { data: { customer_id: 1000001 } })
      api().get('/v3/customer/1000001').reply(status, reply)
      const e = left(await vault().addresses.add(CID, { role: 'shipping', line1: '1 Main' })())
      expectConfirmedUnread(e, 'shipping', readFailure)
    },
  )

  it('addresses.update: the PATCH confirmed but the slot missing is ConfirmedUnread(billing)', async () => {
    tokenOk()
    api().get('/v3/customer/1000001').reply(200, empty)
    api()
      .patch('/v3/customer/1000001')
      .reply(200, { data: detail({ billing_address: null }) })
    const e = left(await vault().addresses.update(CID, 'billing' as never, { city: 'X' })())
    expectConfirmedUnread(e, 'billing', 'UnexpectedResponse')
  })

  it.each([
    ['an empty body', ''],
    ['the id', { data: { customer_id: 1000001 } }],
  ])('addresses.remove answered with %s: done without a read-back', async (_n, reply) => {
    tokenOk()
    api().get('/v3/customer/1000001').reply(200, empty)
    api().patch('/v3/customer/1000001').reply(200, body(reply))
    expect(E.isRight(await vault().addresses.remove(CID, 'billing' as never)())).toBe(true)
    expect(nock.pendingMocks()).toEqual([])
  })

  it.each(readBackFailures)(
    'paymentMethods.add: a read-back that fails with %s is ConfirmedUnread(card)',
    async (_n, status, reply, readFailure) => {
      tokenOk()
      api().get('/v3/customer/1000001').reply(200, empty)
      api().patch('/v3/customer/1000001').reply(200, '')
      api().get('/v3/customer/1000001').reply(status, reply)
      const e = left(
        await vault().paymentMethods.add(CID, {
          kind: 'card',
          number: PAN,
          expiry: { month: 12, year: 2028 },
        })(),
      )
      expectConfirmedUnread(e, 'card', readFailure)
    },
  )

  it('paymentMethods.add from Protect.js: the card missing after C6 is ConfirmedUnread(card)', async () => {
    tokenOk()
    api().get('/v3/customer/1000001').reply(200, empty)
    api().patch('/v3/customer/pt-protect/1000001').reply(200, empty)
    const e = left(
      await vault().paymentMethods.add(CID, {
        kind: 'gateway_token',
        token: 'tok-1',
        extras: { enc_key: 'key-1' },
      })(),
    )
    expectConfirmedUnread(e, 'card', 'UnexpectedResponse')
  })

  it('paymentMethods.add with the card in the answer at the top level: Written', async () => {
    tokenOk()
    api().get('/v3/customer/1000001').reply(200, empty)
    api().patch('/v3/customer/1000001').reply(200, detail(withCard))
    const w = right(
      await vault().paymentMethods.add(CID, {
        kind: 'card',
        number: PAN,
        expiry: { month: 12, year: 2028 },
      })(),
    )
    expect(w.value.id).toBe('card')
  })
})

describe('recurrences', () => {
  const item = recurrenceItem()
  const withRecord: ReadonlyArray<readonly [string, unknown]> = [
    ['the record under data', { data: item }],
    ['the record in a list of one', { data: [item] }],
    ['the record under data.recurrence', { data: { recurrence: item } }],
    ['the record at the top level', item],
  ]
  it.each(withRecord)('create answered with %s: Written, no read-back', async (_n, reply) => {
    tokenOk()
    api().post('/v3/recurrence/create').reply(200, body(reply))
    expect(right(await vault().recurrences.create(recurrenceInput)()).value.id).toBe('500001')
    expect(nock.pendingMocks()).toEqual([])
  })

  const idOnly: ReadonlyArray<readonly [string, unknown]> = [
    ['data.recurrence_id', { data: { recurrence_id: 500001 } }],
    ['data.id', { data: { id: 500001 } }],
    ['data.id as a string', { data: { id: '500001' } }],
    ['a top-level recurrence_id', { recurrence_id: 500001, data: [] }],
    ['data.recurrence.id', { data: { recurrence: { id: 500001 } } }],
  ]
  it.each(idOnly)('create answered with only %s: read back (R6)', async (_n, reply) => {
    tokenOk()
    api().post('/v3/recurrence/create').reply(200, body(reply))
    api().get('/v3/recurrence/export/by-id/500001').reply(200, { data: item })
    expect(right(await vault().recurrences.create(recurrenceInput)()).value.id).toBe('500001')
  })

  it.each([
    ['an empty data', { data: {} }],
    ['an empty body', ''],
    ['a customer id only', { data: { customer_id: 1000001 } }],
  ])('create answered 200 with %s: OutcomeUnknown', async (_n, reply) => {
    tokenOk()
    api().post('/v3/recurrence/create').reply(200, body(reply))
    expectUnknown(left(await vault().recurrences.create(recurrenceInput)()))
  })

  it.each(readBackFailures)(
    'create: a read-back that fails with %s is ConfirmedUnread with the new id',
    async (_n, status, reply, readFailure) => {
      tokenOk()
      api()
        .post('/v3/recurrence/create')
        .reply(200, { data: { recurrence_id: 500001 } })
      api().get('/v3/recurrence/export/by-id/500001').reply(status, reply)
      expectConfirmedUnread(
        left(await vault().recurrences.create(recurrenceInput)()),
        '500001',
        readFailure,
      )
    },
  )

  it('create: a record in the answer that cannot be read is ConfirmedUnread', async () => {
    tokenOk()
    api()
      .post('/v3/recurrence/create')
      .reply(200, { data: recurrenceItem({ frequency: 'Q' }) })
    expectConfirmedUnread(
      left(await vault().recurrences.create(recurrenceInput)()),
      '500001',
      'UnexpectedResponse',
    )
  })

  it.each([
    ['the record', { data: item }, false],
    ['only the id', { data: { id: 500001 } }, true],
    ['an empty body', '', true],
  ])('update answered with %s: Written', async (_n, reply, readsBack) => {
    tokenOk()
    api().patch('/v3/recurrence').reply(200, body(reply))
    if (readsBack) api().get('/v3/recurrence/export/by-id/500001').reply(200, { data: item })
    expect(right(await vault().recurrences.update(RID, { totalCount: 24 })()).value.id).toBe(
      '500001',
    )
  })

  it('update: a read-back that fails is ConfirmedUnread with the id', async () => {
    tokenOk()
    api().patch('/v3/recurrence').reply(200, { data: [] })
    api().get('/v3/recurrence/export/by-id/500001').reply(502, 'bad gateway')
    expectConfirmedUnread(
      left(await vault().recurrences.update(RID, { totalCount: 24 })()),
      '500001',
      'Unavailable',
    )
  })
})
