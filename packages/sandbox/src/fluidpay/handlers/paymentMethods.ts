/**
 * F9–F15: a customer's payment methods. Cards and ach accounts are added from raw numbers, test
 * tokens or wallet payloads (F9–F13), changed in place (F14) and removed (F15); removing the
 * default payment method leaves that default empty.
 */
import { Reader } from '../../common/fields'
import { type Authed, withCustomer } from '../access'
import { readAch, readCard, readPayment } from '../inputs'
import { badRequest, failed, success } from '../respond'
import { type FluidPaySim, addPayment, touch } from '../state'
import { fullRecord } from '../views'

export const createPayment = (
  sim: FluidPaySim,
  kind: 'card' | 'ach' | 'token' | 'applepay' | 'googlepay',
): Authed =>
  withCustomer((_req, m, c, body) => {
    const r = new Reader()
    const payment = readPayment(sim, r, body, [], kind)
    if (!r.ok || payment === undefined) return badRequest(r.problems)
    addPayment(sim, m, c, payment)
    touch(sim, c)
    return fullRecord(m, c)
  })

export const updatePayment = (sim: FluidPaySim, kind: 'card' | 'ach' | 'token'): Authed =>
  withCustomer((req, m, c, body) => {
    const id = req.params.payment_method_id
    const card = c.cards.find((x) => x.id === id)
    const ach = c.ach.find((x) => x.id === id)
    if (
      (kind === 'card' && card === undefined) ||
      (kind === 'ach' && ach === undefined) ||
      (card ?? ach) === undefined
    ) {
      return failed(404, 'payment method not found')
    }
    const r = new Reader()
    if (kind === 'token') {
      const payment = readPayment(sim, r, body, [], 'token')
      if (!r.ok || payment === undefined) return badRequest(r.problems)
      if (payment.kind === 'card' && card !== undefined) Object.assign(card, payment.card)
      else if (payment.kind === 'ach' && ach !== undefined) Object.assign(ach, payment.ach)
      else return failed(400, 'token does not match the payment method type')
    } else if (card !== undefined) {
      const patch = readCard(r, body, [], true)
      if (!r.ok) return badRequest(r.problems)
      Object.assign(card, patch)
    } else if (ach !== undefined) {
      const patch = readAch(r, body, [], true)
      if (!r.ok) return badRequest(r.problems)
      Object.assign(ach, patch)
    }
    touch(sim, c)
    return fullRecord(m, c)
  })

export const deletePayment = (sim: FluidPaySim, kind: 'card' | 'ach'): Authed =>
  withCustomer((req, _m, c) => {
    const id = req.params.payment_method_id
    const list: readonly { id: string }[] = kind === 'card' ? c.cards : c.ach
    if (!list.some((p) => p.id === id)) return failed(404, 'payment method not found')
    if (kind === 'card') c.cards = c.cards.filter((p) => p.id !== id)
    else c.ach = c.ach.filter((p) => p.id !== id)
    if (c.defaults.payment_method_id === id) {
      c.defaults.payment_method_id = ''
      c.defaults.payment_method_type = ''
    }
    touch(sim, c)
    return success(null)
  })
