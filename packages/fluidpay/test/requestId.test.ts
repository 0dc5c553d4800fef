// FluidPay's `x-correlation-id` on the errors the adapter builds from an answer: a refused write,
// a validation error, a server error, a write whose outcome is unknown. Each carries the id as
// `requestId` (once in `formatVaultError`'s line), and none carries the key or the card number.
import nock from 'nock'
import { customerId, type CustomerInput, type VaultError } from '@vaultport/core'
import { expectRequestId } from '@vaultport/testkit'
import { api, failed, KEY, left, PAN, vault } from './fixtures'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const ID = '3f2a9c1e-77aa-4b7e-9d1c-0a1b2c3d4e5f'
const withId = { 'x-correlation-id': ID }
const input: CustomerInput = {
  reference: 'ada001',
  name: 'Ada Lee',
  paymentMethod: { kind: 'card', number: PAN, expiry: { month: 12, year: 2028 } },
}
const create = () => left(vault().customers.create(input))
const get = () => left(vault().customers.get(customerId('ada001')))

const expectIdAndNoSecret = (e: VaultError, kind: VaultError['kind']) =>
  expectRequestId(e, kind, ID, [KEY, PAN])

describe('the x-correlation-id reaches the errors FluidPay answers', () => {
  it('a refused write (409)', async () => {
    api()
      .post('/api/vault/customer')
      .reply(409, failed('conflict error: customer id already exists'), withId)
    expectIdAndNoSecret(await create(), 'Conflict')
  })

  it('a validation error (400), the card number it echoes scrubbed', async () => {
    api()
      .post('/api/vault/customer')
      .reply(400, failed(`bad request error: invalid card ${PAN}`), withId)
    const e = await create()
    expectIdAndNoSecret(e, 'Validation')
    expect(e.gatewayCode).toBe('bad request error')
  })

  it('a server error the adapter reads (501) and one core gives up on (503)', async () => {
    api().get('/api/vault/ada001').reply(501, failed('not implemented'), withId)
    expectIdAndNoSecret(await get(), 'Unavailable')
    api().get('/api/vault/ada001').times(3).reply(503, 'down', withId)
    expectIdAndNoSecret(await get(), 'Unavailable')
  })

  it('a write answered 200 with no envelope: OutcomeUnknown, with the id', async () => {
    api().post('/api/vault/customer').reply(200, '<html>maintenance</html>', withId)
    expectIdAndNoSecret(await create(), 'OutcomeUnknown')
  })

  it('an answer without the header: no requestId at all', async () => {
    api().post('/api/vault/customer').reply(409, failed('conflict error: duplicate'))
    const e = await create()
    expect(e.kind).toBe('Conflict')
    expect('requestId' in e).toBe(false)
  })

  it('an id that carries a card number is scrubbed like every other text', async () => {
    api()
      .post('/api/vault/customer')
      .reply(400, failed('bad request error: invalid zip'), { 'x-correlation-id': `c-${PAN}` })
    const e = await create()
    expect(e.requestId).toBeDefined()
    expect(JSON.stringify(e)).not.toContain(PAN)
  })
})
