// Builds a populated source vault and the card-data file that matches it.
import * as E from 'fp-ts/Either'
import { every, money, type CustomerId, type Vault } from '@vaultport/core'
import { createMemoryVault, type MemoryVaultOptions } from '@vaultport/memory'
import { cardDataIndex, type CardDataRecord } from '../src'

export const NOW = new Date('2026-06-01T00:00:00Z')
/** A clock the delta test can move forward; every other test leaves it at NOW. */
export const clock = { at: NOW }
export const now = () => clock.at

export const CARDS = [
  '4111111111111111',
  '5555555555554444',
  '378282246310005',
  '6011111111111117',
] as const
export const ACCOUNT = '000123456789'

const must = async <A>(te: () => Promise<E.Either<{ message: string }, A>>): Promise<A> => {
  const r = await te()
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

export interface Seeded {
  readonly vault: Vault
  readonly records: CardDataRecord[]
  readonly ids: CustomerId[]
}

/** `n` customers, each with a billing address, a card, every third a bank account and a schedule. */
export const seedSource = async (n: number, options: MemoryVaultOptions = {}): Promise<Seeded> => {
  const vault = createMemoryVault({ now, idPrefix: 's_', ...options })
  const records: CardDataRecord[] = []
  const ids: CustomerId[] = []
  for (let i = 0; i < n; i++) {
    const number = CARDS[i % CARDS.length] as string
    const created = await must(
      vault.customers.create({
        reference: `ref${i}`,
        name: `Customer ${String.fromCharCode(65 + (i % 26))}`,
        email: `c${i}@example.com`,
        addresses: [
          {
            role: 'billing',
            name: 'Ada Lee',
            line1: `${i + 1} Elm Street`,
            city: 'Edina',
            region: 'MN',
            postalCode: '55424',
            country: 'US',
          },
        ],
        paymentMethod: {
          kind: 'card',
          number,
          expiry: { month: 12, year: 2030 },
          holderName: 'Ada Lee',
        },
      }),
    )
    const c = created.value
    ids.push(c.id)
    const card = c.paymentMethods[0]
    records.push({
      sourceCustomerId: c.id,
      ...(card ? { sourcePaymentMethodId: card.id } : {}),
      input: { kind: 'card', number, expiry: { month: 12, year: 2030 }, holderName: 'Ada Lee' },
    })
    if (i % 3 === 0) {
      const bank = await must(
        vault.paymentMethods.add(c.id, {
          kind: 'bank_account',
          accountNumber: ACCOUNT,
          routingNumber: '021000021',
          accountType: 'checking',
        }),
      )
      records.push({
        sourceCustomerId: c.id,
        sourcePaymentMethodId: bank.value.id,
        input: {
          kind: 'bank_account',
          accountNumber: ACCOUNT,
          routingNumber: '021000021',
          accountType: 'checking',
        },
      })
      await must(
        vault.recurrences.create({
          customerId: c.id,
          amount: money(2495, 'USD'),
          schedule: every(1, 'month'),
          startDate: '2026-07-01',
          totalCount: 12,
          ...(card ? { paymentMethodId: card.id } : {}),
        }),
      )
    }
  }
  return { vault, records, ids }
}

export const cardDataFor = (seeded: Seeded) => cardDataIndex(seeded.records)
