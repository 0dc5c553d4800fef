/**
 * The contract scenarios, as data. Each names the operations it needs; which ones run, and what
 * they write, follows only from the vault's capabilities record: reads are compared field by
 * field for the fields it declares lossless, limits it declares are filled and then exceeded,
 * operations it denies must answer `Unsupported` and the ones it grants must not.
 */
import * as E from 'fp-ts/Either'
import {
  formatVaultError,
  operationNames,
  paymentMethodInputKinds,
  sameSchedule,
  type Address,
  type AddressInput,
  type Capabilities,
  type Customer,
  type CustomerId,
  type OperationName,
  type PaymentMethod,
  type PaymentMethodInput,
  type PaymentMethodInputKind,
  type Recurrence,
  type RecurrenceId,
} from '@vaultport/core'
import {
  expectEqual,
  expectFieldsEqual,
  expectLeftKind,
  expectNotLeftKind,
  expectRight,
  expectTrue,
  fail,
  notApplicable,
} from './assert'
import type { ContractContext } from './context'
import {
  aBankAccountInput,
  aCardInput,
  aCustomerInput,
  aCustomerPatch,
  anAddressInput,
  anAddressPatch,
  aRecurrenceInput,
  aReference,
  luhnInvalidCardNumber,
  nthTestBankAccount,
  nthTestCard,
  testBankAccounts,
  testCards,
  uniqueTag,
} from './data'
import { observationItems, scanForSecrets } from './observe'

// ---- model

export interface ContractScenario {
  readonly name: string
  /** Operations the scenario needs; without them it reports itself not applicable. */
  readonly requires: ReadonlyArray<OperationName>
  readonly run: (ctx: ContractContext) => Promise<void>
}

const scenario = (
  name: string,
  requires: ReadonlyArray<OperationName>,
  run: (ctx: ContractContext) => Promise<void>,
): ContractScenario => ({ name, requires, run })

// ---- helpers

const asId = <I extends string>(s: string): I => s as I

const getCustomer = (ctx: ContractContext, id: CustomerId): Promise<Customer> =>
  expectRight(ctx.vault.customers.get(id), 'customers.get')

const listMethods = (ctx: ContractContext, id: CustomerId): Promise<ReadonlyArray<PaymentMethod>> =>
  expectRight(ctx.vault.paymentMethods.list(id), 'paymentMethods.list')

const roomFor = (limit: number | null, used: number): number =>
  limit === null ? Number.POSITIVE_INFINITY : Math.max(0, limit - used)

/** The methods of each raw kind this vault can store, within its limits. */
const methodKinds = (caps: Capabilities): ReadonlyArray<'card' | 'bank_account'> =>
  (['card', 'bank_account'] as const).filter(
    (k) =>
      caps.paymentMethodInputs.includes(k) &&
      roomFor(caps.limits.paymentMethodsPerCustomer, 0) > 0 &&
      roomFor(
        k === 'card' ? caps.limits.cardsPerCustomer : caps.limits.bankAccountsPerCustomer,
        0,
      ) > 0,
  )

const rawMethodInput = (
  ctx: ContractContext,
  kind: 'card' | 'bank_account',
  n = 0,
): PaymentMethodInput =>
  kind === 'card' ? aCardInput(ctx.now, nthTestCard(n)) : aBankAccountInput(nthTestBankAccount(n))

/** The first raw method kind this vault accepts, or not applicable. */
const firstMethodKind = (ctx: ContractContext): 'card' | 'bank_account' =>
  methodKinds(ctx.caps)[0] ??
  notApplicable(`${ctx.caps.displayName} stores neither cards nor bank accounts from raw input`)

/** An expiry a year later than the builders' cards: a patch every card vault can apply. */
const laterExpiry = (ctx: ContractContext) => ({ month: 6, year: ctx.now.getUTCFullYear() + 4 })

const addMethod = async (
  ctx: ContractContext,
  customerId: CustomerId,
  input: PaymentMethodInput,
): Promise<PaymentMethod> =>
  (
    await expectRight(
      ctx.vault.paymentMethods.add(customerId, input),
      `paymentMethods.add (${input.kind})`,
    )
  ).value

const findById = <A extends { readonly id: string }>(
  items: ReadonlyArray<A>,
  id: string,
  what: string,
): A => items.find((a) => a.id === id) ?? fail(`${what}: ${id} is not there`)

/** Roles an address of which may be added to a customer holding `held`. */
const addressRoles = (caps: Capabilities): ReadonlyArray<AddressInput['role']> => {
  const l = caps.limits
  let total = roomFor(l.addressesPerCustomer, 0)
  const roles: AddressInput['role'][] = []
  for (const role of ['billing', 'shipping'] as const) {
    const own = roomFor(
      role === 'billing' ? l.billingAddressesPerCustomer : l.shippingAddressesPerCustomer,
      0,
    )
    if (own > 0 && total > 0) {
      roles.push(role)
      total--
    }
  }
  return roles
}

// ---- customers

const customerCreateGet = scenario(
  'customers: create then get reflects every lossless field',
  ['customers.create', 'customers.get'],
  async (ctx) => {
    const input = { ...aCustomerInput(ctx.caps), ...ctx.options.customerDefaults }
    const created = await expectRight(ctx.vault.customers.create(input), 'customers.create')
    const read = await getCustomer(ctx, created.value.id)
    expectEqual(read.id, created.value.id, 'customers.get id')
    expectFieldsEqual(read, input, ctx.caps.lossless.customer, 'customers.get after create')
    if (ctx.supports('customers.delete')) {
      await expectRight(ctx.vault.customers.delete(read.id), 'customers.delete')
    }
  },
)

const customerUpdate = scenario(
  'customers: update then get reflects every lossless field',
  ['customers.create', 'customers.get', 'customers.update'],
  async (ctx) => {
    const c = await ctx.newCustomer()
    // The reference is the reconciliation key: some gateways never let it change, so the
    // update leaves it alone.
    const { reference: _kept, ...patch } = aCustomerPatch(ctx.caps)
    await expectRight(ctx.vault.customers.update(c.id, patch), 'customers.update')
    const read = await getCustomer(ctx, c.id)
    expectFieldsEqual(read, patch, ctx.caps.lossless.customer, 'customers.get after update')
  },
)

const customerFindByReference = scenario(
  'customers: findByReference finds a customer by its reference, and nothing for an unused one',
  ['customers.create', 'customers.findByReference'],
  async (ctx) => {
    if (ctx.caps.customerReference === 'none') notApplicable('the vault keeps no reference')
    const reference = aReference(ctx.caps) as string
    const c = await ctx.newCustomer({ reference })
    const found = await expectRight(
      ctx.vault.customers.findByReference(reference),
      'customers.findByReference',
    )
    expectEqual(found?.id, c.id, 'customers.findByReference id')
    const none = await expectRight(
      ctx.vault.customers.findByReference(aReference(ctx.caps) as string),
      'customers.findByReference (unused reference)',
    )
    expectEqual(none, undefined, 'customers.findByReference (unused reference)')
  },
)

/** Walks every page of customers.list: how often each id appeared. */
const walkCustomers = async (
  ctx: ContractContext,
  pageSize: number,
): Promise<ReadonlyMap<string, number>> => {
  const seen = new Map<string, number>()
  const cursors = new Set<string>()
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await expectRight(
      ctx.vault.customers.list(cursor === undefined ? { pageSize } : { pageSize, cursor }),
      `customers.list page ${pages + 1}`,
    )
    expectTrue(
      page.items.length <= pageSize,
      `customers.list page ${pages + 1} has ${page.items.length} items, more than pageSize ${pageSize}`,
    )
    for (const item of page.items) seen.set(item.id, (seen.get(item.id) ?? 0) + 1)
    cursor = page.nextCursor
    if (cursor !== undefined) {
      if (cursors.has(cursor)) fail(`customers.list repeated cursor ${cursor}`)
      cursors.add(cursor)
    }
    pages++
    if (pages > (ctx.options.maxPages ?? 1000)) fail('customers.list did not end')
  } while (cursor !== undefined)
  const twice = [...seen].filter(([, k]) => k > 1).map(([id]) => id)
  if (twice.length > 0) fail(`customers.list returned ${twice.join(', ')} more than once`)
  return seen
}

const pageSizeOf = (ctx: ContractContext): number =>
  ctx.options.pageSize ?? Math.min(3, ctx.caps.limits.maxPageSize)

const customerList = scenario(
  'customers: list pages every customer exactly once',
  ['customers.create', 'customers.list'],
  async (ctx) => {
    const pageSize = pageSizeOf(ctx)
    const n = ctx.options.listSize ?? pageSize * 2 + 1
    const mine: string[] = []
    for (let i = 0; i < n; i++) mine.push((await ctx.newCustomer()).id)
    const seen = await walkCustomers(ctx, pageSize)
    const missing = mine.filter((id) => !seen.has(id))
    if (missing.length > 0) {
      fail(
        `customers.list never returned ${missing.length} of ${n} customers: ${missing.join(', ')}`,
      )
    }
  },
)

const customerDelete = scenario(
  'customers: delete, then get is NotFound and a second delete is NotFound',
  ['customers.create', 'customers.get', 'customers.delete'],
  async (ctx) => {
    const c = await ctx.newCustomer()
    await expectRight(ctx.vault.customers.delete(c.id), 'customers.delete')
    await expectLeftKind(ctx.vault.customers.get(c.id), 'NotFound', 'customers.get after delete')
    await expectLeftKind(ctx.vault.customers.delete(c.id), 'NotFound', 'second customers.delete')
  },
)

// ---- addresses

const addressLifecycle = scenario(
  'addresses: add, update and remove, read back field by field',
  ['customers.create', 'customers.get', 'addresses.add'],
  async (ctx) => {
    const roles = addressRoles(ctx.caps)
    if (roles.length === 0) notApplicable('the limits allow no address')
    const c = await ctx.newCustomer()
    const fields = ['role', ...ctx.caps.lossless.address]
    for (const role of roles) {
      const input = anAddressInput(role)
      const added = await expectRight(
        ctx.vault.addresses.add(c.id, input),
        `addresses.add (${role})`,
      )
      const stored = findById(
        (await getCustomer(ctx, c.id)).addresses,
        added.value.id,
        'customer addresses',
      )
      expectFieldsEqual(stored, input, fields, `${role} address after add`)
      if (ctx.supports('addresses.update')) {
        const patch = anAddressPatch()
        await expectRight(
          ctx.vault.addresses.update(c.id, added.value.id, patch),
          'addresses.update',
        )
        const after = findById(
          (await getCustomer(ctx, c.id)).addresses,
          added.value.id,
          'customer addresses',
        )
        expectFieldsEqual(after, { ...patch, role }, fields, `${role} address after update`)
      }
      if (ctx.supports('addresses.remove')) {
        await expectRight(ctx.vault.addresses.remove(c.id, added.value.id), 'addresses.remove')
        const left = (await getCustomer(ctx, c.id)).addresses
        expectTrue(
          !left.some((a) => a.id === added.value.id),
          'addresses.remove left the address in place',
        )
        await expectLeftKind(
          ctx.vault.addresses.remove(c.id, added.value.id),
          'NotFound',
          'second addresses.remove',
        )
      }
    }
  },
)

const addressLimits = scenario(
  'addresses: exceeding a declared limit is Conflict or Validation and overwrites nothing',
  ['customers.create', 'customers.get', 'addresses.add'],
  async (ctx) => {
    const l = ctx.caps.limits
    const probe = ctx.options.maxLimitProbe ?? 10
    const roleLimit = (role: AddressInput['role']) =>
      role === 'billing' ? l.billingAddressesPerCustomer : l.shippingAddressesPerCustomer
    const roles = (['billing', 'shipping'] as const).filter((role) => {
      const bound = Math.min(roomFor(roleLimit(role), 0), roomFor(l.addressesPerCustomer, 0))
      return bound !== Number.POSITIVE_INFINITY && bound <= probe
    })
    if (roles.length === 0) notApplicable('no address limit within the probe is declared')
    for (const role of roles) {
      const c = await ctx.newCustomer()
      let n = 0
      for (;;) {
        const held = (await getCustomer(ctx, c.id)).addresses
        const room = Math.min(
          roomFor(roleLimit(role), held.filter((a) => a.role === role).length),
          roomFor(l.addressesPerCustomer, held.length),
        )
        if (room === 0) break
        await expectRight(
          ctx.vault.addresses.add(c.id, anAddressInput(role, { line1: `${++n} Elm Street` })),
          `addresses.add ${role} #${n} (within the limit)`,
        )
      }
      const before = (await getCustomer(ctx, c.id)).addresses
      await expectLeftKind(
        ctx.vault.addresses.add(c.id, anAddressInput(role, { line1: '99 Over Street' })),
        ['Conflict', 'Validation'],
        `addresses.add one ${role} address over the limit`,
      )
      const after = (await getCustomer(ctx, c.id)).addresses
      expectEqual(
        after.map((a) => [a.id, a.line1]),
        before.map((a) => [a.id, a.line1]),
        `addresses after a refused ${role} add`,
      )
    }
  },
)

// ---- payment methods

const cardReadBack = scenario(
  'paymentMethods: add a card and read it back',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list'],
  async (ctx) => {
    if (!methodKinds(ctx.caps).includes('card')) notApplicable('the vault stores no raw card')
    const c = await ctx.newCustomer()
    const input = aCardInput(ctx.now, testCards.visa)
    const added = await addMethod(ctx, c.id, input)
    const listed = findById(await listMethods(ctx, c.id), added.id, 'paymentMethods.list')
    if (listed.kind !== 'card')
      return fail(`paymentMethods.list: expected a card, got ${listed.kind}`)
    expectEqual(listed.brand, 'visa', 'card brand')
    expectEqual(listed.last4, testCards.visa.last4, 'card last4')
    if (listed.bin !== undefined) expectEqual(listed.bin, testCards.visa.bin, 'card BIN')
    expectFieldsEqual(listed, input, ctx.caps.lossless.card, 'card after add')
  },
)

const bankReadBack = scenario(
  'paymentMethods: add a bank account and read it back',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list'],
  async (ctx) => {
    if (!methodKinds(ctx.caps).includes('bank_account')) {
      notApplicable('the vault stores no raw bank account')
    }
    const c = await ctx.newCustomer()
    const input = aBankAccountInput(testBankAccounts.checking)
    const added = await addMethod(ctx, c.id, input)
    const listed = findById(await listMethods(ctx, c.id), added.id, 'paymentMethods.list')
    if (listed.kind !== 'bank_account') {
      return fail(`paymentMethods.list: expected a bank account, got ${listed.kind}`)
    }
    expectEqual(listed.accountLast4, testBankAccounts.checking.accountLast4, 'account last4')
    expectFieldsEqual(listed, input, ctx.caps.lossless.bankAccount, 'bank account after add')
  },
)

const extraInputs = scenario(
  'paymentMethods: add from a gateway token, wallet or prior transaction (where provided)',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list'],
  async (ctx) => {
    const kinds = (['gateway_token', 'wallet', 'prior_transaction'] as const).filter((k) =>
      ctx.caps.paymentMethodInputs.includes(k),
    )
    let exercised = 0
    for (const kind of kinds) {
      const input = await ctx.options.tokenFor?.(kind)
      if (input === undefined) continue
      const c = await ctx.newCustomer()
      const added = await addMethod(ctx, c.id, input)
      findById(await listMethods(ctx, c.id), added.id, `paymentMethods.list after a ${kind} add`)
      exercised++
    }
    if (exercised === 0) {
      notApplicable(
        kinds.length === 0
          ? 'the vault takes no token, wallet or prior-transaction input'
          : `options.tokenFor gave no input for ${kinds.join(', ')}`,
      )
    }
  },
)

const setDefault = scenario(
  'paymentMethods: setDefault makes the method the customer default',
  ['customers.create', 'customers.get', 'paymentMethods.add', 'paymentMethods.setDefault'],
  async (ctx) => {
    const kinds = methodKinds(ctx.caps)
    const first = firstMethodKind(ctx)
    const c = await ctx.newCustomer()
    const a = await addMethod(ctx, c.id, rawMethodInput(ctx, first))
    const l = ctx.caps.limits
    const secondKind = kinds.find((k) =>
      k === first
        ? roomFor(k === 'card' ? l.cardsPerCustomer : l.bankAccountsPerCustomer, 1) > 0
        : true,
    )
    const target =
      secondKind !== undefined && roomFor(l.paymentMethodsPerCustomer, 1) > 0
        ? await addMethod(ctx, c.id, rawMethodInput(ctx, secondKind, 1))
        : a
    await expectRight(
      ctx.vault.paymentMethods.setDefault(c.id, target.id),
      'paymentMethods.setDefault',
    )
    const read = await getCustomer(ctx, c.id)
    expectEqual(
      read.defaults.paymentMethodId,
      target.id,
      'defaults.paymentMethodId after setDefault',
    )
  },
)

const methodUpdate = scenario(
  'paymentMethods: update then list reflects the lossless fields',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list', 'paymentMethods.update'],
  async (ctx) => {
    const kind = firstMethodKind(ctx)
    const c = await ctx.newCustomer()
    const m = await addMethod(ctx, c.id, rawMethodInput(ctx, kind))
    const patch: Readonly<Record<string, unknown>> =
      kind === 'card'
        ? { expiry: laterExpiry(ctx), holderName: 'Grace Hopper' }
        : {
            accountType: 'savings',
            holderType: 'business',
            secCode: 'CCD',
            holderName: 'Grace Hopper',
          }
    const lossless: ReadonlyArray<string> =
      kind === 'card' ? ctx.caps.lossless.card : ctx.caps.lossless.bankAccount
    // One field at a time: a gateway may refuse to change some field (Unsupported, as core does
    // for status), but what it accepts must read back.
    const applied: string[] = []
    for (const field of Object.keys(patch).filter((f) => lossless.includes(f))) {
      const one = { [field]: patch[field] }
      const r = await expectNotLeftKind(
        ctx.vault.paymentMethods.update(c.id, m.id, one),
        'NotFound',
        `paymentMethods.update of ${field}`,
      )
      if (E.isLeft(r) && r.left.kind === 'Unsupported') continue
      if (E.isLeft(r)) fail(`paymentMethods.update of ${field}: ${formatVaultError(r.left)}`)
      if (E.isRight(r)) expectEqual(r.right.value.id, m.id, 'paymentMethods.update keeps the id')
      const listed = findById(
        await listMethods(ctx, c.id),
        m.id,
        'paymentMethods.list after update',
      )
      expectFieldsEqual(listed, one, [field], `${kind} after update`)
      applied.push(field)
    }
    if (applied.length === 0) {
      notApplicable(
        `no lossless ${kind} field is updatable (${lossless.join(', ') || 'none declared'})`,
      )
    }
  },
)

const methodStatus = scenario(
  'paymentMethods: a method set inactive stays listed as inactive',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list', 'paymentMethods.update'],
  async (ctx) => {
    if (!ctx.caps.paymentMethodStatus) notApplicable('the vault has no payment-method status')
    const c = await ctx.newCustomer()
    const m = await addMethod(ctx, c.id, rawMethodInput(ctx, firstMethodKind(ctx)))
    await expectRight(
      ctx.vault.paymentMethods.update(c.id, m.id, { status: 'inactive' }),
      'paymentMethods.update status',
    )
    const listed = findById(await listMethods(ctx, c.id), m.id, 'paymentMethods.list after status')
    expectEqual(listed.status, 'inactive', 'status after update')
  },
)

const methodRemove = scenario(
  'paymentMethods: remove, then it is gone and a second remove is NotFound',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list', 'paymentMethods.remove'],
  async (ctx) => {
    const c = await ctx.newCustomer()
    const m = await addMethod(ctx, c.id, rawMethodInput(ctx, firstMethodKind(ctx)))
    await expectRight(ctx.vault.paymentMethods.remove(c.id, m.id), 'paymentMethods.remove')
    const left = await listMethods(ctx, c.id)
    expectTrue(!left.some((x) => x.id === m.id), 'paymentMethods.remove left the method listed')
    await expectLeftKind(
      ctx.vault.paymentMethods.remove(c.id, m.id),
      'NotFound',
      'second paymentMethods.remove',
    )
  },
)

const methodLimits = scenario(
  'paymentMethods: exceeding a declared limit is Conflict or Validation and overwrites nothing',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list'],
  async (ctx) => {
    const l = ctx.caps.limits
    const probe = ctx.options.maxLimitProbe ?? 10
    const kindLimit = (k: 'card' | 'bank_account') =>
      k === 'card' ? l.cardsPerCustomer : l.bankAccountsPerCustomer
    const kinds = methodKinds(ctx.caps).filter((k) => {
      const bound = Math.min(roomFor(kindLimit(k), 0), roomFor(l.paymentMethodsPerCustomer, 0))
      return bound !== Number.POSITIVE_INFINITY && bound <= probe
    })
    if (kinds.length === 0) notApplicable('no payment-method limit within the probe is declared')
    for (const kind of kinds) {
      const c = await ctx.newCustomer()
      let n = 0
      for (;;) {
        const held = await listMethods(ctx, c.id)
        const room = Math.min(
          roomFor(kindLimit(kind), held.filter((m) => m.kind === kind).length),
          roomFor(l.paymentMethodsPerCustomer, held.length),
        )
        if (room === 0) break
        await addMethod(ctx, c.id, rawMethodInput(ctx, kind, n++))
      }
      const before = await listMethods(ctx, c.id)
      await expectLeftKind(
        ctx.vault.paymentMethods.add(c.id, rawMethodInput(ctx, kind, n)),
        ['Conflict', 'Validation'],
        `paymentMethods.add one ${kind.replace('_', ' ')} over the limit`,
      )
      const after = await listMethods(ctx, c.id)
      expectEqual(
        after.map((m) => m.id),
        before.map((m) => m.id),
        `payment methods after a refused ${kind} add`,
      )
    }
  },
)

// ---- recurrences

const recurrenceFields = (r: Recurrence) => ({
  customerId: r.customerId,
  amount: r.amount,
  totalCount: r.totalCount,
})

const recurrenceLifecycle = scenario(
  'recurrences: create, get, update, list by customer, delete',
  ['customers.create', 'paymentMethods.add', 'recurrences.create', 'recurrences.get'],
  async (ctx) => {
    const c = await ctx.newCustomer()
    const m = await addMethod(ctx, c.id, rawMethodInput(ctx, firstMethodKind(ctx)))
    const input =
      aRecurrenceInput(ctx.caps, c.id, ctx.now, { paymentMethodId: m.id }) ??
      notApplicable('the capabilities declare no schedule')
    const created = await expectRight(ctx.vault.recurrences.create(input), 'recurrences.create')
    const id = created.value.id
    const read = await expectRight(ctx.vault.recurrences.get(id), 'recurrences.get')
    expectEqual(
      recurrenceFields(read),
      recurrenceFields({ ...read, ...input }),
      'recurrence after create',
    )
    expectTrue(sameSchedule(read.schedule, input.schedule), 'recurrence schedule did not read back')
    if (ctx.supports('recurrences.update')) {
      const amount = { amount: 3000, currency: input.amount.currency }
      await expectRight(ctx.vault.recurrences.update(id, { amount }), 'recurrences.update')
      const after = await expectRight(ctx.vault.recurrences.get(id), 'recurrences.get after update')
      expectEqual(after.amount, amount, 'recurrence amount after update')
    }
    if (ctx.supports('recurrences.listByCustomer')) {
      const ids: string[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await expectRight(
          ctx.vault.recurrences.listByCustomer(c.id, cursor === undefined ? {} : { cursor }),
          'recurrences.listByCustomer',
        )
        ids.push(...page.items.map((r) => r.id))
        cursor = page.nextCursor
        if (++pages > (ctx.options.maxPages ?? 1000)) fail('recurrences.listByCustomer did not end')
      } while (cursor !== undefined)
      expectEqual(ids.filter((x) => x === id).length, 1, 'times the schedule is listed')
    }
    if (ctx.caps.recurrences.openEnded) {
      const open = await expectRight(
        ctx.vault.recurrences.create({ ...input, totalCount: 'open_ended' }),
        'recurrences.create (open-ended)',
      )
      const got = await expectRight(ctx.vault.recurrences.get(open.value.id), 'recurrences.get')
      expectEqual(got.totalCount, 'open_ended', 'open-ended totalCount')
    }
    if (ctx.supports('recurrences.delete')) {
      await expectRight(ctx.vault.recurrences.delete(id), 'recurrences.delete')
      await expectLeftKind(
        ctx.vault.recurrences.get(id),
        'NotFound',
        'recurrences.get after delete',
      )
      await expectLeftKind(
        ctx.vault.recurrences.delete(id),
        'NotFound',
        'second recurrences.delete',
      )
    }
  },
)

// ---- errors

/** A real customer with, where possible, an address and a payment method: ids to mimic. */
const specimen = async (ctx: ContractContext) => {
  const c = await ctx.newCustomer()
  const roles = addressRoles(ctx.caps)
  const address =
    ctx.supports('addresses.add') && roles[0] !== undefined
      ? (
          await expectRight(
            ctx.vault.addresses.add(c.id, anAddressInput(roles[0])),
            'addresses.add',
          )
        ).value.id
      : undefined
  const kind = methodKinds(ctx.caps)[0]
  const method =
    ctx.supports('paymentMethods.add') && kind !== undefined
      ? (await addMethod(ctx, c.id, rawMethodInput(ctx, kind))).id
      : undefined
  return { customer: c.id, address, method }
}

const unknownIds = scenario(
  'errors: unknown ids are NotFound',
  ['customers.create'],
  async (ctx) => {
    const s = await specimen(ctx)
    const cus = asId<CustomerId>(ctx.unknownId('customer', s.customer))
    const adr = asId<Address['id']>(ctx.unknownId('address', s.address ?? s.customer))
    const pm = asId<PaymentMethod['id']>(ctx.unknownId('paymentMethod', s.method ?? s.customer))
    const rec = asId<RecurrenceId>(ctx.unknownId('recurrence', s.customer))
    const v = ctx.vault
    const checks: ReadonlyArray<
      readonly [OperationName, () => ReturnType<typeof v.customers.get>]
    > = [
      ['customers.get', () => v.customers.get(cus)],
      ['customers.update', () => v.customers.update(cus, { name: 'Nobody' }) as never],
      ['customers.delete', () => v.customers.delete(cus) as never],
      ['addresses.update', () => v.addresses.update(s.customer, adr, { city: 'Nowhere' }) as never],
      ['addresses.remove', () => v.addresses.remove(s.customer, adr) as never],
      ['paymentMethods.list', () => v.paymentMethods.list(cus) as never],
      [
        'paymentMethods.update',
        () => v.paymentMethods.update(s.customer, pm, { expiry: laterExpiry(ctx) }) as never,
      ],
      ['paymentMethods.remove', () => v.paymentMethods.remove(s.customer, pm) as never],
      ['paymentMethods.setDefault', () => v.paymentMethods.setDefault(s.customer, pm) as never],
      ['recurrences.get', () => v.recurrences.get(rec) as never],
      ['recurrences.update', () => v.recurrences.update(rec, { description: 'x' }) as never],
      ['recurrences.delete', () => v.recurrences.delete(rec) as never],
      ['recurrences.listByCustomer', () => v.recurrences.listByCustomer(cus) as never],
    ]
    for (const [op, call] of checks) {
      if (ctx.supports(op)) await expectLeftKind(call(), 'NotFound', `${op} with an unknown id`)
    }
  },
)

const invalidInput = scenario(
  'errors: invalid input is Validation',
  ['customers.create'],
  async (ctx) => {
    const v = ctx.vault
    await expectLeftKind(
      v.customers.create(aCustomerInput(ctx.caps, { email: 'not-an-email' })),
      'Validation',
      'customers.create with a malformed email',
    )
    if (ctx.caps.customerReference === 'required') {
      const { reference: _omitted, ...rest } = aCustomerInput(ctx.caps)
      await expectLeftKind(
        v.customers.create(rest),
        'Validation',
        'customers.create without a reference',
      )
    }
    const max = ctx.caps.limits.referenceMaxLength
    if (ctx.caps.customerReference !== 'none' && max !== null) {
      await expectLeftKind(
        v.customers.create(aCustomerInput(ctx.caps, { reference: 'r'.repeat(max + 1) })),
        'Validation',
        'customers.create with a reference over the length limit',
      )
    }
    if (ctx.supports('customers.list')) {
      await expectLeftKind(
        v.customers.list({ pageSize: ctx.caps.limits.maxPageSize + 1 }),
        'Validation',
        'customers.list with a page size over the maximum',
      )
    }
    if (ctx.supports('paymentMethods.add') && ctx.caps.paymentMethodInputs.includes('card')) {
      const c = await ctx.newCustomer()
      await expectLeftKind(
        v.paymentMethods.add(
          c.id,
          aCardInput(ctx.now, testCards.visa, { number: luhnInvalidCardNumber }),
        ),
        'Validation',
        'paymentMethods.add with a card failing Luhn',
      )
      await expectLeftKind(
        v.paymentMethods.add(
          c.id,
          aCardInput(ctx.now, testCards.visa, { expiry: { month: 1, year: 2001 } }),
        ),
        'Validation',
        'paymentMethods.add with an expired card',
      )
    }
    if (ctx.supports('recurrences.create')) {
      const input = aRecurrenceInput(ctx.caps, asId<CustomerId>('c1'), ctx.now)
      if (input !== undefined) {
        await expectLeftKind(
          v.recurrences.create({ ...input, amount: { ...input.amount, amount: 0 } }),
          'Validation',
          'recurrences.create with a zero amount',
        )
      }
    }
  },
)

/** A call of every operation with plausible arguments. */
const callEach = (
  ctx: ContractContext,
  s: { customer: CustomerId; address?: string | undefined; method?: string | undefined },
): Readonly<
  Record<OperationName, () => ReturnType<ContractContext['vault']['customers']['get']>>
> => {
  const v = ctx.vault
  const cus = s.customer
  const adr = asId<Address['id']>(s.address ?? ctx.unknownId('address', cus))
  const pm = asId<PaymentMethod['id']>(s.method ?? ctx.unknownId('paymentMethod', cus))
  const rec = asId<RecurrenceId>(ctx.unknownId('recurrence', cus))
  const recurrence = aRecurrenceInput(ctx.caps, cus, ctx.now) ?? {
    customerId: cus,
    amount: { amount: 100, currency: 'USD' },
    schedule: { kind: 'interval', unit: 'month', every: 1 },
    startDate: '2030-01-01',
    totalCount: 1,
  }
  const call = (f: () => unknown) => f as () => ReturnType<typeof v.customers.get>
  return {
    'customers.create': call(() =>
      v.customers.create(aCustomerInput(ctx.caps, ctx.options.customerDefaults)),
    ),
    'customers.get': call(() => v.customers.get(cus)),
    'customers.findByReference': call(() => v.customers.findByReference(uniqueTag())),
    'customers.update': call(() => v.customers.update(cus, { description: 'checked' })),
    'customers.delete': call(() =>
      v.customers.delete(asId<CustomerId>(ctx.unknownId('customer', cus))),
    ),
    'customers.list': call(() => v.customers.list({ pageSize: 1 })),
    'addresses.add': call(() => v.addresses.add(cus, anAddressInput('billing'))),
    'addresses.update': call(() => v.addresses.update(cus, adr, { city: 'Springfield' })),
    'addresses.remove': call(() => v.addresses.remove(cus, asId(ctx.unknownId('address', adr)))),
    'paymentMethods.add': call(() =>
      v.paymentMethods.add(cus, aCardInput(ctx.now, testCards.mastercard)),
    ),
    'paymentMethods.list': call(() => v.paymentMethods.list(cus)),
    'paymentMethods.update': call(() =>
      v.paymentMethods.update(cus, pm, { expiry: laterExpiry(ctx) }),
    ),
    'paymentMethods.remove': call(() =>
      v.paymentMethods.remove(cus, asId(ctx.unknownId('paymentMethod', pm))),
    ),
    'paymentMethods.setDefault': call(() => v.paymentMethods.setDefault(cus, pm)),
    'recurrences.create': call(() => v.recurrences.create(recurrence)),
    'recurrences.get': call(() => v.recurrences.get(rec)),
    'recurrences.update': call(() => v.recurrences.update(rec, { description: 'checked' })),
    'recurrences.delete': call(() => v.recurrences.delete(rec)),
    'recurrences.listByCustomer': call(() => v.recurrences.listByCustomer(cus)),
  }
}

const sampleInput = (ctx: ContractContext, kind: PaymentMethodInputKind): PaymentMethodInput => {
  switch (kind) {
    case 'card':
      return aCardInput(ctx.now, testCards.discover)
    case 'bank_account':
      return aBankAccountInput(testBankAccounts.savings)
    case 'gateway_token':
      return { kind, token: 'tok_contract_probe' }
    case 'wallet':
      return { kind, wallet: 'apple_pay', payload: 'contract-probe' }
    case 'prior_transaction':
      return { kind, transactionId: '1000001', rail: 'card' }
  }
}

const unsupportedExactly = scenario(
  'errors: Unsupported exactly where the capabilities say so',
  ['customers.create'],
  async (ctx) => {
    const s = await specimen(ctx)
    const calls = callEach(ctx, s)
    for (const op of operationNames()) {
      if (ctx.supports(op)) {
        const r = await expectNotLeftKind(calls[op](), 'Unsupported', `${op} (declared supported)`)
        if (op === 'customers.create' && E.isRight(r)) {
          ctx.track((r.right as unknown as { value: Customer }).value.id)
        }
      } else {
        await expectLeftKind(calls[op](), 'Unsupported', `${op} (declared unsupported)`)
      }
    }
    if (ctx.supports('paymentMethods.add')) {
      for (const kind of paymentMethodInputKinds) {
        const c = await ctx.newCustomer()
        const te = ctx.vault.paymentMethods.add(c.id, sampleInput(ctx, kind))
        const what = `paymentMethods.add from a ${kind} input`
        if (ctx.caps.paymentMethodInputs.includes(kind))
          await expectNotLeftKind(te, 'Unsupported', what)
        else await expectLeftKind(te, 'Unsupported', `${what} (not declared)`)
      }
    }
    if (
      !ctx.caps.paymentMethodStatus &&
      ctx.supports('paymentMethods.update') &&
      s.method !== undefined
    ) {
      await expectLeftKind(
        ctx.vault.paymentMethods.update(s.customer, asId(s.method), { status: 'inactive' }),
        'Unsupported',
        'paymentMethods.update of status (no status declared)',
      )
    }
  },
)

// ---- secrets

const noLeaks = scenario(
  'secrets: no card number, account number or key in any error, value or transcript event',
  ['customers.create'],
  async (ctx) => {
    // Provoke errors that carry numbers in their requests, then scan everything seen so far.
    const v = ctx.vault
    const c = await ctx.newCustomer()
    const ghost = asId<CustomerId>(ctx.unknownId('customer', c.id))
    const inputs: ReadonlyArray<PaymentMethodInput> = [
      aCardInput(ctx.now, testCards.visa),
      aCardInput(ctx.now, testCards.amex, { number: luhnInvalidCardNumber }),
      aCardInput(ctx.now, testCards.mastercard, { expiry: { month: 1, year: 2001 } }),
      aBankAccountInput(testBankAccounts.checking),
      aBankAccountInput(testBankAccounts.savings, { routingNumber: '123456789' }),
    ]
    for (const input of inputs) {
      await v.paymentMethods.add(ghost, input)()
      await v.paymentMethods.add(c.id, input)()
      await v.customers.create({
        ...aCustomerInput(ctx.caps),
        email: 'bad email',
        paymentMethod: input,
      })()
    }
    const items = [
      ...observationItems(ctx.observations()),
      ...ctx
        .transcript()
        .map((e, i) => ({ where: `transcript event ${i + 1} (${e.operation})`, value: e })),
    ]
    const hits = scanForSecrets(items, ctx.secrets)
    if (hits.length > 0) {
      fail(
        `${hits.length} leak(s) in ${items.length} answers and events: ${hits
          .slice(0, 10)
          .map((h) => `${h.secret} in ${h.where}`)
          .join('; ')}`,
      )
    }
  },
)

// ---- lifecycle

const lifecycle = scenario(
  'lifecycle: one customer from create to delete',
  ['customers.create', 'customers.get', 'customers.delete'],
  async (ctx) => {
    const v = ctx.vault
    const input = { ...aCustomerInput(ctx.caps), ...ctx.options.customerDefaults }
    const id = (await expectRight(v.customers.create(input), 'customers.create')).value.id
    expectFieldsEqual(await getCustomer(ctx, id), input, ctx.caps.lossless.customer, 'after create')
    if (ctx.supports('customers.update')) {
      const { reference: _kept, ...patch } = aCustomerPatch(ctx.caps)
      await expectRight(v.customers.update(id, patch), 'customers.update')
      expectFieldsEqual(
        await getCustomer(ctx, id),
        patch,
        ctx.caps.lossless.customer,
        'after update',
      )
    }
    if (ctx.supports('addresses.add')) {
      for (const role of addressRoles(ctx.caps)) {
        const a = (await expectRight(v.addresses.add(id, anAddressInput(role)), 'addresses.add'))
          .value
        if (ctx.supports('addresses.update')) {
          await expectRight(v.addresses.update(id, a.id, anAddressPatch()), 'addresses.update')
        }
        if (ctx.supports('addresses.remove')) {
          await expectRight(v.addresses.remove(id, a.id), 'addresses.remove')
        }
      }
    }
    const methods: PaymentMethod[] = []
    if (ctx.supports('paymentMethods.add')) {
      const l = ctx.caps.limits
      for (const kind of methodKinds(ctx.caps)) {
        if (roomFor(l.paymentMethodsPerCustomer, methods.length) === 0) break
        methods.push(await addMethod(ctx, id, rawMethodInput(ctx, kind)))
      }
      const token = ctx.caps.paymentMethodInputs.includes('gateway_token')
        ? await ctx.options.tokenFor?.('gateway_token')
        : undefined
      if (token !== undefined) {
        const held = await listMethods(ctx, id)
        const r = await v.paymentMethods.add(id, token)()
        // A token may stand for a kind whose slot is already taken: then the limit answers.
        if (E.isRight(r)) methods.push(r.right.value)
        else if (held.length === 0 || !['Conflict', 'Validation'].includes(r.left.kind)) {
          fail(`paymentMethods.add (gateway_token): ${formatVaultError(r.left)}`)
        }
      }
    }
    const last = methods[methods.length - 1]
    if (last !== undefined && ctx.supports('paymentMethods.setDefault')) {
      await expectRight(v.paymentMethods.setDefault(id, last.id), 'paymentMethods.setDefault')
      expectEqual((await getCustomer(ctx, id)).defaults.paymentMethodId, last.id, 'default method')
    }
    if (ctx.supports('customers.list')) {
      expectEqual((await walkCustomers(ctx, pageSizeOf(ctx))).get(id), 1, 'times listed')
    }
    if (ctx.supports('paymentMethods.remove')) {
      for (const m of methods) {
        await expectRight(v.paymentMethods.remove(id, m.id), 'paymentMethods.remove')
      }
      if (ctx.supports('paymentMethods.list'))
        expectEqual((await listMethods(ctx, id)).length, 0, 'methods left')
    }
    await expectRight(v.customers.delete(id), 'customers.delete')
    await expectLeftKind(v.customers.get(id), 'NotFound', 'customers.get after delete')
  },
)

// ---- catalogue

/** Every scenario, in the order the suite runs them; the leak check runs last. */
export const allScenarios: ReadonlyArray<ContractScenario> = [
  lifecycle,
  customerCreateGet,
  customerUpdate,
  customerFindByReference,
  customerList,
  addressLifecycle,
  addressLimits,
  cardReadBack,
  bankReadBack,
  extraInputs,
  setDefault,
  methodUpdate,
  methodStatus,
  methodRemove,
  methodLimits,
  recurrenceLifecycle,
  customerDelete,
  unknownIds,
  invalidInput,
  unsupportedExactly,
  noLeaks,
]

/** The scenarios whose required operations these capabilities grant (all, without caps). */
export const contractScenarios = (caps?: Capabilities): ReadonlyArray<ContractScenario> =>
  caps === undefined
    ? allScenarios
    : allScenarios.filter((s) =>
        s.requires.every((op) => {
          const [port, name] = op.split('.') as [keyof Capabilities['operations'], string]
          return (caps.operations[port] as Record<string, boolean>)[name] === true
        }),
      )
