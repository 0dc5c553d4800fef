import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import nock from 'nock'
import * as E from 'fp-ts/Either'
import { createHttpClient, diagnosticsChannels, notFound, warning } from '../src'

describe('diagnostics channels', () => {
  afterEach(() => nock.cleanAll())
  // disableNetConnect is process-wide in a jest worker: later test files need loopback again.
  afterAll(() => nock.enableNetConnect())

  it('publishes every error, warning and transcript event, redacted', async () => {
    const seen: Array<[string, unknown]> = []
    const listeners = Object.entries(diagnosticsChannels).map(([kind, name]) => {
      const listener = (message: unknown) => seen.push([kind, message])
      subscribe(name, listener)
      return [name, listener] as const
    })
    try {
      notFound({ gateway: 'g', operation: 'customers.get' }, 'customer c1')
      warning('field_dropped', 'no fax', 'fax')
      nock.disableNetConnect()
      nock('http://gw.test').post('/c').reply(200, '{}')
      const client = createHttpClient({ gateway: 'g', baseUrl: 'http://gw.test' })
      const r = await client.send({
        operation: 'customers.create',
        method: 'POST',
        path: '/c',
        json: { card: { number: '4111111111111111' } },
        idempotent: false,
      })()
      expect(E.isRight(r)).toBe(true)
    } finally {
      for (const [name, listener] of listeners) unsubscribe(name, listener)
    }
    expect(seen.map(([kind]) => kind)).toEqual(['error', 'warning', 'transcript'])
    expect(JSON.stringify(seen)).not.toContain('4111111111111111')
  })
})
