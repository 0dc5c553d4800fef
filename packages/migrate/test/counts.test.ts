// Honest counts and honest defaults: a delta run that finds nothing to change writes nothing and
// reports 0 updated; money is shown as a decimal in the currency's minor units; a bank account's
// details the card-data file leaves out come from the source's own record (so verification finds
// no difference), and the plan lists the defaults only for what neither gives.
import * as E from 'fp-ts/Either'
import { every, money, type BankAccountInput, type CustomerId, type Vault } from '@vaultport/core'
import { createMemoryVault, topologies, type MemoryVault } from '@vaultport/memory'
import {
  cardDataIndex,
  formatMoney,
  formatPlanTotals,
  issueExamples,
  memoryJournal,
  planMigration,
  readCardDataCsv,
  runMigration,
  verifyMigration,
} from '../src'
import { mapPorts } from '../src/mapPorts'
import { ACCOUNT, cardDataFor, now, seedSource } from './fixtures'

const target = (): MemoryVault => createMemoryVault({ now, idPrefix: 't_' })

const WRITES = new Set(['create', 'update', 'delete', 'add', 'remove', 'setDefault'])

/** `vault` with its write calls counted in `writes`. */
const countingWrites = (vault: Vault, writes: string[]): Vault =>
  mapPorts(vault, (port, name, call) => (...args) => {
    if (WRITES.has(name)) writes.push(`${port}.${name}`)
    return call(...args)
  })

describe('"updated" counts writes', () => {
  it('a delta run that finds nothing changed writes nothing and reports 0 updated', async () => {
    const s = await seedSource(4)
    const t = target()
    const journal = memoryJournal()
    const options = { source: s.vault, journal, cardData: cardDataFor(s), now }
    expect((await runMigration({ ...options, target: t })).counts.migrated).toBe(4)
    // Every customer's change time is at or after `since`: each is listed as changed.
    const since = new Date(now().getTime() - 1).toISOString()
    const writes: string[] = []
    const delta = await runMigration({ ...options, target: countingWrites(t, writes), since })
    expect(delta.status).toBe('completed')
    expect(delta.counts).toMatchObject({ updated: 0, unchanged: 4, migrated: 0 })
    expect(writes).toEqual([])
  })

  it('a delta run with one changed field writes it once and reports 1 updated', async () => {
    const s = await seedSource(3)
    const t = target()
    const journal = memoryJournal()
    const options = { source: s.vault, journal, cardData: cardDataFor(s), now }
    await runMigration({ ...options, target: t })
    const changed = await s.vault.customers.update(s.ids[1] as CustomerId, {
      email: 'moved@example.com',
    })()
    expect(E.isRight(changed)).toBe(true)
    const since = new Date(now().getTime() - 1).toISOString()
    const writes: string[] = []
    const delta = await runMigration({ ...options, target: countingWrites(t, writes), since })
    expect(delta.counts).toMatchObject({ updated: 1, unchanged: 2 })
    expect(writes).toEqual(['customers.update'])
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    expect(v.differences).toEqual([])
  })
})

describe('money in plans and reports', () => {
  it('is a decimal in the currency’s minor units, then the currency', () => {
    expect(formatMoney(money(5166, 'USD'))).toBe('51.66 USD')
    expect(formatMoney(money(5, 'EUR'))).toBe('0.05 EUR')
    expect(formatMoney(money(5166, 'JPY'))).toBe('5166 JPY')
    expect(formatMoney(money(5166, 'BHD'))).toBe('5.166 BHD')
  })

  it('the plan names a schedule that stays by its amount as a decimal', async () => {
    const s = await seedSource(3)
    const examples = issueExamples()
    const report = await planMigration({
      source: s.vault,
      target: createMemoryVault({
        now,
        topology: { ...topologies.fluidpayLike, recurrences: false },
      }),
      cardData: cardDataFor(s),
      now,
      onCustomer: (o) => (o.plan === undefined ? undefined : examples.add(o.plan)),
    })
    const text = formatPlanTotals(report.totals, examples.examples())
    expect(text).toContain('24.95 USD')
    expect(text).not.toMatch(/\b2495 USD/)
  })
})

describe('bank-account details the card-data file leaves out', () => {
  /** One customer with a bank account of the given details, and a schedule charging it. */
  const sourceWithAccount = async (details: Partial<BankAccountInput>) => {
    const vault = createMemoryVault({ now, idPrefix: 's_' })
    const made = await vault.customers.create({ reference: 'acme', name: 'Acme Co' })()
    if (E.isLeft(made)) throw new Error(made.left.message)
    const id = made.right.value.id
    const bank = await vault.paymentMethods.add(id, {
      kind: 'bank_account',
      accountNumber: ACCOUNT,
      routingNumber: '021000021',
      accountType: 'checking',
      ...details,
    })()
    if (E.isLeft(bank)) throw new Error(bank.left.message)
    await vault.recurrences.create({
      customerId: id,
      amount: money(5166, 'USD'),
      schedule: every(1, 'month'),
      startDate: '2026-07-01',
      totalCount: 12,
      paymentMethodId: bank.right.value.id,
    })()
    // The processor's export names the account but none of its details.
    const csv = `source_customer_id,source_payment_method_id,kind,account_number,routing_number\n${id},${bank.right.value.id},bank_account,${ACCOUNT},021000021\n`
    const records = readCardDataCsv(csv)
    if (E.isLeft(records)) throw new Error(records.left)
    return { vault, cardData: cardDataIndex(records.right) }
  }

  it('the run takes them from the source record, and verify finds no difference', async () => {
    const s = await sourceWithAccount({
      accountType: 'savings',
      holderType: 'business',
      secCode: 'WEB',
    })
    const examples = issueExamples()
    const plan = await planMigration({
      source: s.vault,
      target: target(),
      cardData: s.cardData,
      now,
      onCustomer: (o) => (o.plan === undefined ? undefined : examples.add(o.plan)),
    })
    expect(plan.totals.issues.default_applied).toBeUndefined()
    expect(formatPlanTotals(plan.totals, examples.examples())).not.toMatch(/defaults the run/)

    const t = target()
    const journal = memoryJournal()
    const report = await runMigration({
      source: s.vault,
      target: t,
      journal,
      cardData: s.cardData,
      now,
    })
    expect(report.counts.migrated).toBe(1)
    const listed = await t.customers.list()()
    const copy = E.isRight(listed) ? listed.right.items[0] : undefined
    const methods = await t.paymentMethods.list(copy?.id as CustomerId)()
    expect(E.isRight(methods) && methods.right).toEqual([
      expect.objectContaining({ accountType: 'savings', holderType: 'business', secCode: 'WEB' }),
    ])
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    expect(v.differences).toEqual([])
  })

  it('the plan lists the defaults for what neither the file nor the source gives', async () => {
    const s = await sourceWithAccount({})
    const examples = issueExamples()
    const plan = await planMigration({
      source: s.vault,
      target: target(),
      cardData: s.cardData,
      now,
      onCustomer: (o) => (o.plan === undefined ? undefined : examples.add(o.plan)),
    })
    expect(plan.totals.issues.default_applied).toBe(1)
    const text = formatPlanTotals(plan.totals, examples.examples())
    expect(text).toMatch(
      /defaults the run will apply:\n +1 {2}bank accounts given a default for a detail nobody states\n +e\.g\. .*holder type: the target's default, SEC code: the target's default/,
    )
    // The account type is the source's own (checking): no default for it.
    expect(text).not.toContain('account type checking')
  })
})
