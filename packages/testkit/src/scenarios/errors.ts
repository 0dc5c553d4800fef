/**
 * The error scenarios, across every port: unknown ids are `NotFound`, invalid input is
 * `Validation`, and `Unsupported` answers exactly the operations and inputs the capabilities
 * deny.
 */
import * as E from 'fp-ts/Either'
import {
  operationNames,
  paymentMethodInputKinds,
  type Address,
  type Customer,
  type CustomerId,
  type OperationName,
  type PaymentMethod,
  type PaymentMethodInput,
  type PaymentMethodInputKind,
  type RecurrenceId,
} from '@vaultport/core'
import { expectLeftKind, expectNotLeftKind, expectRight } from '../assert'
import type { ContractContext } from '../context'
import {
  aBankAccountInput,
  aCardInput,
  aCustomerInput,
  anAddressInput,
  aRecurrenceInput,
  luhnInvalidCardNumber,
  testBankAccounts,
  testCards,
  uniqueTag,
} from '../data'
import { addMethod, addressRoles, asId, laterExpiry, methodKinds, rawMethodInput } from './helpers'
import { scenario } from './scenario'

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

export const unknownIds = scenario(
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

export const invalidInput = scenario(
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

export const unsupportedExactly = scenario(
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
