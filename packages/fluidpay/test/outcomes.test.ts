// Write outcomes: every write, answered in every shape FluidPay's clients have seen (the record,
// the id alone, the id at another level, an empty data), ends confirmed with its id, refused, or
// unknown; a confirmed write whose read-back fails is ConfirmedUnread with the id (retry done).
import nock from 'nock'
import { addressId, customerId, paymentMethodId } from '@vaultport/core'
import { PAN, address, api, card, failed, left, ok, record, right, vault } from './fixtures'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const C = customerId('ada001')
const GET = '/api/vault/ada001'
const BILLING = {
  billing_address_id: 'a1',
  shipping_address_id: 'a1',
  payment_method_id: 'p1',
  payment_method_type: 'card',
}
const base = () =>
  record('ada001', { addresses: [address('a1')], cards: [card('p1')], defaults: BILLING })
const withAddress = () =>
  record('ada001', {
    addresses: [address('a1'), address('a2', { line_1: '1 Dock Rd' })],
    cards: [card('p1')],
    defaults: BILLING,
  })
const withCard = () =>
  record('ada001', {
    addresses: [address('a1')],
    cards: [card('p1'), card('p8', { masked_number: '555555******4444', card_type: 'mastercard' })],
    defaults: BILLING,
  })
const success = (extra: Record<string, unknown> = {}) => ({
  status: 'success',
  msg: 'success',
  ...extra,
})

/** The customer read, then the write at `path` answered; more interceptors chain on. */
const readThenWrite = (path: string, body: nock.Body, status = 200) =>
  api().get(GET).reply(200, ok(base())).post(path).reply(status, body)

/** Answers that name `id` without carrying a readable record. */
const naming = (id: string): ReadonlyArray<readonly [string, nock.Body]> => [
  ['the id alone', ok(id)],
  ['an integer id', ok(Number.isSafeInteger(Number(id)) ? Number(id) : id)],
  ['{ id }', ok({ id })],
  ['{ customer: { id } }', ok({ customer: { id } })],
  ['{ customer_id }', ok({ customer_id: id })],
  ['customer_id beside data', success({ data: null, customer_id: id })],
  ['a record whose body does not decode', ok({ id, data: { customer: { addresses: 'none' } } })],
]

/** Answers that name nothing. */
const empty: ReadonlyArray<readonly [string, nock.Body]> = [
  ['data: null', ok(null)],
  ['no data', success()],
  ['data: {}', ok({})],
  ['data: []', ok([])],
  ['data: ""', ok('')],
]

/** Success statuses whose body says nothing of what became of the write. */
const unreadable: ReadonlyArray<readonly [string, number, string]> = [
  ['an empty 200', 200, ''],
  ['a 200 HTML page', 200, '<html><body>ok</body></html>'],
  ['a 200 plain text', 200, 'OK'],
  ['a 200 non-envelope JSON', 200, '{"result":"done"}'],
  ['a 200 with an unknown status', 200, '{"status":"pending","msg":"queued"}'],
  ['a 302 redirect', 302, ''],
  ['a 307 redirect', 307, '{"status":"success","msg":"success","data":null}'],
]

describe('customers.create', () => {
  it('answered with the record: confirmed, nothing read back', async () => {
    const scope = api().post('/api/vault/customer').reply(200, ok(base()))
    const w = await right(vault().customers.create({ description: 'x' }))
    expect(w.value.id).toBe('ada001')
    expect(scope.isDone()).toBe(true)
  })

  it.each(naming('ada001'))(
    'answered with %s: the named customer is read back',
    async (_n, body) => {
      const scope = api()
        .post('/api/vault/customer')
        .reply(200, body)
        .get(GET)
        .reply(200, ok(base()))
      const w = await right(vault().customers.create({ description: 'x' }))
      expect(w.value.id).toBe('ada001')
      expect(scope.isDone()).toBe(true)
    },
  )

  it.each(empty)(
    'answered with %s and a custom id: read back by the custom id',
    async (_n, body) => {
      const scope = api()
        .post('/api/vault/customer')
        .reply(200, body)
        .get(GET)
        .reply(200, ok(base()))
      expect((await right(vault().customers.create({ reference: 'ada001' }))).value.id).toBe(
        'ada001',
      )
      expect(scope.isDone()).toBe(true)
    },
  )

  it.each(empty)(
    'answered with %s and no custom id: OutcomeUnknown, nothing sent again',
    async (_n, body) => {
      const scope = api().post('/api/vault/customer').reply(200, body)
      const e = await left(vault().customers.create({ description: 'x' }))
      expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile' })
      expect(e.message).toMatch(/look it up/)
      expect(scope.isDone()).toBe(true)
    },
  )

  it.each(unreadable)(
    'answered with %s: OutcomeUnknown, never resent',
    async (_n, status, body) => {
      const scope = api().post('/api/vault/customer').reply(status, body)
      const again = api().post('/api/vault/customer').reply(200, ok(base()))
      const e = await left(vault().customers.create({ reference: 'ada001' }))
      expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile', httpStatus: status })
      expect(scope.isDone()).toBe(true)
      expect(again.isDone()).toBe(false)
    },
  )

  it.each([
    ['the read-back is unavailable', 503, 'Service Unavailable', 'Unavailable'],
    ['the read-back is not found', 404, 'not found', 'NotFound'],
    ['the read-back is an HTML page', 200, '<html>oops</html>', 'UnexpectedResponse'],
    [
      'the read-back is a failure envelope',
      200,
      JSON.stringify(failed('odd')),
      'UnexpectedResponse',
    ],
  ] as const)(
    'confirmed, then %s → ConfirmedUnread with the id',
    async (_n, status, body, cause) => {
      api()
        .post('/api/vault/customer')
        .reply(200, ok({ id: 'ada001' }))
      api().get(GET).times(3).reply(status, body)
      const e = await left(vault().customers.create({ description: 'x' }))
      expect(e).toMatchObject({
        kind: 'ConfirmedUnread',
        retry: 'done',
        writtenId: 'ada001',
        readFailure: cause,
      })
    },
  )

  it('confirmed with a record the model cannot hold → ConfirmedUnread with the id', async () => {
    const bad = record('ada001', { cards: [card('p1', { masked_number: '' })] })
    api().post('/api/vault/customer').reply(200, ok(bad))
    const e = await left(vault().customers.create({ description: 'x' }))
    expect(e).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: 'ada001',
      readFailure: 'UnexpectedResponse',
    })
  })

  it('confirmed, the follow-up notes fail, then the read-back fails → ConfirmedUnread', async () => {
    api()
      .post('/api/vault/customer')
      .reply(200, ok(base()))
      .post('/api/vault/customer/ada001')
      .reply(400, failed('bad request error: invalid notes'))
    api().get(GET).times(3).reply(503, '')
    const e = await left(vault().customers.create({ reference: 'ada001', notes: 'n' }))
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', writtenId: 'ada001' })
  })

  it('a follow-up address refused as a duplicate is a warning on the created customer', async () => {
    api()
      .post('/api/vault/customer')
      .reply(200, ok(base()))
      .post('/api/vault/customer/ada001/address')
      .reply(400, failed('invalid: would create a duplicate address'))
      .get(GET)
      .reply(200, ok(base()))
    const w = await right(
      vault().customers.create({
        reference: 'ada001',
        addresses: [
          { role: 'billing', line1: '12 Elm Street' },
          { role: 'billing', line1: '12 Elm Street' },
        ],
      }),
    )
    expect(w.value.id).toBe('ada001')
    expect(w.warnings).toEqual([
      expect.objectContaining({ code: 'not_stored', field: 'addresses[1]' }),
    ])
    expect(w.warnings[0]?.message).toMatch(/identical address/)
  })

  it('an answer that names the card number it was sent is not taken as the id', async () => {
    api().post('/api/vault/customer').reply(200, ok(PAN))
    const e = await left(
      vault().customers.create({
        paymentMethod: { kind: 'card', number: PAN, expiry: { month: 1, year: 2030 } },
      }),
    )
    expect(e.kind).toBe('OutcomeUnknown')
    expect(JSON.stringify(e)).not.toContain(PAN)
  })
})

describe('customers.update', () => {
  const patch = { name: 'Ada King', description: 'new' }

  it.each([...empty, ['the record', ok(base())] as const, ['the id alone', ok('ada001')] as const])(
    'both writes answered with %s: read back once, confirmed',
    async (_n, body) => {
      const scope = readThenWrite('/api/vault/customer/ada001/address/a1', body)
        .post('/api/vault/customer/ada001')
        .reply(200, body)
        .get(GET)
        .reply(200, ok(base()))
      expect((await right(vault().customers.update(C, patch))).value.id).toBe('ada001')
      expect(scope.isDone()).toBe(true)
    },
  )

  it('the second write refused after the first was confirmed → ConfirmedUnread', async () => {
    readThenWrite('/api/vault/customer/ada001/address/a1', ok(null))
      .post('/api/vault/customer/ada001')
      .reply(400, failed('bad request error: invalid description'))
    const e = await left(vault().customers.update(C, patch))
    expect(e).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: 'ada001',
      readFailure: 'Validation',
    })
  })

  it('the only write refused → its own error; unknown → OutcomeUnknown', async () => {
    api()
      .get(GET)
      .twice()
      .reply(200, ok(base()))
      .post('/api/vault/customer/ada001')
      .reply(400, failed('bad request error: invalid description'))
      .post('/api/vault/customer/ada001')
      .reply(302, '')
    const v = vault()
    expect((await left(v.customers.update(C, { description: 'x' }))).kind).toBe('Validation')
    expect((await left(v.customers.update(C, { description: 'x' }))).kind).toBe('OutcomeUnknown')
  })

  it('confirmed, then the read-back fails → ConfirmedUnread', async () => {
    readThenWrite('/api/vault/customer/ada001', ok(null))
    api().get(GET).times(3).reply(503, '')
    const e = await left(vault().customers.update(C, { description: 'x' }))
    expect(e).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: 'ada001',
      readFailure: 'Unavailable',
    })
  })

  it('a new billing address named by created_address_id becomes the default without a diff read', async () => {
    const scope = api()
      .get(GET)
      .reply(200, ok(record('ada001')))
      .post('/api/vault/customer/ada001/address')
      .reply(200, ok({ created_address_id: 'n9' }))
      .post(
        '/api/vault/customer/ada001',
        (b: { defaults?: { billing_address_id?: string } }) =>
          b.defaults?.billing_address_id === 'n9',
      )
      .reply(200, ok(null))
      .get(GET)
      .reply(200, ok(record('ada001', { addresses: [address('n9')] })))
    await right(vault().customers.update(C, { name: 'Ada Lee' }))
    expect(scope.isDone()).toBe(true)
  })
})

describe('deletes', () => {
  const deletes = [
    ['customers.delete', '/api/vault/ada001', () => vault().customers.delete(C)],
    [
      'addresses.remove',
      '/api/vault/customer/ada001/address/a1',
      () => vault().addresses.remove(C, addressId('a1')),
    ],
  ] as const

  describe.each(deletes)('%s', (_name, path, run) => {
    it.each([...empty, ['the id alone', ok('ada001')] as const])(
      'answered %s → done',
      async (_n, body) => {
        api().delete(path).reply(200, body)
        expect(await right(run())).toBeUndefined()
      },
    )

    it.each(unreadable)('answered with %s → OutcomeUnknown', async (_n, status, body) => {
      api().delete(path).reply(status, body)
      expect((await left(run())).kind).toBe('OutcomeUnknown')
    })
  })

  it.each([...empty])('paymentMethods.remove answered %s → done', async (_n, body) => {
    api()
      .get(GET)
      .reply(200, ok(base()))
      .delete('/api/vault/customer/ada001/card/p1')
      .reply(200, body)
    expect(await right(vault().paymentMethods.remove(C, paymentMethodId('p1')))).toBeUndefined()
  })
})

describe('addresses.add', () => {
  const input = { role: 'billing' as const, line1: '1 Dock Rd' }
  const named: ReadonlyArray<readonly [string, nock.Body]> = [
    ['created_address_id', ok({ created_address_id: 'a2' })],
    ['created_address_id inside data', ok({ data: { created_address_id: 'a2' } })],
    ['created_address_id beside data', success({ data: null, created_address_id: 'a2' })],
    ['the id alone', ok('a2')],
    ['the address itself', ok(address('a2'))],
  ]

  it.each(named)('answered with %s: the named address is read back', async (_n, body) => {
    const scope = readThenWrite('/api/vault/customer/ada001/address', body)
      .get(GET)
      .reply(200, ok(withAddress()))
    expect((await right(vault().addresses.add(C, input))).value.id).toBe('a2')
    expect(scope.isDone()).toBe(true)
  })

  it.each(empty)(
    'answered with %s: the new address is the one the record newly shows',
    async (_n, body) => {
      readThenWrite('/api/vault/customer/ada001/address', body)
        .get(GET)
        .reply(200, ok(withAddress()))
      expect((await right(vault().addresses.add(C, input))).value.id).toBe('a2')
    },
  )

  it('named, then the read-back fails → ConfirmedUnread with the address id', async () => {
    readThenWrite('/api/vault/customer/ada001/address', ok({ created_address_id: 'a2' }))
    api().get(GET).times(3).reply(503, '')
    const e = await left(vault().addresses.add(C, input))
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', retry: 'done', writtenId: 'a2' })
  })

  it('named, but the record does not show it → ConfirmedUnread with the address id', async () => {
    api()
      .get(GET)
      .twice()
      .reply(200, ok(base()))
      .post('/api/vault/customer/ada001/address')
      .reply(200, ok({ created_address_id: 'a2' }))
    const e = await left(vault().addresses.add(C, input))
    expect(e).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: 'a2',
      readFailure: 'UnexpectedResponse',
    })
  })

  it.each([
    ['the read-back fails', 503],
    ['the record shows no new address', 200],
  ] as const)('unnamed, and %s → OutcomeUnknown (it happened, look it up)', async (_n, status) => {
    readThenWrite('/api/vault/customer/ada001/address', ok(null))
    api()
      .get(GET)
      .times(3)
      .reply(status, status === 200 ? ok(base()) : '')
    const e = await left(vault().addresses.add(C, input))
    expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile' })
  })

  it('an identical address refused → Conflict, nothing else sent', async () => {
    readThenWrite(
      '/api/vault/customer/ada001/address',
      failed('invalid: would create a duplicate address'),
      400,
    )
    const e = await left(vault().addresses.add(C, input))
    expect(e).toMatchObject({ kind: 'Conflict', httpStatus: 400, gatewayCode: 'invalid' })
  })

  it('stored, but the shipping default refused → the address, with a warning', async () => {
    readThenWrite('/api/vault/customer/ada001/address', ok(withAddress()))
      .post('/api/vault/customer/ada001')
      .reply(400, failed('bad request error: invalid defaults'))
    const w = await right(vault().addresses.add(C, { ...input, role: 'shipping' }))
    expect(w.value).toMatchObject({ id: 'a2', role: 'billing' })
    expect(w.warnings).toEqual([expect.objectContaining({ code: 'not_stored', field: 'role' })])
  })
})

describe('addresses.update', () => {
  it.each([...empty, ['the id alone', ok('a1')] as const])(
    'answered %s → read back',
    async (_n, body) => {
      const scope = readThenWrite('/api/vault/customer/ada001/address/a1', body)
        .get(GET)
        .reply(200, ok(base()))
      expect(
        (await right(vault().addresses.update(C, addressId('a1'), { city: 'X' }))).value.id,
      ).toBe('a1')
      expect(scope.isDone()).toBe(true)
    },
  )

  it('confirmed, then the read-back fails → ConfirmedUnread with the address id', async () => {
    readThenWrite('/api/vault/customer/ada001/address/a1', ok(null))
    api().get(GET).times(3).reply(500, '')
    const e = await left(vault().addresses.update(C, addressId('a1'), { city: 'X' }))
    expect(e).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: 'a1',
      readFailure: 'Unavailable',
    })
  })
})

describe('paymentMethods.add', () => {
  const input = {
    kind: 'card' as const,
    number: '5555555555554444',
    expiry: { month: 3, year: 2030 },
  }
  const named: ReadonlyArray<readonly [string, nock.Body]> = [
    ['created_payment_method_id', ok({ created_payment_method_id: 'p8' })],
    ['created_payment_method_id beside data', success({ created_payment_method_id: 'p8' })],
    ['the id alone', ok('p8')],
    ['the card itself', ok(card('p8'))],
  ]

  it.each(named)('answered with %s: the named method is read back', async (_n, body) => {
    const scope = readThenWrite('/api/vault/customer/ada001/card', body)
      .get(GET)
      .reply(200, ok(withCard()))
    const w = await right(vault().paymentMethods.add(C, input))
    expect(w.value).toMatchObject({ id: 'p8', last4: '4444' })
    expect(scope.isDone()).toBe(true)
  })

  it.each([...empty, ['the record', ok(withCard())] as const])(
    'answered with %s: the new method is the one the record newly shows',
    async (_n, body) => {
      readThenWrite('/api/vault/customer/ada001/card', body)
        .get(GET)
        .optionally()
        .reply(200, ok(withCard()))
      expect((await right(vault().paymentMethods.add(C, input))).value.id).toBe('p8')
    },
  )

  it('named, then the read-back fails → ConfirmedUnread with the method id', async () => {
    readThenWrite('/api/vault/customer/ada001/card', ok({ created_payment_method_id: 'p8' }))
    api().get(GET).times(3).reply(503, '')
    const e = await left(vault().paymentMethods.add(C, input))
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', retry: 'done', writtenId: 'p8' })
  })

  it('unnamed, then the read-back fails → OutcomeUnknown', async () => {
    readThenWrite('/api/vault/customer/ada001/card', ok(null))
    api().get(GET).times(3).reply(503, '')
    expect((await left(vault().paymentMethods.add(C, input))).kind).toBe('OutcomeUnknown')
  })

  it('the new card cannot be read → ConfirmedUnread with its id', async () => {
    const broken = record('ada001', {
      cards: [card('p1'), card('p8', { masked_number: '' })],
      defaults: BILLING,
    })
    readThenWrite('/api/vault/customer/ada001/card', ok(broken))
    const e = await left(vault().paymentMethods.add(C, input))
    expect(e).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: 'p8',
      readFailure: 'UnexpectedResponse',
    })
  })

  it('stored, but makeDefault refused → the method, with a warning', async () => {
    readThenWrite('/api/vault/customer/ada001/card', ok(withCard()))
      .post('/api/vault/customer/ada001')
      .reply(302, '')
    const w = await right(vault().paymentMethods.add(C, input, { makeDefault: true }))
    expect(w.value.id).toBe('p8')
    expect(w.warnings).toEqual([
      expect.objectContaining({ code: 'not_stored', field: 'options.makeDefault' }),
    ])
    expect(w.warnings[0]?.message).toMatch(/may not have been made the default/)
  })
})

describe('payment-method updates and the default', () => {
  it.each([...empty, ['the record', ok(base())] as const])(
    'paymentMethods.update answered %s → read back',
    async (_n, body) => {
      readThenWrite('/api/vault/customer/ada001/card/p1', body)
        .get(GET)
        .optionally()
        .reply(200, ok(base()))
      const w = await right(
        vault().paymentMethods.update(C, paymentMethodId('p1'), {
          expiry: { month: 1, year: 2031 },
        }),
      )
      expect(w.value.id).toBe('p1')
    },
  )

  it.each([
    [
      'paymentMethods.update',
      () =>
        vault().paymentMethods.update(C, paymentMethodId('p1'), {
          expiry: { month: 1, year: 2031 },
        }),
    ],
    [
      'fluidpay.setPaymentMethodFlags',
      () => vault().fluidpay.setPaymentMethodFlags(C, paymentMethodId('p1'), ['locked_security']),
    ],
  ] as const)('%s confirmed, then the read-back fails → ConfirmedUnread', async (_n, run) => {
    readThenWrite('/api/vault/customer/ada001/card/p1', ok(null))
    api().get(GET).times(3).reply(503, '')
    const e = await left(run())
    expect(e).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: 'p1',
      readFailure: 'Unavailable',
    })
  })

  it.each(empty)('setDefault answered %s → done, nothing read back', async (_n, body) => {
    const scope = readThenWrite('/api/vault/customer/ada001', body)
    expect(await right(vault().paymentMethods.setDefault(C, paymentMethodId('p1')))).toBeUndefined()
    expect(scope.isDone()).toBe(true)
  })

  it.each(unreadable)('setDefault answered %s → OutcomeUnknown', async (_n, status, body) => {
    api().get(GET).reply(200, ok(base())).post('/api/vault/customer/ada001').reply(status, body)
    expect((await left(vault().paymentMethods.setDefault(C, paymentMethodId('p1')))).kind).toBe(
      'OutcomeUnknown',
    )
  })
})
