/**
 * A stand-in for the source processor's card-data export, for the demo and the end-to-end tests:
 * the simulators only ever store the networks' public test numbers, so every stored method's
 * full number can be recovered from what the vault shows (last four, routing last four). A real
 * migration gets this file from the processor instead (docs/migration.md).
 */
import * as E from 'fp-ts/Either'
import { items, type Customer, type Vault } from '@vaultport/core'
import { COLUMNS } from '@vaultport/migrate'

/** The only card and bank numbers the simulators hold: the networks' public test numbers. */
const TEST_CARDS = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']
const TEST_ROUTING = ['021000021', '011000015']
const TEST_ACCOUNT = '000123456789'

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** The CSV a processor would hand over: full numbers for every stored method of `source`. */
export const exportCardData = async (
  source: Vault,
): Promise<E.Either<string, { csv: string; records: number }>> => {
  const rows: string[][] = []
  for await (const summary of items(source.customers.list, { pageSize: 50 })) {
    if (E.isLeft(summary)) return E.left(summary.left.message)
    const full = await source.customers.get(summary.right.id)()
    if (E.isLeft(full)) return E.left(full.left.message)
    rows.push(...exportRows(full.right))
  }
  const header = [...COLUMNS]
  const lines = [
    header.join(','),
    ...rows.map((r) => header.map((h) => csvCell(r[header.indexOf(h)] ?? '')).join(',')),
  ]
  return E.right({ csv: `${lines.join('\n')}\n`, records: rows.length })
}

const exportRows = (c: Customer): string[][] =>
  c.paymentMethods.flatMap((m): string[][] => {
    const row = (fields: Partial<Record<(typeof COLUMNS)[number], string>>) =>
      COLUMNS.map((k) => fields[k] ?? '')
    if (m.kind === 'card') {
      const number = TEST_CARDS.find((n) => n.endsWith(m.last4))
      if (number === undefined || m.expiry === undefined) return []
      return [
        row({
          source_customer_id: c.id,
          source_payment_method_id: m.id,
          kind: 'card',
          card_number: number,
          exp_month: String(m.expiry.month),
          exp_year: String(m.expiry.year),
          holder_name: m.holderName ?? '',
        }),
      ]
    }
    const routing =
      TEST_ROUTING.find((r) => m.routingLast4 === undefined || r.endsWith(m.routingLast4)) ??
      '021000021'
    if (!TEST_ACCOUNT.endsWith(m.accountLast4)) return []
    return [
      row({
        source_customer_id: c.id,
        source_payment_method_id: m.id,
        kind: 'bank_account',
        account_number: TEST_ACCOUNT,
        routing_number: routing,
        account_type: m.accountType,
        ...(m.secCode === undefined ? {} : { sec_code: m.secCode }),
        holder_name: m.holderName ?? '',
      }),
    ]
  })
