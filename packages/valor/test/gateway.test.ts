import * as E from 'fp-ts/Either'
import { customerId, type TranscriptEvent } from '@vaultport/core'
import { valorGateway, valorCapabilities } from '../src'
import { APP_ID, APP_KEY, BASE, reads, right, spec, useNock } from './fixtures'

useNock()

const entry = { adapter: 'valor', baseUrl: BASE, appId: APP_ID, appKey: APP_KEY }
const message = (r: E.Either<string, unknown>) => (E.isLeft(r) ? r.left : '(a Right)')

describe('valorGateway', () => {
  it('describes the adapter and marks its credentials secret', () => {
    expect(valorGateway.adapter).toBe('valor')
    expect(valorGateway.capabilities).toBe(valorCapabilities)
    expect(valorGateway.settings.filter((s) => s.required).map((s) => s.name)).toEqual([
      'appId',
      'appKey',
    ])
    expect(valorGateway.settings.filter((s) => s.secret).map((s) => s.name)).toEqual([
      'appId',
      'appKey',
      'epi',
    ])
  })

  it("opens a vault that talks to the entry's host with its credentials and the hooks", async () => {
    const events: TranscriptEvent[] = []
    const vault = valorGateway.create(
      { ...entry, epi: '2319916697', timeoutMs: '5000' },
      { onTranscript: (e) => events.push(e) },
    )
    if (E.isLeft(vault)) throw new Error(vault.left)
    reads(100867, spec.customer, spec.cards, spec.ach)
    const customer = await right(vault.right.customers.get(customerId('100867')))
    expect(customer.id).toBe('100867')
    expect(events.length).toBeGreaterThan(0)
  })

  it('names every missing credential, and a setting that is not a number', () => {
    expect(message(valorGateway.create({ adapter: 'valor' }, {}))).toBe('missing appId, appKey')
    expect(message(valorGateway.create({ ...entry, appKey: '' }, {}))).toBe('missing appKey')
    expect(message(valorGateway.create({ ...entry, requestsPerSecond: 'fast' }, {}))).toBe(
      'requestsPerSecond must be a number',
    )
    expect(message(valorGateway.create({ ...entry, environment: 'live' }, {}))).toBe(
      "environment must be 'sandbox' or 'production'",
    )
  })
})
