/**
 * Field-by-field comparisons of one moved customer, on the fields both ends keep losslessly:
 * the customer, its addresses and its payment methods (schedules: `schedules/compare.ts`).
 */
import type { Address, Customer } from '@vaultport/core'
import { methodLast4 } from '../last4'
import { keys } from '../mapping'
import type { VerifyContext } from './context'

/** Notes a difference between the source value `s` and the target value `t`, if they differ. */
export type Diff = (item: string, field: string, s: unknown, t: unknown) => void

export const compareCustomer = (ctx: VerifyContext) => (s: Customer, t: Customer, diff: Diff) => {
  for (const f of ctx.customerFields) diff('customer', f, s[f], t[f])
  const sentReference = (
    ctx.state.get(keys.customer(s.id))?.data as { reference?: string } | undefined
  )?.reference
  if (ctx.target.capabilities.customerReference !== 'none' && sentReference !== undefined)
    diff('customer', 'reference', sentReference, t.reference)
  compareAddresses(ctx)(s, t, diff)
  comparePaymentMethods(ctx)(s, t, diff)
}

const compareAddresses = (ctx: VerifyContext) => (s: Customer, t: Customer, diff: Diff) => {
  for (const a of s.addresses) {
    const tid = ctx.mapping.addresses[s.id]?.[a.id]
    if (tid === undefined) continue
    ctx.tally.itemsChecked++
    const ta: Address | undefined = t.addresses.find((x) => x.id === tid)
    const item = `address:${a.id}`
    if (ta === undefined) {
      diff(item, '(present)', true, false)
      continue
    }
    diff(item, 'role', a.role, ta.role)
    for (const f of ctx.addressFields) diff(item, f, a[f], ta[f])
  }
}

const comparePaymentMethods = (ctx: VerifyContext) => (s: Customer, t: Customer, diff: Diff) => {
  for (const m of s.paymentMethods) {
    const tid = ctx.mapping.paymentMethods[s.id]?.[m.id]
    if (tid === undefined) continue
    ctx.tally.itemsChecked++
    const tm = t.paymentMethods.find((x) => x.id === tid)
    const item = `payment-method:${m.id}`
    if (tm === undefined) {
      diff(item, '(present)', true, false)
      continue
    }
    diff(item, 'kind', m.kind, tm.kind)
    diff(item, 'last4', methodLast4(m), methodLast4(tm))
    if (m.kind === 'card' && tm.kind === 'card') {
      if (m.brand !== 'unknown' && tm.brand !== 'unknown') diff(item, 'brand', m.brand, tm.brand)
      for (const f of ctx.cardFields) diff(item, f, m[f], tm[f])
    }
    if (m.kind === 'bank_account' && tm.kind === 'bank_account')
      for (const f of ctx.bankFields) diff(item, f, m[f], tm[f])
  }
}
