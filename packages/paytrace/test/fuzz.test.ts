// Response fuzzing (packages/testkit/jest/fuzz.ts): every endpoint family, and the token grant,
// answered with malformed bodies and any status; then gateways that echo the request's numbers
// and tokens, non-JSON bodies at every status, and hostile ids and arguments, each with a leak
// scan. VAULTPORT_LONG=1 runs 1000 cases a property, from a fresh seed.
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import nock from 'nock'
import {
  addressId,
  customerId,
  diagnosticsChannels,
  formatVaultError,
  isVaultError,
  paymentMethodId,
  recurrenceId,
  type Vault,
  type VaultError,
} from '@vaultport/core'
import {
  anyStatus,
  describeDecodeFastLaw,
  describeResponseFuzz,
  fuzzFamily,
  fuzzHttpOptions,
  fuzzRuns,
  longMode,
  portOperations,
  problemWith,
  serve,
  type Family,
  type WireReply,
} from '../../testkit/jest/fuzz'
import { createPayTraceVault, type PayTraceVault } from '../src'
import * as wire from '../src/wire'
import { recurrenceItem, withCard, withCheck } from './fixtures'

const BASE = 'http://paytrace.test'
const TOKEN = 'ptsbx_at_5b0f2c9e8d7a6b5c4d3e2f1a0b9c8d7e'
const now = new Date('2026-01-15T10:00:00.000Z')
const isToken = (path: string) => path.startsWith('/v3/token')

const address = {
  name: 'Ada Lee',
  street_address: '12 Elm Street',
  street_address2: 'Suite 4',
  city: 'Edina',
  state: 'MN',
  postal_code: '55424',
  country: 'US',
}
const detail = {
  customer_id: 1000001,
  customer_label: 'lee-ada-000001',
  billing_address: address,
  shipping_address: { ...address, county: 'Hennepin' },
  email: 'ada.lee@example.com',
  phone: '612-555-0100',
  fax: '',
  discretionary_data: [{ disc_id: 1, value: 'gold' }],
  created_at: '2026-01-05T10:00:00.000Z',
  updated_at: '2026-01-05T10:00:00.000Z',
  ...withCard,
  ...withCheck,
}
const recurrence = recurrenceItem()
const summary = {
  customer_id: 1000001,
  customer_label: 'lee-ada-000001',
  name: 'Ada Lee',
  email: 'ada.lee@example.com',
  phone: '612',
  last_activity: '2026-01-05T10:00:00.000Z',
}
const token = { data: { access_token: TOKEN, token_type: 'Bearer', expires_in: 7200 } }
const fieldErrors = {
  data: [{ field: 'path/customer_id', detail: 'customer 1000001 was not found' }],
}

const samples: Readonly<Record<Family | 'token', ReadonlyArray<unknown>>> = {
  customers: [
    { data: detail },
    { data: { customer_id: 1000001 } },
    { data: [summary, { ...summary, customer_id: 1000002 }], total_count: 3, limit: 2, offset: 0 },
    { data: [detail], total_count: 1 },
    fieldErrors,
  ],
  addresses: [{ data: detail }, fieldErrors],
  paymentMethods: [{ data: detail }, { data: { customer_id: 1000001 } }, fieldErrors],
  recurrences: [
    { data: recurrence },
    { data: { recurrence_id: 500001 } },
    { data: [recurrence, { ...recurrence, id: 500002 }], total_count: 3, limit: 2, offset: 0 },
    fieldErrors,
  ],
  token: [
    token,
    { access_token: TOKEN, expires_in: '7200' },
    { error: 'invalid_client', error_description: 'client authentication failed' },
  ],
}

const makeVault = (): Vault =>
  createPayTraceVault({
    baseUrl: BASE,
    clientId: 'vaultport_sandbox',
    clientSecret: 'sandbox-secret-0001',
    integratorId: 'vaultport01',
    cardNumberMode: 'raw',
    now: () => now,
    http: fuzzHttpOptions,
  })

const ids = {
  customer: customerId('1000001'),
  address: addressId('shipping'),
  paymentMethod: paymentMethodId('card'),
  recurrence: recurrenceId('500001'),
}
const operations = (v: Vault, family: Family) => portOperations(v, ids, now)[family]

/** The API answers with a valid token first; the token path is never fuzzed here. */
const tokenFirst = (replies: ReadonlyArray<WireReply>) => {
  nock(BASE).persist().post('/v3/token').reply(201, token)
  serve(BASE, replies, (path) => !isToken(path))
}

describeResponseFuzz(
  'PayTrace',
  ['customers', 'addresses', 'paymentMethods', 'recurrences'],
  operations,
  makeVault,
  BASE,
  samples,
  () =>
    it('token grant', async () => {
      await fuzzFamily(
        (v) => operations(v, 'customers').slice(0, 2),
        makeVault,
        (replies) => {
          serve(BASE, replies, isToken)
          nock(BASE)
            .persist()
            .get((path) => !isToken(path))
            .reply(200, { data: detail })
        },
        samples.token,
      )
    }),
  tokenFirst,
)

// Cases the long mode found, pinned.
it('a 1 MB access token is used and redacted, not a thrown "regular expression too large"', async () => {
  const huge = 'x'.repeat(1_000_000)
  nock(BASE).post('/v3/token').reply(200, { access_token: huge, expires_in: 7200 })
  nock(BASE).get('/v3/customer/1000001').reply(500, `token ${huge} refused`)
  const r = await makeVault().customers.get(ids.customer)()
  expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'Unavailable' } })
  expect(JSON.stringify(r)).not.toContain(huge)
})

it('an id no canonical id can carry is UnexpectedResponse, not a Right', async () => {
  nock(BASE).persist().post('/v3/token').reply(201, token)
  nock(BASE)
    .get('/v3/customer')
    .query(true)
    .reply(200, { data: [{ ...summary, customer_id: '' }], total_count: 1 })
  const r = await makeVault().customers.list({ pageSize: 10 })()
  expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'UnexpectedResponse' } })
})

describeDecodeFastLaw('PayTrace wire codecs', wire, Object.values(samples).flat(), [
  'WireCustomerResponse',
  'WireCustomerListResponse',
  'WireCustomer',
  'WireAddress',
  'WireCreated',
  'WireRecurrenceResponse',
  'WireRecurrenceListResponse',
  'WireTokenResponse',
  'WireValidationBody',
  'WireOAuthError',
])

// ---- hostile gateways and hostile callers (issue 17)

/** The request's own values, as a hostile gateway may echo them back. */
const PANS = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']
const ACCOUNTS = ['000123456789', '000987654321']
const HPF = 'e369847e-3027-4174-9161-fa0d4e98d318'
const ENC_KEY = 'lI785yOBMet4Rt9o4NLXEyV84WBU3tdStExcsfoaOoo='
const SEPARATORS = [' ', '-', '.', '  ', '\u00a0', '\t', '/', '%20', ' - ']

/** Text with every separator a regrouping may use taken out, so any regrouping is found. */
const squash = (s: string): string => s.replace(/%20/gi, '').replace(/[\s./\\-]/g, '')

/** A number, or a token of letters and digits (its own dashes aside), that an echo may regroup. */
const regroupable = (secret: string): boolean => /^[A-Za-z0-9]+$/.test(squash(secret))

/** Its characters regrouped in chunks of 3 to 5 by one separator, or as sent. */
const regrouped = (secret: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(secret),
    fc
      .tuple(fc.constantFrom(3, 4, 5), fc.constantFrom(...SEPARATORS))
      .map(([size, sep]) =>
        (squash(secret).match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(sep),
      ),
  )

type Dialect = 'v3' | 'fastapi' | 'legacy' | 'errors' | 'message' | 'note' | 'text' | 'html'
const ERROR_DIALECTS: ReadonlyArray<Dialect> = ['v3', 'fastapi', 'legacy', 'errors', 'text', 'html']

const echoBody = (dialect: Dialect, echo: string): { body: string; type: string } => {
  const j = (v: unknown) => ({ body: JSON.stringify(v), type: 'application/json' })
  switch (dialect) {
    case 'v3':
      return j({ data: [{ field: 'body/card/number', detail: `card ${echo} is invalid` }] })
    case 'fastapi':
      return j({
        detail: [
          {
            loc: ['body', 'check', 'account_number'],
            msg: `${echo} rejected`,
            type: 'value_error',
          },
        ],
      })
    case 'legacy':
      return j({
        success: false,
        response_code: 1,
        status_message: echo,
        errors: { '35': [`bad ${echo}`] },
      })
    case 'errors':
      return j({ errors: [`number ${echo} refused`] })
    case 'message':
      return j({ message: `we saw ${echo}` })
    case 'note':
      return j({ note: echo })
    case 'text':
      return { body: `rejected ${echo}`, type: 'text/plain' }
    case 'html':
      return { body: `<html><body><p>${echo}</p></body></html>`, type: 'text/html' }
  }
}

/** Every string inside an error, however deep. */
const stringsOf = (u: unknown, out: string[] = []): string[] => {
  if (typeof u === 'string') out.push(u)
  else if (typeof u === 'object' && u !== null) for (const v of Object.values(u)) stringsOf(v, out)
  return out
}
const leaksIn = (e: unknown, secrets: ReadonlyArray<string>): string[] => {
  const texts = [...stringsOf(e), ...(isVaultError(e) ? [formatVaultError(e)] : [])]
  return secrets.filter((secret) =>
    regroupable(secret)
      ? texts.some((t) => squash(t).includes(squash(secret)))
      : texts.some((t) => t.includes(secret)),
  )
}

interface EchoOperation {
  readonly name: string
  readonly encrypted: boolean
  /** The values the request carries that no error may show. */
  readonly secrets: ReadonlyArray<string>
  /** Valid answers the operation needs before its write (the profile read first). */
  readonly before: ReadonlyArray<WireReply>
  readonly run: (v: PayTraceVault) => () => Promise<E.Either<VaultError, unknown>>
}

const ok = (body: unknown): WireReply => ({
  kind: 'reply',
  status: 200,
  body: JSON.stringify(body),
  type: 'application/json',
})
const emptyProfile = ok({ data: { ...detail, card: null, card_masked: null, check: null } })

const echoOperations = (pan: string, account: string): ReadonlyArray<EchoOperation> => {
  const card = { kind: 'card' as const, number: pan, expiry: { month: 12, year: 2030 } }
  const bank = {
    kind: 'bank_account' as const,
    accountNumber: account,
    routingNumber: '021000021',
    accountType: 'checking' as const,
  }
  const token = { kind: 'gateway_token' as const, token: HPF, extras: { enc_key: ENC_KEY } }
  const c = customerId('1000001')
  return [false, true].flatMap((encrypted) => [
    {
      name: 'create with a card',
      encrypted,
      secrets: [pan],
      before: [],
      run: (v: PayTraceVault) => v.customers.create({ reference: 'r', paymentMethod: card }),
    },
    {
      name: 'create with a check',
      encrypted,
      secrets: [account],
      before: [],
      run: (v: PayTraceVault) => v.customers.create({ reference: 'r', paymentMethod: bank }),
    },
    {
      name: 'add a card',
      encrypted,
      secrets: [pan],
      before: [emptyProfile],
      run: (v: PayTraceVault) => v.paymentMethods.add(c, card),
    },
    {
      name: 'add a check',
      encrypted,
      secrets: [account],
      before: [emptyProfile],
      run: (v: PayTraceVault) => v.paymentMethods.add(c, bank),
    },
    // Every request of an operation names its numbers: the profile read before the write and
    // the read-back after it too.
    {
      name: 'add a card, echoed by the profile read before it',
      encrypted,
      secrets: [pan],
      before: [],
      run: (v: PayTraceVault) => v.paymentMethods.add(c, card),
    },
    {
      name: 'add a check, echoed by the read-back after it',
      encrypted,
      secrets: [account],
      before: [emptyProfile, ok({ data: { customer_id: 1000001 } })],
      run: (v: PayTraceVault) => v.paymentMethods.add(c, bank),
    },
    {
      name: 'create with a card, echoed by the read-back after it',
      encrypted,
      secrets: [pan],
      before: [ok({ data: { customer_id: 1000001 } })],
      run: (v: PayTraceVault) => v.customers.create({ reference: 'r', paymentMethod: card }),
    },
    {
      name: 'add a Protect.js card, echoed by the profile read before it',
      encrypted,
      secrets: [HPF, ENC_KEY],
      before: [],
      run: (v: PayTraceVault) => v.paymentMethods.add(c, token),
    },
    {
      name: 'create from Protect.js',
      encrypted,
      secrets: [HPF, ENC_KEY],
      before: [],
      run: (v: PayTraceVault) => v.customers.create({ reference: 'r', paymentMethod: token }),
    },
    {
      name: 'update with Protect.js',
      encrypted,
      secrets: [HPF, ENC_KEY],
      before: [],
      run: (v: PayTraceVault) =>
        v.paytrace.updateCustomerWithProtect('1000001', { hpfToken: HPF, encKey: ENC_KEY }),
    },
  ])
}

const vaultFor = (encrypted: boolean): PayTraceVault =>
  createPayTraceVault({
    baseUrl: BASE,
    clientId: 'vaultport_sandbox',
    clientSecret: 'sandbox-secret-0001',
    cardNumberMode: encrypted ? 'encrypted' : 'raw',
    encrypt: (plain) => Buffer.from(plain).toString('base64'),
    now: () => now,
    http: fuzzHttpOptions,
  })

const anyFinalStatus = fc.oneof(anyStatus, fc.constantFrom(301, 302, 303, 307, 308))
const isSuccess = (s: number) => s >= 200 && s < 300

/** Runs one operation against `replies`: what is wrong with its outcome, or undefined. */
const judge = async (
  run: () => () => Promise<E.Either<VaultError, unknown>>,
  replies: ReadonlyArray<WireReply>,
  secrets: ReadonlyArray<string>,
  successAllowed: boolean,
): Promise<string | undefined> => {
  nock.cleanAll()
  tokenFirst(replies)
  // Every error and transcript event emitted on the way counts, not only the one returned.
  const emitted: unknown[] = []
  const keep = (m: unknown) => void emitted.push(m)
  subscribe(diagnosticsChannels.error, keep)
  subscribe(diagnosticsChannels.transcript, keep)
  let r: E.Either<VaultError, unknown>
  try {
    r = await run()()
  } catch (e) {
    return `threw or rejected: ${e instanceof Error ? e.message : String(e)}`
  } finally {
    nock.cleanAll()
    unsubscribe(diagnosticsChannels.error, keep)
    unsubscribe(diagnosticsChannels.transcript, keep)
  }
  const all = [...emitted, ...(E.isLeft(r) ? [r.left] : [])]
  const leaks = [...new Set(all.flatMap((m) => leaksIn(m, secrets)))]
  if (leaks.length > 0)
    return `leaked ${leaks.map((s) => `${s.slice(0, 2)}…${s.slice(-2)}`).join(', ')}`
  if (E.isRight(r)) return successAllowed ? undefined : 'a success from an answer that is an error'
  return problemWith(r, () => true)
}

describe('PayTrace against hostile gateways and callers', () => {
  it('a gateway that echoes the request’s numbers and tokens, regrouped, in any dialect and status: 0 leaks, 0 throws, 0 wrong successes', async () => {
    // A gateway echoes what it was sent: the operation's own numbers (regrouped) and tokens,
    // or the credentials the client holds.
    const echo = fc
      .tuple(fc.constantFrom(...PANS), fc.constantFrom(...ACCOUNTS))
      .chain(([pan, account]) => fc.constantFrom(...echoOperations(pan, account)))
      .chain((op) =>
        fc.record({
          op: fc.constant(op),
          text: fc.oneof(
            ...op.secrets.map((v) => (regroupable(v) ? regrouped(v) : fc.constant(v))),
            fc.constantFrom(TOKEN, 'sandbox-secret-0001'),
          ),
          dialect: fc.constantFrom<Dialect>(
            'v3',
            'fastapi',
            'legacy',
            'errors',
            'message',
            'note',
            'text',
            'html',
          ),
          status: anyFinalStatus,
          after: fc.array(fc.tuple(anyFinalStatus, fc.constantFrom<Dialect>(...ERROR_DIALECTS)), {
            maxLength: 2,
          }),
        }),
      )
    await fc.assert(
      fc.asyncProperty(echo, async ({ op, text, dialect, status, after }) => {
        const reply = (s: number, d: Dialect): WireReply => ({
          kind: 'reply',
          status: s,
          ...echoBody(d, text),
        })
        const replies = [
          ...op.before,
          reply(status, dialect),
          ...after.map(([s, d]) => reply(s, d)),
        ]
        const successAllowed = isSuccess(status) && (dialect === 'message' || dialect === 'note')
        const secrets = [...op.secrets, TOKEN, 'sandbox-secret-0001']
        const problem = await judge(
          () => op.run(vaultFor(op.encrypted)),
          replies,
          secrets,
          successAllowed,
        )
        if (problem !== undefined) throw new Error(`${op.name} (${dialect} ${status}): ${problem}`)
      }),
      { numRuns: fuzzRuns, ...(longMode ? {} : { seed: 20261201 }) },
    )
  })

  it('non-JSON bodies at every status, for every operation: typed outcomes, never a success from a non-2xx', async () => {
    const ops = (['customers', 'addresses', 'paymentMethods', 'recurrences'] as const).flatMap(
      (f) => portOperations(makeVault(), ids, now)[f].map((o) => o.name),
    )
    const nonJson = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        'OK',
        'Bad Request',
        '<html><body>502</body></html>',
        '<?xml version="1.0"?><e/>',
        '{"data":',
      ),
      fc.string({ maxLength: 40 }).filter((s) => {
        try {
          JSON.parse(s)
          return false
        } catch {
          return true
        }
      }),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        fc.integer({ min: 200, max: 599 }),
        nonJson,
        async (name, status, body) => {
          const replies: WireReply[] = [{ kind: 'reply', status, body, type: 'text/plain' }]
          const run = () => {
            const v = makeVault()
            const all = (
              ['customers', 'addresses', 'paymentMethods', 'recurrences'] as const
            ).flatMap((f) => portOperations(v, ids, now)[f])
            return (
              all.find((o) => o.name === name) as {
                run: () => () => Promise<E.Either<VaultError, unknown>>
              }
            ).run()
          }
          const problem = await judge(
            run,
            replies,
            [TOKEN, 'sandbox-secret-0001'],
            isSuccess(status),
          )
          if (problem !== undefined)
            throw new Error(`${name} (${status} ${JSON.stringify(body)}): ${problem}`)
        },
      ),
      { numRuns: fuzzRuns, ...(longMode ? {} : { seed: 20261202 }) },
    )
  })

  it('hostile ids and argument objects: a Validation Left, no request, nothing thrown', async () => {
    const badId = fc.oneof(
      fc.constantFrom('.', '..', '/', '\\'),
      fc
        .tuple(
          fc.stringMatching(/^[0-9a-z.]{0,6}$/),
          fc.constantFrom('/', '\\', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f'),
          fc.stringMatching(/^[0-9a-z.]{0,6}$/),
        )
        .map(([a, sep, b]) => `${a}${sep}${b}`),
    )
    const getter = (key: string) =>
      Object.defineProperty({}, key, {
        enumerable: true,
        get: () => {
          throw new Error('read me and throw')
        },
      })
    const deep = (n: number): unknown => (n === 0 ? {} : { patch: deep(n - 1) })
    const cyclic = () => {
      const o: Record<string, unknown> = { hpfToken: 'h', encKey: 'k' }
      o['self'] = o
      return o
    }
    const badObject = fc.oneof(
      fc.constantFrom<unknown>(null, 1n, Symbol('s'), () => 1, [], 7),
      fc.constantFrom('reference', 'email', 'hpfToken', 'filter', 'limit').map(getter),
      fc.constant(null).map(() => new Proxy({}, {})),
      fc.constant(null).map(cyclic),
      fc.constant(null).map(() => deep(40)),
      fc.constantFrom<unknown>(
        { state: 'IL' },
        { includeBin: 1n },
        { limit: 1n },
        { hpfToken: 'h' },
      ),
    )
    type Call = (
      v: PayTraceVault,
      id: string,
      o: unknown,
    ) => () => Promise<E.Either<VaultError, unknown>>
    const x = (f: unknown) => f as (...a: unknown[]) => () => Promise<E.Either<VaultError, unknown>>
    const byId: ReadonlyArray<Call> = [
      (v, id) => v.customers.get(id as never),
      (v, id) => v.customers.delete(id as never),
      (v, id) => v.recurrences.get(id as never),
      (v, id) => v.paymentMethods.list(id as never),
      (v, id) => v.paytrace.getAchCustomer(id),
      (v, id) => v.paytrace.exportRecurrence(id),
      (v, id) => v.paytrace.lastApprovedRecurringTransaction(id),
      (v, id) => v.paytrace.updateCustomerWithProtect(id, { hpfToken: 'h', encKey: 'k' }),
    ]
    const byObject: ReadonlyArray<Call> = [
      (v, _id, o) => x(v.paytrace.exportCustomers)(o),
      (v, _id, o) => x(v.paytrace.updateCustomerWithProtect)('1000001', o),
      (v, _id, o) => x(v.paytrace.exportRecurrencesByCustomer)('1000001', o),
      (v, _id, o) => x(v.paytrace.getAchCustomer)(o),
      (v, _id, o) => x(v.customers.create)(o),
      (v, _id, o) => x(v.customers.list)({ filter: o }),
    ]
    let sent = 0
    const count = () => void sent++
    nock.emitter.on('no match', count)
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.tuple(fc.constantFrom(...byId), badId, fc.constant<unknown>(undefined)),
            fc.tuple(fc.constantFrom(...byObject), fc.constant('1000001'), badObject),
          ),
          async ([call, id, o]) => {
            let r: E.Either<VaultError, unknown>
            try {
              r = await call(makeVault() as PayTraceVault, id, o)()
            } catch (e) {
              throw new Error(`threw or rejected: ${e instanceof Error ? e.message : String(e)}`)
            }
            if (E.isRight(r) || r.left.kind !== 'Validation')
              throw new Error(`expected Validation, got ${E.isRight(r) ? 'Right' : r.left.kind}`)
          },
        ),
        { numRuns: fuzzRuns, ...(longMode ? {} : { seed: 20261203 }) },
      )
      expect(sent).toBe(0)
    } finally {
      nock.emitter.removeListener('no match', count)
    }
  })
})
