/**
 * What a vault holds, read in full through its adapter (never through the engine or its
 * journal): every customer with its contact fields, cards, bank accounts and schedules. This is
 * what the counters compare, so it is plain data and can be planted by hand in tests.
 */
import * as E from 'fp-ts/Either'
import { collectAll, type CustomerId, type Vault, type VaultError } from '@vaultport/core'

export interface CardState {
  readonly id: string
  readonly last4: string
  readonly month?: number
  readonly year?: number
  readonly holder?: string
}

export interface BankState {
  readonly id: string
  readonly accountLast4: string
}

export interface ScheduleState {
  readonly id: string
  readonly amountCents: number
  readonly status: string
}

export interface CustomerState {
  readonly id: string
  readonly name?: string
  readonly email?: string
  readonly company?: string
  readonly cards: ReadonlyArray<CardState>
  readonly banks: ReadonlyArray<BankState>
  readonly schedules: ReadonlyArray<ScheduleState>
}

export interface VaultState {
  readonly customers: ReadonlyArray<CustomerState>
}

const must = <A>(what: string, r: E.Either<VaultError, A>): A => {
  if (E.isLeft(r)) throw new Error(`reading ${what}: ${r.left.kind}: ${r.left.message}`)
  return r.right
}

/** Reads the whole vault. Throws when a read fails (the caller turns the faults off first). */
export const snapshot = async (vault: Vault): Promise<VaultState> => {
  const summaries = must(
    'customers',
    await collectAll(vault.customers.list, {
      pageSize: Math.min(50, vault.capabilities.limits.maxPageSize),
    })(),
  )
  const withSchedules = vault.capabilities.operations.recurrences.listByCustomer
  const customers: CustomerState[] = []
  for (const s of summaries) {
    const c = must(`customer ${s.id}`, await vault.customers.get(s.id)())
    const listed = withSchedules
      ? await collectAll((q) => vault.recurrences.listByCustomer(s.id as CustomerId, q))()
      : E.right([])
    // A vault that answers Unsupported keeps no schedules, whatever its flags say.
    const schedules =
      E.isLeft(listed) && listed.left.kind === 'Unsupported'
        ? []
        : must(`schedules of ${s.id}`, listed)
    customers.push({
      id: c.id,
      ...(c.name === undefined ? {} : { name: c.name }),
      ...(c.email === undefined ? {} : { email: c.email }),
      ...(c.company === undefined ? {} : { company: c.company }),
      cards: c.paymentMethods.flatMap((m) =>
        m.kind === 'card'
          ? [
              {
                id: m.id,
                last4: m.last4,
                ...(m.expiry === undefined ? {} : { month: m.expiry.month, year: m.expiry.year }),
                ...(m.holderName === undefined ? {} : { holder: m.holderName }),
              },
            ]
          : [],
      ),
      banks: c.paymentMethods.flatMap((m) =>
        m.kind === 'bank_account' ? [{ id: m.id, accountLast4: m.accountLast4 }] : [],
      ),
      schedules: schedules.map((r) => ({
        id: r.id,
        amountCents: r.amount.amount,
        status: r.status,
      })),
    })
  }
  return { customers }
}
