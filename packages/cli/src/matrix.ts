/**
 * The capability matrix: rows of operations and limits, a column per adapter, built from the
 * adapters' own capability records. The CLI prints it; docs/capabilities.md is generated from it.
 */
import { operationNames, supports, type Capabilities, type Limit } from '@vaultport/core'

const limit = (l: Limit): string => (l === null ? 'no limit' : String(l))
const yes = (b: boolean): string => (b ? 'yes' : '—')

/**
 * `[1, 2, 3, 4, 6]` → `1–4, 6`: runs of three or more consecutive numbers as a range.
 * @category Capabilities
 * @internal
 */
export const numberRanges = (ns: ReadonlyArray<number>): string => {
  const sorted = [...ns].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length;) {
    let j = i
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++
    const from = sorted[i] as number
    const to = sorted[j] as number
    if (j - i >= 2) parts.push(`${from}–${to}`)
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]))
    i = j + 1
  }
  return parts.join(', ')
}

/** @category Capabilities */
export interface Matrix {
  readonly headers: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
}

/** @category Capabilities */
export const capabilityMatrix = (records: ReadonlyArray<Capabilities>): Matrix => {
  const row = (label: string, cell: (c: Capabilities) => string) => [label, ...records.map(cell)]
  const intervals = (c: Capabilities) =>
    Object.entries(c.recurrences.intervals)
      .map(([unit, every]) => `${unit}: ${numberRanges(every ?? [])}`)
      .join('; ') || '—'
  return {
    headers: ['', ...records.map((c) => c.displayName)],
    rows: [
      ...operationNames().map((op) => row(op, (c) => yes(supports(c, op)))),
      row('addresses per customer', (c) => limit(c.limits.addressesPerCustomer)),
      row('billing addresses', (c) => limit(c.limits.billingAddressesPerCustomer)),
      row('shipping addresses', (c) => limit(c.limits.shippingAddressesPerCustomer)),
      row('payment methods per customer', (c) => limit(c.limits.paymentMethodsPerCustomer)),
      row('cards per customer', (c) => limit(c.limits.cardsPerCustomer)),
      row('bank accounts per customer', (c) => limit(c.limits.bankAccountsPerCustomer)),
      row('largest page', (c) => String(c.limits.maxPageSize)),
      row('merchant reference', (c) =>
        c.customerReference === 'none'
          ? '—'
          : `${c.customerReference}, ≤ ${limit(c.limits.referenceMaxLength)}`,
      ),
      row('payment-method inputs', (c) => c.paymentMethodInputs.join(', ') || '—'),
      row('payment-method status', (c) => yes(c.paymentMethodStatus)),
      row('schedule intervals', intervals),
      row(
        'named schedules',
        (c) =>
          c.recurrences.named.map((n) => (n.kind === 'named' ? n.label : '')).join(', ') || '—',
      ),
      row('open-ended schedules', (c) => yes(c.recurrences.openEnded)),
      row('schedules with a count', (c) => yes(c.recurrences.finiteCounts !== false)),
      row('billing day of month', (c) => yes(c.recurrences.anchors?.dayOfMonth === true)),
      row('billing weekday', (c) => yes(c.recurrences.anchors?.weekday === true)),
      row(
        'days-of-month schedules',
        (c) => (c.recurrences.daysOfMonth ?? []).map((d) => d.join(' & ')).join(', ') || '—',
      ),
      row('settable statuses', (c) => (c.recurrences.settableStatuses ?? []).join(', ') || '—'),
      row('schedules charge', (c) =>
        (c.recurrences.paymentMethodKinds ?? ['card', 'bank_account']).join(', '),
      ),
      row('currencies', (c) => c.recurrences.currencies.join(', ') || '—'),
      row('paging', (c) => c.paging),
      row('lossless customer fields', (c) => c.lossless.customer.join(', ') || '—'),
      row('lossless address fields', (c) => c.lossless.address.join(', ') || '—'),
    ],
  }
}

/**
 * The matrix as a Markdown table.
 * @category Capabilities
 */
export const matrixMarkdown = (m: Matrix): string => {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  return [
    `| ${m.headers.map(esc).join(' | ')} |`,
    `|${m.headers.map(() => '---').join('|')}|`,
    ...m.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n')
}
