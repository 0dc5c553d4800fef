import * as E from 'fp-ts/Either'
import nock from 'nock'
import { customerId, type TranscriptEvent } from '@vaultport/core'
import { fluidPayGateway, fluidpayCapabilities } from '../src'
import { KEY, ok, record } from './fixtures'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const message = (r: E.Either<string, unknown>) => (E.isLeft(r) ? r.left : '(a Right)')

describe('fluidPayGateway', () => {
  it('describes the adapter and marks the API key secret and required', () => {
    expect(fluidPayGateway.adapter).toBe('fluidpay')
    expect(fluidPayGateway.capabilities).toBe(fluidpayCapabilities)
    expect(fluidPayGateway.settings).toContainEqual({
      name: 'apiKey',
      required: true,
      secret: true,
    })
  })

  it("opens a vault on the entry's white-label host, with its key and the hooks", async () => {
    const events: TranscriptEvent[] = []
    const vault = fluidPayGateway.create(
      {
        adapter: 'fluidpay',
        apiKey: KEY,
        baseUrl: 'https://app.example-brand.com',
        timeoutMs: 900,
      },
      { onTranscript: (e) => events.push(e) },
    )
    if (E.isLeft(vault)) throw new Error(vault.left)
    const scope = nock('https://app.example-brand.com', { reqheaders: { authorization: KEY } })
      .get('/api/vault/ada001')
      .reply(200, ok(record('ada001')))
    const customer = await vault.right.customers.get(customerId('ada001'))()
    expect(E.isRight(customer) && customer.right.id).toBe('ada001')
    expect(scope.isDone()).toBe(true)
    expect(events.length).toBeGreaterThan(0)
  })

  it('uses the production host for environment production', async () => {
    const vault = fluidPayGateway.create(
      { adapter: 'fluidpay', apiKey: KEY, environment: 'production' },
      {},
    )
    if (E.isLeft(vault)) throw new Error(vault.left)
    const scope = nock('https://app.fluidpay.com')
      .get('/api/vault/ada001')
      .reply(200, ok(record('ada001')))
    expect(E.isRight(await vault.right.customers.get(customerId('ada001'))())).toBe(true)
    expect(scope.isDone()).toBe(true)
  })

  it('names a missing key, a setting that is not a number and an unknown environment', () => {
    expect(message(fluidPayGateway.create({ adapter: 'fluidpay' }, {}))).toBe('missing apiKey')
    expect(message(fluidPayGateway.create({ adapter: 'fluidpay', apiKey: '' }, {}))).toBe(
      'missing apiKey',
    )
    const slow = { adapter: 'fluidpay', apiKey: KEY, timeoutMs: 'soon' }
    expect(message(fluidPayGateway.create(slow, {}))).toBe('timeoutMs must be a number')
    const staging = { adapter: 'fluidpay', apiKey: KEY, environment: 'staging' }
    expect(message(fluidPayGateway.create(staging, {}))).toBe(
      "environment must be 'sandbox' or 'production'",
    )
    expect(message(fluidPayGateway.create(slow, {}))).not.toContain(KEY)
  })
})
