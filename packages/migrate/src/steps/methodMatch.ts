/**
 * Whose payment method a target shows: a source method is known by what the target can show of
 * it (kind, last four, and the holder name and expiry where the target shows them and keeps them
 * exactly), taken from the card data the run adds it from, or else from the source's own record.
 * Last four alone does not tell two cards apart (one customer may hold two cards ending alike,
 * and so may two customers sharing every contact field), so reconciliation never matches on it
 * alone where the target shows more.
 */
import type { Capabilities, Customer, PaymentMethod, PaymentMethodInput } from '@vaultport/core'
import { methodLast4 } from '../last4'
import type { RunContext } from '../run/context'

/** What the target may show of one source method. */
export interface MethodFacts {
  readonly kind: PaymentMethod['kind']
  readonly last4: string
  readonly holderName?: string
  readonly expiry?: { readonly month: number; readonly year: number }
}

/** The facts of source method `m`, from `input` (what the run sends) where it says them. */
export const methodFacts = (m: PaymentMethod, input?: PaymentMethodInput): MethodFacts => {
  const fromInput =
    input?.kind === 'card' && m.kind === 'card'
      ? { last4: input.number.slice(-4), expiry: input.expiry, holderName: input.holderName }
      : input?.kind === 'bank_account' && m.kind === 'bank_account'
        ? { last4: input.accountNumber.slice(-4), holderName: input.holderName }
        : {}
  const holderName = fromInput.holderName ?? m.holderName
  const expiry = 'expiry' in fromInput ? fromInput.expiry : m.kind === 'card' ? m.expiry : undefined
  return {
    kind: m.kind,
    last4: fromInput.last4 ?? methodLast4(m),
    ...(holderName === undefined ? {} : { holderName }),
    ...(expiry === undefined ? {} : { expiry }),
  }
}

/** The facts of every stored method of source customer `c`, with the run's card data. */
export const customerMethodFacts = (ctx: RunContext, c: Customer): ReadonlyArray<MethodFacts> =>
  c.paymentMethods.map((m) =>
    methodFacts(m, ctx.planContext.cardData.lookup(c, m) ?? ctx.options.tokenFor?.(c, m)),
  )

/**
 * Whether target method `t` can be the copy of the source method `f` describes: same kind and
 * last four, and the same holder name and expiry wherever the target shows them, keeps them
 * exactly, and the source knows them.
 */
export const shows =
  (caps: Capabilities) =>
  (t: PaymentMethod, f: MethodFacts): boolean => {
    if (t.kind !== f.kind || methodLast4(t) !== f.last4) return false
    const kept: ReadonlyArray<string> =
      t.kind === 'card' ? caps.lossless.card : caps.lossless.bankAccount
    if (
      kept.includes('holderName') &&
      t.holderName !== undefined &&
      f.holderName !== undefined &&
      t.holderName !== f.holderName
    )
      return false
    if (t.kind === 'card' && kept.includes('expiry') && t.expiry !== undefined && f.expiry)
      return t.expiry.month === f.expiry.month && t.expiry.year === f.expiry.year
    return true
  }

/** Whether every method in `held` can be a copy of one of `own`. */
export const allAmong =
  (caps: Capabilities) =>
  (held: ReadonlyArray<PaymentMethod>, own: ReadonlyArray<MethodFacts>): boolean =>
    held.every((t) => own.some((f) => shows(caps)(t, f)))
