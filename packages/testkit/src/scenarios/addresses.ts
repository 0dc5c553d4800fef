/**
 * The addresses scenarios: add, update and remove read back field by field, and a declared
 * limit that refuses one more address without overwriting any.
 */
import type { AddressInput } from '@vaultport/core'
import {
  expectEqual,
  expectFieldsEqual,
  expectLeftKind,
  expectRight,
  expectTrue,
  notApplicable,
} from '../assert'
import { anAddressInput, anAddressPatch } from '../data'
import { addressRoles, findById, getCustomer, roomFor } from './helpers'
import { scenario } from './scenario'

export const addressLifecycle = scenario(
  'addresses: add, update and remove, read back field by field',
  ['customers.create', 'customers.get', 'addresses.add'],
  async (ctx) => {
    const roles = addressRoles(ctx.caps)
    if (roles.length === 0) notApplicable('the limits allow no address')
    const c = await ctx.newCustomer()
    const fields = ['role', ...ctx.caps.lossless.address]
    for (const role of roles) {
      const input = anAddressInput(role)
      const added = await expectRight(
        ctx.vault.addresses.add(c.id, input),
        `addresses.add (${role})`,
      )
      const stored = findById(
        (await getCustomer(ctx, c.id)).addresses,
        added.value.id,
        'customer addresses',
      )
      expectFieldsEqual(stored, input, fields, `${role} address after add`)
      if (ctx.supports('addresses.update')) {
        const patch = anAddressPatch()
        await expectRight(
          ctx.vault.addresses.update(c.id, added.value.id, patch),
          'addresses.update',
        )
        const after = findById(
          (await getCustomer(ctx, c.id)).addresses,
          added.value.id,
          'customer addresses',
        )
        expectFieldsEqual(after, { ...patch, role }, fields, `${role} address after update`)
      }
      if (ctx.supports('addresses.remove')) {
        await expectRight(ctx.vault.addresses.remove(c.id, added.value.id), 'addresses.remove')
        const left = (await getCustomer(ctx, c.id)).addresses
        expectTrue(
          !left.some((a) => a.id === added.value.id),
          'addresses.remove left the address in place',
        )
        await expectLeftKind(
          ctx.vault.addresses.remove(c.id, added.value.id),
          'NotFound',
          'second addresses.remove',
        )
      }
    }
  },
)

export const addressLimits = scenario(
  'addresses: exceeding a declared limit is Conflict or Validation and overwrites nothing',
  ['customers.create', 'customers.get', 'addresses.add'],
  async (ctx) => {
    const l = ctx.caps.limits
    const probe = ctx.options.maxLimitProbe ?? 10
    const roleLimit = (role: AddressInput['role']) =>
      role === 'billing' ? l.billingAddressesPerCustomer : l.shippingAddressesPerCustomer
    const roles = (['billing', 'shipping'] as const).filter((role) => {
      const bound = Math.min(roomFor(roleLimit(role), 0), roomFor(l.addressesPerCustomer, 0))
      return bound !== Number.POSITIVE_INFINITY && bound <= probe
    })
    if (roles.length === 0) notApplicable('no address limit within the probe is declared')
    for (const role of roles) {
      const c = await ctx.newCustomer()
      let n = 0
      for (;;) {
        const held = (await getCustomer(ctx, c.id)).addresses
        const room = Math.min(
          roomFor(roleLimit(role), held.filter((a) => a.role === role).length),
          roomFor(l.addressesPerCustomer, held.length),
        )
        if (room === 0) break
        await expectRight(
          ctx.vault.addresses.add(c.id, anAddressInput(role, { line1: `${++n} Elm Street` })),
          `addresses.add ${role} #${n} (within the limit)`,
        )
      }
      const before = (await getCustomer(ctx, c.id)).addresses
      await expectLeftKind(
        ctx.vault.addresses.add(c.id, anAddressInput(role, { line1: '99 Over Street' })),
        ['Conflict', 'Validation'],
        `addresses.add one ${role} address over the limit`,
      )
      const after = (await getCustomer(ctx, c.id)).addresses
      expectEqual(
        after.map((a) => [a.id, a.line1]),
        before.map((a) => [a.id, a.line1]),
        `addresses after a refused ${role} add`,
      )
    }
  },
)
