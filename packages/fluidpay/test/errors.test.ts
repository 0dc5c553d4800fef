import { createRedactor, vaultErrorKinds } from '@vaultport/core'
import {
  errorTable,
  fieldTable,
  fluidpayError,
  gatewayCodeOf,
  issuesFromMessage,
  matchErrorRow,
} from '../src/errors'

const ctx = { gateway: 'fluidpay', operation: 'customers.get' }
const redactor = createRedactor(['api_TestSecretKey0123456789'])
const res = (status: number, msg: string) => ({
  status,
  headers: { 'retry-after': '2' },
  body: JSON.stringify({ status: 'failed', msg }),
})

// One concrete answer per row of the error table: the row it must hit and the kind it gives.
// A status that says what happened wins over the message (401 with "already exists" is Auth).
const cases: ReadonlyArray<readonly [string, number, string]> = [
  ['HTTP 401', 401, 'conflict error: customer id already exists'],
  ['HTTP 403', 403, 'nope'],
  ['HTTP 404', 404, 'unauthorized error: gone'],
  ['HTTP 409', 409, 'conflict error: customer id already exists'],
  ['HTTP 429', 429, 'too many requests error: rate limit exceeded'],
  ['HTTP 5xx', 501, 'bad request error: not implemented'],
  ['duplicate address', 400, 'invalid: would create a duplicate address'],
  ['duplicate id', 400, 'bad request error: customer id already exists'],
  ['not found prefix', 400, 'not found error: customer not found'],
  [
    'unauthorized prefix',
    400,
    'unauthorized error: public api keys cannot be used on this endpoint',
  ],
  ['HTTP 400', 400, 'bad request error: invalid Postal Code'],
  ['HTTP 422', 422, 'unprocessable'],
  ['other HTTP 4xx', 418, 'internal teapot error'],
  ['bad request prefix', 200, 'bad request error: invalid json'],
  ['server error prefix', 200, 'internal server error: boom'],
  ['anything else', 200, 'something odd'],
]

describe('the error table', () => {
  it('every row is exercised by exactly one case', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual(errorTable.map((r) => r.name).sort())
  })

  it.each(cases)('%s', (name, status, msg) => {
    const row = matchErrorRow(status, msg)
    expect(row.name).toBe(name)
    const e = fluidpayError(ctx, redactor, { status, msg, res: res(status, msg) })
    expect(vaultErrorKinds).toContain(e.kind)
    expect(e.kind).toBe(row.kind)
    expect(e.message.length).toBeGreaterThan(20)
    expect(e.message).toContain(row.summary)
    expect(e.gatewayMessages).toEqual([msg])
    expect(e.httpStatus).toBe(status)
    expect(e.rawBody).toContain(msg)
  })

  it('the documented categories (wire-assumptions F.2) map to their kinds', () => {
    const expected: Record<string, string> = {
      'bad request error: invalid card number': 'Validation',
      'unauthorized error: invalid api key': 'Auth',
      'not found error: customer not found': 'NotFound',
      'conflict error: customer id already exists': 'Conflict',
      'invalid: would create a duplicate address': 'Conflict',
      'too many requests error: rate limit exceeded': 'RateLimited',
      'internal server error: boom': 'Unavailable',
    }
    const statuses: Record<string, number> = {
      bad: 400,
      una: 401,
      not: 404,
      con: 409,
      inv: 400,
      too: 429,
      int: 500,
    }
    for (const [msg, kind] of Object.entries(expected)) {
      const status = statuses[msg.slice(0, 3)] as number
      expect(fluidpayError(ctx, redactor, { status, msg, res: res(status, msg) }).kind).toBe(kind)
      expect(gatewayCodeOf(msg)).toBe(msg.slice(0, msg.indexOf(':')))
    }
  })

  it('a 429 carries Retry-After; a Validation carries issues', () => {
    const rl = fluidpayError(ctx, redactor, { status: 429, msg: 'x', res: res(429, 'x') })
    expect(rl).toMatchObject({ kind: 'RateLimited', retryAfterMs: 2000 })
    const v = fluidpayError(ctx, redactor, {
      status: 400,
      msg: 'bad request error: invalid Postal Code',
      res: res(400, ''),
    })
    expect(v).toMatchObject({
      kind: 'Validation',
      gatewayCode: 'bad request error',
      issues: [{ path: 'postalCode', message: 'invalid Postal Code' }],
    })
  })

  it('every status row wins over any message; a message only refines 400, 422, other 4xx and 2xx', () => {
    const messages = [
      '',
      'invalid: would create a duplicate address',
      'not found error: x',
      'unauthorized error: x',
      'bad request error: x',
      'internal server error: x',
    ]
    const byStatus = errorTable.filter(
      (r) => r.message === undefined && r.status !== 'any' && r.kind !== 'Validation',
    )
    expect(byStatus.map((r) => r.name)).toEqual([
      'HTTP 401',
      'HTTP 403',
      'HTTP 404',
      'HTTP 409',
      'HTTP 429',
      'HTTP 5xx',
    ])
    for (const row of byStatus) {
      const status = typeof row.status === 'number' ? row.status : 503
      for (const msg of messages) expect(matchErrorRow(status, msg).name).toBe(row.name)
    }
  })

  it("the answer's request id is the error's requestId, scrubbed; none, none", () => {
    const withId = (requestId: string) => ({ ...res(404, 'gone'), requestId })
    const e = fluidpayError(ctx, redactor, { status: 404, msg: 'gone', res: withId('c0ffee-12') })
    expect(e.requestId).toBe('c0ffee-12')
    const odd = fluidpayError(ctx, redactor, {
      status: 404,
      msg: 'gone',
      res: withId('<script> 4111111111111111'),
    })
    expect(JSON.stringify(odd)).not.toContain('4111111111111111')
    const none = fluidpayError(ctx, redactor, { status: 404, msg: 'gone', res: res(404, 'gone') })
    expect('requestId' in none).toBe(false)
  })

  it('gateway codes: prefix, short phrase, or none', () => {
    expect(gatewayCodeOf('unauthorized')).toBe('unauthorized')
    expect(gatewayCodeOf('a sentence with 3 digits, no prefix')).toBeUndefined()
  })

  it('redacts keys and card numbers from every part', () => {
    const msg =
      'bad request error: invalid card number 4111111111111111 with api_TestSecretKey0123456789'
    const e = fluidpayError(ctx, redactor, { status: 400, msg, res: res(400, msg) })
    const json = JSON.stringify(e)
    expect(json).not.toContain('4111111111111111')
    expect(json).not.toContain('api_TestSecretKey0123456789')
  })
})

describe('the field table', () => {
  const samples: Record<string, string> = {
    postalCode: 'invalid Postal Code',
    email: 'invalid email',
    phone: 'invalid phone',
    fax: 'invalid fax',
    country: 'invalid country',
    region: 'invalid state',
    city: 'invalid city',
    line1: 'invalid line 1',
    name: 'invalid first name',
    company: 'company too long',
    expiry: 'invalid expiration date',
    number: 'invalid card number',
    routingNumber: 'invalid routing number',
    accountType: 'invalid account type',
    secCode: 'invalid sec code',
    accountNumber: 'invalid account number',
    description: 'description too long',
    notes: 'notes too long',
    'gatewayData.flags': 'unknown flag',
    token: 'invalid token',
    reference: 'invalid id',
    pageSize: 'limit must be between 1 and 100',
  }

  it('every row has a sample that reaches it', () => {
    expect(Object.keys(samples).sort()).toEqual(fieldTable.map((r) => r.path).sort())
  })

  it.each(Object.entries(samples))('%s', (path, detail) => {
    expect(issuesFromMessage(`bad request error: ${detail}`)).toEqual([{ path, message: detail }])
  })

  it('an unrecognised message is one general issue', () => {
    expect(issuesFromMessage('bad request error: mystery')).toEqual([
      { path: '(request)', message: 'mystery' },
    ])
  })
})
