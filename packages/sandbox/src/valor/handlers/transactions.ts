/**
 * Valor V6, a customer's transactions: the query is checked, the list is always empty (the
 * sandbox runs no payments).
 */
import { parseIsoDay } from '../../common/dates'
import { Reader } from '../../common/fields'
import { type ValorHandler, withCustomer } from '../request'
import { failedList, invalid, okStatus } from '../respond'

export const listTransactions: ValorHandler = () =>
  withCustomer(
    () => failedList(['Vault customer ID does not exist.'], null),
    (req) => {
      const r = new Reader()
      const q = Object.fromEntries(req.query)
      for (const key of ['start_date', 'end_date'] as const) {
        const v = r.string(q, key, [])
        if (v !== undefined && parseIsoDay(v, false) === null)
          r.add([key], { kind: 'pattern', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
      }
      const limit =
        r.number(q, 'limit', [], { integer: true, min: 1, max: 100, fromString: true }) ?? 25
      const offset = r.number(q, 'offset', [], { integer: true, min: 0, fromString: true }) ?? 0
      if (!r.ok) return invalid(r, null)
      return okStatus(200, { message: 'SUCCESS', data: [], total_count: 0, limit, offset })
    },
  )
