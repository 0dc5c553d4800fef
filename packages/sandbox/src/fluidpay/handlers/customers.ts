/**
 * The customer record itself: F1 create (with its default payment and addresses), F2 get,
 * F3 update (description, notes, flags, defaults) and F4 delete. Update and delete answer
 * `data: null`.
 */
import type { JsonObject } from '../../common/engine'
import { Reader } from '../../common/fields'
import { type Authed, withCustomer } from '../access'
import { CUSTOMER_FLAGS, readAddress, readFlags, readPayment } from '../inputs'
import { badRequest, failed, success } from '../respond'
import {
  type Defaults,
  type FluidPaySim,
  type PaymentInput,
  addAddress,
  addPayment,
  addressHash,
  emptyAddress,
  emptyCustomer,
  newId,
  touch,
} from '../state'
import { fullRecord } from '../views'

/** Reads `default_payment`, which must hold exactly one of its kinds. */
const readDefaultPayment = (
  sim: FluidPaySim,
  r: Reader,
  body: JsonObject,
): PaymentInput | undefined => {
  const dp = r.object(body, 'default_payment', [])
  if (dp === undefined) return undefined
  const kinds = ['card', 'ach', 'token', 'apple_pay', 'google_pay_token'].filter(
    (k) => dp[k] !== undefined && dp[k] !== null,
  )
  if (kinds.length !== 1) {
    r.add(['default_payment'], {
      kind: 'custom',
      message: 'default_payment must hold exactly one payment method',
    })
    return undefined
  }
  if (kinds[0] === 'token' || kinds[0] === 'google_pay_token') {
    return readPayment(
      sim,
      r,
      dp,
      ['default_payment'],
      kinds[0] === 'token' ? 'token' : 'googlepay',
    )
  }
  const key = kinds[0] as string
  const inner = r.object(dp, key, ['default_payment'])
  if (inner === undefined) return undefined
  return readPayment(
    sim,
    r,
    inner,
    ['default_payment', key],
    key === 'apple_pay' ? 'applepay' : key,
  )
}

// -- F1 create

export const createCustomer =
  (sim: FluidPaySim): Authed =>
  (_req, m, body) => {
    const r = new Reader()
    const customId = r.string(body, 'id', [], {
      max: 40,
      pattern: sim.options.rules().fluidpayCustomId,
    })
    const idFormat = r.string(body, 'id_format', [], { oneOf: ['xid_type_last4'] })
    const description = r.string(body, 'description', [], { max: 255 }) ?? ''
    const flags = readFlags(r, body, [], CUSTOMER_FLAGS) ?? []
    const payment = readDefaultPayment(sim, r, body)
    const billing = r.object(body, 'default_billing_address', [])
    const shipping = r.object(body, 'default_shipping_address', [])
    const billingFields =
      billing === undefined ? undefined : readAddress(r, billing, ['default_billing_address'])
    const shippingFields =
      shipping === undefined ? undefined : readAddress(r, shipping, ['default_shipping_address'])
    if (customId !== undefined && idFormat !== undefined) {
      r.add(['id_format'], { kind: 'custom', message: 'id_format cannot be used with a custom id' })
    }
    if (idFormat !== undefined && payment === undefined) {
      r.add(['id_format'], {
        kind: 'custom',
        message: 'id_format requires a card or ach default_payment',
      })
    }
    if (!r.ok) return badRequest(r.problems)
    if (customId !== undefined && m.customers.has(customId))
      return failed(409, 'customer id already exists')

    const now = sim.clock()
    let id = customId ?? newId(sim, m)
    if (idFormat !== undefined && payment !== undefined) {
      id =
        payment.kind === 'card'
          ? `${id}_${payment.card.pan.brand}_${payment.card.pan.last4}`
          : `${id}_ach_${payment.ach.last4}`
    }
    const c = emptyCustomer(id, description, now)
    c.flags = flags
    if (billingFields !== undefined) addAddress(sim, m, c, billingFields)
    if (shippingFields !== undefined) {
      const merged = { ...emptyAddress(), ...shippingFields }
      const same = c.addresses.find((a) => a.hash === addressHash(merged))
      if (same !== undefined) c.defaults.shipping_address_id = same.id
      else c.defaults.shipping_address_id = addAddress(sim, m, c, shippingFields).id
    }
    if (payment !== undefined) addPayment(sim, m, c, payment)
    m.customers.set(c.id, c)
    return fullRecord(m, c)
  }

// -- F2 get, F3 update, F4 delete

export const getCustomer: Authed = withCustomer((_req, m, c) => fullRecord(m, c))

export const updateCustomer = (sim: FluidPaySim): Authed =>
  withCustomer((_req, _m, c, body) => {
    const r = new Reader()
    const description = r.string(body, 'description', [], { max: 255 })
    const notes = r.string(body, 'notes', [], { max: 255 })
    const flags = readFlags(r, body, [], CUSTOMER_FLAGS)
    const defaults = r.object(body, 'defaults', [])
    const next: Partial<Defaults> = {}
    if (defaults !== undefined) {
      const billing = r.string(defaults, 'billing_address_id', ['defaults'])
      const shipping = r.string(defaults, 'shipping_address_id', ['defaults'])
      const pmId = r.string(defaults, 'payment_method_id', ['defaults'])
      const pmType = r.string(defaults, 'payment_method_type', ['defaults'], {
        oneOf: ['card', 'ach'],
      })
      if ((pmId === undefined) !== (pmType === undefined)) {
        r.add(['defaults'], {
          kind: 'custom',
          message: 'payment_method_id and payment_method_type must be given together',
        })
      }
      for (const [key, value] of [
        ['billing_address_id', billing],
        ['shipping_address_id', shipping],
      ] as const) {
        if (value === undefined) continue
        if (!c.addresses.some((a) => a.id === value)) return failed(404, 'address not found')
        next[key] = value
      }
      if (pmId !== undefined && pmType !== undefined) {
        const list: readonly { id: string }[] = pmType === 'card' ? c.cards : c.ach
        if (!list.some((p) => p.id === pmId)) return failed(404, 'payment method not found')
        next.payment_method_id = pmId
        next.payment_method_type = pmType
      }
    }
    if (!r.ok) return badRequest(r.problems)
    if (description !== undefined) c.description = description
    if (notes !== undefined) c.notes = notes
    if (flags !== undefined) c.flags = flags
    c.defaults = { ...c.defaults, ...next }
    touch(sim, c)
    return success(null)
  })

export const deleteCustomer: Authed = withCustomer((_req, m, c) => {
  m.customers.delete(c.id)
  return success(null)
})
