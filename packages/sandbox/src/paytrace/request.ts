/**
 * What every vault route goes through before its own work: the bearer token of a grant, the two
 * optional headers, the JSON body and `merchant_id`; and the path's ids and customer lookup.
 */
import type { Handler, JsonObject, SimRequest, SimResponse } from '../common/engine'
import { isObject, parseJson } from '../common/engine'
import { fieldError, invalidToken, unprocessable } from './respond'
import { type Customer, type Merchant, type PayTraceSim, merchantOf } from './state'

/** A handler past the auth check: the token's merchant and the request's JSON body. */
export type Authed = (req: SimRequest, m: Merchant, body: JsonObject) => SimResponse

/** A vault route's handler over the simulator state. */
export type PayTraceHandler = (sim: PayTraceSim) => Authed

/** Bearer token, the two optional headers, the JSON body and `merchant_id`, then the handler. */
export const authed =
  (sim: PayTraceSim) =>
  (handler: Authed): Handler =>
  (req) => {
    const header = req.headers.authorization ?? ''
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    const session = bearer === undefined ? undefined : sim.accessTokens.get(bearer)
    if (session === undefined || session.expiresAt <= sim.clock().getTime()) return invalidToken()
    const headerIssues: { field: string; detail: string }[] = []
    const limits = [
      ['x-integrator-id', 12],
      ['x-permalinks', 4],
    ] as const
    for (const [name, max] of limits) {
      const value = req.headers[name]
      if (typeof value === 'string' && value.length > max) {
        headerIssues.push({
          field: `header/${name}`,
          detail: `ensure this value has at most ${max} characters`,
        })
      }
    }
    if (headerIssues.length > 0) return unprocessable(headerIssues)
    let body: JsonObject = {}
    if (req.method !== 'GET') {
      const parsed = parseJson(req.body)
      if (!isObject(parsed)) return fieldError('body', 'value is not a valid dict')
      body = parsed
    }
    const merchantId = body.merchant_id
    const merchant = merchantOf(sim, session.credentials)
    if (
      merchantId !== undefined &&
      merchantId !== null &&
      String(merchantId) !== String(merchant.credentials.merchantId)
    ) {
      return fieldError(
        'body/merchant_id',
        `merchant_id ${String(merchantId).slice(0, 20)} is not accessible with this token`,
      )
    }
    return handler(req, merchant, body)
  }

export const pathInt = (req: SimRequest, name: string): number | SimResponse => {
  const raw = req.params[name] ?? ''
  return /^[0-9]{1,15}$/.test(raw)
    ? Number(raw)
    : fieldError(`path/${name}`, 'value is not a valid integer')
}

export const findCustomer = (
  m: Merchant,
  id: number,
  field = 'path/customer_id',
): Customer | SimResponse =>
  m.customers.get(id) ?? fieldError(field, `customer_id ${id} was not found`)

/** The customer of a `{customer_id}` route, looked up before the handler. */
export const withCustomer =
  (handler: (req: SimRequest, m: Merchant, c: Customer, body: JsonObject) => SimResponse): Authed =>
  (req, m, body) => {
    const id = pathInt(req, 'customer_id')
    if (typeof id !== 'number') return id
    const c = findCustomer(m, id)
    return 'status' in c ? c : handler(req, m, c, body)
  }
