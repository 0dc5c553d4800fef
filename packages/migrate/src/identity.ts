/**
 * How a target customer is recognised as the copy of a source customer: by its marker (the
 * merchant reference the engine writes, where the target keeps one) or else by the contact fields
 * the target keeps exactly. Shared by reconciliation during a run and by verification after it.
 */
import type { Capabilities, CustomerFields, CustomerSummary } from '@vaultport/core'

/** The customer fields a list shows, by which a target without references is searched. */
export const CONTACT_FIELDS = ['name', 'email', 'phone', 'company'] as const
export type ContactField = (typeof CONTACT_FIELDS)[number]

/** The contact fields `caps` keeps exactly (a target that reformats a field never matches it). */
export const contactFieldsOf = (caps: Capabilities): ReadonlyArray<ContactField> =>
  CONTACT_FIELDS.filter((f) => caps.lossless.customer.includes(f))

/**
 * The contact key of a customer, summary or input over `fields`; `undefined` when it has none
 * of them (such a customer cannot be recognised by its contact fields at all).
 */
export const contactKey = (
  c: Partial<Pick<CustomerFields & CustomerSummary, ContactField>>,
  fields: ReadonlyArray<ContactField>,
): string | undefined => {
  const values = fields.map((f) => c[f] ?? '')
  return values.every((v) => v === '') ? undefined : JSON.stringify(values)
}

/** Whether the target keeps a merchant reference the engine can write and find again. */
export const keepsMarker = (caps: Capabilities): boolean =>
  caps.customerReference !== 'none' && caps.operations.customers.findByReference
