// The gateway's request id on the errors the PayTrace adapter builds from an answer: a refused
// write, a validation error, a server error, a write whose outcome is unknown. PayTrace
// documents no such header, so the answers here carry `x-request-id`, one of the names core's
// client reads by default (a proxy in front of the gateway typically adds it). None of the
// errors carries the client secret, the token or the card number sent.
import nock from 'nock'
import { customerId, type CustomerInput, type VaultError } from '@vaultport/core'
import { expectRequestId } from '@vaultport/testkit'
import { createPayTraceVault } from '../src'
import { api, config, left, PAN, SECRET, TOKEN, tokenOk } from './harness'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const ID = 'pt-req-0c9b8a7f'
const withId = { 'x-request-id': ID }
const vault = () =>
  createPayTraceVault(
    config({ http: { timeoutMs: 1000, retry: { maxAttempts: 1 }, sleep: async () => undefined } }),
  )
const input: CustomerInput = {
  reference: 'lee-ada-000001',
  name: 'Ada Lee',
  paymentMethod: { kind: 'card', number: PAN, expiry: { month: 12, year: 2028 } },
}
const create = async () => left(await vault().customers.create(input)())
const get = async () => left(await vault().customers.get(customerId('1000001'))())

const expectIdAndNoSecret = (e: VaultError, kind: VaultError['kind']) =>
  expectRequestId(e, kind, ID, [SECRET, TOKEN, PAN])

describe('the request id reaches the errors PayTrace answers', () => {
  it('a refused write (a duplicate label: Conflict)', async () => {
    tokenOk()
    api()
      .post('/v3/customer/create')
      .reply(
        422,
        { data: [{ field: 'body/customer_label', detail: 'customer_label already exists' }] },
        withId,
      )
    expectIdAndNoSecret(await create(), 'Conflict')
  })

  it('a validation error, the card number it echoes scrubbed', async () => {
    tokenOk()
    api()
      .post('/v3/customer/create')
      .reply(
        422,
        { data: [{ field: 'body/credit_card/number', detail: `card ${PAN} is not valid` }] },
        withId,
      )
    expectIdAndNoSecret(await create(), 'Validation')
  })

  it('a server error (505) no row places: to a read (Unavailable) and a write (OutcomeUnknown)', async () => {
    tokenOk()
    api().get('/v3/customer/1000001').reply(505, '', withId)
    expectIdAndNoSecret(await get(), 'Unavailable')
    tokenOk()
    api().post('/v3/customer/create').reply(505, '', withId)
    expectIdAndNoSecret(await create(), 'OutcomeUnknown')
  })

  it('a write answered 200 with a body that is not JSON: OutcomeUnknown, with the id', async () => {
    tokenOk()
    api().post('/v3/customer/create').reply(200, '<html>maintenance</html>', withId)
    expectIdAndNoSecret(await create(), 'OutcomeUnknown')
  })

  it('an answer without the header: no requestId at all', async () => {
    tokenOk()
    api().get('/v3/customer/1000001').reply(505, '')
    const e = await get()
    expect(e.kind).toBe('Unavailable')
    expect('requestId' in e).toBe(false)
  })
})
