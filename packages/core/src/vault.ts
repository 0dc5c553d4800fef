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
import { issuesFromDecodeErrors } from './decode'
import {
  unexpectedResponse,
  unsupported,
  validationError,
  type FieldIssue,
  type VaultError,
} from './errors'
import { AddressInput, AddressPatch } from './model/address'
import { CustomerInput, CustomerPatch } from './model/customer'
import { AddressId, CustomerId, PaymentMethodId, RecurrenceId } from './model/ids'
import { ListQuery } from './model/paging'
import { PaymentMethodInput, PaymentMethodPatch } from './model/paymentMethod'
import { RecurrenceInput, RecurrencePatch } from './model/recurrence'
import type { Ports, Vault } from './ports'
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

const AddOptions = t.partial({ makeDefault: t.boolean }, 'AddPaymentMethodOptions')

const specs: { readonly [P in PortName]: { readonly [K in keyof Ports[P]]: OperationSpec } } = {
  customers: {
    create: {
      args: [arg('input', CustomerInput)],
      check: (caps, [input], now) => validateCustomerInput(caps, input as CustomerInput, now),
      unsupportedBecause: (caps, [input]) =>
        inputKindUnsupported(caps, (input as CustomerInput).paymentMethod),
    },
    get: { args: [arg('id', CustomerId)] },
    findByReference: { args: [arg('reference', t.string)] },
    update: {
      args: [arg('id', CustomerId), arg('patch', CustomerPatch)],
      check: (caps, [, patch]) => validateCustomerPatch(caps, patch as CustomerPatch),
    },
    delete: { args: [arg('id', CustomerId)] },
    list: {
      args: [arg('query', ListQuery, true)],
      check: (caps, [query]) => validateListQuery(caps, query as ListQuery | undefined),
    },
  },
  addresses: {
    add: {
      args: [arg('customerId', CustomerId), arg('input', AddressInput)],
      check: (_caps, [, input]) => validateAddressInput(input as AddressInput),
    },
    update: {
      args: [
        arg('customerId', CustomerId),
        arg('addressId', AddressId),
        arg('patch', AddressPatch),
      ],
      check: (_caps, [, , patch]) => validateAddressInput(patch as AddressPatch),
    },
    remove: { args: [arg('customerId', CustomerId), arg('addressId', AddressId)] },
  },
  paymentMethods: {
    add: {
      args: [
        arg('customerId', CustomerId),
        arg('input', PaymentMethodInput),
        arg('options', AddOptions, true),
      ],
      check: (_caps, [, input], now) =>
        validatePaymentMethodInput(input as PaymentMethodInput, now, 'input'),
      unsupportedBecause: (caps, [, input]) =>
        inputKindUnsupported(caps, input as PaymentMethodInput),
    },
    list: { args: [arg('customerId', CustomerId)] },
    update: {
      args: [
        arg('customerId', CustomerId),
        arg('paymentMethodId', PaymentMethodId),
        arg('patch', PaymentMethodPatch),
      ],
      check: (caps, [, , patch], now) =>
        validatePaymentMethodPatch(patch as PaymentMethodPatch, now),
      unsupportedBecause: (caps, [, , patch]) =>
        (patch as PaymentMethodPatch).status !== undefined && !caps.paymentMethodStatus
          ? `${caps.displayName} has no payment-method status`
          : undefined,
    },
    remove: { args: [arg('customerId', CustomerId), arg('paymentMethodId', PaymentMethodId)] },
    setDefault: { args: [arg('customerId', CustomerId), arg('paymentMethodId', PaymentMethodId)] },
  },
  recurrences: {
    create: {
      args: [arg('input', RecurrenceInput)],
      check: (caps, [input]) => validateRecurrenceInput(caps, input as RecurrenceInput),
    },
    get: { args: [arg('id', RecurrenceId)] },
    update: {
      args: [arg('id', RecurrenceId), arg('patch', RecurrencePatch)],
      check: (caps, [, patch]) => validateRecurrencePatch(caps, patch as RecurrencePatch),
    },
    delete: { args: [arg('id', RecurrenceId)] },
    listByCustomer: {
      args: [arg('customerId', CustomerId), arg('query', ListQuery, true)],
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
    const result = a.codec.decode(value)
    if (E.isRight(result)) return result.right
    for (const issue of issuesFromDecodeErrors(result.left)) {
      issues.push({ ...issue, path: issue.path === '(root)' ? a.name : issue.path })
    }
    return undefined
  })
  return issues.length === 0 ? E.right(decoded) : E.left(issues)
}

const guard =
  (
    caps: Capabilities,
    op: OperationName,
    spec: OperationSpec,
    impl: Operation | undefined,
    now: () => Date,
  ): Operation =>
  (...args) =>
  async () => {
    const ctx = { gateway: caps.gateway, operation: op }
    if (impl === undefined || !supports(caps, op)) return E.left(unsupported(ctx))
    const decoded = decodeArgs(spec, args)
    if (E.isLeft(decoded)) return E.left(validationError(ctx, decoded.left))
    const values = decoded.right
    const why = spec.unsupportedBecause?.(caps, values)
    if (why !== undefined) return E.left(unsupported(ctx, why))
    const issues = spec.check?.(caps, values, now()) ?? []
    if (issues.length > 0) return E.left(validationError(ctx, issues))
    try {
      return await impl(...values)()
    } catch (e) {
      // A throw is a bug in an implementation; it still reaches the caller as data.
      const detail = defaultRedactor.text(e instanceof Error ? e.message : String(e))
      return E.left(
        unexpectedResponse(ctx, `${caps.gateway} adapter failed unexpectedly: ${detail}`),
      )
    }
  }

export type PortImplementations = { readonly [P in PortName]?: Partial<Ports[P]> }

export interface VaultDefinition<C extends Capabilities> {
  readonly capabilities: C
  readonly ports: PortImplementations
  /** The clock expiry checks use; tests pin it. */
  readonly now?: () => Date
}

/** Builds a `Vault` from an adapter's implementations, guarded at every operation. */
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
