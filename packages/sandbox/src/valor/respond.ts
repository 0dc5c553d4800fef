/**
 * Valor's mixed answer shapes (docs/wire-assumptions.md V.0), shared by every handler: OK vs SUCCESS, `errors` as an array
 * or as one string, answers without `code`, the boolean-status auth error, and field problems
 * worded the way Valor's ajv validation words them.
 */
import type { JsonObject, SimResponse } from '../common/engine'
import { json } from '../common/engine'
import type { FieldProblem, Reader } from '../common/fields'

/** The FAILED answer with `errors` as an array; `code: null` leaves `code` out (and sends 400). */
export const failedList = (messages: readonly string[], code: number | null = 400): SimResponse =>
  json(
    code ?? 400,
    code === null
      ? { status: 'FAILED', errors: messages }
      : { code, status: 'FAILED', errors: messages },
  )

/** The FAILED answer of the ACH endpoints: `errors` is one string. */
export const failedString = (message: string): SimResponse =>
  json(400, { code: 400, status: 'FAILED', errors: message })

export const okStatus = (code: number, body: JsonObject): SimResponse =>
  json(code, { code, status: 'OK', ...body })
export const successStatus = (body: JsonObject): SimResponse =>
  json(200, { code: 200, status: 'SUCCESS', ...body })

export const authError = (message: string): SimResponse =>
  json(400, { status: false, code: '400', message })

const ajvMessage = (p: FieldProblem): string => {
  const where = p.path.length === 0 ? 'data' : `data/${p.path.join('/')}`
  const parent = p.path.length <= 1 ? 'data' : `data/${p.path.slice(0, -1).join('/')}`
  const q = p.problem
  switch (q.kind) {
    case 'required':
      return `${parent} must have required property '${p.path[p.path.length - 1] ?? ''}'`
    case 'type':
      return `${where} must be ${q.expected}`
    case 'maxLength':
      return `${where} must NOT have more than ${q.limit} characters`
    case 'minLength':
      return `${where} must NOT have fewer than ${q.limit} characters`
    case 'pattern':
      return `${where} must match pattern "${q.pattern}"`
    case 'enum':
      return `${where} must be equal to one of the allowed values`
    case 'minimum':
      return `${where} must be >= ${q.limit}`
    case 'maximum':
      return `${where} must be <= ${q.limit}`
    case 'custom':
      return `${where} ${q.message}`
  }
}

export const invalid = (r: Reader, code: number | null = 400): SimResponse =>
  failedList(r.problems.map(ajvMessage), code)

/**
 * The refusal of a customer name another customer holds (the `valor.duplicateNames` knob), word
 * for word as one public client records it: note the key `error`, not `errors`.
 */
export const nameInUse = (): SimResponse =>
  json(400, { code: 400, status: 'FAILED', error: ['Customer name already exist'] })

export const customerNotExist = (): SimResponse => failedList(['Customer not exist'])
export const customerNotExistString = (): SimResponse => failedString('Customer not exist')

// ---- the subscription API (family A): `error_no` / `desc` failures, `S00` successes

/** A refused subscription call: HTTP 400 with `{error_no, desc}`. */
export const subscriptionError = (code: string, desc: string): SimResponse =>
  json(400, { error_no: code, desc })

export const subscriptionOk = (body: JsonObject = {}): SimResponse =>
  json(200, { error_no: 'S00', error_code: '00', ...body })

/** What the sandbox has been seen to answer to a valid add: HTTP 200, `text/html`, no body. */
export const emptyHtml200 = (): SimResponse => ({
  status: 200,
  text: '',
  contentType: 'text/html; charset=UTF-8',
})
