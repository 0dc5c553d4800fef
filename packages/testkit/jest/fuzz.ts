/**
 * Response fuzzing for HTTP adapters (test-only, not published). fast-check builds malformed
 * gateway answers: valid bodies with fields deleted, retyped or added, truncated JSON, HTML,
 * empty bodies, huge strings, random JSON and text, dropped connections, and any status from
 * 200 to 599. nock serves them, one per request, for every path of a base URL; each port
 * operation must then resolve (never reject, never throw) to a `Left` with a known `VaultError`
 * kind and a message, or to a `Right` the canonical codec accepts. A `Left` that only exists
 * because `defineVault` caught a throw ("failed unexpectedly") counts as a failure: a throw is
 * a bug even when the boundary contains it.
 *
 * Runs per property: 60 by default, 1000 with `VAULTPORT_LONG=1` (the long mode).
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import type * as t from 'io-ts'
import fc from 'fast-check'
import nock from 'nock'
import {
  Address,
  Customer,
  CustomerSummary,
  PaymentMethod,
  Recurrence,
  isVaultError,
  type AddressId,
  type CustomerId,
  type PaymentMethodId,
  type RecurrenceId,
  type Vault,
  type VaultError,
} from '@vaultport/core'
import {
  aBankAccountInput,
  aCardInput,
  aCustomerInput,
  aCustomerPatch,
  anAddressInput,
  anAddressPatch,
  aRecurrenceInput,
} from '../src/data'

// ---- model

export const longMode = process.env['VAULTPORT_LONG'] === '1'
export const fuzzRuns = longMode ? 1000 : 60
/**
 * The default run is the same every time (CI must not pass or fail by luck); the long mode
 * explores from a fresh seed, which fast-check prints with any counterexample, and
 * VAULTPORT_FUZZ_SEED replays one.
 */
const fuzzSeed: number | undefined =
  process.env['VAULTPORT_FUZZ_SEED'] !== undefined
    ? Number(process.env['VAULTPORT_FUZZ_SEED'])
    : longMode
      ? undefined
      : 20261121
// A thousand cases of up to four requests each outlast the suite's 30 s default.
if (longMode) jest.setTimeout(900_000)

export type WireReply =
  | {
      readonly kind: 'reply'
      readonly status: number
      readonly body: string
      readonly type: string
    }
  | { readonly kind: 'drop'; readonly code: string }

type Json = unknown
type Slot = { readonly parent: Record<string, Json> | Json[]; readonly key: string | number }

export interface FuzzOperation {
  readonly name: string
  readonly run: () => TaskEither<VaultError, unknown>
  /** Whether a `Right` value is what the port promises (decodes with the canonical codec). */
  readonly valid: (a: unknown) => boolean
}

export type Family = 'customers' | 'addresses' | 'paymentMethods' | 'recurrences'

// ---- arbitraries

const HTML = [
  '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
  '<!DOCTYPE html><html><body><p>Down for maintenance</p></body></html>',
]

const huge = fc.constantFrom(5_000, 70_000, 1_000_000).map((n) => 'x'.repeat(n))

/** A value of the wrong type for whatever field it lands in. */
export const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constant(''),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  huge,
)

const mutation = fc.record({
  op: fc.constantFrom('delete', 'replace', 'extra'),
  at: fc.nat(),
  key: fc.string({ maxLength: 12 }),
  value: wrongValue,
})
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const slotsOf = (v: Json, out: Slot[] = []): Slot[] => {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push({ parent: v, key: i })
      slotsOf(x, out)
    })
  else if (isObject(v))
    for (const [k, x] of Object.entries(v)) {
      out.push({ parent: v, key: k })
      slotsOf(x, out)
    }
  return out
}

const objectsOf = (v: Json): Record<string, Json>[] => [
  ...(isObject(v) ? [v] : []),
  ...slotsOf(v)
    .map((s) => (s.parent as Record<string | number, Json>)[s.key])
    .filter(isObject),
]

/** Applies mutations to a deep copy of a valid body. */
export const mutate = (sample: Json, mutations: ReadonlyArray<Mutation>): Json => {
  const body = structuredClone(sample)
  for (const m of mutations) {
    if (m.op === 'extra') {
      const objects = objectsOf(body)
      const target = objects[m.at % Math.max(objects.length, 1)]
      if (target !== undefined) target[m.key === '' ? 'extra' : m.key] = m.value
      continue
    }
    const slots = slotsOf(body)
    const slot = slots[m.at % Math.max(slots.length, 1)]
    if (slot === undefined) continue
    if (m.op === 'replace') (slot.parent as Record<string | number, Json>)[slot.key] = m.value
    else if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1)
    else delete slot.parent[slot.key as string]
  }
  return body
}

const json = (s: string) => ({ body: s, type: 'application/json' })

/** A response body: mostly mutations of the valid `samples`, plus every kind of garbage. */
export const malformedBody = (
  samples: ReadonlyArray<Json>,
): fc.Arbitrary<{ body: string; type: string }> => {
  const sample = fc.constantFrom(...samples)
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(sample, fc.array(mutation, { minLength: 1, maxLength: 4 }))
        .map(([s, ms]) => json(JSON.stringify(mutate(s, ms)))),
    },
    { weight: 4, arbitrary: sample.map((s) => json(JSON.stringify(s))) },
    {
      weight: 1,
      arbitrary: fc.tuple(sample, fc.nat()).map(([s, n]) => {
        const text = JSON.stringify(s)
        return json(text.slice(0, n % Math.max(text.length, 1)))
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...HTML).map((body) => ({ body, type: 'text/html' })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('application/json', 'text/plain')
        .map((type) => ({ body: '', type })),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => json(JSON.stringify(v) ?? 'null')) },
    { weight: 1, arbitrary: fc.string().map((body) => ({ body, type: 'text/plain' })) },
    { weight: 1, arbitrary: huge.map((s) => json(JSON.stringify(s))) },
  )
}

/** Common statuses often, and any from 200 to 599 (1xx is not a final answer in HTTP). */
export const anyStatus: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(200, 201) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(204, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503, 504),
  },
  { weight: 2, arbitrary: fc.integer({ min: 200, max: 599 }) },
)

export const wireReply = (samples: ReadonlyArray<Json>): fc.Arbitrary<WireReply> =>
  fc.oneof(
    {
      weight: 19,
      arbitrary: fc
        .tuple(anyStatus, malformedBody(samples))
        .map(([status, b]): WireReply => ({ kind: 'reply', status, ...b })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('ECONNRESET', 'ECONNREFUSED', 'EPIPE')
        .map((code): WireReply => ({ kind: 'drop', code })),
    },
  )

/** The answers to the requests one operation sends, in order; the last repeats. */
export const wireReplies = (samples: ReadonlyArray<Json>) =>
  fc.array(wireReply(samples), { minLength: 1, maxLength: 4 })

// ---- nock

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * Answers every request to `base` whose path `matches` with the next of `replies`.
 * Returns how many requests were answered.
 */
export const serve = (
  base: string,
  replies: ReadonlyArray<WireReply>,
  matches: (path: string) => boolean = () => true,
): (() => number) => {
  let served = 0
  for (const method of METHODS)
    nock(base)
      .persist()
      .intercept(matches, method)
      .reply((_uri, _body, callback) => {
        const r = replies[Math.min(served++, replies.length - 1)] as WireReply
        if (r.kind === 'drop')
          callback(Object.assign(new Error(`socket ${r.code}`), { code: r.code }), [0, ''])
        else callback(null, [r.status, r.body, { 'content-type': r.type }])
      })
  return () => served
}

// ---- outcome

/** What is wrong with an operation's outcome, or undefined when it is acceptable. */
export const problemWith = (
  result: E.Either<VaultError, unknown>,
  valid: (a: unknown) => boolean,
): string | undefined => {
  if (E.isRight(result))
    return valid(result.right) ? undefined : `Right fails the codec: ${preview(result.right)}`
  const e = result.left
  if (!isVaultError(e)) return `Left is not a VaultError: ${preview(e)}`
  if (typeof e.message !== 'string' || e.message.trim() === '') return 'Left without a message'
  if (!Array.isArray(e.gatewayMessages)) return 'Left without gatewayMessages'
  if (/failed unexpectedly/.test(e.message)) return `the adapter threw: ${e.message}`
  return undefined
}

const preview = (u: unknown): string => (JSON.stringify(u) ?? String(u)).slice(0, 300)

/** Runs an operation: a synchronous throw or a rejection is reported, not propagated. */
export const outcomeOf = async (
  op: FuzzOperation,
  tally?: { right: number; left: Map<string, number> },
): Promise<string | undefined> => {
  let result: E.Either<VaultError, unknown>
  try {
    result = await op.run()()
  } catch (e) {
    return `${op.name} threw or rejected: ${e instanceof Error ? e.message : String(e)}`
  }
  if (tally !== undefined) {
    if (result._tag === 'Right') tally.right++
    else tally.left.set(result.left.kind, (tally.left.get(result.left.kind) ?? 0) + 1)
  }
  const problem = problemWith(result, op.valid)
  return problem === undefined ? undefined : `${op.name}: ${problem}`
}

/** Collects unhandled rejections for the whole file; `afterAll` expects none. */
export const guardUnhandledRejections = (): void => {
  const seen: unknown[] = []
  const onRejection = (reason: unknown) => void seen.push(reason)
  beforeAll(() => void process.on('unhandledRejection', onRejection))
  afterAll(() => {
    process.off('unhandledRejection', onRejection)
    expect(seen.map((r) => (r instanceof Error ? r.message : String(r)))).toEqual([])
  })
}

// ---- canonical checks

const isWarnings = (u: unknown): boolean =>
  Array.isArray(u) &&
  u.every(
    (w) =>
      typeof w === 'object' &&
      w !== null &&
      typeof (w as { code?: unknown }).code === 'string' &&
      typeof (w as { message?: unknown }).message === 'string',
  )

const written =
  (codec: t.Mixed) =>
  (u: unknown): boolean =>
    typeof u === 'object' &&
    u !== null &&
    codec.is((u as { value?: unknown }).value) &&
    isWarnings((u as { warnings?: unknown }).warnings)

const page =
  (codec: t.Mixed) =>
  (u: unknown): boolean => {
    if (typeof u !== 'object' || u === null) return false
    const p = u as { items?: unknown; nextCursor?: unknown; totalCount?: unknown }
    return (
      Array.isArray(p.items) &&
      p.items.every((i) => codec.is(i)) &&
      (p.nextCursor === undefined || (typeof p.nextCursor === 'string' && p.nextCursor !== '')) &&
      (p.totalCount === undefined ||
        (typeof p.totalCount === 'number' &&
          Number.isSafeInteger(p.totalCount) &&
          p.totalCount >= 0))
    )
  }

const nothing = (u: unknown): boolean => u === undefined
const list = (codec: t.Mixed) => (u: unknown) => Array.isArray(u) && u.every((i) => codec.is(i))

// ---- operations

export interface FuzzIds {
  readonly customer: CustomerId
  readonly address: AddressId
  readonly paymentMethod: PaymentMethodId
  readonly recurrence: RecurrenceId
}

/**
 * Every port operation, grouped by endpoint family, with valid inputs the capabilities accept:
 * the fuzz is about answers, so requests must get past validation to reach the wire.
 */
export const portOperations = (
  vault: Vault,
  ids: FuzzIds,
  now: Date,
): Readonly<Record<Family, ReadonlyArray<FuzzOperation>>> => {
  const caps = vault.capabilities
  const c = ids.customer
  const op = (
    name: string,
    run: () => TaskEither<VaultError, unknown>,
    valid: (a: unknown) => boolean,
  ): FuzzOperation => ({ name, run, valid })
  const recurrence = aRecurrenceInput(caps, c, now)
  return {
    customers: [
      op('customers.get', () => vault.customers.get(c), Customer.is),
      op('customers.list', () => vault.customers.list({ pageSize: 10 }), page(CustomerSummary)),
      op('customers.create', () => vault.customers.create(aCustomerInput(caps)), written(Customer)),
      op(
        'customers.create with a card',
        () => vault.customers.create({ ...aCustomerInput(caps), paymentMethod: aCardInput(now) }),
        written(Customer),
      ),
      op(
        'customers.update',
        () => vault.customers.update(c, aCustomerPatch(caps)),
        written(Customer),
      ),
      op('customers.delete', () => vault.customers.delete(c), nothing),
      op(
        'customers.findByReference',
        () => vault.customers.findByReference('ada001'),
        (u) => u === undefined || Customer.is(u),
      ),
    ],
    addresses: [
      op(
        'addresses.add',
        () => vault.addresses.add(c, anAddressInput('shipping')),
        written(Address),
      ),
      op(
        'addresses.update',
        () => vault.addresses.update(c, ids.address, anAddressPatch()),
        written(Address),
      ),
      op('addresses.remove', () => vault.addresses.remove(c, ids.address), nothing),
    ],
    paymentMethods: [
      op('paymentMethods.list', () => vault.paymentMethods.list(c), list(PaymentMethod)),
      op(
        'paymentMethods.add card',
        () => vault.paymentMethods.add(c, aCardInput(now)),
        written(PaymentMethod),
      ),
      op(
        'paymentMethods.add bank account',
        () => vault.paymentMethods.add(c, aBankAccountInput()),
        written(PaymentMethod),
      ),
      op(
        'paymentMethods.update',
        () =>
          vault.paymentMethods.update(c, ids.paymentMethod, {
            expiry: { month: 11, year: now.getUTCFullYear() + 2 },
          }),
        written(PaymentMethod),
      ),
      op('paymentMethods.remove', () => vault.paymentMethods.remove(c, ids.paymentMethod), nothing),
      op(
        'paymentMethods.setDefault',
        () => vault.paymentMethods.setDefault(c, ids.paymentMethod),
        nothing,
      ),
    ],
    recurrences:
      recurrence === undefined
        ? []
        : [
            op(
              'recurrences.create',
              () => vault.recurrences.create(recurrence),
              written(Recurrence),
            ),
            op('recurrences.get', () => vault.recurrences.get(ids.recurrence), Recurrence.is),
            op(
              'recurrences.update',
              () => vault.recurrences.update(ids.recurrence, { totalCount: 24 }),
              written(Recurrence),
            ),
            op('recurrences.delete', () => vault.recurrences.delete(ids.recurrence), nothing),
            op(
              'recurrences.listByCustomer',
              () => vault.recurrences.listByCustomer(c, { pageSize: 10 }),
              page(Recurrence),
            ),
          ],
  }
}

/** HTTP options for a fuzzed vault: short timeouts, one retry, no waiting. */
export const fuzzHttpOptions = {
  timeoutMs: 2000,
  retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5 },
  sleep: async () => undefined,
}

/**
 * The suite for one adapter: nock only (no real connection), an unhandled-rejection guard, and
 * one property per endpoint family, answered from `samples[family]` by `setup` (default: every
 * request to `base`); `more` adds tests to the suite.
 */
export const describeResponseFuzz = <F extends Family>(
  gateway: string,
  families: ReadonlyArray<F>,
  family: (vault: Vault, name: F) => ReadonlyArray<FuzzOperation>,
  makeVault: () => Vault,
  base: string,
  samples: Readonly<Record<F, ReadonlyArray<Json>>>,
  more: () => void = () => undefined,
  setup: (replies: ReadonlyArray<WireReply>) => void = (replies) => void serve(base, replies),
): void => {
  beforeAll(() => nock.disableNetConnect())
  afterEach(() => nock.cleanAll())
  afterAll(() => nock.enableNetConnect())
  guardUnhandledRejections()
  describe(`${gateway} answers malformed responses with typed outcomes`, () => {
    it.each([...families])('%s', async (name) => {
      await fuzzFamily((v) => family(v, name), makeVault, setup, samples[name])
    })
    more()
  })
}

/**
 * The property for one family: for any sequence of malformed answers, every operation of the
 * family has an acceptable outcome. `setup` registers the interceptors for one run.
 */
export const fuzzFamily = async (
  operations: (vault: Vault) => ReadonlyArray<FuzzOperation>,
  makeVault: () => Vault,
  setup: (replies: ReadonlyArray<WireReply>) => void,
  samples: ReadonlyArray<Json>,
): Promise<void> => {
  const tally = { right: 0, left: new Map<string, number>() }
  const count = operations(makeVault()).length
  if (count === 0) throw new Error('no operations to fuzz in this family')
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: count - 1 }), wireReplies(samples), async (index, replies) => {
      nock.cleanAll()
      setup(replies)
      const op = operations(makeVault())[index] as FuzzOperation
      const problem = await outcomeOf(op, tally)
      nock.cleanAll()
      if (problem !== undefined) throw new Error(problem)
    }),
    { numRuns: fuzzRuns, ...(fuzzSeed === undefined ? {} : { seed: fuzzSeed }) },
  )
  if (process.env['VAULTPORT_FUZZ_STATS'] === '1')
    process.stderr.write(`rights ${tally.right} lefts ${JSON.stringify([...tally.left])}\n`)
}

// ---- decodeFast's law

type Codec = t.Type<unknown, unknown, unknown>

const isCodec = (u: unknown): u is Codec =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as Codec).is === 'function' &&
  typeof (u as Codec).decode === 'function'

/** Deep equality that reads a key holding `undefined` as absent, as a decoded record does. */
const sameValue = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys)
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false
  return true
}

/** Every value inside `v`, `v` included. */
const nestedValues = (v: Json): Json[] => [
  v,
  ...slotsOf(v).map((s) => (s.parent as Record<string | number, Json>)[s.key]),
]

export interface LawCheck {
  /** "codec: why", for each codec whose `is` accepts a value its decode changes or refuses. */
  readonly violations: ReadonlyArray<string>
  /** The codecs that accepted some value: a codec that accepted none was not checked. */
  readonly exercised: ReadonlySet<string>
}

/**
 * `decodeFast` (core) returns a value `codec.is` accepts without decoding it, which is right only
 * if decoding would return that same value. Checks that on every codec `module` exports, for
 * each of `values` and every value nested in them.
 */
export const decodeFastLaw = (
  module: Readonly<Record<string, unknown>>,
  values: ReadonlyArray<Json>,
): LawCheck => {
  const violations: string[] = []
  const exercised = new Set<string>()
  for (const value of values.flatMap(nestedValues)) {
    for (const [name, codec] of Object.entries(module)) {
      if (!isCodec(codec) || !codec.is(value)) continue
      exercised.add(name)
      const decoded = codec.decode(value)
      if (E.isLeft(decoded)) violations.push(`${name}: is() accepts a value decode() refuses`)
      else if (!sameValue(decoded.right, value))
        violations.push(`${name}: decode() changes a value is() accepts`)
    }
  }
  return { violations: [...new Set(violations)], exercised }
}

/**
 * The law as a property: on the `samples` and on mutations of them (fields deleted, retyped,
 * added), every codec of `module` that accepts a value decodes it to itself. `exercised` names
 * the codecs the samples must reach, so that the check cannot pass by checking nothing.
 */
export const describeDecodeFastLaw = (
  title: string,
  module: Readonly<Record<string, unknown>>,
  samples: ReadonlyArray<Json>,
  exercised: ReadonlyArray<string>,
): void =>
  describe(`${title}: decodeFast's law (a value is() accepts decodes to itself)`, () => {
    it('holds on the samples, which reach the codecs named', () => {
      const check = decodeFastLaw(module, samples)
      expect(check.violations).toEqual([])
      expect(exercised.filter((name) => !check.exercised.has(name))).toEqual([])
    })
    it('holds on mutated samples', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...samples),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          (sample, ms) => {
            expect(decodeFastLaw(module, [mutate(sample, ms)]).violations).toEqual([])
          },
        ),
        { numRuns: fuzzRuns, ...(fuzzSeed === undefined ? {} : { seed: fuzzSeed }) },
      )
    })
  })
