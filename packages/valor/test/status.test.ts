// Status first, body second (issue 17): the status table walked in full, every status class and
// every Valor error dialect over nock, for a read and for a write, and every error that quotes
// an answer passed through that answer's redactor (the request's own numbers and tokens too).
import {
  createRedactor,
  customerId,
  formatVaultError,
  vaultErrorKinds,
  type VaultError,
} from '@vaultport/core'
import { activeLeakScan } from '@vaultport/testkit'
import { answerError, fieldScopes, statusRowFor, statusRows } from '../src/errors'
import { P, detailWith, left, makeVault, noCards, spec, useNock, valor } from './fixtures'

useNock()

const C = customerId('100864')
const ctx = { gateway: 'valor', operation: 'customers.get' }

const NON_JSON = [
  ['plain text', 'Unauthorized', 'text/plain'],
  ['an HTML page', '<html><body><h1>Forbidden</h1></body></html>', 'text/html'],
  ['an empty body', '', 'text/plain'],
] as const

describe('the status table', () => {
  const all = Array.from({ length: 500 }, (_x, i) => 100 + i)

  it('covers every status from 100 to 599 with a row, and every row covers some status', () => {
    const used = new Set(all.map((s) => statusRowFor(s).id))
    expect(statusRows.map((r) => r.id).filter((id) => !used.has(id))).toEqual([])
    expect(new Set(statusRows.map((r) => r.id)).size).toBe(statusRows.length)
    for (const r of statusRows) {
      expect(vaultErrorKinds).toContain(r.read)
      expect(vaultErrorKinds).toContain(r.write)
    }
  })

  it('never gives a write a kind that claims less than the status proves', () => {
    for (const s of all) {
      const row = statusRowFor(s)
      if (s >= 400 && s < 500) expect(row.write).not.toBe('OutcomeUnknown')
      else expect(row.write).toBe('OutcomeUnknown')
      expect(row.read).not.toBe('OutcomeUnknown')
    }
  })

  it.each(statusRows.map((r) => [r.id, r] as const))(
    'row %s: a body with no verdict, at each of its statuses, for a read and a write',
    (_id, row) => {
      const statuses = all.filter((s) => statusRowFor(s) === row)
      for (const status of statuses) {
        for (const [, body, type] of NON_JSON) {
          const res = { status, headers: { 'content-type': type, 'retry-after': '1' }, body }
          for (const write of [false, true]) {
            const e = answerError(ctx, createRedactor(), res, {
              write,
              scope: fieldScopes.customer,
              why: 'the body is not JSON',
            })
            expect(e.kind).toBe(write ? row.write : row.read)
            expect(e.httpStatus).toBe(status)
            expect(e.message).toContain(row.summary)
            if (e.kind === 'Validation') expect(e.issues.length).toBeGreaterThan(0)
          }
        }
      }
    },
  )
})

describe('non-JSON answers: the status decides', () => {
  const cases = [
    [400, 'Validation'],
    [401, 'Auth'],
    [403, 'Auth'],
    [404, 'NotFound'],
    [405, 'UnexpectedResponse'],
    [409, 'Conflict'],
    [410, 'NotFound'],
    [413, 'Validation'],
    [422, 'Validation'],
  ] as const
  const bodies = NON_JSON.flatMap(([name, body, type]) =>
    cases.map(([status, kind]) => [status, name, body, type, kind] as const),
  )

  it.each(bodies)('HTTP %s with %s → %s on a read', async (status, _n, body, type, kind) => {
    valor().get(`${P}/getcustomerlist`).query(true).reply(status, body, { 'content-type': type })
    expect(await left(makeVault().customers.list())).toMatchObject({ kind, httpStatus: status })
  })

  it.each(bodies)('HTTP %s with %s → %s on a write', async (status, _n, body, type, kind) => {
    valor().post(`${P}/addcustomer`).reply(status, body, { 'content-type': type })
    expect(await left(makeVault().customers.create({ name: 'Ada Lee' }))).toMatchObject({
      kind,
      httpStatus: status,
    })
  })
})

describe('3xx is never a success', () => {
  it.each([301, 302, 303, 307, 308])(
    'HTTP %s with a success body: UnexpectedResponse on a read, OutcomeUnknown on a create',
    async (status) => {
      valor()
        .get(`${P}/getcustomerlist`)
        .query(true)
        .reply(status, spec.customers, { location: 'https://elsewhere.test/' })
      expect((await left(makeVault().customers.list())).kind).toBe('UnexpectedResponse')
      valor()
        .post(`${P}/addcustomer`)
        .reply(status, spec.customerCreated, { location: 'https://elsewhere.test/' })
      expect(await left(makeVault().customers.create({ name: 'Ada Lee' }))).toMatchObject({
        kind: 'OutcomeUnknown',
        retry: 'reconcile',
      })
    },
  )
})

describe('5xx that core hands on (not a transient status)', () => {
  it.each([501, 505, 507])(
    'HTTP %s: Unavailable on a read, OutcomeUnknown on a write',
    async (status) => {
      valor().get(`${P}/getcustomerlist`).query(true).reply(status, spec.customers)
      expect((await left(makeVault().customers.list())).kind).toBe('Unavailable')
      valor().delete(`${P}/deletecustomer/100864`).reply(status, spec.success)
      expect((await left(makeVault().customers.delete(C))).kind).toBe('OutcomeUnknown')
    },
  )
})

describe('a success status with an error body is an error; an error status with a success body too', () => {
  it.each([200, 201])('HTTP %s + FAILED → the error table', async (status) => {
    valor().delete(`${P}/deletecustomer/100864`).reply(status, spec.customerNotExist)
    expect((await left(makeVault().customers.delete(C))).kind).toBe('NotFound')
  })

  it.each([
    [400, 'Validation'],
    [401, 'Auth'],
    [404, 'NotFound'],
    [409, 'Conflict'],
  ] as const)('HTTP %s + a success body → %s', async (status, kind) => {
    valor().delete(`${P}/deletecustomer/100864`).reply(status, spec.success)
    expect((await left(makeVault().customers.delete(C))).kind).toBe(kind)
  })

  it('HTTP 401 with a FAILED body: Auth (the status decides), the body kept as evidence', async () => {
    valor().delete(`${P}/deletecustomer/100864`).reply(401, spec.customerNotExist)
    expect(await left(makeVault().customers.delete(C))).toMatchObject({
      kind: 'Auth',
      gatewayMessages: ['Customer not exist'],
    })
  })

  it('HTTP 404 with "Customer not exist": NotFound with the table\'s own summary', async () => {
    valor().delete(`${P}/deletecustomer/100864`).reply(404, spec.customerNotExist)
    const e = await left(makeVault().customers.delete(C))
    expect(e).toMatchObject({ kind: 'NotFound', httpStatus: 404 })
    expect(e.message).toContain('Valor vault customer not found')
  })
})

describe('Valor error dialects', () => {
  const dialects = [
    ['`error`, no status (one client saw this)', { error: ['Customer name already exist'] }],
    [
      '`error` with status',
      { code: 400, status: 'FAILED', error: ['Customer name already exist'] },
    ],
    ['`errors` as a string, no status', { errors: 'Customer name already exist' }],
    ['`errors` array, no code', { status: 'FAILED', errors: ['Customer name already exist'] }],
  ] as const

  it.each(dialects.flatMap(([n, b]) => [200, 400, 409].map((s) => [n, s, b] as const)))(
    'duplicate name, %s, HTTP %s → Conflict',
    async (_n, status, body) => {
      valor().post(`${P}/addcustomer`).reply(status, body)
      expect(await left(makeVault().customers.create({ name: 'Ada Lee' }))).toMatchObject({
        kind: 'Conflict',
        retry: 'never',
        gatewayMessages: ['Customer name already exist'],
      })
    },
  )

  it.each([
    ['auth: status false, code as a string', 400, spec.authInvalid, 'Auth'],
    ['auth, HTTP 200', 200, spec.authMissing, 'Auth'],
    [
      'no status, failure code and message',
      400,
      { code: 400, message: 'Bad request' },
      'Validation',
    ],
    ['OK with a failure code', 200, { code: 400, status: 'OK', message: 'nope' }, 'Validation'],
    ['errors as a string', 400, spec.achCustomerNotExist, 'NotFound'],
    ['no code', 400, spec.txnCustomerNotExist, 'NotFound'],
    ['AJV message', 400, spec.badPhone, 'Validation'],
    [
      'code 429 in an always-200 body',
      200,
      { code: 429, status: 'FAILED', errors: ['slow'] },
      'RateLimited',
    ],
  ] as const)('%s (HTTP %s) → %s', async (_n, status, body, kind) => {
    valor().put(`${P}/editcustomer/100864`).reply(status, body)
    expect((await left(makeVault().customers.update(C, { phone: '6125550100' }))).kind).toBe(kind)
  })
})

describe('errors carry nothing the request sent (each answer has its own redactor)', () => {
  const account = '000123456789'
  const token = '7B4DAFBEC4BA9CB8ACDD2446919CEB58A9CBE7AC'
  const clean = (e: VaultError, ...values: string[]) => {
    const text = JSON.stringify(e) + formatVaultError(e)
    for (const v of values) expect(text).not.toContain(v)
  }

  it('an ACH refusal echoing the account number', async () => {
    valor()
      .post(`${P}/addachprofile/100864`)
      .reply(400, {
        code: 400,
        status: 'FAILED',
        errors: `Invalid account_number ${account}`,
        error: [`account ${account} rejected`],
        message: account,
      })
    const e = await left(
      makeVault().paymentMethods.add(C, {
        kind: 'bank_account',
        accountNumber: account,
        routingNumber: '021000021',
        accountType: 'checking',
      }),
    )
    expect(e.kind).toBe('Validation')
    clean(e, account)
  })

  it('a token refusal echoing the token, at a status that decides (HTTP 403)', async () => {
    valor()
      .post(`${P}/addpaymentprofiletoken/100864`)
      .reply(403, `forbidden for token ${token}`, { 'content-type': 'text/plain' })
    const e = await left(makeVault().paymentMethods.add(C, { kind: 'gateway_token', token }))
    expect(e.kind).toBe('Auth')
    expect(e.rawBody).toContain('[REDACTED]')
    clean(e, token)
  })

  it('a later read of the operation echoing the account number it did not send', async () => {
    // Every request of the operation names the number as one of its secrets, so no channel
    // carries it: not the error, and not the read's own transcript event.
    const scan = activeLeakScan()
    if (scan === undefined) throw new Error('no leak scan is running')
    const hits = await scan.expectLeaks(() => createWithAccountEchoedLater())
    expect(hits).toEqual([])
  })

  const createWithAccountEchoedLater = async () => {
    valor().post(`${P}/addcustomer`).reply(201, spec.customerCreated)
    valor().post(`${P}/addachprofile/100864`).reply(200, spec.achCreated)
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([]))
      .get(`${P}/getpaymentprofile/100864`)
      .reply(200, noCards)
      .get(`${P}/getachprofile/100864`)
      .reply(400, { status: 'FAILED', errors: [`ACH ${account} is locked`] })
    const e = await left(
      makeVault().customers.create({
        name: 'Ada Lee',
        paymentMethod: {
          kind: 'bank_account',
          accountNumber: account,
          routingNumber: '021000021',
          accountType: 'checking',
        },
      }),
    )
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', writtenId: '100864' })
    clean(e, account)
  }

  it('a success naming the echoed account number as its id names nothing', async () => {
    valor()
      .post(`${P}/addachprofile/100864`)
      .reply(200, { status: 'SUCCESS', ach_profile_id: '12345678' })
    const e = await left(
      makeVault().paymentMethods.add(C, {
        kind: 'bank_account',
        accountNumber: '12345678',
        routingNumber: '021000021',
        accountType: 'checking',
      }),
    )
    expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile' })
    clean(e, '12345678')
  })
})
