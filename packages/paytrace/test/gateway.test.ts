import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import nock from 'nock'
import { customerId, type TranscriptEvent } from '@vaultport/core'
import { payTraceCapabilities, payTraceGateway } from '../src'
import { withCard } from './fixtures'
import { api, BASE, detail, PAN, SECRET, tokenOk } from './harness'

let dir: string
beforeAll(() => {
  nock.disableNetConnect()
  dir = mkdtempSync(join(tmpdir(), 'vp-paytrace-key-'))
})
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  rmSync(dir, { recursive: true, force: true })
})

const entry = {
  adapter: 'paytrace',
  baseUrl: BASE,
  clientId: 'vaultport_sandbox',
  clientSecret: SECRET,
  integratorId: 'vaultport01',
}
const message = (r: E.Either<string, unknown>) => (E.isLeft(r) ? r.left : '(a Right)')

/**
 * The plain text inside a PKCS#1 v1.5 block: Node no longer decrypts that padding, so the test
 * opens the raw block (00 02, non-zero padding, 00, message) itself.
 */
const decryptPkcs1 = (privateKey: string, base64: string): string => {
  const block = privateDecrypt(
    { key: privateKey, padding: constants.RSA_NO_PADDING },
    Buffer.from(base64, 'base64'),
  )
  expect([block[0], block[1]]).toEqual([0, 2])
  return block.subarray(block.indexOf(0, 2) + 1).toString('utf8')
}

describe('payTraceGateway', () => {
  it('describes the adapter and marks the client secret secret', () => {
    expect(payTraceGateway.adapter).toBe('paytrace')
    expect(payTraceGateway.capabilities).toBe(payTraceCapabilities)
    expect(payTraceGateway.settings.filter((s) => s.secret).map((s) => s.name)).toEqual([
      'clientSecret',
    ])
  })

  it("opens a vault on the entry's host with its credentials, integrator id and hooks", async () => {
    const events: TranscriptEvent[] = []
    const vault = payTraceGateway.create(
      { ...entry, merchantId: '12345', timeoutMs: '2000' },
      { onTranscript: (e) => events.push(e) },
    )
    if (E.isLeft(vault)) throw new Error(vault.left)
    const token = tokenOk()
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    const customer = await vault.right.customers.get(customerId('1000001'))()
    expect(E.isRight(customer) && customer.right.id).toBe('1000001')
    expect(token.isDone()).toBe(true)
    expect(events.length).toBeGreaterThan(0)
  })

  it('encrypts card numbers with the public key file in encrypted mode', async () => {
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    const publicKeyFile = join(dir, 'paytrace.pem')
    writeFileSync(publicKeyFile, keys.publicKey)
    const vault = payTraceGateway.create(
      { ...entry, cardNumberMode: 'encrypted', publicKeyFile },
      {},
    )
    if (E.isLeft(vault)) throw new Error(vault.left)
    tokenOk()
    let body: { card?: { number?: string } } = {}
    api()
      .post('/v3/customer/create', (b: typeof body) => ((body = b), true))
      .reply(200, { data: detail(withCard) })
    const card = { kind: 'card', number: PAN, expiry: { month: 12, year: 2028 } } as const
    const created = await vault.right.customers.create({ reference: 'r', paymentMethod: card })()
    expect(E.isRight(created)).toBe(true)
    const sent = body.card?.number ?? ''
    expect(sent).not.toContain(PAN)
    expect(decryptPkcs1(keys.privateKey, sent)).toBe(PAN)
  })

  it('names what is missing or malformed, never a value', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ clientSecret: undefined, clientId: undefined }, 'missing clientId, clientSecret'],
      [{ clientSecret: '' }, 'missing clientSecret'],
      [{ merchantId: 'M-1' }, 'merchantId must be a number'],
      [{ maxConcurrency: 'lots' }, 'maxConcurrency must be a number'],
      [{ environment: 'test' }, "environment must be 'sandbox' or 'production'"],
      [{ cardNumberMode: 'hashed' }, "cardNumberMode must be 'raw' or 'encrypted'"],
      [
        { cardNumberMode: 'encrypted' },
        "cardNumberMode 'encrypted' needs publicKeyFile (PayTrace's PEM public key)",
      ],
      [
        { cardNumberMode: 'encrypted', publicKeyFile: join(dir, 'absent.pem') },
        `cannot read publicKeyFile ${join(dir, 'absent.pem')}`,
      ],
    ]
    for (const [change, expected] of cases) {
      const result = message(payTraceGateway.create({ ...entry, ...change }, {}))
      expect(result).toBe(expected)
      expect(result).not.toContain(SECRET)
    }
  })
})
