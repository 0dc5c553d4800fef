/**
 * F6–F8: adding, changing and removing a customer's addresses. Removing the default billing or
 * shipping address leaves that default empty. With `fluidpay.duplicateAddresses` on, an add or
 * change that would leave two identical addresses is refused.
 */
import { Reader } from '../../common/fields'
import { type Authed, withCustomer } from '../access'
import { readAddress } from '../inputs'
import { badRequest, failed, success } from '../respond'
import {
  type Address,
  type Customer,
  type FluidPaySim,
  addAddress,
  addressHash,
  emptyAddress,
  sameAddress,
  touch,
} from '../state'
import { fullRecord } from '../views'

const findAddress = (c: Customer, id: string | undefined): Address | undefined =>
  c.addresses.find((a) => a.id === id)

/** The refusal one SDK documents, in the gateway's 400 envelope (the status is our choice). */
const duplicateAddress = () => failed(400, 'invalid: would create a duplicate address')

export const createAddress = (sim: FluidPaySim): Authed =>
  withCustomer((_req, m, c, body) => {
    const r = new Reader()
    const fields = readAddress(r, body, [])
    if (!r.ok) return badRequest(r.problems)
    const refuse = sim.options.rules().fluidpay.duplicateAddresses
    if (refuse && sameAddress(c, { ...emptyAddress(), ...fields }) !== undefined)
      return duplicateAddress()
    addAddress(sim, m, c, fields)
    touch(sim, c)
    return fullRecord(m, c)
  })

export const updateAddress = (sim: FluidPaySim): Authed =>
  withCustomer((req, m, c, body) => {
    const address = findAddress(c, req.params.address_id)
    if (address === undefined) return failed(404, 'address not found')
    const r = new Reader()
    const fields = readAddress(r, body, [])
    if (!r.ok) return badRequest(r.problems)
    const refuse = sim.options.rules().fluidpay.duplicateAddresses
    if (refuse && sameAddress(c, { ...address, ...fields }, address) !== undefined)
      return duplicateAddress()
    Object.assign(address, fields)
    address.hash = addressHash(address)
    touch(sim, c)
    return fullRecord(m, c)
  })

export const deleteAddress = (sim: FluidPaySim): Authed =>
  withCustomer((req, _m, c) => {
    const address = findAddress(c, req.params.address_id)
    if (address === undefined) return failed(404, 'address not found')
    c.addresses = c.addresses.filter((a) => a !== address)
    if (c.defaults.billing_address_id === address.id) c.defaults.billing_address_id = ''
    if (c.defaults.shipping_address_id === address.id) c.defaults.shipping_address_id = ''
    touch(sim, c)
    return success(null)
  })
