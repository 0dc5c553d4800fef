/**
 * Starting from code and from the command line, deterministic seeding, and seeding/listing at
 * the scale the memory benchmarks and the demo use (issue 4 "State", "Start from code").
 */
import { banner, parseCliArgs } from '../src/cli'
import { startAllSandboxes, startSandbox } from '../src/index'
import { call, leaksNoSecret } from './http'

describe('startAllSandboxes', () => {
  test('starts the three simulators on loopback with their credentials; close stops them', async () => {
    const all = await startAllSandboxes({ seed: 3 })
    const urls = [all.paytrace.url, all.fluidpay.url, all.valor.url]
    try {
      for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(new Set(urls).size).toBe(3)
      expect(all.fluidpay.credentials.apiKey).toMatch(/^api_/)
      expect(all.fluidpay.credentials.publicKey).toMatch(/^pub_/)
      expect(all.paytrace.credentials.integratorId.length).toBeLessThanOrEqual(12)
      const text = banner(all)
      for (const url of urls) expect(text).toContain(url)
      expect(text).toContain(all.valor.credentials.appKey)
      expect(text).toContain(all.paytrace.credentials.clientSecret)
    } finally {
      await all.close()
    }
    await expect(fetch(`${urls[0] as string}/v3/customer`)).rejects.toThrow()
  })
})

describe('seedCustomers', () => {
  test('is deterministic under a seed and realistic (names, addresses, emails, phones)', async () => {
    const a = await startSandbox({ gateway: 'valor' })
    const b = await startSandbox({ gateway: 'valor' })
    try {
      a.seedCustomers(5, { seed: 11, withCards: true, withChecks: true })
      b.seedCustomers(5, { seed: 11, withCards: true, withChecks: true })
      const get = (sb: typeof a, id: number) =>
        call(`${sb.url}/api/valor-vault/getcustomer/${id}`, {
          headers: { 'valor-app-id': sb.credentials.appId, 'valor-app-key': sb.credentials.appKey },
        })
      const [x, y] = await Promise.all([get(a, 100003), get(b, 100003)])
      expect(x.body).toEqual(y.body)
      expect(x.body.data.customer_name).toMatch(/^[A-Za-z]+ [A-Za-z]+$/)
      expect(x.body.data.email).toMatch(/@example\.com$/)
      expect(x.body.data.phone).toMatch(/^\d{3}55501\d{2}$/)
      expect(x.body.data.address_details[0].billing_zip).toMatch(/^\d{5}$/)
      b.reset()
      b.seedCustomers(5, { seed: 12 })
      expect((await get(b, 100003)).body).not.toEqual(x.body)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  test('seeds the merchant picked by `credential`, and only that one', async () => {
    const other = {
      clientId: 'second_user',
      clientSecret: 'second-secret-01',
      integratorId: 'vaultportsbx',
      merchantId: 135790,
    }
    const sb = await startSandbox({ gateway: 'paytrace', extraCredentials: [other] })
    try {
      sb.seedCustomers(4, { credential: 1 })
      const token = async (c: typeof other) =>
        (
          await call(`${sb.url}/v3/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `grant_type=client_credentials&client_id=${c.clientId}&client_secret=${c.clientSecret}`,
          })
        ).body.access_token as string
      const list = async (c: typeof other) =>
        (
          await call(`${sb.url}/v3/customer`, {
            headers: { authorization: `Bearer ${await token(c)}` },
          })
        ).body.total_count
      expect(await list(other)).toBe(4)
      expect(await list(sb.credentials)).toBe(0)
      expect(() => sb.seedCustomers(1, { credential: 5 })).toThrow(/no credential #5/)
    } finally {
      await sb.close()
    }
  })

  // How fast seeding and deep pages are is the benchmark's to print (pnpm bench), not a test's.
  test('100,000 PayTrace customers with cards, checks and schedules seed; deep pages answer in full; no full numbers', async () => {
    const sb = await startSandbox({ gateway: 'paytrace' })
    try {
      const { ids } = sb.seedCustomers(100_000, {
        withCards: true,
        withChecks: true,
        withRecurrences: true,
      })
      expect(ids).toHaveLength(100_000)
      const tok = await call(`${sb.url}/v3/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${sb.credentials.clientId}&client_secret=${sb.credentials.clientSecret}`,
      })
      const h = { authorization: `Bearer ${tok.body.access_token as string}` }
      await call(`${sb.url}/v3/customer?limit=1`, { headers: h })
      for (let offset = 90_000; offset < 100_000; offset += 1000) {
        const page = await call(
          `${sb.url}/v3/customer?limit=1000&offset=${offset}&include_card_number=1`,
          { headers: h },
        )
        expect(page.body.data).toHaveLength(1000)
        expect(leaksNoSecret(page.text)).toBe(true)
      }
      const detail = await call(`${sb.url}/v3/customer/${ids[99_999] as string}`, { headers: h })
      expect(detail.body.data.customer_id).toBe(Number(ids[99_999]))
      expect(leaksNoSecret(detail.text)).toBe(true)
    } finally {
      await sb.close()
    }
  })

  test('FluidPay and Valor seeds carry masked payment data only', async () => {
    const all = await startAllSandboxes()
    try {
      all.fluidpay.seedCustomers(20, { withCards: true, withChecks: true })
      all.valor.seedCustomers(20, { withCards: true, withChecks: true })
      const fp = await call(`${all.fluidpay.url}/api/vault/customer/search`, {
        method: 'POST',
        headers: { authorization: all.fluidpay.credentials.apiKey },
        body: { limit: 100 },
      })
      expect(fp.body.total_count).toBe(20)
      expect(fp.body.data[0].data.customer.payments.cards).toHaveLength(1)
      expect(fp.body.data[0].data.customer.payments.ach).toHaveLength(1)
      expect(leaksNoSecret(fp.text)).toBe(true)
      const vh = {
        'valor-app-id': all.valor.credentials.appId,
        'valor-app-key': all.valor.credentials.appKey,
      }
      const cards = await call(`${all.valor.url}/api/valor-vault/getpaymentprofile/100001`, {
        headers: vh,
      })
      const ach = await call(`${all.valor.url}/api/valor-vault/getachprofile/100001`, {
        headers: vh,
      })
      expect(cards.body.data).toHaveLength(1)
      expect(ach.body.data).toHaveLength(1)
      expect(leaksNoSecret(cards.text + ach.text)).toBe(true)
    } finally {
      await all.close()
    }
  })
})

describe('vaultport-sandbox command line', () => {
  test('parses ports, seed, customers and host, in both --flag N and --flag=N forms', () => {
    expect(
      parseCliArgs([
        '--paytrace-port',
        '8001',
        '--fluidpay-port=8002',
        '--valor-port',
        '8003',
        '--seed',
        '7',
        '--customers=300',
      ]),
    ).toEqual({
      ports: { paytrace: 8001, fluidpay: 8002, valor: 8003 },
      seed: 7,
      customers: 300,
      host: '127.0.0.1',
    })
    expect(parseCliArgs([])).toEqual({
      ports: { paytrace: 0, fluidpay: 0, valor: 0 },
      seed: 1,
      customers: 0,
      host: '127.0.0.1',
    })
    expect(parseCliArgs(['--help'])).toBe('help')
  })

  test('refuses unknown options, missing values and bad numbers', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow(/unknown option --nope/)
    expect(() => parseCliArgs(['--seed'])).toThrow(/needs a value/)
    expect(() => parseCliArgs(['--customers', '-3'])).toThrow(/non-negative integer/)
    expect(() => parseCliArgs(['--valor-port', '70000'])).toThrow(/port number/)
  })
})
