// The hostile shapes the fuzz suite adds (issue 17): gateways that echo what they were sent
// (exactly, or regrouped), non-JSON error bodies at every status, hostile ids and hostile
// argument objects. Each property counts leaks, throws, rejections and wrong successes, and
// every count must be 0. Case counts follow the fuzz suite's (VAULTPORT_LONG=1 for many more).
import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import nock from 'nock'
import {
  addressId,
  customerId,
  formatVaultError,
  isVaultError,
  paymentMethodId,
  recurrenceId,
  type RecurrenceInput,
  type VaultError,
} from '@vaultport/core'
import { aBankAccountInput, aCardInput, testBankAccounts, testCards } from '@vaultport/testkit'
import { fuzzRuns, longMode } from '../../testkit/jest/fuzz'
import { statusRowFor } from '../src/errors'
import { BASE, countRequests, makeVault as makePlainVault } from './fixtures'
import { EPI } from './subscriptions'

/** Every vault here has the EPI, so the subscription calls (on BASE too) are in reach. */
const makeVault = () => makePlainVault({ epi: EPI })

type Vault = ReturnType<typeof makeVault>
type Outcome = E.Either<VaultError, unknown>

const now = new Date('2026-01-15T00:00:00Z')
const C = customerId('100864')
const TOKEN = '7B4DAFBEC4BA9CB8ACDD2446919CEB58A9CBE7AC'
const runs = { numRuns: fuzzRuns, ...(longMode ? {} : { seed: 20261122 }) }

// ---- leaks, separator-insensitive

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether `text` holds `secret` with any separators (or `%20`) between its characters. */
export const holdsSecret = (text: string, secret: string): boolean =>
  new RegExp(secret.split('').map(escape).join('(?:[^A-Za-z0-9]|%20)*'), 'i').test(text)

/** Every error field a caller, a log or the journal can see, as one text. */
const errorText = (e: VaultError): string => `${JSON.stringify(e)}\n${formatVaultError(e)}`

// ---- echoing gateways

/** How an echo groups a value: as sent, or regrouped as a person, a form or a proxy writes it. */
export const exactGroupings = [''] as const
export const regroupings = [' ', '-', '.', '  ', '\u00a0', '\t', '/', '%20'] as const

const grouped = (value: string, sep: string): string =>
  sep === '' ? value : (value.match(/.{1,4}/g) ?? [value]).join(sep)

/** Where an echo lands: each a status and a body built around the echoed text. */
const placements: ReadonlyArray<(w: string) => { body: string; type: string }> = [
  (w) => json({ code: 400, status: 'FAILED', errors: [`data/pan_num ${w} is invalid`] }),
  (w) => json({ status: 'FAILED', errors: `Invalid account_number ${w}` }),
  (w) => json({ error: [`Customer ${w} already exist`] }),
  (w) => json({ status: false, code: '400', message: `Not a valid APP ID for ${w}` }),
  (w) => json({ code: 400, status: 'FAILED', errors: ['Invalid Token'], sent: { value: w } }),
  (w) => json({ status: 'OK', payment_id: w, ach_profile_id: w, vault_customer_id: w }),
  (w) => ({ body: `card ${w} declined`, type: 'text/plain' }),
  (w) => ({ body: `<html><body><p>rejected ${w}</p></body></html>`, type: 'text/html' }),
  (w) => ({ body: `{"code":400,"status":"FAILED","errors":["${w}`, type: 'application/json' }),
]
const json = (u: unknown) => ({ body: JSON.stringify(u), type: 'application/json' })

const echoStatus = fc.constantFrom(200, 201, 302, 400, 401, 403, 404, 409, 422, 500, 501, 503)

/** Operations that send a card number, an account number or a token. */
const echoOperations: ReadonlyArray<
  readonly [string, ReadonlyArray<string>, (v: Vault) => () => Promise<Outcome>]
> = [
  ...Object.values(testCards).map(
    (card) =>
      [
        `paymentMethods.add ${card.brand}`,
        [card.number],
        (v: Vault) => v.paymentMethods.add(C, aCardInput(now, card)),
      ] as const,
  ),
  [
    'paymentMethods.add bank account',
    [testBankAccounts.checking.accountNumber],
    (v) => v.paymentMethods.add(C, aBankAccountInput()),
  ],
  [
    'paymentMethods.add token',
    [TOKEN],
    (v) => v.paymentMethods.add(C, { kind: 'gateway_token', token: TOKEN }),
  ],
  [
    'customers.create with a card',
    [testCards.visa.number],
    (v) => v.customers.create({ name: 'Ada Lee', paymentMethod: aCardInput(now) }),
  ],
  [
    'customers.create with a bank account',
    [testBankAccounts.savings.accountNumber],
    (v) =>
      v.customers.create({
        name: 'Ada Lee',
        paymentMethod: aBankAccountInput(testBankAccounts.savings),
      }),
  ],
]

/** The sensitive values a request carries: what its own answer echoes. */
const sentValues = (body: unknown): string[] => {
  const o = typeof body === 'string' ? safeParse(body) : body
  if (o === null || typeof o !== 'object') return []
  return ['pan_num', 'account_number', 'token']
    .map((k) => (o as Record<string, unknown>)[k])
    .filter((v): v is string => typeof v === 'string')
}
const safeParse = (s: string): unknown => {
  try {
    return JSON.parse(s) as unknown
  } catch {
    return undefined
  }
}

/** Answers every request with `status` and a body that echoes what that request sent. */
const serveEcho = (status: number, sep: string, place: number): void => {
  for (const m of ['GET', 'POST', 'PUT', 'DELETE'])
    nock(BASE)
      .persist()
      .intercept(/.*/, m)
      .reply((_uri, body) => {
        const echoed =
          sentValues(body)
            .map((v) => grouped(v, sep))
            .join(' and ') || 'nothing'
        const p = (placements[place % placements.length] as (typeof placements)[number])(echoed)
        return [status, p.body, { 'content-type': p.type }]
      })
}

/** What is wrong with one outcome: a wrong success, a non-error, a throw caught, or a leak. */
const problemOf = (r: Outcome, secrets: ReadonlyArray<string>): string | undefined => {
  if (E.isRight(r)) return `a wrong success: ${JSON.stringify(r.right).slice(0, 200)}`
  const e = r.left
  if (!isVaultError(e)) return 'a Left that is not a VaultError'
  if (/failed unexpectedly/.test(e.message)) return `a throw: ${e.message}`
  const leaked = secrets.filter((s) => holdsSecret(errorText(e), s))
  return leaked.length > 0 ? `leaked ${leaked.length} value(s) in a ${e.kind} error` : undefined
}

const settle = async (run: () => () => Promise<Outcome>): Promise<Outcome | string> => {
  try {
    return await run()()
  } catch (e) {
    return `threw or rejected: ${e instanceof Error ? e.message : String(e)}`
  }
}

/**
 * The echo property over `groupings`: 0 leaks, 0 throws, 0 rejections, 0 wrong successes, for
 * every operation that sends a card number, an account number or a token (core's redactor finds
 * regrouped letters-and-digits secrets as it finds regrouped digit runs).
 */
export const echoProperty = (groupings: ReadonlyArray<string>) => {
  const ops = echoOperations
  return fc.assert(
    fc.asyncProperty(
      fc.nat({ max: ops.length - 1 }),
      echoStatus,
      fc.constantFrom(...groupings),
      fc.nat(),
      async (i, status, sep, place) => {
        nock.cleanAll()
        serveEcho(status, sep, place)
        const [name, secrets, run] = ops[i] as (typeof echoOperations)[number]
        const r = await settle(() => run(makeVault()))
        nock.cleanAll()
        const problem = typeof r === 'string' ? r : problemOf(r, secrets)
        if (problem !== undefined) {
          throw new Error(`${name}, HTTP ${status}, ${JSON.stringify(sep)}: ${problem}`)
        }
      },
    ),
    runs,
  )
}

// ---- non-JSON error bodies at every status

/** A schedule whose first request is the add itself (its card is named). */
const schedule: RecurrenceInput = {
  customerId: C,
  amount: { amount: 2495, currency: 'USD' },
  schedule: { kind: 'interval', unit: 'month', every: 1 },
  startDate: '2026-02-14',
  totalCount: 'open_ended',
  paymentMethodId: paymentMethodId('card:97555'),
}

const NON_JSON = [
  { body: '', type: 'text/plain' },
  { body: 'Forbidden', type: 'text/plain' },
  { body: '<html><body><h1>Error</h1></body></html>', type: 'text/html' },
  { body: '{"code":400,"status":"FAI', type: 'application/json' },
  { body: 'null', type: 'application/json' },
] as const

/** Statuses core decides before the adapter reads the answer. */
const CORE_STATUSES = new Set([408, 429, 500, 502, 503, 504])

/** Operations whose first request is a read or a write, and the kinds a status may give them. */
const firstRequest: ReadonlyArray<
  readonly [string, 'read' | 'write', (v: Vault) => () => Promise<Outcome>]
> = [
  ['customers.get', 'read', (v) => v.customers.get(C)],
  ['customers.list', 'read', (v) => v.customers.list({ pageSize: 10 })],
  ['customers.create', 'write', (v) => v.customers.create({ name: 'Ada Lee' })],
  ['customers.update', 'write', (v) => v.customers.update(C, { email: 'a@b.co' })],
  ['customers.delete', 'write', (v) => v.customers.delete(C)],
  ['addresses.add', 'read', (v) => v.addresses.add(C, { role: 'billing', city: 'Edina' })],
  ['addresses.remove', 'read', (v) => v.addresses.remove(C, addressId('1:billing'))],
  ['paymentMethods.list', 'read', (v) => v.paymentMethods.list(C)],
  ['paymentMethods.add', 'write', (v) => v.paymentMethods.add(C, aCardInput(now))],
  [
    'paymentMethods.remove',
    'write',
    (v) => v.paymentMethods.remove(C, paymentMethodId('card:97555')),
  ],
  ['valor.listCustomerTransactions', 'read', (v) => v.valor.listCustomerTransactions('100864')],
  ['valor.removeAddressEntry', 'write', (v) => v.valor.removeAddressEntry('100864', '1')],
  ['recurrences.get', 'read', (v) => v.recurrences.get(recurrenceId('41001'))],
  ['recurrences.create', 'write', (v) => v.recurrences.create(schedule)],
  ['recurrences.delete', 'write', (v) => v.recurrences.delete(recurrenceId('41001'))],
  [
    'recurrences.update',
    'read',
    (v) => v.recurrences.update(recurrenceId('41001'), { status: 'paused' }),
  ],
  ['valor.findRecurrence', 'read', (v) => v.valor.findRecurrence(schedule)],
]

export const nonJsonProperty = () =>
  fc.assert(
    fc.asyncProperty(
      fc.nat({ max: firstRequest.length - 1 }),
      fc.oneof(fc.integer({ min: 200, max: 599 }), fc.constantFrom(301, 302, 303, 307, 308)),
      fc.constantFrom(...NON_JSON),
      async (i, status, reply) => {
        nock.cleanAll()
        for (const m of ['GET', 'POST', 'PUT', 'DELETE'])
          nock(BASE)
            .persist()
            .intercept(/.*/, m)
            .reply(status, reply.body, { 'content-type': reply.type })
        const [name, first, run] = firstRequest[i] as (typeof firstRequest)[number]
        const r = await settle(() => run(makeVault()))
        nock.cleanAll()
        const where = `${name}, HTTP ${status} ${JSON.stringify(reply.body)}`
        if (typeof r === 'string') throw new Error(`${where}: ${r}`)
        const problem = problemOf(r, [])
        if (problem !== undefined) throw new Error(`${where}: ${problem}`)
        if (E.isLeft(r) && !CORE_STATUSES.has(status)) {
          const row = statusRowFor(status)
          const want = first === 'write' ? row.write : row.read
          if (r.left.kind !== want) throw new Error(`${where}: ${r.left.kind}, not ${want}`)
        }
      },
    ),
    runs,
  )

// ---- hostile ids and argument objects: Validation, and nothing sent

/** Ids that could leave their path segment. */
const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('.', '..', '../..', './1'),
  fc
    .tuple(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('/', '\\', '\u0000', '\n', '\r', '\u001f', '\u007f', '\t'),
      fc.string({ maxLength: 6 }),
    )
    .map(([a, s, b]) => `1${a}${s}${b}1`),
)

const idCalls: ReadonlyArray<(v: Vault, id: string) => () => Promise<Outcome>> = [
  (v, id) => v.customers.get(customerId(id)),
  (v, id) => v.customers.delete(customerId(id)),
  (v, id) => v.customers.update(customerId(id), { email: 'a@b.co' }),
  (v, id) => v.addresses.add(customerId(id), { role: 'billing', city: 'Edina' }),
  (v, id) => v.addresses.remove(C, addressId(id)),
  (v, id) => v.paymentMethods.list(customerId(id)),
  (v, id) => v.paymentMethods.remove(C, paymentMethodId(id)),
  (v, id) => v.paymentMethods.update(C, paymentMethodId(id), { holderName: 'Ada' }),
  (v, id) => v.valor.listCustomerTransactions(id),
  (v, id) => v.valor.removeAddressEntry('100864', id),
  (v, id) => v.recurrences.get(recurrenceId(id)),
  (v, id) => v.recurrences.delete(recurrenceId(id)),
  (v, id) => v.recurrences.update(recurrenceId(id), { status: 'paused' }),
  (v, id) => v.recurrences.listByCustomer(customerId(id)),
  (v, id) => v.recurrences.create({ ...schedule, customerId: customerId(id) }),
  (v, id) => v.recurrences.create({ ...schedule, paymentMethodId: paymentMethodId(id) }),
]

/** Arguments no caller should pass: each must be refused as data, never thrown on. */
const hostileArgument: fc.Arbitrary<() => unknown> = fc.oneof(
  fc.constantFrom(
    () => null,
    () => undefined,
    () => 10n,
    () => new Proxy({}, {}),
    () =>
      new Proxy(
        { from: '2026-01-01' },
        {
          get: () => {
            throw new Error('trap')
          },
        },
      ),
    () => Object.defineProperty({}, 'from', { get: () => '2026-01-01', enumerable: true }),
    () => {
      const o: Record<string, unknown> = { pageSize: 10 }
      o['self'] = o
      return o
    },
    () => ({ pageSize: 10n }),
    () => [1, 2],
    () => new Date(0),
    () => Symbol('id'),
  ),
  fc.jsonValue({ maxDepth: 2 }).map((v) => () => v),
)

const argumentCalls: ReadonlyArray<(v: Vault, a: unknown) => unknown> = [
  (v, a) => v.valor.listCustomerTransactions(a as string),
  (v, a) => v.valor.listCustomerTransactions('100864', a as never),
  (v, a) => v.valor.removeAddressEntry(a as string, '1'),
  (v, a) => v.valor.removeAddressEntry('100864', a as string),
  (v, a) => v.customers.create(a as never),
  (v, a) => v.customers.update(C, a as never),
  (v, a) => v.paymentMethods.add(C, a as never),
  (v, a) => v.customers.list(a as never),
  (v, a) => v.recurrences.create(a as never),
  (v, a) => v.recurrences.update(recurrenceId('41001'), a as never),
  (v, a) => v.valor.findRecurrence(a as never),
]

export const hostileIdProperty = () =>
  fc.assert(
    fc.asyncProperty(fc.nat({ max: idCalls.length - 1 }), hostileId, async (i, id) => {
      nock.cleanAll()
      const sent = countRequests()
      const r = await settle(() => (idCalls[i] as (typeof idCalls)[number])(makeVault(), id))
      nock.cleanAll()
      const where = `call ${i} with ${JSON.stringify(id)}`
      if (typeof r === 'string') throw new Error(`${where}: ${r}`)
      if (E.isRight(r) || r.left.kind !== 'Validation') throw new Error(`${where}: not Validation`)
      if (sent() !== 0) throw new Error(`${where}: ${sent()} request(s) sent`)
    }),
    runs,
  )

/**
 * Hostile arguments: never a throw, never a rejection, never a request for the ones that cannot
 * be read as plain data; a value that is plain data may be a well-formed call, so it is only
 * held to "no throw, no rejection, an outcome of a known kind".
 */
export const hostileArgumentProperty = () =>
  fc.assert(
    fc.asyncProperty(
      fc.nat({ max: argumentCalls.length - 1 }),
      hostileArgument,
      async (i, make) => {
        nock.cleanAll()
        const sent = countRequests()
        let task: unknown
        try {
          task = (argumentCalls[i] as (typeof argumentCalls)[number])(makeVault(), make())
        } catch (e) {
          throw new Error(`call ${i} threw synchronously: ${String(e)}`)
        }
        const r = await settle(() => task as () => Promise<Outcome>)
        nock.cleanAll()
        if (typeof r === 'string') throw new Error(`call ${i}: ${r}`)
        const problem = E.isRight(r) ? undefined : problemOf(r, [])
        if (problem !== undefined) throw new Error(`call ${i}: ${problem}`)
        if (E.isRight(r) && sent() === 0) throw new Error(`call ${i}: a success with no request`)
      },
    ),
    runs,
  )
