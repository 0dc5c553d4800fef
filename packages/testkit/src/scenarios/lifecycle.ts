/**
 * The lifecycle scenario: one customer through every port it can use, from create to delete.
 */
import * as E from 'fp-ts/Either'
import { formatVaultError, type PaymentMethod } from '@vaultport/core'
import { expectEqual, expectFieldsEqual, expectLeftKind, expectRight, fail } from '../assert'
import { aCustomerInput, aCustomerPatch, anAddressInput, anAddressPatch } from '../data'
import { pageSizeOf, walkCustomers } from './customers'
import {
  addMethod,
  addressRoles,
  getCustomer,
  listMethods,
  methodKinds,
  rawMethodInput,
  roomFor,
} from './helpers'
import { scenario } from './scenario'

export const lifecycle = scenario(
  'lifecycle: one customer from create to delete',
  ['customers.create', 'customers.get', 'customers.delete'],
  async (ctx) => {
    const v = ctx.vault
    const input = { ...aCustomerInput(ctx.caps), ...ctx.options.customerDefaults }
    const id = (await expectRight(v.customers.create(input), 'customers.create')).value.id
    expectFieldsEqual(await getCustomer(ctx, id), input, ctx.caps.lossless.customer, 'after create')
    if (ctx.supports('customers.update')) {
      const { reference: _kept, ...patch } = aCustomerPatch(ctx.caps)
      await expectRight(v.customers.update(id, patch), 'customers.update')
      expectFieldsEqual(
        await getCustomer(ctx, id),
        patch,
        ctx.caps.lossless.customer,
        'after update',
      )
    }
    if (ctx.supports('addresses.add')) {
      for (const role of addressRoles(ctx.caps)) {
        const a = (await expectRight(v.addresses.add(id, anAddressInput(role)), 'addresses.add'))
          .value
        if (ctx.supports('addresses.update')) {
          await expectRight(v.addresses.update(id, a.id, anAddressPatch()), 'addresses.update')
        }
        if (ctx.supports('addresses.remove')) {
          await expectRight(v.addresses.remove(id, a.id), 'addresses.remove')
        }
      }
    }
    const methods: PaymentMethod[] = []
    if (ctx.supports('paymentMethods.add')) {
      const l = ctx.caps.limits
      for (const kind of methodKinds(ctx.caps)) {
        if (roomFor(l.paymentMethodsPerCustomer, methods.length) === 0) break
        methods.push(await addMethod(ctx, id, rawMethodInput(ctx, kind)))
      }
      const token = ctx.caps.paymentMethodInputs.includes('gateway_token')
        ? await ctx.options.tokenFor?.('gateway_token')
        : undefined
      if (token !== undefined) {
        const held = await listMethods(ctx, id)
        const r = await v.paymentMethods.add(id, token)()
        // A token may stand for a kind whose slot is already taken: then the limit answers.
        if (E.isRight(r)) methods.push(r.right.value)
        else if (held.length === 0 || !['Conflict', 'Validation'].includes(r.left.kind)) {
          fail(`paymentMethods.add (gateway_token): ${formatVaultError(r.left)}`)
        }
      }
    }
    const last = methods[methods.length - 1]
    if (last !== undefined && ctx.supports('paymentMethods.setDefault')) {
      await expectRight(v.paymentMethods.setDefault(id, last.id), 'paymentMethods.setDefault')
      expectEqual((await getCustomer(ctx, id)).defaults.paymentMethodId, last.id, 'default method')
    }
    if (ctx.supports('customers.list')) {
      expectEqual((await walkCustomers(ctx, pageSizeOf(ctx))).get(id), 1, 'times listed')
    }
    if (ctx.supports('paymentMethods.remove')) {
      for (const m of methods) {
        await expectRight(v.paymentMethods.remove(id, m.id), 'paymentMethods.remove')
      }
      if (ctx.supports('paymentMethods.list'))
        expectEqual((await listMethods(ctx, id)).length, 0, 'methods left')
    }
    await expectRight(v.customers.delete(id), 'customers.delete')
    await expectLeftKind(v.customers.get(id), 'NotFound', 'customers.get after delete')
  },
)
