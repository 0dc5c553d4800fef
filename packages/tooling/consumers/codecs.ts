// An application's own codec built from core's: with one copy of io-ts in the install (io-ts a
// peer dependency), core's `Customer` is an io-ts type of the application's io-ts (TS2322
// otherwise).
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { Customer, CustomerId } from '@vaultport/core'

export const Order = t.type({ customer: Customer, customerId: CustomerId, total: t.number })
export type Order = t.TypeOf<typeof Order>

if (E.isRight(Order.decode({ customer: 1, customerId: 'c', total: 1 }))) {
  throw new Error('a number decoded as a customer')
}
