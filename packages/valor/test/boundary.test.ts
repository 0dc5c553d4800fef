// Hostile input (issue 17): ids that could leave their path segment, filters Valor cannot
// apply, hostile arguments to the Valor-only calls — each a Validation Left with no request
// sent — and the two settings integrators disagree on (`nameRule`, `streetLayout`).
import * as E from 'fp-ts/Either'
import {
  addressId,
  customerId,
  paymentMethodId,
  type VaultError,
  type ListQuery,
} from '@vaultport/core'
import { createValorVault } from '../src'
import { defaultRoutes, fillPath, type PathParams } from '../src/routes'
import {
  APP_ID,
  APP_KEY,
  BASE,
  P,
  countRequests,
  detailWith,
  emptyHalf,
  makeVault,
  reads,
  spec,
  useNock,
  valor,
} from './fixtures'

useNock()

type Vault = ReturnType<typeof makeVault>
type Outcome = E.Either<VaultError, unknown>

const C = customerId('100864')
const visa = { kind: 'card', number: '4111111111111111', expiry: { month: 3, year: 2030 } } as const

const HOSTILE_IDS = ['.', '..', 'a/b', '../100864', 'a\\b', '100\u0000864', 'a\nb', '1\u007f']

/** Every operation that puts an id in a path, with the id in the place named. */
const idOperations: ReadonlyArray<
  readonly [string, (v: Vault, id: string) => () => Promise<Outcome>]
> = [
  ['customers.get', (v, id) => v.customers.get(customerId(id))],
  ['customers.update', (v, id) => v.customers.update(customerId(id), { email: 'a@b.co' })],
  ['customers.delete', (v, id) => v.customers.delete(customerId(id))],
  ['addresses.add', (v, id) => v.addresses.add(customerId(id), { role: 'billing', city: 'X' })],
  [
    'addresses.update (customer)',
    (v, id) => v.addresses.update(customerId(id), addressId('1:billing'), { city: 'X' }),
  ],
  ['addresses.update (address)', (v, id) => v.addresses.update(C, addressId(id), { city: 'X' })],
  [
    'addresses.remove (customer)',
    (v, id) => v.addresses.remove(customerId(id), addressId('1:billing')),
  ],
  ['addresses.remove (address)', (v, id) => v.addresses.remove(C, addressId(id))],
  ['paymentMethods.add', (v, id) => v.paymentMethods.add(customerId(id), visa)],
  ['paymentMethods.list', (v, id) => v.paymentMethods.list(customerId(id))],
  [
    'paymentMethods.update (customer)',
    (v, id) =>
      v.paymentMethods.update(customerId(id), paymentMethodId('card:1'), { holderName: 'Ada' }),
  ],
  [
    'paymentMethods.update (method)',
    (v, id) => v.paymentMethods.update(C, paymentMethodId(id), { holderName: 'Ada' }),
  ],
  [
    'paymentMethods.remove (customer)',
    (v, id) => v.paymentMethods.remove(customerId(id), paymentMethodId('card:1')),
  ],
  ['paymentMethods.remove (method)', (v, id) => v.paymentMethods.remove(C, paymentMethodId(id))],
  ['valor.listCustomerTransactions', (v, id) => v.valor.listCustomerTransactions(id)],
  ['valor.removeAddressEntry (customer)', (v, id) => v.valor.removeAddressEntry(id, '1')],
  ['valor.removeAddressEntry (entry)', (v, id) => v.valor.removeAddressEntry('100864', id)],
]

describe('ids are checked before any path is built', () => {
  it.each(
    idOperations.flatMap(([name, run]) =>
      HOSTILE_IDS.map((id) => [name, JSON.stringify(id), id, run] as const),
    ),
  )('%s with %s → Validation, no request', async (_name, _shown, id, run) => {
    const sent = countRequests()
    const r = await run(makeVault(), id)()
    expect(E.isLeft(r) && r.left.kind).toBe('Validation')
    expect(sent()).toBe(0)
  })

  it('a well-formed id that is not Valor’s is NotFound, still with no request', async () => {
    const sent = countRequests()
    expect((await makeVault().customers.get(customerId('abc'))()).valueOf()).toMatchObject({
      left: { kind: 'NotFound' },
    })
    expect(sent()).toBe(0)
  })

  it.each([
    [{ customer: '..' }, 'customerId'],
    [{ customer: 'a/b' }, 'customerId'],
    [{ customer: '1', payment: '.' }, 'paymentMethodId'],
    [{}, 'customerId'],
  ] as const)('fillPath refuses %j (issue on %s)', (params: PathParams, path) => {
    const route = params.customer === '1' ? defaultRoutes.deleteCard : defaultRoutes.getCustomer
    expect(fillPath(route, params)).toMatchObject({ _tag: 'Left', left: { path } })
  })

  it('fillPath percent-encodes a segment', () => {
    expect(fillPath(defaultRoutes.getCustomer, { customer: 'a b?c' })).toEqual(
      E.right(`${P}/getcustomer/a%20b%3Fc`),
    )
  })
})

describe('customers.list filters', () => {
  it.each([
    [{ state: 'IL' }, 'filter.state'],
    [{ phone: '6125550100' }, 'filter.phone'],
    [{ company: 'Lee Tools' }, 'filter.company'],
    [{ reference: 'x' }, 'filter.reference'],
    [{ changedSince: '2026-01-01T00:00:00Z' }, 'filter.changedSince'],
    [{ name: 'Ada Lee', state: 'IL' }, 'filter.state'],
  ])('%j → Validation on %s before any request', async (filter, path) => {
    const sent = countRequests()
    const r = await makeVault().customers.list({ filter } as unknown as ListQuery)()
    expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'Validation', issues: [{ path }] } })
    expect(sent()).toBe(0)
  })

  it.each([
    [{ name: 'Melvin' }, ['100867']],
    [{ name: 'Ada Lee' }, []],
    [{ email: 'MELVIN@example.com' }, ['100867']],
  ])('%j is applied to each page read', async (filter, ids) => {
    valor().get(`${P}/getcustomerlist`).query(true).reply(200, spec.customers)
    const r = await makeVault().customers.list({ filter })()
    expect(E.isRight(r) && r.right.items.map((c) => c.id)).toEqual(ids)
  })
})

describe('the Valor-only calls guard their arguments', () => {
  const getter = Object.defineProperty({}, 'from', { get: () => '2026-01-01', enumerable: true })
  const throwing = Object.defineProperty({}, 'pageSize', {
    get: () => {
      throw new Error('boom')
    },
    enumerable: true,
  })
  const cycle: Record<string, unknown> = {}
  cycle['self'] = cycle
  const hostile: ReadonlyArray<readonly [string, (v: Vault) => unknown]> = [
    [
      'listCustomerTransactions()',
      (v) => (v.valor.listCustomerTransactions as (...a: unknown[]) => unknown)(),
    ],
    [
      'listCustomerTransactions(null)',
      (v) => v.valor.listCustomerTransactions(null as unknown as string),
    ],
    [
      'listCustomerTransactions(1)',
      (v) => v.valor.listCustomerTransactions(1 as unknown as string),
    ],
    [
      'listCustomerTransactions(1n)',
      (v) => v.valor.listCustomerTransactions(1n as unknown as string),
    ],
    [
      'listCustomerTransactions(id, null)',
      (v) => v.valor.listCustomerTransactions('100864', null as never),
    ],
    [
      'listCustomerTransactions(id, [])',
      (v) => v.valor.listCustomerTransactions('100864', [] as never),
    ],
    [
      'listCustomerTransactions(id, a getter)',
      (v) => v.valor.listCustomerTransactions('100864', getter),
    ],
    [
      'listCustomerTransactions(id, a throwing getter)',
      (v) => v.valor.listCustomerTransactions('100864', throwing),
    ],
    [
      'listCustomerTransactions(id, a Proxy)',
      (v) => v.valor.listCustomerTransactions('100864', new Proxy({}, {})),
    ],
    [
      'listCustomerTransactions(a Proxy)',
      (v) => v.valor.listCustomerTransactions(new Proxy({}, {}) as unknown as string),
    ],
    [
      'listCustomerTransactions(id, BigInt pageSize)',
      (v) => v.valor.listCustomerTransactions('100864', { pageSize: 10n } as never),
    ],
    [
      'listCustomerTransactions(id, a cycle)',
      (v) => v.valor.listCustomerTransactions('100864', cycle as never),
    ],
    [
      'listCustomerTransactions(id, unknown key)',
      (v) => v.valor.listCustomerTransactions('100864', { sort: 'desc' } as never),
    ],
    [
      'listCustomerTransactions(id, cursor 5)',
      (v) => v.valor.listCustomerTransactions('100864', { cursor: 5 } as never),
    ],
    ['removeAddressEntry()', (v) => (v.valor.removeAddressEntry as (...a: unknown[]) => unknown)()],
    [
      'removeAddressEntry(id)',
      (v) => (v.valor.removeAddressEntry as (...a: unknown[]) => unknown)('100864'),
    ],
    [
      'removeAddressEntry(null, null)',
      (v) => v.valor.removeAddressEntry(null as never, null as never),
    ],
    ['removeAddressEntry(id, 1n)', (v) => v.valor.removeAddressEntry('100864', 1n as never)],
    [
      'removeAddressEntry(id, a getter object)',
      (v) => v.valor.removeAddressEntry('100864', getter as never),
    ],
    [
      'removeAddressEntry(a Proxy, id)',
      (v) => v.valor.removeAddressEntry(new Proxy({}, {}) as never, '1'),
    ],
  ]

  it.each(hostile)(
    '%s → a Validation Left: no throw, no rejection, no request',
    async (_n, call) => {
      const sent = countRequests()
      let task: unknown
      expect(() => {
        task = call(makeVault())
      }).not.toThrow()
      const r = await (task as () => Promise<Outcome>)()
      expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'Validation' } })
      expect(sent()).toBe(0)
    },
  )
})

describe('nameRule', () => {
  const created = (name: string) =>
    valor()
      .post(`${P}/addcustomer`, (b: { customer_name?: string }) => b.customer_name === name)
      .reply(201, spec.customerCreated)
  const readsBack = () => reads()

  it.each([
    ["Ada O'Lee", 'Ada OLee', '"\'"'],
    ['Mary-Jane  Watson', 'Mary Jane Watson', '"-", extra spaces'],
    ['José Núñez', 'Jose Nunez', ''],
    ['Lee & Sons 2', 'Lee Sons', 'digits'],
  ])(
    'strict (the default): %j is sent as %j, with a warning naming what changed',
    async (typed, sent, what) => {
      created(sent)
      readsBack()
      const r = await makeVault().customers.create({ name: typed })()
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
      const w = r.right.warnings.find((x) => x.code === 'name_changed')
      expect(w).toMatchObject({ field: 'name', message: expect.stringContaining(`"${sent}"`) })
      expect(w?.message).toContain(what)
    },
  )

  it('strict: a name of letters and spaces goes unchanged, with no warning', async () => {
    created('Ada Lee')
    readsBack()
    const r = await makeVault().customers.create({ name: 'Ada Lee' })()
    expect(E.isRight(r) && r.right.warnings).toEqual([])
  })

  it('strict applies to updates too', async () => {
    valor()
      .put(`${P}/editcustomer/100864`, { customer_name: 'Ada OLee' })
      .reply(200, spec.customerEdited)
    readsBack()
    const r = await makeVault().customers.update(C, { name: "Ada O'Lee" })()
    expect(E.isRight(r) && r.right.warnings.map((w) => w.code)).toEqual(['name_changed'])
  })

  it('as-typed: the name is sent as given, with no warning; Valor judges it', async () => {
    created("Ada O'Lee-Smith")
    readsBack()
    const r = await makeVault({ nameRule: 'as-typed' }).customers.create({
      name: "Ada O'Lee-Smith",
    })()
    expect(E.isRight(r) && r.right.warnings).toEqual([])
    valor()
      .post(`${P}/addcustomer`)
      .reply(400, {
        code: 400,
        status: 'FAILED',
        errors: ['data/customer_name must match pattern "^[a-zA-Z ]+$"'],
      })
    const e = await makeVault({ nameRule: 'as-typed' }).customers.create({ name: 'Ada 2' })()
    expect(e).toMatchObject({
      _tag: 'Left',
      left: { kind: 'Validation', issues: [{ path: 'name' }] },
    })
  })
})

describe('streetLayout', () => {
  const entry = {
    address_id: 154001,
    address_label: 'Home',
    billing_customer_name: 'Ada Lee',
    billing_street_no: '12 Elm Street',
    billing_street_name: 'Suite 4',
    billing_unit: '',
    billing_city: 'Edina',
    billing_state: 'MN',
    billing_zip: '55424',
    ...emptyHalf('shipping'),
  }
  const address = {
    role: 'billing',
    label: 'Home',
    line1: '12 Elm Street',
    line2: 'Suite 4',
    city: 'Edina',
    region: 'MN',
    postalCode: '55424',
  } as const

  it('line: line1 whole in street_no, line2 in street_name, as the plugins write; read back the same', async () => {
    valor()
      .post(`${P}/addcustomer`, (b: { address_details: Array<Record<string, string>> }) => {
        const e = b.address_details[0] ?? {}
        return (
          e['billing_street_no'] === '12 Elm Street' &&
          e['billing_street_name'] === 'Suite 4' &&
          !('billing_unit' in e)
        )
      })
      .reply(201, spec.customerCreated)
    reads(100864, detailWith([entry]))
    const r = await makeVault({ streetLayout: 'line' }).customers.create({
      name: 'Ada Lee',
      addresses: [address],
    })()
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    expect(r.right.value.addresses[0]).toMatchObject({ line1: '12 Elm Street', line2: 'Suite 4' })
    expect(r.right.warnings).toEqual([])
  })

  it('split (the default) reads the same record as the plugins glued it', async () => {
    reads(100864, detailWith([entry]))
    const r = await makeVault().customers.get(C)()
    expect(E.isRight(r) && r.right.addresses[0]).toMatchObject({ line1: '12 Elm Street Suite 4' })
  })

  it('line: an address update sends only the lines patched', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([entry]))
      .put(`${P}/editcustomer/100864`, {
        address_details: [{ address_id: '154001', billing_street_name: 'Floor 2' }],
      })
      .reply(200, spec.customerEdited)
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([{ ...entry, billing_street_name: 'Floor 2', billing_unit: '7' }]))
    const r = await makeVault({ streetLayout: 'line' }).addresses.update(
      C,
      addressId('154001:billing'),
      {
        line2: 'Floor 2',
      },
    )()
    expect(E.isRight(r) && r.right.value).toMatchObject({
      line1: '12 Elm Street',
      line2: 'Floor 2 7',
    })
  })
})

describe('settings', () => {
  it.each([
    ['nameRule', 'loose'],
    ['streetLayout', 'glued'],
  ])('an unknown %s (%j) is a configuration Validation before any request', async (key, value) => {
    const sent = countRequests()
    const v = createValorVault({ baseUrl: BASE, appId: APP_ID, appKey: APP_KEY, [key]: value })
    expect(await v.customers.get(C)()).toMatchObject({
      _tag: 'Left',
      left: { kind: 'Validation', message: expect.stringContaining(key) },
    })
    expect(sent()).toBe(0)
  })
})
