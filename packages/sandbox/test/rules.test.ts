/**
 * The gateway-rule knobs (issue 17), raw HTTP: Valor duplicate customer names, FluidPay duplicate
 * addresses and the FluidPay custom-id pattern, each on and off, from code and over the admin
 * API; and seeded names that never collide, so a migration of seeded data into Valor passes with
 * the duplicate-name rule on.
 */
import { FLUIDPAY_CUSTOM_ID_PATTERNS, type RunningSandbox, startSandbox } from '../src/index'
import { call } from './http'

const admin = (sb: RunningSandbox, method: string, name: string, body?: unknown) =>
  call(`${sb.url}/__sandbox/${name}`, { method, ...(body === undefined ? {} : { body }) })

// ---- Valor: duplicate customer names

const NAME_IN_USE = { code: 400, status: 'FAILED', error: ['Customer name already exist'] }

const valor = (sb: RunningSandbox<'valor'>, merchant = 0) => {
  const c = sb.allCredentials[merchant] ?? sb.credentials
  const h = { 'valor-app-id': c.appId, 'valor-app-key': c.appKey }
  const api = (method: string, path: string, body?: unknown) =>
    call(`${sb.url}/api/valor-vault${path}`, {
      method,
      headers: h,
      ...(body === undefined ? {} : { body }),
    })
  return {
    api,
    add: (name: string) => api('POST', '/addcustomer', { customer_name: name }),
    rename: (id: number, name: string) =>
      api('PUT', `/editcustomer/${id}`, { customer_name: name }),
    nameOf: async (id: number) =>
      (await api('GET', `/getcustomer/${id}`)).body.data.customer_name as string,
    count: async () => (await api('GET', '/getcustomerlist')).body.total_count as number,
  }
}

describe('Valor knob valor.duplicateNames', () => {
  test('off by default: two customers may share a name', async () => {
    const sb = await startSandbox({ gateway: 'valor' })
    try {
      expect(sb.knobs.get().valor).toEqual({ duplicateNames: false })
      const v = valor(sb)
      expect((await v.add('Ada Lee')).status).toBe(201)
      const second = await v.add('Ada Lee')
      expect(second.status).toBe(201)
      expect(second.body).toEqual({ code: 201, status: 'OK', vault_customer_id: 100_002 })
      expect((await v.rename(100_001, 'Ada Lee')).status).toBe(200)
      expect(await v.count()).toBe(2)
    } finally {
      await sb.close()
    }
  })

  test('on: a create with a name in use is refused with `error`, and nothing is stored', async () => {
    const sb = await startSandbox({ gateway: 'valor', knobs: { valor: { duplicateNames: true } } })
    try {
      const v = valor(sb)
      expect((await v.add('Ada Lee')).status).toBe(201)
      for (const same of ['Ada Lee', 'ada lee', '  Ada   LEE ']) {
        const r = await v.add(same)
        expect(r.status).toBe(400)
        expect(r.body).toEqual(NAME_IN_USE)
      }
      expect(await v.count()).toBe(1)
      expect((await v.add('Ada Leek')).status).toBe(201)
      // Validation comes first: a bad name is still the ajv answer, not the duplicate one.
      expect((await v.add('Ada Lee 2')).body.errors).toEqual([
        'data/customer_name must match pattern "^[A-Za-z ]+$"',
      ])
    } finally {
      await sb.close()
    }
  })

  test('on: renaming to a name another customer holds is refused; keeping one’s own is not', async () => {
    const sb = await startSandbox({ gateway: 'valor', knobs: { valor: { duplicateNames: true } } })
    try {
      const v = valor(sb)
      const a = (await v.add('Ada Lee')).body.vault_customer_id as number
      const b = (await v.add('Grace Hopper')).body.vault_customer_id as number
      const refused = await v.rename(b, 'ADA LEE')
      expect(refused.status).toBe(400)
      expect(refused.body).toEqual(NAME_IN_USE)
      expect(await v.nameOf(b)).toBe('Grace Hopper')
      expect((await v.rename(a, 'Ada Lee')).body).toEqual({
        code: 200,
        status: 'OK',
        vault_customer_id: a,
      })
      expect((await v.rename(a, 'ada lee')).status).toBe(200)
      // A name freed by a rename or a delete can be taken again.
      expect((await v.rename(b, 'Grace Brewster')).status).toBe(200)
      expect((await v.add('Grace Hopper')).status).toBe(201)
      expect((await v.api('DELETE', `/deletecustomer/${a}`)).status).toBe(200)
      expect((await v.add('Ada Lee')).status).toBe(201)
    } finally {
      await sb.close()
    }
  })

  test('on: names are per merchant; with valorAlways200 the refusal comes as HTTP 200', async () => {
    const other = { appId: 'othermerchantappid00000000000002', appKey: 'x'.repeat(32) }
    const sb = await startSandbox({
      gateway: 'valor',
      valorAlways200: true,
      extraCredentials: [other],
      knobs: { valor: { duplicateNames: true } },
    })
    try {
      expect((await valor(sb).add('Ada Lee')).body.status).toBe('OK')
      expect((await valor(sb, 1).add('Ada Lee')).body.status).toBe('OK')
      const r = await valor(sb).add('Ada Lee')
      expect(r.status).toBe(200)
      expect(r.body).toEqual(NAME_IN_USE)
    } finally {
      await sb.close()
    }
  })

  test('over the admin API: switched on and off at run time; bad values are 400', async () => {
    const sb = await startSandbox({ gateway: 'valor' })
    try {
      const v = valor(sb)
      await v.add('Ada Lee')
      const on = await admin(sb, 'PUT', 'knobs', { valor: { duplicateNames: true } })
      expect(on.body.valor).toEqual({ duplicateNames: true })
      expect((await v.add('Ada Lee')).body).toEqual(NAME_IN_USE)
      expect((await admin(sb, 'PUT', 'knobs', { valor: { duplicateNames: 'yes' } })).body).toEqual({
        error: 'valor.duplicateNames must be true or false',
      })
      expect((await admin(sb, 'PUT', 'knobs', { valor: 1 })).status).toBe(400)
      expect((await admin(sb, 'POST', 'knobs/reset')).body.valor).toEqual({
        duplicateNames: false,
      })
      expect((await v.add('Ada Lee')).status).toBe(201)
      expect(() => sb.knobs.set({ valor: { duplicateNames: 1 as unknown as boolean } })).toThrow(
        /must be true or false/,
      )
    } finally {
      await sb.close()
    }
  })
})

// ---- seeded names

describe('seeded names never collide (migrations of seeded data into Valor)', () => {
  test('Valor: 2,000 seeded customers, two seed calls, distinct names; the rule refuses a seeded one', async () => {
    const sb = await startSandbox({ gateway: 'valor', knobs: { valor: { duplicateNames: true } } })
    try {
      sb.seedCustomers(1_000, { seed: 3 })
      sb.seedCustomers(1_000, { seed: 3 }) // the same draws again: every name needs a middle part
      const v = valor(sb)
      const names: string[] = []
      for (let page = 1; page <= 20; page++) {
        const r = await v.api('GET', `/getcustomerlist?page_number=${page}&page_size=100`)
        for (const c of r.body.data.customers) names.push(c.customer_name as string)
      }
      expect(names).toHaveLength(2_000)
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(2_000)
      for (const n of names) {
        expect(n).toMatch(/^[A-Za-z]+( [A-Z]{1,3})? [A-Za-z]+$/)
        expect(n.length).toBeLessThanOrEqual(25)
      }
      expect((await v.add(names[1_500] as string)).body).toEqual(NAME_IN_USE)
    } finally {
      await sb.close()
    }
  })

  test('PayTrace and FluidPay: seeded billing names are distinct too', async () => {
    const pt = await startSandbox({ gateway: 'paytrace' })
    const fp = await startSandbox({ gateway: 'fluidpay' })
    try {
      pt.seedCustomers(600, { seed: 5 })
      fp.seedCustomers(600, { seed: 5 })
      const t = await call(`${pt.url}/v3/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: pt.credentials.clientId,
          client_secret: pt.credentials.clientSecret,
        }).toString(),
      })
      const list = await call(`${pt.url}/v3/customer?limit=1000`, {
        headers: { authorization: `Bearer ${t.body.access_token as string}` },
      })
      const ptNames = (list.body.data as { name: string }[]).map((c) => c.name.toLowerCase())
      expect(new Set(ptNames).size).toBe(600)

      const fpNames: string[] = []
      for (let offset = 0; offset < 600; offset += 100) {
        const r = await call(`${fp.url}/api/vault/customer/search`, {
          method: 'POST',
          headers: { authorization: fp.credentials.apiKey },
          body: { limit: 100, offset },
        })
        for (const c of r.body.data) {
          const a = c.data.customer.addresses[0]
          fpNames.push(`${a.first_name as string} ${a.last_name as string}`.toLowerCase())
        }
      }
      expect(new Set(fpNames).size).toBe(600)
    } finally {
      await Promise.all([pt.close(), fp.close()])
    }
  })
})

// ---- FluidPay: duplicate addresses and the custom-id pattern

const DUPLICATE = {
  status: 'failed',
  msg: 'bad request error: invalid: would create a duplicate address',
}
const ADDRESS = {
  first_name: 'Ada',
  last_name: 'Lee',
  line_1: '12 Elm Street',
  city: 'Edina',
  state: 'MN',
  postal_code: '55424',
  country: 'US',
}

const fluidpay = (sb: RunningSandbox<'fluidpay'>) => {
  const api = (method: string, path: string, body?: unknown) =>
    call(`${sb.url}/api/vault${path}`, {
      method,
      headers: { authorization: sb.credentials.apiKey },
      ...(body === undefined ? {} : { body }),
    })
  return {
    api,
    create: (body: Record<string, unknown>) => api('POST', '/customer', body),
    addresses: async (id: string) =>
      (await api('GET', `/${id}`)).body.data.data.customer.addresses as Record<string, string>[],
  }
}

describe('FluidPay knob fluidpay.duplicateAddresses', () => {
  test('off by default: an identical address is added a second time', async () => {
    const sb = await startSandbox({ gateway: 'fluidpay' })
    try {
      expect(sb.knobs.get().fluidpay.duplicateAddresses).toBe(false)
      const f = fluidpay(sb)
      const id = (await f.create({ default_billing_address: ADDRESS })).body.data.id as string
      const r = await f.api('POST', `/customer/${id}/address`, ADDRESS)
      expect(r.status).toBe(200)
      expect(await f.addresses(id)).toHaveLength(2)
    } finally {
      await sb.close()
    }
  })

  test('on: adding or editing into an identical address is a 400 and changes nothing', async () => {
    const sb = await startSandbox({
      gateway: 'fluidpay',
      knobs: { fluidpay: { duplicateAddresses: true } },
    })
    try {
      const f = fluidpay(sb)
      // Billing and shipping alike on create stay one address, as before: nothing is refused.
      const created = await f.create({
        default_billing_address: ADDRESS,
        default_shipping_address: ADDRESS,
      })
      expect(created.status).toBe(200)
      const id = created.body.data.id as string
      const [first] = await f.addresses(id)

      const again = await f.api('POST', `/customer/${id}/address`, ADDRESS)
      expect(again.status).toBe(400)
      expect(again.body).toEqual(DUPLICATE)
      expect(await f.addresses(id)).toEqual([first])

      // One field different (even only its case) is another address.
      const other = await f.api('POST', `/customer/${id}/address`, { ...ADDRESS, city: 'EDINA' })
      expect(other.status).toBe(200)
      const second = (await f.addresses(id))[1] as Record<string, string>
      const edit = await f.api('POST', `/customer/${id}/address/${second.id}`, { city: 'Edina' })
      expect(edit.status).toBe(400)
      expect(edit.body).toEqual(DUPLICATE)
      expect(((await f.addresses(id))[1] as Record<string, string>).city).toBe('EDINA')
      // Writing an address's own fields again is no duplicate.
      const same = await f.api('POST', `/customer/${id}/address/${first?.id}`, ADDRESS)
      expect(same.status).toBe(200)
    } finally {
      await sb.close()
    }
  })

  test('over the admin API; a non-boolean is 400', async () => {
    const sb = await startSandbox({ gateway: 'fluidpay' })
    try {
      const f = fluidpay(sb)
      const id = (await f.create({ default_billing_address: ADDRESS })).body.data.id as string
      const on = await admin(sb, 'PUT', 'knobs', { fluidpay: { duplicateAddresses: true } })
      expect(on.body.fluidpay.duplicateAddresses).toBe(true)
      expect((await f.api('POST', `/customer/${id}/address`, ADDRESS)).body).toEqual(DUPLICATE)
      expect(
        (await admin(sb, 'PUT', 'knobs', { fluidpay: { duplicateAddresses: null } })).body,
      ).toEqual({ error: 'fluidpay.duplicateAddresses must be true or false' })
      await admin(sb, 'PUT', 'knobs', { fluidpay: { duplicateAddresses: false } })
      expect((await f.api('POST', `/customer/${id}/address`, ADDRESS)).status).toBe(200)
    } finally {
      await sb.close()
    }
  })
})

describe('FluidPay knob fluidpay.customIdPattern', () => {
  const INVALID = { status: 'failed', msg: 'bad request error: id has an invalid format' }

  test('default: the spec’s letters and digits, at most 40', async () => {
    const sb = await startSandbox({ gateway: 'fluidpay' })
    try {
      expect(sb.knobs.get().fluidpay.customIdPattern).toBe(FLUIDPAY_CUSTOM_ID_PATTERNS.spec)
      const f = fluidpay(sb)
      expect((await f.create({ id: 'a' })).body.data.id).toBe('a')
      for (const id of ['ab.cd', 'ab-cd', 'ab_cd', 'ab^cd']) {
        const r = await f.create({ id })
        expect(r.status).toBe(400)
        expect(r.body).toEqual(INVALID)
      }
      expect((await f.create({ id: 'x'.repeat(41) })).body.msg).toBe(
        'bad request error: id must be at most 40 characters',
      )
    } finally {
      await sb.close()
    }
  })

  test('the SDK reading: 2–40 of letters, digits and . - _ ^; the id reads back', async () => {
    const sb = await startSandbox({
      gateway: 'fluidpay',
      knobs: { fluidpay: { customIdPattern: FLUIDPAY_CUSTOM_ID_PATTERNS.sdk } },
    })
    try {
      const f = fluidpay(sb)
      const made = await f.create({ id: 'ab.c-d_e^f' })
      expect(made.status).toBe(200)
      expect((await f.api('GET', '/ab.c-d_e^f')).body.data.id).toBe('ab.c-d_e^f')
      expect((await f.create({ id: 'a' })).body).toEqual(INVALID)
      expect((await f.create({ id: 'ab cd' })).body).toEqual(INVALID)
      expect((await f.create({ id: 'y'.repeat(41) })).status).toBe(400)
    } finally {
      await sb.close()
    }
  })

  test('any pattern, matched against the whole id; a bad one is refused', async () => {
    const sb = await startSandbox({ gateway: 'fluidpay' })
    try {
      const f = fluidpay(sb)
      const set = await admin(sb, 'PUT', 'knobs', { fluidpay: { customIdPattern: 'CUS[0-9]+' } })
      expect(set.body.fluidpay.customIdPattern).toBe('CUS[0-9]+')
      expect((await f.create({ id: 'CUS42' })).status).toBe(200)
      expect((await f.create({ id: 'xCUS42' })).body).toEqual(INVALID)
      expect((await f.create({ id: 'CUS42x' })).body).toEqual(INVALID)
      const bad = await admin(sb, 'PUT', 'knobs', { fluidpay: { customIdPattern: '[a-z' } })
      expect(bad.status).toBe(400)
      expect(bad.body.error).toMatch(/^fluidpay\.customIdPattern is not a regular expression/)
      expect(sb.knobs.get().fluidpay.customIdPattern).toBe('CUS[0-9]+')
      expect(() => sb.knobs.set({ fluidpay: { customIdPattern: '' } })).toThrow(/non-empty/)
      sb.knobs.reset()
      expect((await f.create({ id: 'plain1' })).status).toBe(200)
    } finally {
      await sb.close()
    }
  })
})
