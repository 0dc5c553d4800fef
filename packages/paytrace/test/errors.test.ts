import { createRedactor, type HttpResponse, type VaultErrorKind } from '@vaultport/core'
import {
  canonicalPath,
  classify,
  errorFromResponse,
  errorTable,
  fallbackOf,
  statusFallback,
  type RequestShape,
} from '../src/errors'
import { errorInBody, jsonOf } from '../src/errors'

const ctx = { gateway: 'paytrace', operation: 'customers.create' }
const res = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  body,
  headers: { 'content-type': 'application/json', ...headers },
})
const READ: RequestShape = { write: false, idempotent: true }
const CREATE: RequestShape = { write: true, idempotent: false }
const UPDATE: RequestShape = { write: true, idempotent: true }
const map = (status: number, body: string, operation = 'customers.create', shape = READ) =>
  errorFromResponse({ ...ctx, operation }, createRedactor(), res(status, body), shape)

describe('PayTrace error table', () => {
  it.each(errorTable.map((row) => [row.name, row] as const))(
    'row %s maps its own sample to its kind, with messages',
    (_name, row) => {
      const { status, body } = row.sample
      expect(classify({ status, json: jsonOf(body), text: body })).toBe(row)
      const e =
        status >= 200 && status < 300
          ? errorInBody(ctx, createRedactor(), res(status, body), jsonOf(body))
          : map(status, body)
      expect(e?.kind).toBe(row.kind)
      expect(e?.message.length).toBeGreaterThan(20)
      expect(e?.gatewayMessages.length).toBeGreaterThan(0)
      expect(e?.gatewayMessages.every((m) => m.trim().length > 0)).toBe(true)
      expect(e?.httpStatus).toBe(status)
      expect(e?.rawBody).toBeDefined()
    },
  )

  it('every row has a distinct name and a non-empty kind', () => {
    expect(new Set(errorTable.map((r) => r.name)).size).toBe(errorTable.length)
    expect(errorTable.every((r) => r.kind.length > 0)).toBe(true)
  })

  const cases: ReadonlyArray<readonly [string, number, string, VaultErrorKind]> = [
    [
      '422 unknown customer',
      422,
      '{"data":[{"field":"path/customer_id","detail":"customer_id 1000001 was not found"}]}',
      'NotFound',
    ],
    [
      '422 unknown recurrence (body)',
      422,
      '{"data":[{"field":"body/recurrence/id","detail":"recurrence 500099 was not found"}]}',
      'NotFound',
    ],
    [
      '422 unknown recurrence (path)',
      422,
      '{"data":[{"field":"path/recurrence_id","detail":"recurrence_id 5 was not found"}]}',
      'NotFound',
    ],
    [
      '422 no ACH detail',
      422,
      '{"data":[{"field":"path/customer_id","detail":"customer_id 1000001 has no check (ACH) information"}]}',
      'NotFound',
    ],
    [
      '422 no approved run',
      422,
      '{"data":[{"field":"path/customer_id","detail":"no approved recurring transaction for customer_id 1000001"}]}',
      'NotFound',
    ],
    [
      '422 duplicate label',
      422,
      '{"data":[{"field":"body/customer_label","detail":"customer_label already exists"}]}',
      'Conflict',
    ],
    [
      '422 field required',
      422,
      '{"data":[{"field":"body/customer_label","detail":"field required"}]}',
      'Validation',
    ],
    [
      '422 bad merchant',
      422,
      '{"data":[{"field":"body/merchant_id","detail":"merchant_id 13579 is not accessible with this token"}]}',
      'Validation',
    ],
    [
      '422 FastAPI missing field',
      422,
      '{"detail":[{"loc":["body","customer_label"],"msg":"field required","type":"value_error.missing"}]}',
      'Validation',
    ],
    [
      '422 FastAPI unknown id',
      422,
      '{"detail":[{"loc":["path","customer_id"],"msg":"customer 1000001 does not exist","type":"value_error"}]}',
      'NotFound',
    ],
    [
      '400 FastAPI duplicate',
      400,
      '{"detail":[{"loc":["body","customer_label"],"msg":"customer_label must be unique","type":"value_error"}]}',
      'Conflict',
    ],
    [
      '401 invalid token',
      401,
      '{"error":"invalid_token","error_description":"The access token is missing, invalid or expired."}',
      'Auth',
    ],
    [
      '401 invalid client',
      401,
      '{"error":"invalid_client","error_description":"Client authentication failed"}',
      'Auth',
    ],
    ['401 empty JSON', 401, '{}', 'Auth'],
    ['401 with a v3 body', 401, '{"data":[{"field":"body/x","detail":"field required"}]}', 'Auth'],
    ['403', 403, '{"detail":"Forbidden"}', 'Auth'],
    ['404 FastAPI', 404, '{"detail":"Not Found"}', 'NotFound'],
    [
      '404 with a v3 validation body',
      404,
      '{"data":[{"field":"body/x","detail":"bad"}]}',
      'NotFound',
    ],
    ['405 FastAPI', 405, '{"detail":"Method Not Allowed"}', 'UnexpectedResponse'],
    ['409', 409, '{"message":"conflict"}', 'Conflict'],
    [
      '409 with a v3 body',
      409,
      '{"data":[{"field":"body/x","detail":"field required"}]}',
      'Conflict',
    ],
    [
      'legacy v1 errors',
      400,
      '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"35":["Please provide a valid Credit Card Number."]}}',
      'Validation',
    ],
    [
      'legacy v1 not found',
      400,
      '{"success":false,"response_code":1,"status_message":"x","errors":{"170":["The customer ID does not exist."]}}',
      'NotFound',
    ],
    ['unknown JSON 418', 418, '{"teapot":true}', 'UnexpectedResponse'],
    ['413 with a v3 body', 413, '{"data":[{"field":"body","detail":"too large"}]}', 'Validation'],
    ['unknown 422 shape', 422, '{"data":{"unexpected":1}}', 'Validation'],
    ['empty 422', 422, '', 'Validation'],
    ['HTML 400', 400, '<html><body>Bad</body></html>', 'Validation'],
    ['truncated 422', 422, '{"data":[{"field":"body/em', 'Validation'],
  ]
  it.each(cases)('%s → %s', (_name, status, body, kind) => {
    const e = map(status, body)
    expect(e.kind).toBe(kind)
    expect(e.message).not.toBe('')
  })

  it('maps 422 field paths to canonical paths and keeps the gateway field in the message', () => {
    const e = map(
      422,
      JSON.stringify({
        data: [
          { field: 'body/customer_label', detail: 'field required' },
          { field: 'body/card/number', detail: 'card number is invalid' },
          {
            field: 'body/billing_address/postal_code',
            detail: 'ensure this value has at most 10 characters',
          },
          { field: 'body/check/routing_number', detail: 'invalid' },
        ],
      }),
    )
    if (e.kind !== 'Validation') throw new Error(e.kind)
    expect(e.issues.map((i) => i.path)).toEqual([
      'reference',
      'paymentMethod.number',
      'addresses[billing].postalCode',
      'paymentMethod.routingNumber',
    ])
    expect(e.issues[0]?.message).toBe('field required (PayTrace field body/customer_label)')
  })

  it("reads FastAPI's {detail: [{loc, msg, type}]} as Validation with one issue per item", () => {
    const e = map(
      422,
      JSON.stringify({
        detail: [
          { loc: ['body', 'customer_label'], msg: 'field required', type: 'value_error.missing' },
          { loc: ['body', 'card', 'number'], msg: 'card number is invalid', type: 'value_error' },
          { loc: ['body', 'billing_address', 'postal_code'], msg: 'too long', type: 'x' },
          { loc: ['query', 'limit'], msg: 'must be at most 50', type: 'value_error.number' },
          { msg: 'one of card or check is required', type: 'value_error' },
        ],
      }),
    )
    if (e.kind !== 'Validation') throw new Error(e.kind)
    expect(e.issues.map((i) => i.path)).toEqual([
      'reference',
      'paymentMethod.number',
      'addresses[billing].postalCode',
      'query/limit',
      'request',
    ])
    expect(e.issues[0]?.message).toBe('field required (PayTrace field body/customer_label)')
    expect(e.gatewayCode).toBe('value_error.missing')
    expect(e.gatewayMessages).toHaveLength(5)
  })

  it.each([
    ['body/recurrence/frequency', 'recurrences.create', 'schedule'],
    ['body/recurrence/amount', 'recurrences.update', 'amount'],
    ['body/next_date', 'recurrences.update', 'nextDate'],
    ['body/recurrence/start_date', 'recurrences.create', 'startDate'],
    ['body/card/expiration_year', 'paymentMethods.add', 'input.expiry'],
    ['body/enc_key', 'customers.create', 'paymentMethod.extras.enc_key'],
    ['body/shipping_address/street_address', 'addresses.add', 'input.line1'],
    ['body/billing_address/city', 'addresses.update', 'patch.city'],
    ['path/customer_id', 'customers.get', 'id'],
    ['path/customer_id', 'addresses.add', 'customerId'],
    ['path/recurrence_id', 'recurrences.get', 'id'],
    ['header/x-integrator-id', 'customers.get', 'header/x-integrator-id'],
    ['body/unknown_thing', 'customers.create', 'body/unknown_thing'],
    [null, 'customers.create', 'request'],
  ] as const)('canonicalPath(%s, %s) = %s', (field, op, path) => {
    expect(canonicalPath(field, op)).toBe(path)
  })

  it('redacts card numbers, account numbers and secrets echoed in an error', () => {
    const secret = 'sandbox-secret-0001'
    const r = createRedactor([secret, '000123456789'])
    const body = JSON.stringify({
      data: [
        { field: 'body/card/number', detail: 'card 4111111111111111 is invalid' },
        { field: 'body/check/account_number', detail: 'account 000123456789 rejected' },
        { field: 'body/email', detail: `secret ${secret} leaked` },
      ],
    })
    const e = errorFromResponse(ctx, r, res(422, body))
    const text = JSON.stringify(e)
    expect(e.kind).toBe('Validation')
    expect(text).not.toContain('4111111111111111')
    expect(text).not.toContain('000123456789')
    expect(text).not.toContain(secret)
  })
})

describe('status first, body second', () => {
  // What each status means whatever its body says; the request matters only where the
  // answer leaves a write's outcome open (redirects, server errors).
  const expected = (status: number, shape: RequestShape): VaultErrorKind => {
    if (status >= 300 && status < 400) return shape.write ? 'OutcomeUnknown' : 'UnexpectedResponse'
    if (status === 400 || status === 422) return 'Validation'
    if (status === 401 || status === 403) return 'Auth'
    if (status === 404 || status === 410) return 'NotFound'
    if (status === 409) return 'Conflict'
    if (status === 429) return 'RateLimited'
    if (status === 501) return 'UnexpectedResponse'
    if (status >= 500) return shape.write && !shape.idempotent ? 'OutcomeUnknown' : 'Unavailable'
    return 'UnexpectedResponse'
  }
  const bodies: ReadonlyArray<readonly [string, string, string]> = [
    ['empty', '', 'text/plain'],
    ['plain text', 'Service rejected the request', 'text/plain'],
    ['an HTML page', '<html><body><h1>Error</h1></body></html>', 'text/html'],
    ['truncated JSON', '{"data":[{"field":"body/em', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['unknown JSON', '{"teapot":true}', 'application/json'],
  ]
  const statuses = Array.from({ length: 300 }, (_, i) => 300 + i)

  it.each(bodies)('every status from 300 to 599 with %s maps by its class', (_n, body, type) => {
    const wrong: string[] = []
    for (const status of statuses)
      for (const [name, shape] of [
        ['read', READ],
        ['create', CREATE],
        ['update', UPDATE],
      ] as const) {
        const e = errorFromResponse(
          ctx,
          createRedactor(),
          res(status, body, { 'content-type': type }),
          shape,
        )
        if (e.kind !== expected(status, shape)) wrong.push(`${status} ${name}: ${e.kind}`)
        if (e.httpStatus !== status) wrong.push(`${status} ${name}: no httpStatus`)
      }
    expect(wrong).toEqual([])
  })

  // The fallback table, walked in full: a row without a case here fails the test.
  const fallbackCases: Readonly<Record<string, readonly [number, RequestShape, VaultErrorKind]>> = {
    'redirect-write': [302, CREATE, 'OutcomeUnknown'],
    'redirect-read': [301, READ, 'UnexpectedResponse'],
    'server-error-create': [520, CREATE, 'OutcomeUnknown'],
    'server-error': [507, UPDATE, 'Unavailable'],
    'anything-else': [418, READ, 'UnexpectedResponse'],
  }
  it.each(statusFallback.map((row) => [row.name, row] as const))(
    'fallback %s decides its case',
    (name, row) => {
      const c = fallbackCases[name]
      if (c === undefined) throw new Error(`no case for fallback row ${name}`)
      const [status, shape, kind] = c
      expect(fallbackOf(status, shape)).toBe(row)
      expect(row.kind).toBe(kind)
      expect(map(status, 'nope', 'customers.create', shape).kind).toBe(kind)
    },
  )

  it('a RateLimited answer keeps its Retry-After', () => {
    const e = errorFromResponse(ctx, createRedactor(), res(429, '', { 'retry-after': '3' }))
    expect(e).toMatchObject({ kind: 'RateLimited', retryAfterMs: 3000 })
  })

  const successBodies: ReadonlyArray<unknown> = [
    { data: { customer_id: 1000001 } },
    { data: [] },
    { data: {} },
    {},
    null,
    { data: [{ customer_id: 1, customer_label: 'a' }], total_count: 1 },
    { message: 'Customer deleted' },
    { success: true, response_code: 162, status_message: 'deleted' },
  ]
  it.each(successBodies.map((b) => [JSON.stringify(b), b] as const))(
    'a 2xx with %s is not an error',
    (text, json) => {
      expect(errorInBody(ctx, createRedactor(), res(200, text), json)).toBeUndefined()
    },
  )

  const errorBodies: ReadonlyArray<readonly [unknown, VaultErrorKind]> = [
    [{ data: [{ field: 'path/customer_id', detail: 'customer_id 1 was not found' }] }, 'NotFound'],
    [{ data: [{ field: 'body/customer_label', detail: 'field required' }] }, 'Validation'],
    [{ detail: [{ loc: ['path', 'customer_id'], msg: 'not found', type: 'x' }] }, 'NotFound'],
    [{ detail: [{ loc: ['body', 'email'], msg: 'invalid', type: 'x' }] }, 'Validation'],
    [{ success: false, response_code: 1, status_message: 'One or more errors' }, 'Validation'],
    [{ error: 'invalid_token', error_description: 'expired' }, 'Auth'],
    [{ error: { message: 'could not delete' } }, 'Validation'],
    [{ detail: 'Not authenticated' }, 'Validation'],
    [{ errors: ['Customer not found'] }, 'NotFound'],
    [{ errors: [{ message: 'locked' }] }, 'Validation'],
  ]
  it.each(errorBodies.map(([b, k]) => [JSON.stringify(b), b, k] as const))(
    'a 2xx with %s is %s',
    (text, json, kind) => {
      expect(errorInBody(ctx, createRedactor(), res(200, text), json)?.kind).toBe(kind)
    },
  )
})
