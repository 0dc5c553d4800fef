/**
 * Canonical customers ⇄ Valor customers: the customer body of a create or a patch, the V11 detail
 * and V14 list items read back, and the page cursors of the customer list.
 */
import {
  customerId,
  warning,
  type Customer,
  type CustomerFields,
  type CustomerSummary,
  type PaymentMethod,
  type Warning,
} from '@vaultport/core'
import type { ValorStreetLayout } from '../config'
import type { CustomerBody, CustomerDetail, CustomerListItem, WireText } from '../wire'
import { idText } from '../wire'
import { addressesFromEntries } from './addresses'
import { dropped, put, textOf, type Translated } from './shared'

// ---- customers

/**
 * Valor takes phone numbers as 10–15 digits only. A number written with the usual separators
 * ("612-555-0100", "+1 (612) 555-0100") is sent as its digits, with a warning, since it reads
 * back without them; anything else goes as given for Valor to judge.
 */
export const valorPhone = (phone: string): Translated<string> => {
  const digits = phone.replace(/[\s().+-]/g, '')
  if (digits === phone || !/^\d{10,15}$/.test(digits)) return { value: phone, warnings: [] }
  return {
    value: digits,
    warnings: [
      warning('phone_normalized', `Valor keeps phone numbers as digits only: "${digits}"`, 'phone'),
    ],
  }
}

/** The Valor customer fields of a create or a patch, and what Valor cannot keep. */
export const customerBody = (
  fields: CustomerFields & { readonly gatewayData?: Readonly<Record<string, unknown>> },
): Translated<CustomerBody> => {
  const phone = fields.phone === undefined ? undefined : valorPhone(fields.phone)
  const body: CustomerBody = {
    ...(fields.name === undefined ? {} : { customer_name: fields.name }),
    ...(fields.email === undefined ? {} : { customer_email: fields.email }),
    ...(phone === undefined ? {} : { customer_phone: phone.value }),
    ...(fields.company === undefined ? {} : { company_name: fields.company }),
  }
  const warnings: Warning[] = [...(phone?.warnings ?? [])]
  if (fields.reference !== undefined) {
    warnings.push(dropped('reference', 'merchant reference for a customer'))
  }
  for (const [k, what] of [
    ['fax', 'customer fax'],
    ['description', 'customer description'],
    ['notes', 'customer notes'],
  ] as const) {
    if (fields[k] !== undefined && fields[k] !== '') warnings.push(dropped(k, what))
  }
  if (fields.gatewayData !== undefined && Object.keys(fields.gatewayData).length > 0) {
    warnings.push(dropped('gatewayData', 'place for gateway data on a customer write'))
  }
  return { value: body, warnings }
}

const trimmed = (u: WireText | undefined) => textOf(u).trim()

/** V11 + V12 + V13 → a canonical customer. */
export const customerFromWire = (
  detail: CustomerDetail,
  paymentMethods: ReadonlyArray<PaymentMethod>,
  layout: ValorStreetLayout = 'split',
): Customer => ({
  id: customerId(idText(detail.id)),
  ...put('name', textOf(detail.customer_name)),
  ...put('email', trimmed(detail.email)),
  ...put('phone', trimmed(detail.phone)),
  ...put('company', textOf(detail.company)),
  addresses: addressesFromEntries(detail.address_details ?? [], layout),
  paymentMethods,
  defaults: {},
  gatewayData:
    detail.total_card_count === undefined || detail.total_card_count === null
      ? {}
      : { total_card_count: detail.total_card_count },
})

/** One record of a list page; written field by field (no spreads): it runs for every record. */
export const summaryFromWire = (item: CustomerListItem): CustomerSummary => {
  const summary: { -readonly [K in keyof CustomerSummary]: CustomerSummary[K] } = {
    id: customerId(idText(item.vault_id)),
  }
  const name = textOf(item.customer_name)
  if (name !== '') summary.name = name
  const email = trimmed(item.email)
  if (email !== '') summary.email = email
  const phone = trimmed(item.phone)
  if (phone !== '') summary.phone = phone
  const company = textOf(item.company)
  if (company !== '') summary.company = company
  return summary
}

// ---- page cursors (Valor pages by 1-based page number)

/** `v:<page>:<size>`: the size is kept so that every item is returned exactly once. */
export const pageCursor = (page: number, size: number): string => `v:${page}:${size}`

export const readPageCursor = (
  cursor: string | undefined,
): { readonly page: number; readonly size?: number } | undefined => {
  if (cursor === undefined) return { page: 1 }
  const m = /^v:(\d{1,9}):(\d{1,3})$/.exec(cursor)
  if (m === null) return undefined
  const page = Number(m[1])
  const size = Number(m[2])
  return page >= 1 && size >= 1 ? { page, size } : undefined
}
