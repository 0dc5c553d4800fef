// The model's types print by name (`Customer`, `CustomerId`, not their io-ts structure), and a
// call that a gateway's capabilities block says why. Two halves: type-level assertions, which
// `pnpm typecheck` checks (ts-jest only transpiles), and what the compiler prints, asked of a
// program over a virtual file: the hover of a create result and the messages of bad calls.
import { resolve } from 'node:path'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import ts from 'typescript'
import {
  type Address,
  AddressFields,
  type AddressId,
  type AddressIdBrand,
  type AddressInput,
  AddressPatch,
  allOperations,
  BankAccount,
  type BankAccountInput,
  type Blocked,
  type Capabilities,
  Card,
  type CardExpiry,
  type CardInput,
  Customer,
  type CustomerDefaults,
  type CustomerFields,
  type CustomerFilter,
  CustomerId,
  customerId,
  type CustomerIdBrand,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  DaysOfMonthSchedule,
  defineVault,
  type GatewayTokenInput,
  IntervalSchedule,
  type ListQuery,
  Money,
  NamedSchedule,
  PaymentMethod,
  type PaymentMethodId,
  paymentMethodId,
  type PaymentMethodIdBrand,
  type PaymentMethodInput,
  type PaymentMethodPatch,
  type PriorTransactionInput,
  type Recurrence,
  type RecurrenceId,
  recurrenceId,
  type RecurrenceIdBrand,
  type RecurrenceInput,
  type RecurrencePatch,
  Schedule,
  type Vault,
  type WalletInput,
} from '../src'

// ---- type-level assertions (checked by the compiler)

/** True when A and B are the same type to the compiler (not merely mutually assignable). */
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false
/** True when each of A and B is assignable to the other. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const holds = <T extends true>(): T => true as T

// Each codec decodes to its named type, exactly.
holds<Same<t.TypeOf<typeof Customer>, Customer>>()
holds<Same<t.TypeOf<typeof CustomerSummary>, CustomerSummary>>()
holds<Same<t.TypeOf<typeof CustomerInput>, CustomerInput>>()
holds<Same<t.TypeOf<typeof CustomerPatch>, CustomerPatch>>()
holds<Same<t.TypeOf<typeof CustomerFields>, CustomerFields>>()
holds<Same<t.TypeOf<typeof CustomerDefaults>, CustomerDefaults>>()
holds<Same<t.TypeOf<typeof Address>, Address>>()
holds<Same<t.TypeOf<typeof AddressFields>, AddressFields>>()
holds<Same<t.TypeOf<typeof AddressInput>, AddressInput>>()
holds<Same<t.TypeOf<typeof AddressPatch>, AddressPatch>>()
holds<Same<t.TypeOf<typeof Card>, Card>>()
holds<Same<t.TypeOf<typeof BankAccount>, BankAccount>>()
holds<Same<t.TypeOf<typeof CardExpiry>, CardExpiry>>()
holds<Same<t.TypeOf<typeof PaymentMethod>, PaymentMethod>>()
holds<Same<PaymentMethod, Card | BankAccount>>()
holds<Same<t.TypeOf<typeof CardInput>, CardInput>>()
holds<Same<t.TypeOf<typeof BankAccountInput>, BankAccountInput>>()
holds<Same<t.TypeOf<typeof GatewayTokenInput>, GatewayTokenInput>>()
holds<Same<t.TypeOf<typeof WalletInput>, WalletInput>>()
holds<Same<t.TypeOf<typeof PriorTransactionInput>, PriorTransactionInput>>()
holds<Same<t.TypeOf<typeof PaymentMethodInput>, PaymentMethodInput>>()
holds<Same<t.TypeOf<typeof PaymentMethodPatch>, PaymentMethodPatch>>()
holds<Same<t.TypeOf<typeof IntervalSchedule>, IntervalSchedule>>()
holds<Same<t.TypeOf<typeof DaysOfMonthSchedule>, DaysOfMonthSchedule>>()
holds<Same<t.TypeOf<typeof NamedSchedule>, NamedSchedule>>()
holds<Same<t.TypeOf<typeof Schedule>, Schedule>>()
holds<Same<t.TypeOf<typeof Recurrence>, Recurrence>>()
holds<Same<t.TypeOf<typeof RecurrenceInput>, RecurrenceInput>>()
holds<Same<t.TypeOf<typeof RecurrencePatch>, RecurrencePatch>>()
holds<Same<t.TypeOf<typeof Money>, Money>>()
holds<Same<t.TypeOf<typeof CustomerFilter>, CustomerFilter>>()
holds<Same<t.TypeOf<typeof ListQuery>, ListQuery>>()

// The ids are io-ts brands still: code written against `t.Branded` keeps compiling.
holds<Same<t.TypeOf<typeof CustomerId>, CustomerId>>()
holds<Mutual<CustomerId, t.Branded<string, CustomerIdBrand>>>()
holds<Mutual<AddressId, t.Branded<string, AddressIdBrand>>>()
holds<Mutual<PaymentMethodId, t.Branded<string, PaymentMethodIdBrand>>>()
holds<Mutual<RecurrenceId, t.Branded<string, RecurrenceIdBrand>>>()
holds<Same<t.TypeOf<typeof PaymentMethodId>, PaymentMethodId>>()
holds<Same<t.TypeOf<typeof RecurrenceId>, RecurrenceId>>()

// An application's codec built from core's, as the README shows.
const Order = t.type({ customer: Customer, total: Money })
holds<Same<t.TypeOf<typeof Order>, { customer: Customer; total: Money }>>()
const ExactAddressFields = t.exact(AddressFields)
holds<Same<t.TypeOf<typeof ExactAddressFields>, AddressFields>>()

const base: Capabilities = {
  gateway: 'names',
  displayName: 'Names',
  operations: allOperations(true),
  limits: {
    addressesPerCustomer: null,
    billingAddressesPerCustomer: null,
    shippingAddressesPerCustomer: null,
    paymentMethodsPerCustomer: null,
    cardsPerCustomer: null,
    bankAccountsPerCustomer: null,
    maxPageSize: 100,
    referenceMaxLength: null,
  },
  customerReference: 'none',
  paymentMethodInputs: [],
  recurrences: { intervals: {}, named: [], openEnded: false, currencies: [] },
  paging: 'offset',
  lossless: { customer: [], address: [], card: [], bankAccount: [] },
  paymentMethodStatus: false,
  assumptions: [],
}

const narrow = {
  ...base,
  operations: {
    ...base.operations,
    addresses: { add: true, update: false, remove: true },
    recurrences: { create: false, get: false, update: false, delete: false, listByCustomer: false },
  },
} as const satisfies Capabilities

/** Never run: the lines the compiler must reject, each marked. */
const _mustNotCompile = (general: Vault, narrowed: Vault<typeof narrow>): void => {
  const pm = paymentMethodId('pm1')
  // @ts-expect-error a payment-method id is not a customer id
  general.customers.get(pm)
  // @ts-expect-error a plain string is not a customer id
  general.customers.get('c1')
  // @ts-expect-error recurrences.get is false for this gateway
  narrowed.recurrences.get(recurrenceId('r1'))
  // @ts-expect-error blocked whatever the argument, an `any` one too
  narrowed.recurrences.get(JSON.parse('"r1"'))
  // @ts-expect-error an optional argument left out is still a call
  narrowed.recurrences.listByCustomer(customerId('c1'))
  // @ts-expect-error addresses.update is false for this gateway; three arguments are not the issue
  narrowed.addresses.update(customerId('c1'), 'a1' as AddressId, {})
  // @ts-expect-error nor can a blocked operation be handed on as a callback
  ;[recurrenceId('r1')].map(narrowed.recurrences.get)
  const detached = narrowed.recurrences.get
  // @ts-expect-error nor called detached
  detached(recurrenceId('r1'))
  // @ts-expect-error nor through call()
  narrowed.recurrences.get.call(undefined, recurrenceId('r1'))
  // Still callable where the capabilities allow it:
  narrowed.addresses.add(customerId('c1'), { role: 'billing' })
  narrowed.customers.get(customerId('c1'))
}

// A narrowed vault is a vault; a blocked operation is a `Blocked` of the port's operation.
const _general = (v: Vault<typeof narrow>): Vault => v
const _blocked = (v: Vault<typeof narrow>): Blocked => v.recurrences.get
holds<Same<Vault<typeof narrow>['addresses']['add'], Vault['addresses']['add']>>()

// ---- run time

const storedCustomer = {
  id: 'c1',
  reference: 'ref-1',
  addresses: [{ id: 'a1', role: 'billing', line1: '1 Main St', country: 'US' }],
  paymentMethods: [
    { kind: 'card', id: 'pm1', brand: 'visa', last4: '4242', status: 'active' },
    {
      kind: 'bank_account',
      id: 'pm2',
      accountType: 'checking',
      accountLast4: '6789',
      status: 'active',
    },
  ],
  defaults: { paymentMethodId: 'pm1' },
}

const idOf = (c: Customer): CustomerId => c.id
const kinds = (methods: ReadonlyArray<PaymentMethod>): ReadonlyArray<string> =>
  methods.map((m) => (m.kind === 'card' ? `card ${m.last4}` : `bank ${m.accountLast4}`))

describe('named model types', () => {
  it('a decoded customer is a Customer, its ids and payment methods by name', () => {
    const r = Customer.decode(storedCustomer)
    if (E.isLeft(r)) throw new Error('the fixture should decode')
    expect(idOf(r.right)).toBe('c1')
    expect(kinds(r.right.paymentMethods)).toEqual(['card 4242', 'bank 6789'])
  })

  it("an application's codec built from core's decodes to core's types", () => {
    const r = Order.decode({ customer: storedCustomer, total: { amount: 2495, currency: 'USD' } })
    if (E.isLeft(r)) throw new Error('the fixture should decode')
    const customer: Customer = r.right.customer
    expect(customer.defaults.paymentMethodId).toBe('pm1')
  })

  it('the codecs are unchanged at run time: names, props and members', () => {
    expect(Customer.name).toBe('Customer')
    expect(CustomerId.name).toBe('CustomerId')
    expect(CustomerId.is('c1')).toBe(true)
    expect(CustomerId.is('')).toBe(false)
    expect(Object.keys(AddressFields.props)).toContain('postalCode')
    expect(AddressPatch).toBe(AddressFields)
    expect(PaymentMethod.types).toEqual([Card, BankAccount])
    expect(Schedule.types).toEqual([IntervalSchedule, DaysOfMonthSchedule, NamedSchedule])
    expect(ExactAddressFields.decode({ city: 'Austin', extra: 1 })).toEqual(
      E.right({ city: 'Austin' }),
    )
  })

  it('a blocked operation still answers Unsupported at run time', async () => {
    const vault = defineVault({ capabilities: narrow, ports: {} })
    const update = vault.addresses.update as unknown as (
      ...args: ReadonlyArray<unknown>
    ) => () => Promise<E.Either<{ kind: string }, unknown>>
    const r = await update(customerId('c1'), 'a1', {})()
    expect(E.isLeft(r) && r.left.kind).toBe('Unsupported')
  })
})

// ---- what the compiler prints

const here = __dirname
const sampleFile = resolve(here, '__names_sample__.ts')

/** A sample the way an application writes it; `$name` marks what to ask about. */
const sample = `
import * as t from 'io-ts'
import { allOperations, Customer, customerId, paymentMethodId, recurrenceId } from '../src'
import type { Capabilities, Vault } from '../src'

declare const vault: Vault
declare const base: Capabilities
const narrow = {
  ...base,
  operations: {
    ...allOperations(true),
    recurrences: { create: false, get: false, update: false, delete: false, listByCustomer: false },
  },
} as const satisfies Capabilities
declare const narrowed: Vault<typeof narrow>

const $created = vault.customers.create({ name: 'Ada' })
const $decoded = Customer.decode({})
const $orderCustomer = t.type({ customer: Customer }).decode({})
const $pm = paymentMethodId('pm1')
vault.customers.get($pm)
narrowed.recurrences.get(recurrenceId('r1'))
const takesCustomer = (c: Customer): string => c.id
takesCustomer({ id: customerId('c1') })
export { $created, $decoded, $orderCustomer, takesCustomer }
`

interface Printed {
  readonly types: Readonly<Record<string, string>>
  readonly errors: ReadonlyArray<string>
}

const compileSample = (): Printed => {
  const read = ts.readConfigFile(resolve(here, '../../../tsconfig.base.json'), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, resolve(here, '../../..'))
  const options = { ...parsed.options, noEmit: true, declaration: false, sourceMap: false }
  const host = ts.createCompilerHost(options, true)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (f) => resolve(f) === sampleFile || fileExists(f)
  host.readFile = (f) => (resolve(f) === sampleFile ? sample : readFile(f))
  host.getSourceFile = (f, language, onError, shouldCreate) =>
    resolve(f) === sampleFile
      ? ts.createSourceFile(f, sample, language, true)
      : getSourceFile(f, language, onError, shouldCreate)
  const program = ts.createProgram([sampleFile], options, host)
  const checker = program.getTypeChecker()
  const file = program.getSourceFile(sampleFile)
  if (file === undefined) throw new Error('the sample did not load')
  const types: Record<string, string> = {}
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      if (node.name.text.startsWith('$'))
        types[node.name.text] = checker.typeToString(checker.getTypeAtLocation(node.name))
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  const errors = program
    .getSemanticDiagnostics(file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
  return { types, errors }
}

describe('what the compiler prints', () => {
  let printed: Printed
  beforeAll(() => {
    printed = compileSample()
  })

  it('hovers name the model types, not their io-ts structure', () => {
    expect(printed.types).toEqual({
      $created: 'TaskEither<VaultError, Written<Customer>>',
      $decoded: 'Validation<Customer>',
      $orderCustomer: 'Validation<{ customer: Customer; }>',
      $pm: 'PaymentMethodId',
    })
  })

  it('an id of the wrong kind is named in the error', () => {
    const [idError] = printed.errors.filter((m) => m.includes('PaymentMethodId'))
    expect(idError).toMatch(
      /^Argument of type 'PaymentMethodId' is not assignable to parameter of type 'CustomerId'\./,
    )
    expect(printed.errors.join('\n')).not.toContain('Branded<')
  })

  it('a blocked call says the gateway lacks the operation', () => {
    const blocked = printed.errors.filter((m) => m.includes('ThisGatewayLacksThisOperation'))
    expect(blocked).toHaveLength(1)
    expect(blocked[0]).toMatch(/'this' of type 'ThisGatewayLacksThisOperation'/)
    expect(blocked[0]).toContain('readonly get: false')
    expect(printed.errors.join('\n')).not.toContain("type 'never'")
  })

  it('a value that is not a customer is compared with Customer, briefly', () => {
    const [customerError] = printed.errors.filter((m) => m.includes("type 'Customer'"))
    expect(customerError).toMatch(/^Argument of type '\{ id: CustomerId; \}' is not assignable/)
    expect(customerError).toContain('readonly Address[]')
    expect(customerError).toContain('readonly PaymentMethod[]')
    expect(printed.errors).toHaveLength(3)
  })
})
