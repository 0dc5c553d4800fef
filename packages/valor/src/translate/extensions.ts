/**
 * Valor customer transactions (the `vault.valor` extension) as typed records: amounts in minor
 * units, the request instant as ISO 8601.
 */
import { readMaskedNumber } from '@vaultport/core'
import type { AmountField, TransactionRecord } from '../wire'
import { amountFields, idText } from '../wire'
import { put, textOf } from './shared'

// ---- customer transactions (the Valor extension)

/**
 * One Valor transaction, typed: amounts in minor units (cents), the instant as ISO 8601.
 * @category Extensions
 */
export interface ValorTransaction {
  readonly id: string
  readonly type: string
  readonly status: string
  readonly amounts: Readonly<Partial<Record<AmountField, number>>>
  /** `request_date` + `request_time` as `YYYY-MM-DDTHH:MM:SS` plus the zone when known. */
  readonly requestedAt?: string
  readonly settledAt?: string
  readonly cardScheme?: string
  readonly last4?: string
  readonly approvalCode?: string
  readonly responseCode?: string
  /** The record exactly as Valor sent it (masked card number included, nothing more). */
  readonly raw: TransactionRecord
}

/** Fixed offsets of the US zone abbreviations Valor terminals report. */
const ZONES: Readonly<Record<string, string>> = {
  UTC: 'Z',
  GMT: 'Z',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  AKST: '-09:00',
  AKDT: '-08:00',
  HST: '-10:00',
}

/** "03/25/2026" + "02:22:37" + "EST" → "2026-03-25T02:22:37-05:00"; no zone → local time. */
export const requestInstant = (date: string, time: string, zone: string): string | undefined => {
  const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date.trim())
  if (d === null) return undefined
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim())
  const day = `${d[3]}-${d[1]}-${d[2]}`
  if (t === null) return day
  const local = `${day}T${t[1]}:${t[2]}:${t[3] ?? '00'}`
  const offset = ZONES[zone.trim().toUpperCase()]
  return offset === undefined ? local : `${local}${offset}`
}

export const transactionFromWire = (r: TransactionRecord): ValorTransaction => {
  const amounts: Partial<Record<AmountField, number>> = {}
  for (const k of amountFields) {
    const v = r[k]
    if (typeof v === 'number' && Number.isSafeInteger(v)) amounts[k] = v
  }
  const requestedAt = requestInstant(
    textOf(r.request_date),
    textOf(r.request_time),
    textOf(r.timezone),
  )
  const { last4 } = readMaskedNumber(textOf(r.masked_card_no))
  return {
    id: idText(r.txn_id),
    type: textOf(r.txn_type),
    status: textOf(r.transactions_status),
    amounts,
    ...(requestedAt === undefined ? {} : { requestedAt }),
    ...put('settledAt', textOf(r.settled_at)),
    ...put('cardScheme', textOf(r.card_scheme)),
    ...(last4 === undefined ? {} : { last4 }),
    ...put('approvalCode', textOf(r.approval_code)),
    ...put('responseCode', textOf(r.response_code)),
    raw: r,
  }
}
