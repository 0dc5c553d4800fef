import { createRedactor, type HttpResponse } from '@vaultport/core'
import { canonicalPath, classify, errorFromResponse, errorTable } from '../src/errors'

const ctx = { gateway: 'paytrace', operation: 'customers.create' }
const res = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  body,
  headers: { 'content-type': 'application/json', ...headers },
})
const map = (status: number, body: string, operation = 'customers.create') =>
  errorFromResponse({ ...ctx, operation }, createRedactor(), res(status, body))

describe('PayTrace error table', () => {
  it.each(errorTable.map((row) => [row.name, row] as const))(
    'row %s maps its own sample to its kind, with messages',
    (_name, row) => {
      const json: unknown = JSON.parse(row.sample.body)
      expect(classify({ status: row.sample.status, json })).toBe(row)
      const e = map(row.sample.status, row.sample.body)
      expect(e.kind).toBe(row.kind)
      expect(e.message.length).toBeGreaterThan(20)
      expect(e.gatewayMessages.length).toBeGreaterThan(0)
      expect(e.gatewayMessages.every((m) => m.trim().length > 0)).toBe(true)
      expect(e.httpStatus).toBe(row.sample.status)
      expect(e.rawBody).toBeDefined()
    },
  )

  it('every row has a distinct name and a non-empty kind', () => {
    expect(new Set(errorTable.map((r) => r.name)).size).toBe(errorTable.length)
    expect(errorTable.every((r) => r.kind.length > 0)).toBe(true)
  })

  const cases: ReadonlyArray<readonly [string, number, string, string]> = [
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
    ['403', 403, '{"detail":"Forbidden"}', 'Auth'],
    ['404 FastAPI', 404, '{"detail":"Not Found"}', 'NotFound'],
    ['405 FastAPI', 405, '{"detail":"Method Not Allowed"}', 'UnexpectedResponse'],
    ['409', 409, '{"message":"conflict"}', 'Conflict'],
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
    ['unknown 422 shape', 422, '{"data":{"unexpected":1}}', 'UnexpectedResponse'],
    ['empty 422', 422, '', 'UnexpectedResponse'],
    ['HTML 400', 400, '<html><body>Bad</body></html>', 'UnexpectedResponse'],
    ['truncated 422', 422, '{"data":[{"field":"body/em', 'UnexpectedResponse'],
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
