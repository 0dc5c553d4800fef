// Write outcomes (issue 15), walked for every write in every answer shape the facts allow: a
// confirmed write is a success (or, when what follows it fails, ConfirmedUnread with its id and
// retry class `done`); a confirmed create that names no id, and any answer that says nothing
// readable, are OutcomeUnknown (`reconcile`); nothing a write answers is UnexpectedResponse.
import * as E from 'fp-ts/Either'
import nock from 'nock'
import {
  addressId,
  customerId,
  paymentMethodId,
  type VaultError,
  type RetryClass,
} from '@vaultport/core'
import {
  P,
  countRequests,
  detailWith,
  home,
  makeVault,
  noCards,
  reads,
  spec,
  useNock,
  valor,
} from './fixtures'

useNock()

type Vault = ReturnType<typeof makeVault>
type Outcome = E.Either<VaultError, unknown>
type Body = string | number | Record<string, unknown>

const C = customerId('100864')
const visa = { kind: 'card', number: '4111111111111111', expiry: { month: 3, year: 2030 } } as const
const bank = {
  kind: 'bank_account',
  accountNumber: '000123456789',
  routingNumber: '021000021',
  accountType: 'checking',
} as const

const homeBoth = { ...home, shipping_city: 'Fresno', shipping_zip: '93721' }

/** A reply as nock sends it: JSON unless it is text already (HTML, garbage, empty). */
const reply = (body: Body): [string, Record<string, string>] =>
  typeof body === 'string'
    ? [body, { 'content-type': /^\s*</.test(body) ? 'text/html' : 'application/json' }]
    : [JSON.stringify(body), { 'content-type': 'application/json' }]

/** A write's answer: `status` and `body` for one request to `path`. */
const on =
  (method: 'post' | 'put' | 'delete', path: string) =>
  (status: number, body: Body): void => {
    const scope = valor()
    scope[method](`${P}/${path}`).reply(status, ...reply(body))
  }

/** Every write with its wire, what it reads back and the id the caller must get back. */
interface WriteCase {
  readonly name: string
  /** The id the caller gets back (ConfirmedUnread.writtenId). */
  readonly writtenId: string
  /** A create: only its answer names the id. Otherwise the caller named it already. */
  readonly create: boolean
  /** The spec's id key in the answer, and the id. */
  readonly key: string
  readonly id: number
  /** Reads the operation makes before it writes. */
  readonly before?: () => void
  readonly write: (status: number, body: Body) => void
  readonly readBack: () => void
  /** The read-back answering a failure (the write stays confirmed). */
  readonly readBackFails: () => void
  readonly run: (v: Vault) => () => Promise<Outcome>
}

const cardsRead = (body: object) => () =>
  void valor().get(`${P}/getpaymentprofile/100864`).reply(200, body)
const achRead = (body: object) => () =>
  void valor().get(`${P}/getachprofile/100864`).reply(200, body)
const detailRead = (body: object) => () =>
  void valor().get(`${P}/getcustomer/100864`).reply(200, body)

const writeCases: ReadonlyArray<WriteCase> = [
  {
    name: 'customers.create',
    writtenId: '100864',
    create: true,
    key: 'vault_customer_id',
    id: 100864,
    write: on('post', 'addcustomer'),
    readBack: () => void reads(),
    readBackFails: () => void reads(100864, spec.customerNotExist),
    run: (v) => v.customers.create({ name: 'Ada Lee' }),
  },
  {
    name: 'customers.update',
    writtenId: '100864',
    create: false,
    key: 'vault_customer_id',
    id: 100864,
    write: on('put', 'editcustomer/100864'),
    readBack: () => void reads(),
    readBackFails: () => void reads(100864, detailWith([]), { status: 'FAILED', errors: ['Busy'] }),
    run: (v) => v.customers.update(C, { email: 'ada@example.com' }),
  },
  {
    name: 'paymentMethods.add card',
    writtenId: 'card:97555',
    create: true,
    key: 'payment_id',
    id: 97555,
    write: on('post', 'addpaymentprofile/100864'),
    readBack: cardsRead(spec.cards),
    readBackFails: cardsRead(noCards),
    run: (v) => v.paymentMethods.add(C, visa),
  },
  {
    name: 'paymentMethods.add token',
    writtenId: 'card:97555',
    create: true,
    key: 'payment_id',
    id: 97555,
    write: on('post', 'addpaymentprofiletoken/100864'),
    readBack: cardsRead(spec.cards),
    readBackFails: cardsRead({ code: 200, status: 'OK', data: [{ payment_id: 97555 }] }),
    run: (v) =>
      v.paymentMethods.add(C, {
        kind: 'gateway_token',
        token: '7B4DAFBEC4BA9CB8ACDD2446919CEB58A9CBE7AC',
      }),
  },
  {
    name: 'paymentMethods.add prior transaction',
    writtenId: 'card:97555',
    create: true,
    key: 'payment_id',
    id: 97555,
    write: on('post', 'addpaymentprofiletxn/100864'),
    readBack: cardsRead(spec.cards),
    readBackFails: cardsRead(spec.authInvalid),
    run: (v) =>
      v.paymentMethods.add(C, {
        kind: 'prior_transaction',
        transactionId: '10176309',
        rail: 'card',
      }),
  },
  {
    name: 'paymentMethods.add bank account',
    writtenId: 'ach:2290',
    create: true,
    key: 'ach_profile_id',
    id: 2290,
    write: on('post', 'addachprofile/100864'),
    readBack: achRead(spec.ach),
    readBackFails: achRead(spec.achCustomerNotExist),
    run: (v) => v.paymentMethods.add(C, bank),
  },
  {
    name: 'paymentMethods.update card',
    writtenId: 'card:97555',
    create: false,
    key: 'payment_id',
    id: 97555,
    write: on('put', 'updatepaymentprofile/100864/97555'),
    readBack: cardsRead(spec.cards),
    readBackFails: cardsRead(noCards),
    run: (v) => v.paymentMethods.update(C, paymentMethodId('card:97555'), { holderName: 'Ada' }),
  },
  {
    name: 'paymentMethods.update bank account',
    writtenId: 'ach:2290',
    create: false,
    key: 'ach_profile_id',
    id: 2290,
    write: on('put', 'updateachprofile/100864/2290'),
    readBack: achRead(spec.ach),
    readBackFails: achRead({ code: 200, status: 'SUCCESS', data: [{ ach_profile_id: 2290 }] }),
    run: (v) => v.paymentMethods.update(C, paymentMethodId('ach:2290'), { accountType: 'savings' }),
  },
  {
    name: 'addresses.add (into the empty half of an entry)',
    writtenId: '154001:shipping',
    create: false,
    key: 'vault_customer_id',
    id: 100864,
    before: detailRead(detailWith([home])),
    write: on('put', 'editcustomer/100864'),
    readBack: detailRead(detailWith([homeBoth])),
    readBackFails: detailRead(detailWith([home])),
    run: (v) => v.addresses.add(C, { role: 'shipping', label: 'Home', city: 'Fresno' }),
  },
  {
    name: 'addresses.update',
    writtenId: '154001:billing',
    create: false,
    key: 'vault_customer_id',
    id: 100864,
    before: detailRead(detailWith([home])),
    write: on('put', 'editcustomer/100864'),
    readBack: detailRead(detailWith([{ ...home, billing_city: 'Minneapolis' }])),
    readBackFails: detailRead({ code: 200, status: 'OK', data: { customer_name: 'no id' } }),
    run: (v) => v.addresses.update(C, addressId('154001:billing'), { city: 'Minneapolis' }),
  },
]

/** Writes that read nothing back: their answer alone is the outcome. */
const deleteCases: ReadonlyArray<Omit<WriteCase, 'readBack' | 'readBackFails' | 'writtenId'>> = [
  {
    name: 'customers.delete',
    create: false,
    key: 'vault_customer_id',
    id: 100864,
    write: on('delete', 'deletecustomer/100864'),
    run: (v) => v.customers.delete(C),
  },
  {
    name: 'paymentMethods.remove card',
    create: false,
    key: 'payment_id',
    id: 97555,
    write: on('delete', 'deletepaymentprofile/100864/97555'),
    run: (v) => v.paymentMethods.remove(C, paymentMethodId('card:97555')),
  },
  {
    name: 'paymentMethods.remove bank account',
    create: false,
    key: 'ach_profile_id',
    id: 2290,
    write: on('delete', 'deleteachprofile/100864/2290'),
    run: (v) => v.paymentMethods.remove(C, paymentMethodId('ach:2290')),
  },
  {
    name: 'addresses.remove',
    create: false,
    key: 'address_id',
    id: 154001,
    before: detailRead(detailWith([home])),
    write: on('delete', 'deleteaddress/100864/154001'),
    run: (v) => v.addresses.remove(C, addressId('154001:billing')),
  },
  {
    name: 'valor.removeAddressEntry',
    create: false,
    key: 'address_id',
    id: 154001,
    write: on('delete', 'deleteaddress/100864/154001'),
    run: (v) => v.valor.removeAddressEntry('100864', '154001'),
  },
]

/** Answers that name the id, in every place the facts allow it. */
const naming = (key: string, id: number): ReadonlyArray<readonly [string, Body]> => [
  ['the spec shape', { code: 201, status: 'OK', [key]: id }],
  ['the id as a string', { code: 200, status: 'SUCCESS', [key]: String(id) }],
  ['the id under data', { code: 201, status: 'OK', data: { [key]: id } }],
  ['the record under data', { status: 'OK', message: 'Success', data: { id, note: 'x' } }],
  ['a one-item data list', { status: 'OK', data: [{ [key]: id }] }],
  ['the id alone (no status)', { [key]: id }],
  ['a bare id', String(id)],
]

/** Success answers that name nothing. */
const unnamed = (key: string): ReadonlyArray<readonly [string, Body]> => [
  ['no id', { code: 201, status: 'OK' }],
  ['an empty data', { code: 200, status: 'OK', message: 'Success', data: {} }],
  ['an empty data list', { status: 'OK', data: [] }],
  ['a null id', { status: 'OK', [key]: null }],
  [
    "an id too long to be Valor's (an echoed card number)",
    { status: 'OK', [key]: 4111111111111111 },
  ],
]

/** 2xx answers that say nothing readable. */
const unreadable: ReadonlyArray<readonly [string, Body]> = [
  ['an empty body', ''],
  ['an HTML page', '<html><body>Service temporarily unavailable</body></html>'],
  ['an empty object', {}],
  ['an unknown status', { status: 'PENDING' }],
  ['truncated JSON', '{"code":201,"status":"O'],
  ['plain text', 'OK'],
]

const expectKind = (
  r: Outcome,
  kind: VaultError['kind'],
  retry: RetryClass,
  writtenId?: string,
): VaultError => {
  if (E.isRight(r)) throw new Error(`expected ${kind}, got Right ${JSON.stringify(r.right)}`)
  expect(r.left).toMatchObject({ kind, retry, ...(writtenId === undefined ? {} : { writtenId }) })
  return r.left
}

describe.each(writeCases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
  it.each(naming(c.key, c.id))('is confirmed by %s, then read back', async (_s, body) => {
    c.before?.()
    c.write(201, body)
    c.readBack()
    const r = await c.run(makeVault())()
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    expect((r.right as { value: { id: string } }).value.id).toBe(c.writtenId)
  })

  it.each(unnamed(c.key))(
    c.create
      ? 'confirmed with %s: stored but unnamed, so OutcomeUnknown (never a success)'
      : 'confirmed with %s: the id is known, so it reads back',
    async (_s, body) => {
      c.before?.()
      c.write(200, body)
      if (!c.create) c.readBack()
      const r = await c.run(makeVault())()
      if (c.create) expectKind(r, 'OutcomeUnknown', 'reconcile')
      else expect(E.isRight(r)).toBe(true)
    },
  )

  it.each(unreadable)('answered 2xx with %s: OutcomeUnknown', async (_s, body) => {
    c.before?.()
    c.write(200, body)
    expectKind(await c.run(makeVault())(), 'OutcomeUnknown', 'reconcile')
  })

  it('a read-back that fails after the confirmed write: ConfirmedUnread with the id', async () => {
    c.before?.()
    c.write(201, { code: 201, status: 'OK', [c.key]: c.id })
    c.readBackFails()
    const e = expectKind(await c.run(makeVault())(), 'ConfirmedUnread', 'done', c.writtenId)
    expect(e.kind === 'ConfirmedUnread' && e.readFailure).not.toBe('ConfirmedUnread')
  })

  it('a read-back whose answer is lost (HTTP 503 each time): ConfirmedUnread, not Unavailable', async () => {
    c.before?.()
    c.write(201, { code: 201, status: 'OK', [c.key]: c.id })
    valor().get(/.*/).times(6).reply(503, 'busy')
    const e = expectKind(await c.run(makeVault())(), 'ConfirmedUnread', 'done', c.writtenId)
    expect(e).toMatchObject({ readFailure: 'Unavailable' })
    nock.cleanAll()
  })
})

describe.each(deleteCases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
  it.each([...naming(c.key, c.id), ...unnamed(c.key), ['the spec shape', spec.success] as const])(
    'is confirmed by %s',
    async (_s, body) => {
      c.before?.()
      c.write(200, body)
      expect(await c.run(makeVault())()).toEqual(E.right(undefined))
    },
  )

  it.each(unreadable)('answered 2xx with %s: OutcomeUnknown', async (_s, body) => {
    c.before?.()
    c.write(200, body)
    expectKind(await c.run(makeVault())(), 'OutcomeUnknown', 'reconcile')
  })
})

describe('a new address entry is named only by its read-back', () => {
  const add = (v: Vault) => v.addresses.add(C, { role: 'billing', label: 'Work', city: 'Edina' })

  it('read back: the new entry with its id', async () => {
    detailRead(detailWith([home]))()
    valor().put(`${P}/editcustomer/100864`).reply(200, spec.customerEdited)
    detailRead(detailWith([home, { ...home, address_id: 154002, address_label: 'Work' }]))()
    const r = await add(makeVault())()
    expect(E.isRight(r) && r.right.value.id).toBe('154002:billing')
  })

  it('read-back fails: stored but unnamed, so OutcomeUnknown naming the customer and label', async () => {
    detailRead(detailWith([home]))()
    valor().put(`${P}/editcustomer/100864`).reply(200, spec.customerEdited)
    valor().get(`${P}/getcustomer/100864`).reply(400, spec.customerNotExist)
    const e = expectKind(await add(makeVault())(), 'OutcomeUnknown', 'reconcile')
    expect(e.message).toContain('"Work"')
    expect(e.message).toContain('100864')
  })
})

describe('customers.create with a first payment method (several requests)', () => {
  const withCard = (v: Vault) => v.customers.create({ name: 'Ada Lee', paymentMethod: visa })
  const created = () => valor().post(`${P}/addcustomer`).reply(201, spec.customerCreated)

  it('card confirmed, customer read back: Written with the card', async () => {
    created()
    valor().post(`${P}/addpaymentprofile/100864`).reply(201, spec.cardCreated)
    reads(100864, detailWith([]), spec.cards)
    const r = await withCard(makeVault())()
    expect(E.isRight(r) && r.right.value.paymentMethods.map((m) => m.id)).toEqual(['card:97555'])
  })

  it('card confirmed without an id: the customer read shows what was stored', async () => {
    created()
    valor().post(`${P}/addpaymentprofile/100864`).reply(200, { code: 200, status: 'OK' })
    reads(100864, detailWith([]), spec.cards)
    expect(E.isRight(await withCard(makeVault())())).toBe(true)
  })

  it('card confirmed, read-back fails: ConfirmedUnread with the customer id', async () => {
    created()
    valor().post(`${P}/addpaymentprofile/100864`).reply(201, spec.cardCreated)
    reads(100864, spec.customerNotExist, spec.cards)
    expectKind(await withCard(makeVault())(), 'ConfirmedUnread', 'done', '100864')
  })

  it('card refused, customer deleted again: the refusal (nothing is left)', async () => {
    created()
    valor().post(`${P}/addpaymentprofile/100864`).reply(400, spec.cardCap)
    valor().delete(`${P}/deletecustomer/100864`).reply(200, spec.success)
    const e = expectKind(await withCard(makeVault())(), 'Conflict', 'never')
    expect(e.message).toContain('deleted again')
  })

  it.each([
    ['refused', 400, spec.customerNotExist],
    ['its answer unreadable', 200, '<html>busy</html>'],
    ['answered with a redirect', 302, ''],
  ] as const)(
    'card %s and the delete fails: ConfirmedUnread with the customer id',
    async (_w, status, body) => {
      created()
      valor()
        .post(`${P}/addpaymentprofile/100864`)
        .reply(status, ...reply(body))
      valor().delete(`${P}/deletecustomer/100864`).times(2).reply(503, 'busy')
      const e = expectKind(await withCard(makeVault())(), 'ConfirmedUnread', 'done', '100864')
      expect(e.message).toContain('delete it')
    },
  )

  it('a method Valor cannot store at all: Unsupported before the customer is created', async () => {
    const sent = countRequests()
    const r = await makeVault().customers.create({
      name: 'Ada Lee',
      paymentMethod: { kind: 'gateway_token', token: 'tok', rail: 'bank_account' },
    })()
    expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'Unsupported' } })
    expect(sent()).toBe(0)
  })

  it('the customer itself answered without an id: OutcomeUnknown, no card is sent', async () => {
    valor().post(`${P}/addcustomer`).reply(201, { code: 201, status: 'OK' })
    expectKind(await withCard(makeVault())(), 'OutcomeUnknown', 'reconcile')
  })
})

describe('an update of several requests (V7 then V10)', () => {
  it('V7 confirmed, V10 refused: ConfirmedUnread with the card id, the refusal as readFailure', async () => {
    valor()
      .put(`${P}/updatepaymentprofile/100864/97555`)
      .reply(200, spec.cardUpdated)
      .put(`${P}/updatepaymentprofilestatus/100864/97555`)
      .reply(400, spec.statusMissing)
    const e = expectKind(
      await makeVault().paymentMethods.update(C, paymentMethodId('card:97555'), {
        holderName: 'Ada',
        status: 'inactive',
      })(),
      'ConfirmedUnread',
      'done',
      'card:97555',
    )
    expect(e).toMatchObject({ readFailure: 'Validation' })
  })
})
