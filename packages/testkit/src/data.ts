/**
 * Test data: the card networks' public test numbers, public test routing numbers, and builders
 * for customers, addresses, payment methods and schedules that respect a capabilities record
 * (a reference only where the gateway keeps one, within its length and charset; schedules it
 * can express). Nothing here is a real credential.
 */
import type {
  AddressInput,
  BankAccountInput,
  Capabilities,
  CardBrand,
  CardInput,
  CustomerId,
  CustomerInput,
  RecurrenceInput,
  Schedule,
} from '@vaultport/core'

// ---- public test numbers

/** @category Test data */
export interface TestCard {
  readonly number: string
  readonly brand: CardBrand
  readonly last4: string
  readonly bin: string
}

const card = (number: string, brand: CardBrand): TestCard => ({
  number,
  brand,
  last4: number.slice(-4),
  bin: number.slice(0, 6),
})

/**
 * The networks' public test card numbers.
 * @category Test data
 */
export const testCards = {
  visa: card('4111111111111111', 'visa'),
  mastercard: card('5555555555554444', 'mastercard'),
  amex: card('378282246310005', 'amex'),
  discover: card('6011111111111117', 'discover'),
} as const

/** @category Test data */
export interface TestBankAccount {
  readonly accountNumber: string
  readonly routingNumber: string
  readonly accountType: 'checking' | 'savings'
  readonly accountLast4: string
}

const account = (
  accountNumber: string,
  routingNumber: string,
  accountType: 'checking' | 'savings',
): TestBankAccount => ({
  accountNumber,
  routingNumber,
  accountType,
  accountLast4: accountNumber.slice(-4),
})

/**
 * Test bank accounts on public test routing numbers.
 * @category Test data
 */
export const testBankAccounts = {
  checking: account('000123456789', '021000021', 'checking'),
  savings: account('000987654321', '011000015', 'savings'),
} as const

/**
 * A card number that fails the Luhn check: for invalid-input tests.
 * @category Test data
 */
export const luhnInvalidCardNumber = '4111111111111112'

/**
 * The n-th test card, cycling through the four public numbers.
 * @category Test data
 */
export const nthTestCard = (n: number): TestCard => {
  const all = Object.values(testCards)
  return all[n % all.length] as TestCard
}

/**
 * The n-th test bank account: the two above, then `0001234567NN`.
 * @category Test data
 */
export const nthTestBankAccount = (n: number): TestBankAccount =>
  n === 0
    ? testBankAccounts.checking
    : n === 1
      ? testBankAccounts.savings
      : account(`0001234567${String(n % 100).padStart(2, '0')}`, '021000021', 'checking')

/**
 * Every number the builders can produce: what a leak check scans for.
 * @category Test data
 */
export const testSecrets = (accounts = 12): ReadonlyArray<string> => [
  ...Object.values(testCards).map((c) => c.number),
  luhnInvalidCardNumber,
  ...Array.from({ length: accounts }, (_, i) => nthTestBankAccount(i).accountNumber),
]

// ---- unique tags

let counter = 0

/**
 * A short alphanumeric tag unique within this process: for references and emails.
 * @category Test data
 */
export const uniqueTag = (): string =>
  `ct${Date.now().toString(36).slice(-5)}${(counter++).toString(36)}`

/**
 * A reference the capabilities accept, or undefined where the gateway keeps none.
 * @category Test data
 */
export const aReference = (caps: Capabilities, tag = uniqueTag()): string | undefined => {
  if (caps.customerReference === 'none') return undefined
  const max = caps.limits.referenceMaxLength
  return max !== null && tag.length > max ? tag.slice(-max) : tag
}

// ---- builders

const omitUndefined = <B>(a: object): B =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as B

/**
 * A customer with every scalar field filled; `reference` only where the gateway keeps one.
 * @category Test data
 */
export const aCustomerInput = (
  caps: Capabilities,
  overrides: Partial<CustomerInput> = {},
): CustomerInput => {
  const tag = uniqueTag()
  return omitUndefined<CustomerInput>({
    reference: aReference(caps, tag),
    name: 'Ada Lovelace',
    company: 'Analytical Engines',
    email: `ada.${tag}@example.com`,
    phone: '5555550123',
    fax: '5555550199',
    description: 'Contract test customer',
    notes: 'Created by the vaultport contract suite',
    ...overrides,
  })
}

/**
 * A different value for every customer field: what an update writes.
 * @category Test data
 */
export const aCustomerPatch = (caps: Capabilities): CustomerInput => {
  const tag = uniqueTag()
  return omitUndefined<CustomerInput>({
    reference: aReference(caps, tag),
    name: 'Grace Hopper',
    company: 'Compiler Works',
    email: `grace.${tag}@example.com`,
    phone: '5555550124',
    fax: '5555550198',
    description: 'Updated contract customer',
    notes: 'Updated by the vaultport contract suite',
  })
}

/**
 * A US address with a five-digit zip.
 * @category Test data
 */
export const anAddressInput = (
  role: AddressInput['role'] = 'billing',
  overrides: Partial<AddressInput> = {},
): AddressInput => ({
  role,
  label: 'Home',
  name: 'Ada Lovelace',
  company: 'Analytical Engines',
  line1: '12 Elm Street',
  line2: 'Suite 4',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62704',
  country: 'US',
  county: 'Sangamon',
  email: 'ada@example.com',
  phone: '5555550123',
  fax: '5555550199',
  ...overrides,
})

/**
 * Different values for the address fields: what an address update writes.
 * @category Test data
 */
export const anAddressPatch = (): Omit<AddressInput, 'role'> => ({
  label: 'Office',
  name: 'Grace Hopper',
  company: 'Compiler Works',
  line1: '34 Oak Avenue',
  line2: 'Floor 2',
  city: 'Shelbyville',
  region: 'IN',
  postalCode: '46176',
  country: 'US',
  county: 'Shelby',
  email: 'grace@example.com',
  phone: '5555550124',
  fax: '5555550198',
})

/**
 * A card that expires three years after `now`.
 * @category Test data
 */
export const aCardInput = (
  now: Date = new Date(),
  testCard: TestCard = testCards.visa,
  overrides: Partial<CardInput> = {},
): CardInput => ({
  kind: 'card',
  number: testCard.number,
  expiry: { month: 12, year: now.getUTCFullYear() + 3 },
  holderName: 'Ada Lovelace',
  ...overrides,
})

/** @category Test data */
export const aBankAccountInput = (
  testAccount: TestBankAccount = testBankAccounts.checking,
  overrides: Partial<BankAccountInput> = {},
): BankAccountInput => ({
  kind: 'bank_account',
  accountNumber: testAccount.accountNumber,
  routingNumber: testAccount.routingNumber,
  accountType: testAccount.accountType,
  holderType: 'personal',
  secCode: 'PPD',
  holderName: 'Ada Lovelace',
  ...overrides,
})

/**
 * A schedule the capabilities can express: monthly where possible.
 * @category Test data
 */
export const aSchedule = (caps: Capabilities): Schedule | undefined => {
  const { intervals, named } = caps.recurrences
  if ((intervals.month ?? []).includes(1)) return { kind: 'interval', unit: 'month', every: 1 }
  for (const unit of ['month', 'week', 'day', 'year'] as const) {
    const first = intervals[unit]?.[0]
    if (first !== undefined) return { kind: 'interval', unit, every: first }
  }
  return named[0]
}

/**
 * `YYYY-MM-DD`, `days` after `now`.
 * @category Test data
 */
export const isoDateAfter = (now: Date, days: number): string =>
  new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10)

/**
 * A twelve-charge schedule starting a month after `now`; undefined if none can be expressed.
 * @category Test data
 */
export const aRecurrenceInput = (
  caps: Capabilities,
  customerId: CustomerId,
  now: Date = new Date(),
  overrides: Partial<RecurrenceInput> = {},
): RecurrenceInput | undefined => {
  const schedule = aSchedule(caps)
  if (schedule === undefined) return undefined
  return {
    customerId,
    amount: { amount: 2495, currency: caps.recurrences.currencies[0] ?? 'USD' },
    schedule,
    startDate: isoDateAfter(now, 30),
    // A gateway whose schedules run until cancelled cannot take a count.
    totalCount: caps.recurrences.finiteCounts === false ? 'open_ended' : 12,
    description: 'Contract test schedule',
    ...overrides,
  }
}
