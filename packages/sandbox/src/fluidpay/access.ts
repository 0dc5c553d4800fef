/**
 * Who may call and on what (docs/wire-assumptions.md F.1): the raw `Authorization: <api_key>` check (public keys
 * refused), the JSON body of a POST, and the customer a `{customer_id}` route acts on.
 */
import type { Handler, JsonObject, SimRequest, SimResponse } from '../common/engine'
import { isObject, parseJson } from '../common/engine'
import { failed, unauthorized } from './respond'
import { type Customer, type FluidPaySim, type Merchant, merchantOf } from './state'

/** A handler past the auth check: the caller's merchant and the request's JSON body. */
export type Authed = (req: SimRequest, m: Merchant, body: JsonObject) => SimResponse

/** A handler of a `{customer_id}` route, past the auth check and the customer lookup. */
export type OnCustomer = (
  req: SimRequest,
  m: Merchant,
  c: Customer,
  body: JsonObject,
) => SimResponse

export const authed =
  (sim: FluidPaySim) =>
  (handler: Authed): Handler =>
  (req) => {
    const key = (req.headers.authorization ?? '').trim()
    if (key === '') return unauthorized('missing api key')
    if (key.startsWith('pub_'))
      return unauthorized('public api keys cannot be used on this endpoint')
    const credentials = sim.options.credentials.find((c) => c.apiKey === key)
    if (credentials === undefined) return unauthorized('invalid api key')
    let body: JsonObject = {}
    if (req.method === 'POST') {
      const parsed = parseJson(req.body)
      if (!isObject(parsed)) return failed(400, 'invalid json')
      body = parsed
    }
    return handler(req, merchantOf(sim, credentials), body)
  }

const customerNotFound = (): SimResponse => failed(404, 'customer not found')

export const withCustomer =
  (handler: OnCustomer): Authed =>
  (req, m, body) => {
    const c = m.customers.get(req.params.customer_id ?? '')
    return c === undefined ? customerNotFound() : handler(req, m, c, body)
  }
