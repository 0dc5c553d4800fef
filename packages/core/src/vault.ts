/**
 * `defineVault` is the one public boundary every adapter goes through. It turns a partial set of
 * port implementations into a whole `Vault`: arguments are decoded (a JavaScript caller can pass
 * anything), inputs are validated against the capabilities before any I/O, an operation the
 * capabilities deny is `Left(Unsupported)`, and nothing an implementation throws escapes.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import * as t from 'io-ts'
import { supports, type Capabilities, type OperationName, type PortName } from './capabilities'
import { decodeFast, everyOf, isRecord, issuesFromDecodeErrors, withIs } from './decode'
import {
  confirmedUnread,
  unexpectedResponse,
  unsupported,
  validationError,
  type FieldIssue,
  type VaultError,
} from './errors'
import { Address, AddressInput, AddressPatch } from './model/address'
import { Customer, CustomerInput, CustomerPatch, CustomerSummary } from './model/customer'
import { AddressId, CustomerId, PaymentMethodId, RecurrenceId } from './model/ids'
import { ListQuery } from './model/paging'
import { PaymentMethod, PaymentMethodInput, PaymentMethodPatch } from './model/paymentMethod'
import { Recurrence, RecurrenceInput, RecurrencePatch } from './model/recurrence'
import type { Ports, Vault } from './ports'
import { plainArguments } from './plainData'
import { defaultRedactor } from './redact'
import {
  validateAddressInput,
  validateCustomerInput,
  validateCustomerPatch,
  validateListQuery,
  validatePaymentMethodInput,
  validatePaymentMethodPatch,
  validateRecurrenceInput,
  validateRecurrencePatch,
} from './validate'

// ---- operation table

interface Arg {
  readonly name: string
  readonly codec: t.Mixed
  readonly optional?: boolean
}

interface OperationSpec {
  readonly args: ReadonlyArray<Arg>
  /** What a Right must be: nothing invalid leaves a port, whatever the gateway answered. */
  readonly result: t.Mixed
  /** Domain checks after decoding; the arguments are already of the decoded types. */
  readonly check?: (
    caps: Capabilities,
    args: ReadonlyArray<unknown>,
    now: Date,
  ) => ReadonlyArray<FieldIssue>
  /** A reason the capabilities rule this call out even though the operation exists. */
  readonly unsupportedBecause?: (
    caps: Capabilities,
    args: ReadonlyArray<unknown>,
  ) => string | undefined
}

const arg = (name: string, codec: t.Mixed, optional = false): Arg => ({ name, codec, optional })

const WarningCodec = t.intersection([
  t.type({ code: t.string, message: t.string }),
  t.partial({ field: t.string }),
])
const isWarning = (u: unknown): boolean =>
  isRecord(u) &&
  typeof u['code'] === 'string' &&
  typeof u['message'] === 'string' &&
  (u['field'] === undefined || typeof u['field'] === 'string')

// Every result is checked on its way out; these two are written out (see `withIs`).
const writtenOf = (value: t.Mixed) =>
  withIs(
    t.type({ value, warnings: t.readonlyArray(WarningCodec) }),
    (u): u is { value: unknown; warnings: ReadonlyArray<t.TypeOf<typeof WarningCodec>> } =>
      isRecord(u) && value.is(u['value']) && everyOf(u['warnings'], isWarning),
  )
const pageOf = (item: t.Mixed) =>
  withIs(
    t.intersection([
      t.type({ items: t.readonlyArray(item) }),
      t.partial({ nextCursor: t.string, totalCount: t.number }),
    ]),
    (u): u is { items: ReadonlyArray<unknown>; nextCursor?: string; totalCount?: number } =>
      isRecord(u) &&
      everyOf(u['items'], item.is) &&
      (u['nextCursor'] === undefined || typeof u['nextCursor'] === 'string') &&
      (u['totalCount'] === undefined || typeof u['totalCount'] === 'number'),
  )

const AddOptions = t.partial({ makeDefault: t.boolean }, 'AddPaymentMethodOptions')

const specs: { readonly [P in PortName]: { readonly [K in keyof Ports[P]]: OperationSpec } } = {
  customers: {
    create: {
      args: [arg('input', CustomerInput)],
      result: writtenOf(Customer),
      check: (caps, [input], now) => validateCustomerInput(caps, input as CustomerInput, now),
      unsupportedBecause: (caps, [input]) =>
        inputKindUnsupported(caps, (input as CustomerInput).paymentMethod),
    },
    get: { args: [arg('id', CustomerId)], result: Customer },
    findByReference: {
      args: [arg('reference', t.string)],
      result: t.union([Customer, t.undefined]),
    },
    update: {
      args: [arg('id', CustomerId), arg('patch', CustomerPatch)],
      result: writtenOf(Customer),
      check: (caps, [, patch]) => validateCustomerPatch(caps, patch as CustomerPatch),
    },
    delete: { args: [arg('id', CustomerId)], result: t.unknown },
    list: {
      args: [arg('query', ListQuery, true)],
      result: pageOf(CustomerSummary),
      check: (caps, [query]) => validateListQuery(caps, query as ListQuery | undefined),
    },
  },
  addresses: {
    add: {
      args: [arg('customerId', CustomerId), arg('input', AddressInput)],
      result: writtenOf(Address),
      check: (_caps, [, input]) => validateAddressInput(input as AddressInput),
    },
    update: {
      args: [
        arg('customerId', CustomerId),
        arg('addressId', AddressId),
        arg('patch', AddressPatch),
      ],
      result: writtenOf(Address),
      check: (_caps, [, , patch]) => validateAddressInput(patch as AddressPatch),
    },
    remove: {
      args: [arg('customerId', CustomerId), arg('addressId', AddressId)],
      result: t.unknown,
    },
  },
  paymentMethods: {
    add: {
      args: [
        arg('customerId', CustomerId),
        arg('input', PaymentMethodInput),
        arg('options', AddOptions, true),
      ],
      result: writtenOf(PaymentMethod),
      check: (_caps, [, input], now) =>
        validatePaymentMethodInput(input as PaymentMethodInput, now, 'input'),
      unsupportedBecause: (caps, [, input]) =>
        inputKindUnsupported(caps, input as PaymentMethodInput),
    },
    list: { args: [arg('customerId', CustomerId)], result: t.readonlyArray(PaymentMethod) },
    update: {
      args: [
        arg('customerId', CustomerId),
        arg('paymentMethodId', PaymentMethodId),
        arg('patch', PaymentMethodPatch),
      ],
      result: writtenOf(PaymentMethod),
      check: (caps, [, , patch], now) =>
        validatePaymentMethodPatch(patch as PaymentMethodPatch, now),
      unsupportedBecause: (caps, [, , patch]) =>
        (patch as PaymentMethodPatch).status !== undefined && !caps.paymentMethodStatus
          ? `${caps.displayName} has no payment-method status`
          : undefined,
    },
    remove: {
      args: [arg('customerId', CustomerId), arg('paymentMethodId', PaymentMethodId)],
      result: t.unknown,
    },
    setDefault: {
      args: [arg('customerId', CustomerId), arg('paymentMethodId', PaymentMethodId)],
      result: t.unknown,
    },
  },
  recurrences: {
    create: {
      args: [arg('input', RecurrenceInput)],
      result: writtenOf(Recurrence),
      check: (caps, [input]) => validateRecurrenceInput(caps, input as RecurrenceInput),
    },
    get: { args: [arg('id', RecurrenceId)], result: Recurrence },
    update: {
      args: [arg('id', RecurrenceId), arg('patch', RecurrencePatch)],
      result: writtenOf(Recurrence),
      check: (caps, [, patch]) => validateRecurrencePatch(caps, patch as RecurrencePatch),
    },
    delete: { args: [arg('id', RecurrenceId)], result: t.unknown },
    listByCustomer: {
      args: [arg('customerId', CustomerId), arg('query', ListQuery, true)],
      result: pageOf(Recurrence),
      check: (caps, [, query]) => validateListQuery(caps, query as ListQuery | undefined),
    },
  },
}

const inputKindUnsupported = (
  caps: Capabilities,
  input: PaymentMethodInput | undefined,
): string | undefined =>
  input === undefined || caps.paymentMethodInputs.includes(input.kind)
    ? undefined
    : `${caps.displayName} cannot store a payment method from a ${input.kind.replace('_', ' ')} input`

// ---- boundary

type Operation = (...args: ReadonlyArray<unknown>) => TaskEither<VaultError, unknown>

const decodeArgs = (
  spec: OperationSpec,
  args: ReadonlyArray<unknown>,
): E.Either<FieldIssue[], unknown[]> => {
  const issues: FieldIssue[] = []
  const decoded = spec.args.map((a, i) => {
    const value = args[i]
    if (value === undefined && a.optional === true) return undefined
    const result = decodeFast(a.codec, value)
    if (E.isRight(result)) return result.right
    for (const issue of issuesFromDecodeErrors(result.left)) {
      issues.push({ ...issue, path: issue.path === '(root)' ? a.name : issue.path })
    }
    return undefined
  })
  return issues.length === 0 ? E.right(decoded) : E.left(issues)
}

const guard = (
  caps: Capabilities,
  op: OperationName,
  spec: OperationSpec,
  impl: Operation | undefined,
  now: () => Date,
): Operation => {
  const names = spec.args.map((a) => a.name)
  return (...args) =>
    async () => {
      const ctx = { gateway: caps.gateway, operation: op }
      if (impl === undefined || !supports(caps, op)) return E.left(unsupported(ctx))
      const plain = plainArguments(names, args)
      if (E.isLeft(plain)) return E.left(validationError(ctx, plain.left))
      const decoded = decodeArgs(spec, plain.right)
      if (E.isLeft(decoded)) return E.left(validationError(ctx, decoded.left))
      const values = decoded.right
      const why = spec.unsupportedBecause?.(caps, values)
      if (why !== undefined) return E.left(unsupported(ctx, why))
      const issues = spec.check?.(caps, values, now()) ?? []
      if (issues.length > 0) return E.left(validationError(ctx, issues))
      try {
        const result = await impl(...values)()
        if (E.isLeft(result)) return result
        // A value that does not decode would break the caller's types: it is the gateway's answer
        // (or the adapter's reading of it) that is wrong, so it is reported as such.
        const checked = decodeFast(spec.result, result.right)
        if (E.isRight(checked)) return result
        const where = issuesFromDecodeErrors(checked.left, 3).map((i) => `${i.path} ${i.message}`)
        const unreadable = unexpectedResponse(
          ctx,
          `${caps.gateway} answered with a value vaultport cannot represent: ${where.join('; ')}`,
        )
        // A write that answered with its id took effect: the caller keeps the id, and is told so.
        const writtenId = writtenIdOf(result.right)
        return E.left(
          writtenId === undefined ? unreadable : confirmedUnread(ctx, writtenId, unreadable),
        )
      } catch (e) {
        // A throw is a bug in an implementation; it still reaches the caller as data.
        const detail = defaultRedactor.text(e instanceof Error ? e.message : String(e))
        return E.left(
          unexpectedResponse(ctx, `${caps.gateway} adapter failed unexpectedly: ${detail}`),
        )
      }
    }
}

/** The id inside a write's `Written` answer, where there is one. */
const writtenIdOf = (u: unknown): string | undefined => {
  const value: unknown = (u as { value?: unknown } | null)?.value
  const id: unknown = (value as { id?: unknown } | null)?.id
  return typeof id === 'string' && id !== '' ? id : undefined
}

/** @category Ports */
export type PortImplementations = { readonly [P in PortName]?: Partial<Ports[P]> }

/**
 * A port's operations as data, Reader style: each member takes the adapter's environment and
 * returns the operation. An adapter's `operations/customers.ts` exports one of these, and its
 * `client.ts` binds them all to the environment it built once.
 * @category Ports
 */
export type PortOperations<Env, P> = { readonly [K in keyof P]?: (env: Env) => P[K] }

/** @category Ports */
export type VaultOperations<Env> = {
  readonly [P in PortName]?: PortOperations<Env, Ports[P]>
}

/**
 * Every operation of every port, given the environment once.
 * @category Ports
 */
export const bindOperations = <Env>(
  env: Env,
  operations: VaultOperations<Env>,
): PortImplementations =>
  Object.fromEntries(
    Object.entries(operations).map(([port, ops]) => [
      port,
      Object.fromEntries(
        Object.entries(ops as Record<string, (env: Env) => unknown>).map(([name, op]) => [
          name,
          op(env),
        ]),
      ),
    ]),
  ) as PortImplementations

/** @category Ports */
export interface VaultDefinition<C extends Capabilities> {
  readonly capabilities: C
  readonly ports: PortImplementations
  /** The clock expiry checks use; tests pin it. */
  readonly now?: () => Date
}

/**
 * Builds a `Vault` from an adapter's implementations, guarded at every operation.
 * @category Ports
 * @example
 * ```ts
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import {
 *   allOperations,
 *   customerId,
 *   defineVault,
 *   notFound,
 *   type Capabilities,
 *   type CustomerId,
 * } from '@vaultport/core'
 * import { capabilitiesFor, defaultTopology } from '@vaultport/memory'
 *
 * // An adapter that reads customers and nothing else: every other operation answers Unsupported.
 * const off = allOperations(false)
 * const capabilities: Capabilities = {
 *   ...capabilitiesFor(defaultTopology),
 *   gateway: 'acme',
 *   displayName: 'Acme',
 *   operations: { ...off, customers: { ...off.customers, get: true } },
 * }
 * const vault = defineVault({
 *   capabilities,
 *   ports: {
 *     customers: {
 *       get: (id: CustomerId) =>
 *         TE.left(notFound({ gateway: 'acme', operation: 'customers.get' }, `customer ${id}`)),
 *     },
 *   },
 * })
 * const read = await vault.customers.get(customerId('c-1'))() // Left: NotFound
 * ```
 */
export const defineVault = <C extends Capabilities>(definition: VaultDefinition<C>): Vault<C> => {
  const now = definition.now ?? (() => new Date())
  const caps = definition.capabilities
  const build = <P extends PortName>(port: P) => {
    const impls = (definition.ports[port] ?? {}) as Record<string, Operation | undefined>
    const portSpecs = specs[port] as Record<string, OperationSpec>
    return Object.fromEntries(
      Object.entries(portSpecs).map(([name, spec]) => [
        name,
        guard(caps, `${port}.${name}` as OperationName, spec, impls[name], now),
      ]),
    )
  }
  return {
    capabilities: caps,
    customers: build('customers'),
    addresses: build('addresses'),
    paymentMethods: build('paymentMethods'),
    recurrences: build('recurrences'),
  } as unknown as Vault<C>
}
