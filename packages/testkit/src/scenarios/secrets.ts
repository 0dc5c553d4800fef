/**
 * The secrets scenario: provoke errors whose requests carry card and account numbers, then scan
 * every answer, error and transcript event seen so far for them.
 */
import type { CustomerId, PaymentMethodInput } from '@vaultport/core'
import { fail } from '../assert'
import {
  aBankAccountInput,
  aCardInput,
  aCustomerInput,
  luhnInvalidCardNumber,
  testBankAccounts,
  testCards,
} from '../data'
import { observationItems, scanForSecrets } from '../observe'
import { asId } from './helpers'
import { scenario } from './scenario'

export const noLeaks = scenario(
  'secrets: no card number, account number or key in any error, value or transcript event',
  ['customers.create'],
  async (ctx) => {
    // Provoke errors that carry numbers in their requests, then scan everything seen so far.
    const v = ctx.vault
    const c = await ctx.newCustomer()
    const ghost = asId<CustomerId>(ctx.unknownId('customer', c.id))
    const inputs: ReadonlyArray<PaymentMethodInput> = [
      aCardInput(ctx.now, testCards.visa),
      aCardInput(ctx.now, testCards.amex, { number: luhnInvalidCardNumber }),
      aCardInput(ctx.now, testCards.mastercard, { expiry: { month: 1, year: 2001 } }),
      aBankAccountInput(testBankAccounts.checking),
      aBankAccountInput(testBankAccounts.savings, { routingNumber: '123456789' }),
    ]
    for (const input of inputs) {
      await v.paymentMethods.add(ghost, input)()
      await v.paymentMethods.add(c.id, input)()
      await v.customers.create({
        ...aCustomerInput(ctx.caps),
        email: 'bad email',
        paymentMethod: input,
      })()
    }
    const items = [
      ...observationItems(ctx.observations()),
      ...ctx
        .transcript()
        .map((e, i) => ({ where: `transcript event ${i + 1} (${e.operation})`, value: e })),
    ]
    const hits = scanForSecrets(items, ctx.secrets)
    if (hits.length > 0) {
      fail(
        `${hits.length} leak(s) in ${items.length} answers and events: ${hits
          .slice(0, 10)
          .map((h) => `${h.secret} in ${h.where}`)
          .join('; ')}`,
      )
    }
  },
)
