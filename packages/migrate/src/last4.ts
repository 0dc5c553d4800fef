/** The last four digits a stored payment method shows, whatever its kind. */
import type { PaymentMethod } from '@vaultport/core'

export const methodLast4 = (m: PaymentMethod): string =>
  m.kind === 'card' ? m.last4 : m.accountLast4
