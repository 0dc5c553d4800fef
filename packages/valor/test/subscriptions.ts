// The subscription API's fixtures: its own host, the EPI, the credentials every body carries, and
// list items in the shape the adapter reads (the list's answer keys are assumed: Valor documents
// none). Bodies that the facts record (S00 / error_no answers) say so where they are built.
import nock from 'nock'
import type { ValorConfig } from '../src'
import { APP_ID, APP_KEY, BASE, countRequests, makeVault } from './fixtures'

export const SUB_BASE = 'https://securelink.test'
export const EPI = '2203500001'

/** The credentials and `txn_type` every subscription body starts with. */
export const creds = (txnType: string) => ({
  appid: APP_ID,
  appkey: APP_KEY,
  epi: EPI,
  txn_type: txnType,
})

export const makeSubVault = (extra: Partial<ValorConfig> = {}) =>
  makeVault({
    epi: EPI,
    ...extra,
    subscriptions: { baseUrl: SUB_BASE, ...(extra.subscriptions ?? {}) },
  })

/** A nock scope on the subscription host that refuses the vault's auth headers. */
export const subs = () =>
  nock(SUB_BASE, { badheaders: ['valor-app-id', 'valor-app-key'] }).matchHeader(
    'content-type',
    /application\/json/,
  )

/** A success: `error_no` "S00" and `error_code` "00", as one integrator saw live. */
export const ok = (extra: Record<string, unknown> = {}) => ({
  error_no: 'S00',
  error_code: '00',
  ...extra,
})

/** A refusal: HTTP 400 `{error_no, desc}`, as one integrator saw live. */
export const refused = (code: string, desc: string) => ({ error_no: code, desc })

/** One list item (the assumed keys), a monthly $24.95 on the 14th, open-ended, active. */
export const item = (over: Record<string, unknown> = {}) => ({
  subscription_id: '41001',
  status: 'active',
  amount: '24.95',
  recurring_type: '2',
  charge_on: '14',
  subscription_starts_from: '2026-02-14',
  charge_until: 'never_expired',
  payments_count: 0,
  invoice_no: 'VPREF0000001',
  product_description: 'Gym membership',
  payment_info: { CustomerProfileID: '100864', PaymentProfileID: '97555' },
  ...over,
})

/** A list answer holding these items. */
export const listed = (...items: ReadonlyArray<object>) => ok({ data: items })

/** The list call's body: the active-or-not boolean and any filters. */
export const listBody = (status: boolean, filters: Record<string, unknown> = {}) => ({
  ...creds('listsubscription'),
  status,
  ...filters,
})

/** `get`'s reads: the active list filtered by id (answer given), then the inactive one if needed. */
export const getReads = (id: string, active: object, inactive?: object) => {
  const scope = subs()
    .post('/?viewSubs', listBody(true, { subscription_id: id }))
    .reply(200, active)
  if (inactive !== undefined) {
    scope.post('/?viewSubs', listBody(false, { subscription_id: id })).reply(200, inactive)
  }
  return scope
}

/** Counts every request to the vault host and the subscription host: checks that must send none. */
export const countBoth = (): (() => number) => countRequests([BASE, SUB_BASE])
