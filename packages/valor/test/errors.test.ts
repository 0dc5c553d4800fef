// The envelope decoder and the error table, walked in full: every row's spec example must
// decode as a failure and map to that row's (non-empty) kind and message.
import * as E from 'fp-ts/Either'
import { createRedactor, vaultErrorKinds } from '@vaultport/core'
import {
  errorRows,
  failureToError,
  fieldScopes,
  issuesOf,
  rowFor,
  type Failure,
} from '../src/errors'
import { readEnvelope } from '../src/wire'

const ctx = { gateway: 'valor', operation: 'customers.get' }
const redactor = createRedactor(['app-key-secret-0123456789abcdef'])

const failureOf = (body: unknown): Failure => {
  const v = readEnvelope(body)
  if (E.isLeft(v) || v.right.ok) throw new Error(`not a failure: ${JSON.stringify(body)}`)
  return v.right
}

describe('readEnvelope: success is decided by the body', () => {
  it.each([
    ['OK + 201 (spec: Create customer)', { code: 201, status: 'OK', vault_customer_id: 100864 }],
    ['SUCCESS + 200 (spec: Add ACH)', { code: 200, status: 'SUCCESS', ach_profile_id: 2290 }],
    [
      'SUCCESS, string id (spec: Update ACH)',
      { code: 200, status: 'SUCCESS', ach_profile_id: '2290' },
    ],
    ['OK without code', { status: 'OK', payment_id: 1 }],
    ['code as a string "200"', { code: '200', status: 'OK' }],
  ])('%s is a success', (_name, body) => {
    const v = readEnvelope(body)
    expect(E.isRight(v) && v.right.ok).toBe(true)
  })

  it.each([
    [
      'FAILED + errors array',
      { code: 400, status: 'FAILED', errors: ['Customer not exist'] },
      ['Customer not exist'],
    ],
    [
      'FAILED + errors string',
      { code: 400, status: 'FAILED', errors: 'Customer not exist' },
      ['Customer not exist'],
    ],
    ['FAILED without code', { status: 'FAILED', errors: ['Invalid Token'] }, ['Invalid Token']],
    [
      'status false (auth)',
      { status: false, code: '400', message: 'Not a valid APP ID or APP Key.' },
      ['Not a valid APP ID or APP Key.'],
    ],
    [
      'error instead of errors',
      { status: 'FAILED', error: ['Customer name already exist'] },
      ['Customer name already exist'],
    ],
    ['OK with a failure code', { code: 400, status: 'OK', message: 'bad' }, ['bad']],
  ])('%s is a failure with its messages', (_name, body, messages) => {
    const f = failureOf(body)
    expect(f.messages).toEqual(messages)
  })

  it('keeps the auth dialect and the string code', () => {
    const f = failureOf({
      status: false,
      code: '400',
      message: 'Please provide a valid APP ID or APP Key.',
    })
    expect(f).toMatchObject({ dialect: 'auth', code: '400' })
  })

  it.each([
    [
      'no status, `error` (VL-DEXA: duplicate name)',
      { error: ['Customer name already exist'] },
      ['Customer name already exist'],
    ],
    ['no status, `errors` string', { errors: 'Customer not exist' }, ['Customer not exist']],
    ['no status, a failure code', { code: 400, message: 'bad request' }, ['bad request']],
  ])('%s is a failure the table reads', (_name, body, messages) => {
    expect(failureOf(body).messages).toEqual(messages)
  })

  it.each([
    ['no status', { code: 200, data: [] }],
    ['unknown status', { status: 'PENDING' }],
    ['status true', { status: true }],
    ['an array', [1, 2]],
    ['null', null],
    ['a string', 'OK'],
  ])('%s is not an envelope (never success)', (_name, body) => {
    expect(E.isLeft(readEnvelope(body))).toBe(true)
  })
})

describe('the error table', () => {
  it('has unique ids and only real kinds', () => {
    expect(new Set(errorRows.map((r) => r.id)).size).toBe(errorRows.length)
    for (const r of errorRows) expect(vaultErrorKinds).toContain(r.kind)
  })

  it.each(errorRows.map((r) => [r.id, r] as const))(
    'row %s: its example maps to its kind with a message',
    (_id, row) => {
      const failure = failureOf(row.example.body)
      const status = 400
      expect(rowFor(failure).id).toBe(row.id)
      const res = {
        status,
        headers: { 'retry-after': '1' },
        body: JSON.stringify(row.example.body),
      }
      const err = failureToError(ctx, redactor, res, failure, fieldScopes.customer)
      expect(err.kind).toBe(row.kind)
      expect(err.message.length).toBeGreaterThan(10)
      expect(err.message).toContain(row.summary)
      expect(err.gateway).toBe('valor')
      expect(err.httpStatus).toBe(status)
      if (err.kind === 'Validation') expect(err.issues.length).toBeGreaterThan(0)
      if (err.kind === 'RateLimited') expect(err.retryAfterMs).toBe(1000)
    },
  )

  it('maps the documented not-found messages to NotFound', () => {
    for (const m of [
      'Customer not exist',
      'Vault customer ID does not exist.',
      'Please provide a valid payment profile ID.',
      'ACH profile ID does not exist',
    ]) {
      expect(rowFor(failureOf({ status: 'FAILED', errors: [m] })).kind).toBe('NotFound')
    }
  })

  it('reads the status from the body even on HTTP 200', () => {
    const body = { code: 400, status: 'FAILED', errors: ['Customer not exist'] }
    const err = failureToError(
      ctx,
      redactor,
      { status: 200, headers: {}, body: JSON.stringify(body) },
      failureOf(body),
      fieldScopes.customer,
    )
    expect(err.kind).toBe('NotFound')
    expect(err.gatewayCode).toBe('400')
  })

  it('reads the duplicate-name refusal without `status` as Conflict', () => {
    expect(rowFor(failureOf({ error: ['Customer name already exist'] })).kind).toBe('Conflict')
  })

  it('a server error in the body: Unavailable for a read, OutcomeUnknown for a write (but 503)', () => {
    const at = (code: number, write: boolean) => {
      const body = { code, status: 'FAILED', errors: ['Internal Server Error'] }
      const res = { status: 200, headers: {}, body: JSON.stringify(body) }
      return failureToError(ctx, redactor, res, failureOf(body), fieldScopes.customer, write).kind
    }
    expect([at(500, false), at(500, true), at(502, true), at(503, true)]).toEqual([
      'Unavailable',
      'OutcomeUnknown',
      'OutcomeUnknown',
      'Unavailable',
    ])
  })

  it('maps the 5-card cap (wire-assumptions text) to Conflict', () => {
    const f = failureOf({
      code: 400,
      status: 'FAILED',
      errors: ['Maximum of 5 payment profiles reached for this customer'],
    })
    expect(rowFor(f).kind).toBe('Conflict')
    const g = failureOf({
      code: 400,
      status: 'FAILED',
      errors: ['Maximum of 5 addresses reached for this customer'],
    })
    expect(rowFor(g).id).toBe('address-limit')
    const h = failureOf({ code: 400, status: 'FAILED', errors: ['Address label already exist'] })
    expect(rowFor(h).kind).toBe('Conflict')
  })

  it('redacts secrets the gateway echoes', () => {
    const body = {
      status: 'FAILED',
      errors: ['data/pan_num 4111111111111111 is bad for app-key-secret-0123456789abcdef'],
    }
    const err = failureToError(
      ctx,
      redactor,
      { status: 400, headers: {}, body: JSON.stringify(body) },
      failureOf(body),
      fieldScopes.paymentMethodInput,
    )
    const json = JSON.stringify(err)
    expect(json).not.toContain('4111111111111111')
    expect(json).not.toContain('app-key-secret-0123456789abcdef')
    expect(err.kind).toBe('Validation')
  })
})

describe('field issues', () => {
  it.each([
    [
      "data must have required property 'customer_name'",
      fieldScopes.customer,
      'name',
      'is required',
    ],
    [
      'data/customer_phone Enter a valid Phone Number',
      fieldScopes.customer,
      'phone',
      'Enter a valid Phone Number',
    ],
    [
      'data/customer_email Enter a valid Email',
      fieldScopes.customer,
      'email',
      'Enter a valid Email',
    ],
    [
      'data/pan_num Enter a valid Card Number',
      fieldScopes.paymentMethodInput,
      'input.number',
      'Enter a valid Card Number',
    ],
    [
      'data/pan_num Enter a valid Card Number',
      fieldScopes.customer,
      'paymentMethod.number',
      'Enter a valid Card Number',
    ],
    [
      'data/expiry Enter a valid Expiry Date',
      fieldScopes.paymentMethodPatch,
      'expiry',
      'Enter a valid Expiry Date',
    ],
    [
      'data/address_details/0/billing_zip must NOT have more than 6 characters',
      fieldScopes.customer,
      'addresses[0].postalCode',
      'must NOT have more than 6 characters',
    ],
    [
      'data/billing_state must match pattern "^[A-Z]{2}$"',
      fieldScopes.address,
      'region',
      'must match pattern "^[A-Z]{2}$"',
    ],
    [
      "data must have required property 'status'",
      fieldScopes.paymentMethodPatch,
      'status',
      'is required',
    ],
    ['Invalid routing_number', fieldScopes.paymentMethodInput, 'input.routingNumber', 'is invalid'],
    ['Invalid Token', fieldScopes.paymentMethodInput, 'input.token', 'Invalid Token'],
    [
      'Reference transaction ID missing',
      fieldScopes.paymentMethodInput,
      'input.transactionId',
      'Reference transaction ID missing',
    ],
    ['Something odd', fieldScopes.customer, '(request)', 'Something odd'],
  ])('%s', (message, scope, path, text) => {
    expect(issuesOf([message], scope)).toEqual([{ path, message: text }])
  })

  it('lists every missing ACH field', () => {
    expect(
      issuesOf(
        ['Missing required field(s): account_number, routing_number'],
        fieldScopes.paymentMethodInput,
      ),
    ).toEqual([
      { path: 'input.accountNumber', message: 'is required' },
      { path: 'input.routingNumber', message: 'is required' },
    ])
  })
})
