// expectRequestId: passes an error that carries the id once and no secret; fails (with a message
// that quotes no secret) an error of another kind, without the id, or holding a secret.
import { vaultError } from '@vaultport/core'
import { ContractFailure, expectRequestId } from '../src'

const ctx = { gateway: 'acme', operation: 'customers.get' }
const SECRET = 'sk_test_0123456789abcdef'
const withId = vaultError('NotFound', ctx, 'customer not found', { requestId: 'req-1' })

describe('expectRequestId', () => {
  it('passes an error with the id and no secret', () => {
    expect(() => expectRequestId(withId, 'NotFound', 'req-1', [SECRET])).not.toThrow()
  })

  it('fails another kind, another id, or none', () => {
    expect(() => expectRequestId(withId, 'Conflict', 'req-1', [])).toThrow(ContractFailure)
    expect(() => expectRequestId(withId, 'NotFound', 'req-2', [])).toThrow(/requestId is "req-1"/)
    const none = vaultError('NotFound', ctx, 'customer not found')
    expect(() => expectRequestId(none, 'NotFound', 'req-1', [])).toThrow(/requestId is undefined/)
  })

  it('fails an id the one-line form names twice', () => {
    const twice = vaultError('NotFound', ctx, 'not found [req-1]', { requestId: 'req-1' })
    expect(() => expectRequestId(twice, 'NotFound', 'req-1', [])).toThrow(/exactly once/)
  })

  it('fails an error holding a secret, without quoting it', () => {
    const leaky = vaultError('NotFound', ctx, 'not found', { requestId: 'req-1', rawBody: SECRET })
    let message = ''
    try {
      expectRequestId(leaky, 'NotFound', 'req-1', ['other-secret', SECRET])
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toContain('carries secret #2')
    expect(message).not.toContain(SECRET)
  })
})
