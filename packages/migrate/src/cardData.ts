/**
 * Card-data files: vaults never give back full card or account numbers, so moving a stored
 * payment method needs the numbers from the source processor's export. This module reads such
 * a file (CSV or JSON, layout in docs/migration.md) into an index that is held in memory only,
 * prints as a count, and is never logged. Parse errors name the line and column, never a value.
 */
import * as E from 'fp-ts/Either'
import {
  lastFour,
  type BankAccountType,
  type BankHolderType,
  type Customer,
  type PaymentMethod,
  type PaymentMethodInput,
  type SecCode,
} from '@vaultport/core'
import { methodLast4 } from './last4'

// ---- model

/**
 * A bank account's details a card-data file may leave out. The run then takes them from the
 * source's own record of the account; only what neither gives falls to a default.
 * @category Card data
 */
export type BankAccountDetail = 'accountType' | 'holderType' | 'secCode'

/** @category Card data */
export interface CardDataRecord {
  readonly sourceCustomerId?: string
  readonly sourceCustomerReference?: string
  readonly sourcePaymentMethodId?: string
  /** A bank account's input carries `checking` for an account type the file left out. */
  readonly input: PaymentMethodInput
  /** The bank-account details the file left out (`input` holds none of them but `checking`). */
  readonly unstated?: ReadonlyArray<BankAccountDetail>
}

/** @category Card data */
export interface CardDataIndex {
  readonly size: number
  /**
   * The raw input for a stored method, if the file has it. A bank-account detail the file left
   * out is the source method's own, when the source shows it.
   */
  readonly lookup: (customer: Customer, method: PaymentMethod) => PaymentMethodInput | undefined
  /**
   * The details of that input that neither the file nor the source gives, each with the value
   * the run uses (for the plan to list): `account type checking`, `holder type: the target's
   * default`, `SEC code: the target's default`.
   */
  readonly defaultsFor?: (customer: Customer, method: PaymentMethod) => ReadonlyArray<string>
}

/**
 * @category Card data
 * @internal
 */
export const COLUMNS = [
  'source_customer_id',
  'source_customer_reference',
  'source_payment_method_id',
  'kind',
  'card_number',
  'exp_month',
  'exp_year',
  'holder_name',
  'account_number',
  'routing_number',
  'account_type',
  'holder_type',
  'sec_code',
] as const
type Column = (typeof COLUMNS)[number]
type Row = Partial<Record<Column, string>>

// ---- parsing

/**
 * Splits CSV text into rows of fields; quotes, doubled quotes and CRLF are handled.
 * @category Card data
 * @internal
 */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      if (row.some((f) => f !== '')) rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  row.push(field)
  if (row.some((f) => f !== '')) rows.push(row)
  return rows
}

/** The bank-account details a row leaves blank. */
const unstatedOf = (row: Row): BankAccountDetail[] => [
  ...(row.account_type ? [] : (['accountType'] as const)),
  ...(row.holder_type ? [] : (['holderType'] as const)),
  ...(row.sec_code ? [] : (['secCode'] as const)),
]

const toInput = (row: Row, where: string): E.Either<string, PaymentMethodInput> => {
  const kind = row.kind ?? (row.card_number ? 'card' : row.account_number ? 'bank_account' : '')
  if (kind === 'card') {
    const number = (row.card_number ?? '').replace(/[\s-]/g, '')
    const month = Number(row.exp_month)
    const year4 = Number(row.exp_year) < 100 ? 2000 + Number(row.exp_year) : Number(row.exp_year)
    if (!/^\d{12,19}$/.test(number)) return E.left(`${where}: card_number is not 12–19 digits`)
    if (!Number.isInteger(month) || month < 1 || month > 12)
      return E.left(`${where}: exp_month is not 1–12`)
    if (!Number.isInteger(year4) || year4 < 2000 || year4 > 2099)
      return E.left(`${where}: exp_year is not a year`)
    return E.right({
      kind: 'card',
      number,
      expiry: { month, year: year4 },
      ...(row.holder_name ? { holderName: row.holder_name } : {}),
    })
  }
  if (kind === 'bank_account') {
    const accountNumber = (row.account_number ?? '').trim()
    const routingNumber = (row.routing_number ?? '').trim()
    const accountType = (row.account_type ?? 'checking').toLowerCase()
    if (!/^\d{4,17}$/.test(accountNumber))
      return E.left(`${where}: account_number is not 4–17 digits`)
    if (!/^\d{9}$/.test(routingNumber)) return E.left(`${where}: routing_number is not 9 digits`)
    if (accountType !== 'checking' && accountType !== 'savings')
      return E.left(`${where}: account_type is not checking or savings`)
    const holderType = row.holder_type?.toLowerCase()
    const secCode = row.sec_code?.toUpperCase()
    return E.right({
      kind: 'bank_account',
      accountNumber,
      routingNumber,
      accountType: accountType as BankAccountType,
      ...(holderType === 'personal' || holderType === 'business'
        ? { holderType: holderType as BankHolderType }
        : {}),
      ...(secCode === 'PPD' || secCode === 'CCD' || secCode === 'WEB' || secCode === 'TEL'
        ? { secCode: secCode as SecCode }
        : {}),
      ...(row.holder_name ? { holderName: row.holder_name } : {}),
    })
  }
  return E.left(`${where}: kind must be card or bank_account`)
}

const toRecord = (row: Row, where: string): E.Either<string, CardDataRecord> => {
  if (!row.source_customer_id && !row.source_customer_reference) {
    return E.left(`${where}: needs source_customer_id or source_customer_reference`)
  }
  return E.map((input: PaymentMethodInput): CardDataRecord => ({
    ...(row.source_customer_id ? { sourceCustomerId: row.source_customer_id } : {}),
    ...(row.source_customer_reference
      ? { sourceCustomerReference: row.source_customer_reference }
      : {}),
    ...(row.source_payment_method_id
      ? { sourcePaymentMethodId: row.source_payment_method_id }
      : {}),
    input,
    ...(input.kind === 'bank_account' && unstatedOf(row).length > 0
      ? { unstated: unstatedOf(row) }
      : {}),
  }))(toInput(row, where))
}

const collect = (rows: ReadonlyArray<[Row, string]>): E.Either<string, CardDataRecord[]> => {
  const out: CardDataRecord[] = []
  const problems: string[] = []
  for (const [row, where] of rows) {
    const r = toRecord(row, where)
    if (E.isLeft(r)) problems.push(r.left)
    else out.push(r.right)
  }
  return problems.length === 0 ? E.right(out) : E.left(problems.slice(0, 20).join('\n'))
}

const isColumn = (n: string): boolean => (COLUMNS as ReadonlyArray<string>).includes(n)

/**
 * A value from the file as it may be shown: one `•` a character, at most 20.
 * @category Card data
 * @internal
 */
export const maskCell = (v: string): string =>
  v.length > 20 ? `${'•'.repeat(20)}…` : '•'.repeat(v.length)

/**
 * What is wrong with the header row, if anything. A first line that names no known column is
 * no header row at all but the first record (card numbers and all): it is described by column
 * and a masked form only. A header with some unknown names shows those names, every digit
 * masked (a header names columns; digits in it are not a column name's).
 */
const headerProblem = (names: ReadonlyArray<string>): string | undefined => {
  const unknown = names.flatMap((n, i) => (isColumn(n) ? [] : [{ n, column: i + 1 }]))
  if (unknown.length === 0) return undefined
  if (unknown.length === names.length)
    return `line 1: no header row: none of its ${names.length} columns is a column name (${unknown
      .slice(0, 8)
      .map((u) => `column ${u.column}: ${maskCell(u.n)}`)
      .join(
        ', ',
      )}${unknown.length > 8 ? ', …' : ''}); the first line must name the columns, e.g. source_customer_id,kind,card_number,exp_month,exp_year`
  return `line 1: unknown columns ${unknown
    .map((u) => (/\d/.test(u.n) ? `column ${u.column}: ${maskCell(u.n)}` : u.n))
    .join(', ')}`
}

/**
 * Reads the CSV layout: a header row naming columns from `COLUMNS`, then one method a row.
 * @category Card data
 */
export const readCardDataCsv = (text: string): E.Either<string, CardDataRecord[]> => {
  const [header, ...body] = parseCsv(text)
  if (header === undefined) return E.right([])
  const names = header.map((h) => h.trim().toLowerCase())
  const problem = headerProblem(names)
  if (problem !== undefined) return E.left(problem)
  return collect(
    body.map((fields, i): [Row, string] => [
      Object.fromEntries(names.map((n, j) => [n, (fields[j] ?? '').trim()])) as Row,
      `line ${i + 2}`,
    ]),
  )
}

/**
 * Reads the JSON layout: an array of objects with the same keys as the CSV columns.
 * @category Card data
 */
export const readCardDataJson = (text: string): E.Either<string, CardDataRecord[]> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return E.left('card-data file is not valid JSON')
  }
  if (!Array.isArray(parsed)) return E.left('card-data JSON must be an array of records')
  return collect(
    parsed.map((o, i): [Row, string] => [
      Object.fromEntries(
        Object.entries(typeof o === 'object' && o !== null ? o : {}).map(([k, v]) => [
          k,
          v === null || v === undefined ? '' : String(v),
        ]),
      ) as Row,
      `record ${i + 1}`,
    ]),
  )
}

/**
 * Reads either layout, by the first non-blank character.
 * @category Card data
 */
export const readCardData = (text: string): E.Either<string, CardDataRecord[]> =>
  /^\s*\[/.test(text) ? readCardDataJson(text) : readCardDataCsv(text)

// ---- index

const last4Of = (input: PaymentMethodInput): string | undefined =>
  input.kind === 'card'
    ? lastFour(input.number)
    : input.kind === 'bank_account'
      ? lastFour(input.accountNumber)
      : undefined

/**
 * Indexes records for lookup by source payment-method id, or else by customer (id or
 * reference) plus kind and last four digits.
 * @category Card data
 */
export const cardDataIndex = (records: ReadonlyArray<CardDataRecord>): CardDataIndex => {
  const byMethod = new Map<string, CardDataRecord>()
  const byCustomer = new Map<string, CardDataRecord[]>()
  for (const r of records) {
    for (const c of [
      r.sourceCustomerId && `id:${r.sourceCustomerId}`,
      r.sourceCustomerReference && `ref:${r.sourceCustomerReference}`,
    ]) {
      if (!c) continue
      if (r.sourcePaymentMethodId) byMethod.set(`${c}|${r.sourcePaymentMethodId}`, r)
      byCustomer.set(c, [...(byCustomer.get(c) ?? []), r])
    }
  }
  const find = (customer: Customer, method: PaymentMethod): CardDataRecord | undefined => {
    const keys = [`id:${customer.id}`, ...(customer.reference ? [`ref:${customer.reference}`] : [])]
    for (const k of keys) {
      const exact = byMethod.get(`${k}|${method.id}`)
      if (exact) return exact
    }
    for (const k of keys) {
      const match = byCustomer
        .get(k)
        ?.find((r) => r.input.kind === method.kind && last4Of(r.input) === methodLast4(method))
      if (match) return match
    }
    return undefined
  }
  const index: CardDataIndex & { toJSON: () => unknown } = {
    size: records.length,
    lookup: (customer, method) => {
      const r = find(customer, method)
      return r === undefined ? undefined : completedFromSource(r, method)
    },
    defaultsFor: (customer, method) => {
      const r = find(customer, method)
      return r === undefined ? [] : defaultsLeft(r, method)
    },
    // Whatever serializes or prints this index sees a count, never a number.
    toJSON: () => ({ cardDataRecords: records.length }),
  }
  Object.defineProperty(index, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => `CardDataIndex(${records.length} records)`,
  })
  return index
}

/** @category Card data */
export const emptyCardData: CardDataIndex = cardDataIndex([])

/** The source method's own value of a bank-account detail, when it shows one. */
const sourceDetail = (method: PaymentMethod, detail: BankAccountDetail): string | undefined =>
  method.kind === 'bank_account' ? method[detail] : undefined

/** A record's input with each detail the file left out taken from the source method. */
const completedFromSource = (r: CardDataRecord, method: PaymentMethod): PaymentMethodInput => {
  if (r.input.kind !== 'bank_account' || r.unstated === undefined) return r.input
  const taken: Partial<Record<BankAccountDetail, string>> = {}
  for (const d of r.unstated) {
    const v = sourceDetail(method, d)
    if (v !== undefined) taken[d] = v
  }
  return { ...r.input, ...taken } as PaymentMethodInput
}

const DEFAULTS: Readonly<Record<BankAccountDetail, string>> = {
  accountType: 'account type checking',
  holderType: "holder type: the target's default",
  secCode: "SEC code: the target's default",
}

/** The details neither the file nor the source gives, with what the run uses instead. */
const defaultsLeft = (r: CardDataRecord, method: PaymentMethod): ReadonlyArray<string> =>
  r.input.kind !== 'bank_account'
    ? []
    : (r.unstated ?? [])
        .filter((d) => sourceDetail(method, d) === undefined)
        .map((d) => DEFAULTS[d])
