/**
 * What every Valor request goes through before its handler (docs/wire-assumptions.md V.0): the `Valor-App-ID`/`Valor-App-Key`
 * check that picks the merchant, the JSON body of POST/PUT, and the path ids and customer lookup.
 */
import type { Handler, JsonObject, SimRequest, SimResponse } from '../common/engine'
import { isObject, parseJson } from '../common/engine'
import { authError, failedList } from './respond'
import { type Customer, type Merchant, type ValorSim, merchantOf } from './state'

/** A handler once the request is authenticated: the merchant and the body (`{}` without one). */
export type Authed = (req: SimRequest, m: Merchant, body: JsonObject) => SimResponse

/** A route's handler over the simulator state. */
export type ValorHandler = (sim: ValorSim) => Authed

export const authed =
  (sim: ValorSim, handler: Authed): Handler =>
  (req) => {
    const appId = req.headers['valor-app-id']
    const appKey = req.headers['valor-app-key']
    if (typeof appId !== 'string' || appId === '' || typeof appKey !== 'string' || appKey === '') {
      return authError('Please provide a valid APP ID or APP Key.')
    }
    const credentials = sim.credentials.find((c) => c.appId === appId && c.appKey === appKey)
    if (credentials === undefined) return authError('Not a valid APP ID or APP Key.')
    let body: JsonObject = {}
    if (req.method === 'POST' || req.method === 'PUT') {
      const parsed = parseJson(req.body)
      if (!isObject(parsed)) return failedList(['data must be object'])
      body = parsed
    }
    return handler(req, merchantOf(sim)(credentials), body)
  }

export const idParam = (req: SimRequest, name: string): number | undefined => {
  const raw = req.params[name] ?? ''
  return /^[0-9]{1,11}$/.test(raw) ? Number(raw) : undefined
}

/** Looks the path's customer up; `missing` is that endpoint's own wording of "not found". */
export const withCustomer =
  (
    missing: () => SimResponse,
    handler: (req: SimRequest, m: Merchant, c: Customer, body: JsonObject) => SimResponse,
  ): Authed =>
  (req, m, body) => {
    const id = idParam(req, 'vault_customer_id')
    const c = id === undefined ? undefined : m.customers.get(id)
    return c === undefined ? missing() : handler(req, m, c, body)
  }
