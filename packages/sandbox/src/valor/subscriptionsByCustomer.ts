/**
 * Valor's subscriptions filed by customer as well as by id, so that the customer list's
 * `total_recursive_billing` reads a customer's own few subscriptions instead of every
 * subscription of the merchant for each customer of the page. Every store, removal and change of
 * a subscription's customer goes through these three functions, which keep both in step.
 */
import type { Merchant } from './state'
import type { Subscription } from './subscriptionState'

const file = (m: Merchant, s: Subscription): void => {
  let filed = m.subscriptionsByCustomer.get(s.customerId)
  if (filed === undefined) {
    filed = new Set()
    m.subscriptionsByCustomer.set(s.customerId, filed)
  }
  filed.add(s)
}

const unfile = (m: Merchant, s: Subscription): void => {
  const filed = m.subscriptionsByCustomer.get(s.customerId)
  filed?.delete(s)
  if (filed?.size === 0) m.subscriptionsByCustomer.delete(s.customerId)
}

export const storeSubscription = (m: Merchant, s: Subscription): void => {
  m.subscriptions.set(s.id, s)
  file(m, s)
}

export const removeSubscription = (m: Merchant, s: Subscription): void => {
  m.subscriptions.delete(s.id)
  unfile(m, s)
}

/** An update may move a subscription to another customer profile; it keeps its place by id. */
export const moveSubscription = (m: Merchant, s: Subscription, customerId: number): void => {
  if (s.customerId === customerId) return
  unfile(m, s)
  s.customerId = customerId
  file(m, s)
}

/** How many of the customer's subscriptions are active now (statuses change in place). */
export const activeSubscriptions = (m: Merchant, customerId: number): number => {
  let active = 0
  for (const s of m.subscriptionsByCustomer.get(customerId) ?? [])
    if (s.status === 'active') active++
  return active
}
