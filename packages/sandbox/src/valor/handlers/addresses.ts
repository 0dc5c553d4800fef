/**
 * Valor customer addresses: reading and showing one address (they travel inside the customer
 * calls as `address_details`), and V16, the one call of their own.
 */
import type { JsonObject } from '../../common/engine'
import type { Reader } from '../../common/fields'
import { type ValorHandler, idParam, withCustomer } from '../request'
import { failedList, okStatus } from '../respond'
import { ADDRESS_KEYS, type Address, type AddressKey } from '../state'

export const readAddress = (
  r: Reader,
  obj: JsonObject,
  at: readonly string[],
  creating: boolean,
): Partial<Address> => {
  const out: Partial<Record<AddressKey | 'address_label', string>> = {}
  const label = r.string(obj, 'address_label', at, { required: creating, max: 100 })
  if (label !== undefined) out.address_label = label
  for (const key of ADDRESS_KEYS) {
    const rule = key.endsWith('_state')
      ? { pattern: /^[A-Za-z]{2}$/ }
      : key.endsWith('_zip')
        ? { min: 5, max: 6 }
        : { max: 100 }
    const v = r.string(obj, key, at, { ...rule, numeric: true })
    if (v !== undefined) out[key] = v
  }
  return out
}

export const addressView = (a: Address): JsonObject => {
  const view: JsonObject = { address_id: a.address_id, address_label: a.address_label }
  for (const key of ADDRESS_KEYS) view[key] = a[key]
  return view
}

export const deleteAddress: ValorHandler = () =>
  withCustomer(
    () => failedList(['Unable to delete the address.']),
    (req, _m, c) => {
      const id = idParam(req, 'address_id')
      if (!c.addresses.some((a) => a.address_id === id))
        return failedList(['Unable to delete the address.'])
      c.addresses = c.addresses.filter((a) => a.address_id !== id)
      return okStatus(200, { message: 'Success' })
    },
  )
