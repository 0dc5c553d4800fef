// The gateway's request id on the errors the Valor adapter builds from an answer: a refused
// write, a validation error, a server error, an unreadable record. Valor documents no such
// header, so the answers here carry `x-request-id`, one of the names core's client reads by
// default (a proxy in front of the gateway typically adds it). None of the errors carries the
// app key or the card number sent.
import { customerId, type VaultError } from '@vaultport/core'
import { expectRequestId } from '@vaultport/testkit'
import { APP_KEY, P, left, makeVault, spec, useNock, valor } from './fixtures'

useNock()

const ID = 'req-7d1f0c2a'
const withId = { 'x-request-id': ID }
const PAN = '4111111111111111'
const C = customerId('100864')
const visa = { kind: 'card', number: PAN, expiry: { month: 3, year: 2028 } } as const

const expectIdAndNoSecret = (e: VaultError, kind: VaultError['kind']) =>
  expectRequestId(e, kind, ID, [APP_KEY, PAN])

describe('the request id reaches the errors Valor answers', () => {
  it('a refused write (the sixth card: Conflict)', async () => {
    valor().post(`${P}/addpaymentprofile/100864`).reply(400, spec.cardCap, withId)
    expectIdAndNoSecret(await left(makeVault().paymentMethods.add(C, visa)), 'Conflict')
  })

  it('a validation error (a required field missing)', async () => {
    valor().post(`${P}/addcustomer`).reply(400, spec.customerNameMissing, withId)
    const e = await left(makeVault().customers.create({ name: 'Ada' }))
    expectIdAndNoSecret(e, 'Validation')
    expect(e.gatewayCode).toBe('400')
  })

  it('a server error to a read the adapter reads (501), and to a write (OutcomeUnknown)', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(501, { status: 'FAILED', errors: ['not implemented'] }, withId)
    expectIdAndNoSecret(await left(makeVault().customers.get(C)), 'Unavailable')
    valor()
      .post(`${P}/addpaymentprofile/100864`)
      .reply(500, { code: 500, status: 'FAILED', errors: ['internal'] }, withId)
    expectIdAndNoSecret(await left(makeVault().paymentMethods.add(C, visa)), 'OutcomeUnknown')
  })

  it('a success whose record cannot be read', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, { code: 200, status: 'OK', data: 'not a record' }, withId)
    const e = await left(makeVault().customers.get(C))
    expect(e.requestId).toBe(ID)
  })

  it('an answer without the header: no requestId at all', async () => {
    valor().post(`${P}/addpaymentprofile/100864`).reply(400, spec.cardCap)
    const e = await left(makeVault().paymentMethods.add(C, visa))
    expect(e.kind).toBe('Conflict')
    expect('requestId' in e).toBe(false)
  })
})
