import fc from 'fast-check'
import { createRedactor, REDACTED } from '../src'
import { panArb } from './arbitraries'

const filler = fc.string({ maxLength: 20 }).map((s) => s.replace(/\d/g, 'x'))

describe('redactor', () => {
  it('removes any generated card number from free text, grouped or not', () => {
    const r = createRedactor()
    fc.assert(
      fc.property(
        panArb(),
        filler,
        filler,
        fc.constantFrom('', ' ', '-'),
        (pan, before, after, sep) => {
          const grouped = sep === '' ? pan : pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`)
          const out = r.text(`${before} ${grouped} ${after}`)
          expect(out.replace(/[ -]/g, '')).not.toContain(pan)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('removes card numbers, account numbers and keys from JSON, form and URL shapes', () => {
    fc.assert(
      fc.property(
        panArb(),
        fc.stringMatching(/^\d{6,17}$/),
        fc.stringMatching(/^[A-Za-z0-9]{16,32}$/),
        (pan, account, key) => {
          const r = createRedactor([key])
          const body = JSON.stringify({
            card: { number: pan, cvv: '123' },
            check: { account_number: account },
            note: key,
          })
          const form = `grant_type=client_credentials&client_secret=${key}&password=${account}`
          const url = `https://gw.test/v3/x?api_key=${key}&pan_num=${pan}`
          for (const out of [r.text(body), r.text(form), r.text(url)]) {
            expect(out).not.toContain(pan)
            expect(out).not.toContain(key)
            expect(out).not.toContain(account)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('redacts deep values by key and keeps the rest', () => {
    const r = createRedactor()
    const out = r.value({
      customer_label: 'ada-1',
      card: { number: '4111111111111111', expiration_month: 12 },
      check: { account_number: '000123456789', routing_number: '021000021' },
      headers: { Authorization: 'Bearer abc.def', 'Valor-App-Key': 'k'.repeat(32) },
    })
    expect(out).toEqual({
      customer_label: 'ada-1',
      card: { number: REDACTED, expiration_month: 12 },
      check: { account_number: REDACTED, routing_number: '021000021' },
      headers: { Authorization: REDACTED, 'Valor-App-Key': REDACTED },
    })
  })

  it('scrubs secrets it learns later, and API-key and bearer shapes it never learned', () => {
    const r = createRedactor()
    r.remember('tok-secret-123')
    expect(r.text('token tok-secret-123 expired')).toBe(`token ${REDACTED} expired`)
    expect(r.text('Authorization: Bearer eyJhbGciOi.x.y')).toBe(`Authorization: Bearer ${REDACTED}`)
    expect(r.text('key api_2ZkLmN0pQr8sT was refused')).toBe(`key ${REDACTED} was refused`)
  })

  it.each([
    ['dots', '4111.1111.1111.1111'],
    ['double spaces', '4111  1111  1111  1111'],
    ['NBSP', '4111\u00a01111\u00a01111\u00a01111'],
    ['tabs', '4111\t1111\t1111\t1111'],
    ['slashes', '4111/1111/1111/1111'],
    ['%20', '4111%201111%201111%201111'],
    ['mixed', '5555 - 5555.5555 4444'],
  ])('removes a card number regrouped by %s', (_how, grouped) => {
    const out = createRedactor().text(`card ${grouped} declined`)
    expect(out).toBe(`card ${REDACTED} declined`)
  })

  it('keeps a regrouped digit run that is not a card number and not a known secret', () => {
    const s = 'order 1234.5678.9012.3456 shipped'
    expect(createRedactor().text(s)).toBe(s)
  })

  it('finds a known account number however the echo groups it', () => {
    const r = createRedactor(['8842017'])
    for (const echo of ['884 2017', '88-42-017', '884.2017', '8\u00a0842\u00a0017', '884%202017']) {
      expect(r.text(`account ${echo} is closed`)).toBe(`account ${REDACTED} is closed`)
    }
    expect(r.text('account 884 20171 is open')).toBe('account 884 20171 is open')
  })

  it('finds a known token however the echo groups it', () => {
    const r = createRedactor(['tok9f8e7d6c5b4a3210'])
    for (const echo of [
      'tok9.f8e7.d6c5.b4a3.210',
      'tok9 f8e7 d6c5 b4a3 210',
      'tok9%20f8e7d6c5b4a3210',
    ]) {
      expect(r.text(`token ${echo} expired`)).toBe(`token ${REDACTED} expired`)
    }
  })

  it('leaves ids, dates, phone numbers and amounts alone', () => {
    const r = createRedactor()
    const s =
      'customer 8842017 on 2019-08-09T09:04:00.786094073-05:00 phone 555-555-5555 amount 24.95'
    expect(r.text(s)).toBe(s)
  })
})
