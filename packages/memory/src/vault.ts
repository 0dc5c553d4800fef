/**
 * `createMemoryVault`: every port over in-memory Maps, built through core's `defineVault` so that
 * argument decoding, capability checks and input validation are the very code every adapter
 * runs. What is left here is the state: ids, limits (a write past one is `Conflict`, never an
 * overwrite), unknown ids (`NotFound`), paging with offset cursors, and fault injection.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  defineVault,
  detectBrand,
  notFound,
  offsetCursor,
  readOffsetCursor,
  validationError,
  vaultError,
  warning,
  written,
  type Address,
  type AddressInput,
  type AddressPatch,
  type Capabilities,
  type Customer,
  type CustomerDefaults,
  type CustomerFields,
  type CustomerFilter,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type ErrorContext,
  type ListQuery,
  type OperationName,
  type Page,
  type PaymentMethod,
  type PaymentMethodInput,
  type PaymentMethodPatch,
  type PortImplementations,
  type Recurrence,
  type RecurrenceInput,
  type RecurrencePatch,
  type Vault,
  type VaultError,
  type Warning,
  type Written,
  createFaultInjector,
  type FaultInjector,
  type FaultPlan,
} from '@vaultport/core'
import { compact, emptyState, pageOf, type MemoryState, type StoredCustomer } from './store'
import { capabilitiesFor, defaultTopology, type MemoryTopology } from './topology'

// ---- model

export interface MemoryVaultOptions {
  /** Limits and features to imitate; unset keys come from `topologies.full`. */
  readonly topology?: Partial<MemoryTopology>
  readonly faults?: FaultPlan
  /** Seeds random faults when the plan gives no seed of its own. */
  readonly seed?: number
  /** The clock for timestamps and expiry checks. */
  readonly now?: () => Date
  /** Prefixed to every id this vault issues, e.g. `a_` → `a_cus_1`. */
  readonly idPrefix?: string
  /**
   * Gateway tokens this vault accepts, each with the method it stands for (public test data).
   * Defaults to `defaultMemoryTokens`.
   */
  readonly tokens?: Readonly<Record<string, TokenTarget>>
}

/** What a gateway token stands for in the memory vault. */
export type TokenTarget =
  | {
      readonly kind: 'card'
      readonly number: string
      readonly month: number
      readonly year: number
    }
  | {
      readonly kind: 'bank_account'
      readonly accountLast4: string
      readonly accountType: 'checking' | 'savings'
    }

export const defaultMemoryTokens: Readonly<Record<string, TokenTarget>> = {
  tok_visa: { kind: 'card', number: '4111111111111111', month: 12, year: 2030 },
  tok_mastercard: { kind: 'card', number: '5555555555554444', month: 12, year: 2030 },
  tok_amex: { kind: 'card', number: '378282246310005', month: 12, year: 2030 },
  tok_discover: { kind: 'card', number: '6011111111111117', month: 12, year: 2030 },
  tok_checking: { kind: 'bank_account', accountLast4: '6789', accountType: 'checking' },
}

export interface MemoryInspection {
  readonly customers: number
  readonly addresses: number
  readonly paymentMethods: number
  readonly recurrences: number
}

export interface MemorySnapshot {
  readonly customers: ReadonlyArray<Customer>
  readonly recurrences: ReadonlyArray<Recurrence>
}

export type MemoryVault<C extends Capabilities = Capabilities> = Vault<C> & {
  readonly topology: MemoryTopology
  /** Counts of what the vault holds. */
  readonly inspect: () => MemoryInspection
  /** Every customer and recurrence, in creation order (deep copies). */
  readonly snapshot: () => MemorySnapshot
  /** Scripted faults not yet consumed. */
  readonly pendingFaults: FaultInjector['pending']
}

// ---- constructors

const ok = <A>(a: A): E.Either<VaultError, A> => E.right(a)

export const createMemoryVault = (options: MemoryVaultOptions = {}): MemoryVault => {
  const topology: MemoryTopology = { ...defaultTopology, ...options.topology }
  const caps = capabilitiesFor(topology)
  const now = options.now ?? (() => new Date())
  const prefix = options.idPrefix ?? ''
  const tokens = options.tokens ?? defaultMemoryTokens
  const state: MemoryState = emptyState()
  const faults = createFaultInjector(options.faults, options.seed ?? 1)
  const ctxOf = (operation: OperationName): ErrorContext & { operation: OperationName } => ({
    gateway: caps.gateway,
    operation,
  })
  const stamp = () => now().toISOString()
  const nextId = (kind: keyof MemoryState['counters'], tag: string): string =>
    `${prefix}${tag}_${++state.counters[kind]}`

  // ---- reads

  const toCustomer = (c: StoredCustomer): Customer =>
    structuredClone({
      id: c.id,
      ...c.fields,
      addresses: [...c.addresses.values()],
      paymentMethods: [...c.paymentMethods.values()],
      defaults: c.defaults,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      ...(c.gatewayData === undefined ? {} : { gatewayData: c.gatewayData }),
    }) as unknown as Customer

  const toSummary = (c: StoredCustomer): CustomerSummary => {
    const { reference, name, company, email, phone } = c.fields
    return compact({
      id: c.id,
      reference,
      name,
      company,
      email,
      phone,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    }) as CustomerSummary
  }

  const findCustomer = (op: OperationName, id: string): E.Either<VaultError, StoredCustomer> => {
    const c = state.customers.get(id)
    return c === undefined ? E.left(notFound(ctxOf(op), `customer ${id}`)) : E.right(c)
  }

  const conflict = (op: OperationName, message: string): VaultError =>
    vaultError('Conflict', ctxOf(op), message)

  const invalid = (op: OperationName, path: string, message: string): VaultError =>
    validationError(ctxOf(op), [{ path, message }])

  // ---- limits

  const overLimit = (limit: number | null, count: number): boolean =>
    limit !== null && count >= limit

  const addressRoom = (
    op: OperationName,
    c: StoredCustomer,
    role: Address['role'],
  ): VaultError | undefined => {
    const all = [...c.addresses.values()]
    const sameRole = all.filter((a) => a.role === role).length
    const roleLimit =
      role === 'billing'
        ? topology.billingAddressesPerCustomer
        : topology.shippingAddressesPerCustomer
    if (overLimit(topology.addressesPerCustomer, all.length)) {
      return conflict(op, `at most ${topology.addressesPerCustomer} addresses per customer`)
    }
    if (overLimit(roleLimit, sameRole)) {
      return conflict(op, `at most ${roleLimit} ${role} addresses per customer`)
    }
    return undefined
  }

  const methodRoom = (
    op: OperationName,
    c: StoredCustomer,
    kind: PaymentMethod['kind'],
  ): VaultError | undefined => {
    const all = [...c.paymentMethods.values()]
    const same = all.filter((m) => m.kind === kind).length
    const kindLimit = kind === 'card' ? topology.cardsPerCustomer : topology.bankAccountsPerCustomer
    if (overLimit(topology.paymentMethodsPerCustomer, all.length)) {
      return conflict(
        op,
        `at most ${topology.paymentMethodsPerCustomer} payment methods per customer`,
      )
    }
    if (overLimit(kindLimit, same)) {
      return conflict(op, `at most ${kindLimit} ${kind.replace('_', ' ')}s per customer`)
    }
    return undefined
  }

  // ---- writes

  const storeAddress = (c: StoredCustomer, input: AddressInput): Address => {
    const address = compact({ ...input, id: nextId('address', 'adr') }) as Address
    c.addresses.set(address.id, address)
    if (address.role === 'billing' && c.defaults.billingAddressId === undefined) {
      c.defaults = { ...c.defaults, billingAddressId: address.id }
    }
    if (address.role === 'shipping' && c.defaults.shippingAddressId === undefined) {
      c.defaults = { ...c.defaults, shippingAddressId: address.id }
    }
    return address
  }

  const cardFrom = (
    id: string,
    number: string,
    month: number,
    year: number,
    holderName: string | undefined,
  ): PaymentMethod =>
    compact({
      kind: 'card' as const,
      id,
      brand: detectBrand(number),
      last4: number.slice(-4),
      bin: number.slice(0, 6),
      expiry: topology.cardExpiryReadBack ? { month, year } : undefined,
      holderName,
      status: 'active' as const,
    }) as PaymentMethod

  /** The stored method an input stands for, or the reason it cannot be stored. */
  const methodFrom = (
    op: OperationName,
    input: PaymentMethodInput,
  ): E.Either<VaultError, { method: PaymentMethod; warnings: Warning[] }> => {
    const id = nextId('paymentMethod', 'pm')
    switch (input.kind) {
      case 'card':
        return E.right({
          method: cardFrom(
            id,
            input.number,
            input.expiry.month,
            input.expiry.year,
            input.holderName,
          ),
          warnings: topology.cardExpiryReadBack
            ? []
            : [
                warning(
                  'field_not_returned',
                  'this vault does not read card expiry back',
                  'expiry',
                ),
              ],
        })
      case 'bank_account':
        return E.right({
          method: compact({
            kind: 'bank_account' as const,
            id,
            accountType: input.accountType,
            accountLast4: input.accountNumber.slice(-4),
            routingLast4: input.routingNumber.slice(-4),
            holderType: input.holderType,
            secCode: input.secCode,
            holderName: input.holderName,
            status: 'active' as const,
          }) as PaymentMethod,
          warnings: [],
        })
      case 'gateway_token': {
        const target = Object.prototype.hasOwnProperty.call(tokens, input.token)
          ? tokens[input.token]
          : undefined
        if (target === undefined) return E.left(invalid(op, 'paymentMethod.token', 'unknown token'))
        return E.right({
          method:
            target.kind === 'card'
              ? cardFrom(id, target.number, target.month, target.year, input.holderName)
              : (compact({
                  kind: 'bank_account' as const,
                  id,
                  accountType: target.accountType,
                  accountLast4: target.accountLast4,
                  holderName: input.holderName,
                  status: 'active' as const,
                }) as PaymentMethod),
          warnings: [],
        })
      }
      case 'wallet':
        return E.right({
          method: {
            kind: 'card',
            id,
            brand: 'unknown',
            last4: '0000',
            status: 'active',
          } as PaymentMethod,
          warnings: [warning('wallet_card_masked', 'a wallet reveals no card details')],
        })
      case 'prior_transaction':
        return E.right({
          method: (input.rail === 'card'
            ? { kind: 'card', id, brand: 'unknown', last4: '0000', status: 'active' }
            : {
                kind: 'bank_account',
                id,
                accountType: 'checking',
                accountLast4: '0000',
                status: 'active',
              }) as PaymentMethod,
          warnings: [
            warning('prior_transaction_masked', 'the memory vault keeps no transaction details'),
          ],
        })
    }
  }

  const storeMethod = (
    op: OperationName,
    c: StoredCustomer,
    input: PaymentMethodInput,
    makeDefault: boolean,
  ): E.Either<VaultError, Written<PaymentMethod>> => {
    const made = methodFrom(op, input)
    if (E.isLeft(made)) return made
    const room = methodRoom(op, c, made.right.method.kind)
    if (room !== undefined) return E.left(room)
    const method = made.right.method
    c.paymentMethods.set(method.id, method)
    if (makeDefault || c.defaults.paymentMethodId === undefined) {
      c.defaults = { ...c.defaults, paymentMethodId: method.id }
    }
    return E.right(written(structuredClone(method), made.right.warnings))
  }

  const touch = (c: StoredCustomer) => {
    c.updatedAt = stamp()
  }

  // ---- customers

  const referenceTaken = (reference: string | undefined, except?: string): boolean =>
    reference !== undefined &&
    state.byReference.has(reference) &&
    state.byReference.get(reference) !== except

  const createCustomer = (input: CustomerInput): E.Either<VaultError, Written<Customer>> => {
    const op = 'customers.create'
    const warnings: Warning[] = []
    const { addresses = [], paymentMethod, gatewayData, ...rest } = input
    let fields: CustomerFields = compact(rest)
    if (topology.customerReference === 'none' && fields.reference !== undefined) {
      const { reference: _dropped, ...others } = fields
      fields = others
      warnings.push(warning('field_dropped', 'this vault keeps no merchant reference', 'reference'))
    }
    if (referenceTaken(fields.reference)) {
      return E.left(conflict(op, 'a customer with this reference already exists'))
    }
    const at = stamp()
    const c: StoredCustomer = {
      id: nextId('customer', 'cus'),
      fields,
      addresses: new Map(),
      paymentMethods: new Map(),
      defaults: {},
      createdAt: at,
      updatedAt: at,
      recurrences: [],
      ...(gatewayData === undefined ? {} : { gatewayData: structuredClone(gatewayData) }),
    }
    for (const a of addresses) {
      const room = addressRoom(op, c, a.role)
      if (room !== undefined) return E.left(room)
      storeAddress(c, a)
    }
    if (paymentMethod !== undefined) {
      const stored = storeMethod(op, c, paymentMethod, true)
      if (E.isLeft(stored)) return stored
      warnings.push(...stored.right.warnings)
    }
    state.customers.set(c.id, c)
    state.order.push(c.id)
    if (fields.reference !== undefined) state.byReference.set(fields.reference, c.id)
    return E.right(written(toCustomer(c), warnings))
  }

  const checkDefaults = (
    op: OperationName,
    c: StoredCustomer,
    defaults: CustomerPatch['defaults'],
  ): VaultError | undefined => {
    if (defaults === undefined) return undefined
    const { billingAddressId: b, shippingAddressId: s, paymentMethodId: p } = defaults
    if (b !== undefined && c.addresses.get(b)?.role !== 'billing') {
      return invalid(op, 'defaults.billingAddressId', 'is not a billing address of this customer')
    }
    if (s !== undefined && c.addresses.get(s)?.role !== 'shipping') {
      return invalid(op, 'defaults.shippingAddressId', 'is not a shipping address of this customer')
    }
    if (p !== undefined && !c.paymentMethods.has(p)) {
      return invalid(op, 'defaults.paymentMethodId', 'is not a payment method of this customer')
    }
    return undefined
  }

  const updateCustomer = (
    id: string,
    patch: CustomerPatch,
  ): E.Either<VaultError, Written<Customer>> => {
    const op = 'customers.update'
    const found = findCustomer(op, id)
    if (E.isLeft(found)) return found
    const c = found.right
    const warnings: Warning[] = []
    const { defaults, gatewayData, ...fieldPatch } = patch
    let changes: CustomerFields = fieldPatch
    if (topology.customerReference === 'none' && changes.reference !== undefined) {
      const { reference: _dropped, ...others } = changes
      changes = others
      warnings.push(warning('field_dropped', 'this vault keeps no merchant reference', 'reference'))
    }
    if (changes.reference === '' && topology.customerReference === 'required') {
      return E.left(invalid(op, 'reference', 'cannot be cleared: this vault requires one'))
    }
    if (changes.reference !== '' && referenceTaken(changes.reference, id)) {
      return E.left(conflict(op, 'a customer with this reference already exists'))
    }
    const bad = checkDefaults(op, c, defaults)
    if (bad !== undefined) return E.left(bad)
    if (c.fields.reference !== undefined && changes.reference !== undefined) {
      state.byReference.delete(c.fields.reference)
    }
    c.fields = compact({ ...c.fields, ...changes })
    if (c.fields.reference !== undefined) state.byReference.set(c.fields.reference, id)
    if (defaults !== undefined) c.defaults = compact({ ...c.defaults, ...defaults })
    if (gatewayData !== undefined) c.gatewayData = structuredClone(gatewayData)
    touch(c)
    return E.right(written(toCustomer(c), warnings))
  }

  const deleteCustomer = (id: string): E.Either<VaultError, void> => {
    const found = findCustomer('customers.delete', id)
    if (E.isLeft(found)) return found
    const c = found.right
    for (const r of c.recurrences) state.recurrences.delete(r)
    if (c.fields.reference !== undefined) state.byReference.delete(c.fields.reference)
    state.customers.delete(id)
    return E.right(undefined)
  }

  const matches = (filter: CustomerFilter | undefined) => {
    if (filter === undefined) return () => true
    const name = filter.name?.toLowerCase()
    const email = filter.email?.toLowerCase()
    const since = filter.changedSince === undefined ? undefined : Date.parse(filter.changedSince)
    return (c: StoredCustomer): boolean =>
      (name === undefined || (c.fields.name ?? '').toLowerCase().includes(name)) &&
      (email === undefined || (c.fields.email ?? '').toLowerCase() === email) &&
      (filter.reference === undefined || c.fields.reference === filter.reference) &&
      (since === undefined || Date.parse(c.updatedAt) >= since)
  }

  const pageSizeOf = (query: ListQuery | undefined) =>
    Math.min(query?.pageSize ?? 50, topology.maxPageSize)

  const listCustomers = (query?: ListQuery): E.Either<VaultError, Page<CustomerSummary>> => {
    const op = 'customers.list'
    const offset = readOffsetCursor(query?.cursor)
    if (offset === undefined) return E.left(invalid(op, 'cursor', 'is not a cursor of this vault'))
    const keep = matches(query?.filter)
    const { items, next } = pageOf(state.order, offset, pageSizeOf(query), (id) => {
      const c = state.customers.get(id)
      return c !== undefined && keep(c) ? toSummary(c) : undefined
    })
    return E.right({
      items,
      ...(next === undefined ? {} : { nextCursor: offsetCursor(next) }),
      ...(query?.filter === undefined ? { totalCount: state.customers.size } : {}),
    })
  }

  // ---- addresses

  const findAddress = (
    op: OperationName,
    customerId: string,
    addressId: string,
  ): E.Either<VaultError, { c: StoredCustomer; a: Address }> => {
    const found = findCustomer(op, customerId)
    if (E.isLeft(found)) return found
    const a = found.right.addresses.get(addressId)
    return a === undefined
      ? E.left(notFound(ctxOf(op), `address ${addressId}`))
      : E.right({ c: found.right, a })
  }

  const addAddress = (
    customerId: string,
    input: AddressInput,
  ): E.Either<VaultError, Written<Address>> => {
    const op = 'addresses.add'
    const found = findCustomer(op, customerId)
    if (E.isLeft(found)) return found
    const room = addressRoom(op, found.right, input.role)
    if (room !== undefined) return E.left(room)
    const a = storeAddress(found.right, input)
    touch(found.right)
    return E.right(written(structuredClone(a)))
  }

  const updateAddress = (
    customerId: string,
    addressId: string,
    patch: AddressPatch,
  ): E.Either<VaultError, Written<Address>> => {
    const found = findAddress('addresses.update', customerId, addressId)
    if (E.isLeft(found)) return found
    const { c, a } = found.right
    const { role: _role, ...fields } = patch as AddressPatch & { role?: unknown }
    const next = compact({ ...a, ...fields, id: a.id, role: a.role }) as Address
    c.addresses.set(a.id, next)
    touch(c)
    return E.right(written(structuredClone(next)))
  }

  const removeAddress = (customerId: string, addressId: string): E.Either<VaultError, void> => {
    const found = findAddress('addresses.remove', customerId, addressId)
    if (E.isLeft(found)) return found
    const { c } = found.right
    c.addresses.delete(addressId)
    c.defaults = compact<Record<string, string | undefined>>({
      ...c.defaults,
      billingAddressId:
        c.defaults.billingAddressId === addressId ? undefined : c.defaults.billingAddressId,
      shippingAddressId:
        c.defaults.shippingAddressId === addressId ? undefined : c.defaults.shippingAddressId,
    }) as CustomerDefaults
    touch(c)
    return ok(undefined)
  }

  // ---- payment methods

  const findMethod = (
    op: OperationName,
    customerId: string,
    methodId: string,
  ): E.Either<VaultError, { c: StoredCustomer; m: PaymentMethod }> => {
    const found = findCustomer(op, customerId)
    if (E.isLeft(found)) return found
    const m = found.right.paymentMethods.get(methodId)
    return m === undefined
      ? E.left(notFound(ctxOf(op), `payment method ${methodId}`))
      : E.right({ c: found.right, m })
  }

  const updateMethod = (
    customerId: string,
    methodId: string,
    patch: PaymentMethodPatch,
  ): E.Either<VaultError, Written<PaymentMethod>> => {
    const op = 'paymentMethods.update'
    const found = findMethod(op, customerId, methodId)
    if (E.isLeft(found)) return found
    const { c, m } = found.right
    const { expiry, holderName, status, accountType, holderType, secCode } = patch
    const wrongKind =
      m.kind === 'card'
        ? [accountType, holderType, secCode].some((v) => v !== undefined)
        : expiry !== undefined
    if (wrongKind) {
      return E.left(
        invalid(op, 'patch', `these fields do not apply to a ${m.kind.replace('_', ' ')}`),
      )
    }
    const next = compact(
      m.kind === 'card'
        ? {
            ...m,
            holderName: holderName ?? m.holderName,
            status: status ?? m.status,
            expiry: topology.cardExpiryReadBack ? (expiry ?? m.expiry) : undefined,
          }
        : {
            ...m,
            holderName: holderName ?? m.holderName,
            status: status ?? m.status,
            accountType: accountType ?? m.accountType,
            holderType: holderType ?? m.holderType,
            secCode: secCode ?? m.secCode,
          },
    ) as PaymentMethod
    c.paymentMethods.set(m.id, next)
    touch(c)
    return E.right(written(structuredClone(next)))
  }

  const removeMethod = (customerId: string, methodId: string): E.Either<VaultError, void> => {
    const found = findMethod('paymentMethods.remove', customerId, methodId)
    if (E.isLeft(found)) return found
    const { c } = found.right
    c.paymentMethods.delete(methodId)
    if (c.defaults.paymentMethodId === methodId) {
      const { paymentMethodId: _removed, ...rest } = c.defaults
      c.defaults = rest
    }
    touch(c)
    return ok(undefined)
  }

  const setDefault = (customerId: string, methodId: string): E.Either<VaultError, void> => {
    const found = findMethod('paymentMethods.setDefault', customerId, methodId)
    if (E.isLeft(found)) return found
    const { c, m } = found.right
    c.defaults = { ...c.defaults, paymentMethodId: m.id }
    touch(c)
    return ok(undefined)
  }

  // ---- recurrences

  const findRecurrence = (op: OperationName, id: string): E.Either<VaultError, Recurrence> => {
    const r = state.recurrences.get(id)
    return r === undefined ? E.left(notFound(ctxOf(op), `recurrence ${id}`)) : E.right(r)
  }

  const methodOf = (
    op: OperationName,
    c: StoredCustomer,
    methodId: string | undefined,
  ): E.Either<VaultError, string> => {
    if (methodId !== undefined) {
      return c.paymentMethods.has(methodId)
        ? E.right(methodId)
        : E.left(notFound(ctxOf(op), `payment method ${methodId}`))
    }
    const fallback = c.defaults.paymentMethodId
    return fallback === undefined
      ? E.left(invalid(op, 'paymentMethodId', 'the customer has no payment method to charge'))
      : E.right(fallback)
  }

  const createRecurrence = (input: RecurrenceInput): E.Either<VaultError, Written<Recurrence>> => {
    const op = 'recurrences.create'
    const found = findCustomer(op, input.customerId)
    if (E.isLeft(found)) return found
    const method = methodOf(op, found.right, input.paymentMethodId)
    if (E.isLeft(method)) return method
    const r = compact({
      id: nextId('recurrence', 'rec'),
      customerId: input.customerId,
      amount: input.amount,
      schedule: input.schedule,
      totalCount: input.totalCount,
      status: 'active' as const,
      paymentMethodId: method.right,
      startDate: input.startDate,
      nextDate: input.startDate,
      completedCount: 0,
      description: input.description,
      gatewayData: input.gatewayData,
    }) as Recurrence
    state.recurrences.set(r.id, structuredClone(r))
    found.right.recurrences.push(r.id)
    return E.right(written(r))
  }

  const updateRecurrence = (
    id: string,
    patch: RecurrencePatch,
  ): E.Either<VaultError, Written<Recurrence>> => {
    const op = 'recurrences.update'
    const found = findRecurrence(op, id)
    if (E.isLeft(found)) return found
    const r = found.right
    if (patch.paymentMethodId !== undefined) {
      const c = state.customers.get(r.customerId)
      if (c === undefined || !c.paymentMethods.has(patch.paymentMethodId)) {
        return E.left(notFound(ctxOf(op), `payment method ${patch.paymentMethodId}`))
      }
    }
    const next = compact({ ...r, ...patch }) as Recurrence
    state.recurrences.set(id, next)
    return E.right(written(structuredClone(next)))
  }

  const deleteRecurrence = (id: string): E.Either<VaultError, void> => {
    const found = findRecurrence('recurrences.delete', id)
    if (E.isLeft(found)) return found
    state.recurrences.delete(id)
    return ok(undefined)
  }

  const listRecurrences = (
    customerId: string,
    query?: ListQuery,
  ): E.Either<VaultError, Page<Recurrence>> => {
    const op = 'recurrences.listByCustomer'
    const found = findCustomer(op, customerId)
    if (E.isLeft(found)) return found
    const offset = readOffsetCursor(query?.cursor)
    if (offset === undefined) return E.left(invalid(op, 'cursor', 'is not a cursor of this vault'))
    const { items, next } = pageOf(found.right.recurrences, offset, pageSizeOf(query), (id) => {
      const r = state.recurrences.get(id)
      return r === undefined ? undefined : structuredClone(r)
    })
    return E.right({ items, ...(next === undefined ? {} : { nextCursor: offsetCursor(next) }) })
  }

  // ---- ports

  /** Lifts a synchronous implementation into a task, through the fault injector. */
  const task =
    <Args extends ReadonlyArray<never>, A>(
      op: OperationName,
      f: (...args: Args) => E.Either<VaultError, A>,
    ) =>
    (...args: Args): TaskEither<VaultError, A> =>
      faults.apply(caps.gateway, op, async () => f(...args))

  const ports: PortImplementations = {
    customers: {
      create: task('customers.create', createCustomer),
      get: task('customers.get', (id: string) =>
        E.map(toCustomer)(findCustomer('customers.get', id)),
      ),
      findByReference: task('customers.findByReference', (reference: string) => {
        const id = state.byReference.get(reference)
        const c = id === undefined ? undefined : state.customers.get(id)
        return ok(c === undefined ? undefined : toCustomer(c))
      }),
      update: task('customers.update', updateCustomer),
      delete: task('customers.delete', deleteCustomer),
      list: task('customers.list', listCustomers),
    },
    addresses: {
      add: task('addresses.add', addAddress),
      update: task('addresses.update', updateAddress),
      remove: task('addresses.remove', removeAddress),
    },
    paymentMethods: {
      add: task(
        'paymentMethods.add',
        (
          customerId: string,
          input: PaymentMethodInput,
          opts?: { makeDefault?: boolean },
        ): E.Either<VaultError, Written<PaymentMethod>> => {
          const op = 'paymentMethods.add'
          const found = findCustomer(op, customerId)
          if (E.isLeft(found)) return found
          const stored = storeMethod(op, found.right, input, opts?.makeDefault === true)
          if (E.isRight(stored)) touch(found.right)
          return stored
        },
      ),
      list: task('paymentMethods.list', (customerId: string) =>
        E.map((c: StoredCustomer) => structuredClone([...c.paymentMethods.values()]))(
          findCustomer('paymentMethods.list', customerId),
        ),
      ),
      update: task('paymentMethods.update', updateMethod),
      remove: task('paymentMethods.remove', removeMethod),
      setDefault: task('paymentMethods.setDefault', setDefault),
    },
    recurrences: {
      create: task('recurrences.create', createRecurrence),
      get: task('recurrences.get', (id: string) =>
        E.map((r: Recurrence) => structuredClone(r))(findRecurrence('recurrences.get', id)),
      ),
      update: task('recurrences.update', updateRecurrence),
      delete: task('recurrences.delete', deleteRecurrence),
      listByCustomer: task('recurrences.listByCustomer', listRecurrences),
    },
  } as unknown as PortImplementations

  const vault = defineVault({ capabilities: caps, ports, now })

  return {
    ...vault,
    topology,
    inspect: () => {
      let addresses = 0
      let paymentMethods = 0
      for (const c of state.customers.values()) {
        addresses += c.addresses.size
        paymentMethods += c.paymentMethods.size
      }
      return {
        customers: state.customers.size,
        addresses,
        paymentMethods,
        recurrences: state.recurrences.size,
      }
    },
    snapshot: () => ({
      customers: state.order.flatMap((id) => {
        const c = state.customers.get(id)
        return c === undefined ? [] : [toCustomer(c)]
      }),
      recurrences: [...state.recurrences.values()].map((r) => structuredClone(r)),
    }),
    pendingFaults: faults.pending,
  }
}
