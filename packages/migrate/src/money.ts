/**
 * Money as a person reads it in plans and reports: a decimal amount in the currency's own minor
 * units, then the currency (`51.66 USD`, `5166 JPY`, `5.166 BHD`). Amounts stay integer minor
 * units everywhere else; this is only how they are shown.
 */
import { minorUnitsToDecimalString, type Money } from '@vaultport/core'

const digitsByCurrency = new Map<string, number>()

/**
 * The minor-unit digits of an ISO 4217 currency, from the runtime's own currency data (2 for a
 * code it does not know, the common case).
 * @category Reports
 */
export const currencyDigits = (currency: string): number => {
  const known = digitsByCurrency.get(currency)
  if (known !== undefined) return known
  let digits = 2
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
  } catch {
    // not a currency code the runtime accepts: keep the common two digits
  }
  digitsByCurrency.set(currency, digits)
  return digits
}

/**
 * `51.66 USD` for 5166 minor units of USD.
 * @category Reports
 */
export const formatMoney = (m: Money): string =>
  `${minorUnitsToDecimalString(m.amount, currencyDigits(m.currency))} ${m.currency}`
