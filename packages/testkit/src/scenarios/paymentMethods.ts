/**
 * The payment-methods scenarios: cards and bank accounts read back, token/wallet/prior
 * transaction inputs, the default, updates, status, removal, and declared limits.
 */
import * as E from 'fp-ts/Either'
import { formatVaultError } from '@vaultport/core'
import {
  expectEqual,
  expectFieldsEqual,
  expectLeftKind,
  expectNotLeftKind,
  expectRight,
  expectTrue,
  fail,
  notApplicable,
} from '../assert'
import { aBankAccountInput, aCardInput, testBankAccounts, testCards } from '../data'
import {
  addMethod,
  findById,
  firstMethodKind,
  getCustomer,
  laterExpiry,
  listMethods,
  methodKinds,
  rawMethodInput,
  roomFor,
} from './helpers'
import { scenario } from './scenario'

export const cardReadBack = scenario(
  'paymentMethods: add a card and read it back',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list'],
  async (ctx) => {
    if (!methodKinds(ctx.caps).includes('card')) notApplicable('the vault stores no raw card')
    const c = await ctx.newCustomer()
    const input = aCardInput(ctx.now, testCards.visa)
    const added = await addMethod(ctx, c.id, input)
    const listed = findById(await listMethods(ctx, c.id), added.id, 'paymentMethods.list')
    if (listed.kind !== 'card')
      return fail(`paymentMethods.list: expected a card, got ${listed.kind}`)
    expectEqual(listed.brand, 'visa', 'card brand')
    expectEqual(listed.last4, testCards.visa.last4, 'card last4')
    if (listed.bin !== undefined) expectEqual(listed.bin, testCards.visa.bin, 'card BIN')
    expectFieldsEqual(listed, input, ctx.caps.lossless.card, 'card after add')
  },
)

export const bankReadBack = scenario(
  'paymentMethods: add a bank account and read it back',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list'],
  async (ctx) => {
    if (!methodKinds(ctx.caps).includes('bank_account')) {
      notApplicable('the vault stores no raw bank account')
    }
    const c = await ctx.newCustomer()
    const input = aBankAccountInput(testBankAccounts.checking)
    const added = await addMethod(ctx, c.id, input)
    const listed = findById(await listMethods(ctx, c.id), added.id, 'paymentMethods.list')
    if (listed.kind !== 'bank_account') {
      return fail(`paymentMethods.list: expected a bank account, got ${listed.kind}`)
    }
    expectEqual(listed.accountLast4, testBankAccounts.checking.accountLast4, 'account last4')
    expectFieldsEqual(listed, input, ctx.caps.lossless.bankAccount, 'bank account after add')
  },
)

export const extraInputs = scenario(
  'paymentMethods: add from a gateway token, wallet or prior transaction (where provided)',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list'],
  async (ctx) => {
    const kinds = (['gateway_token', 'wallet', 'prior_transaction'] as const).filter((k) =>
      ctx.caps.paymentMethodInputs.includes(k),
    )
    let exercised = 0
    for (const kind of kinds) {
      const input = await ctx.options.tokenFor?.(kind)
      if (input === undefined) continue
      const c = await ctx.newCustomer()
      const added = await addMethod(ctx, c.id, input)
      findById(await listMethods(ctx, c.id), added.id, `paymentMethods.list after a ${kind} add`)
      exercised++
    }
    if (exercised === 0) {
      notApplicable(
        kinds.length === 0
          ? 'the vault takes no token, wallet or prior-transaction input'
          : `options.tokenFor gave no input for ${kinds.join(', ')}`,
      )
    }
  },
)

export const setDefault = scenario(
  'paymentMethods: setDefault makes the method the customer default',
  ['customers.create', 'customers.get', 'paymentMethods.add', 'paymentMethods.setDefault'],
  async (ctx) => {
    const kinds = methodKinds(ctx.caps)
    const first = firstMethodKind(ctx)
    const c = await ctx.newCustomer()
    const a = await addMethod(ctx, c.id, rawMethodInput(ctx, first))
    const l = ctx.caps.limits
    const secondKind = kinds.find((k) =>
      k === first
        ? roomFor(k === 'card' ? l.cardsPerCustomer : l.bankAccountsPerCustomer, 1) > 0
        : true,
    )
    const target =
      secondKind !== undefined && roomFor(l.paymentMethodsPerCustomer, 1) > 0
        ? await addMethod(ctx, c.id, rawMethodInput(ctx, secondKind, 1))
        : a
    await expectRight(
      ctx.vault.paymentMethods.setDefault(c.id, target.id),
      'paymentMethods.setDefault',
    )
    const read = await getCustomer(ctx, c.id)
    expectEqual(
      read.defaults.paymentMethodId,
      target.id,
      'defaults.paymentMethodId after setDefault',
    )
  },
)

export const methodUpdate = scenario(
  'paymentMethods: update then list reflects the lossless fields',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list', 'paymentMethods.update'],
  async (ctx) => {
    const kind = firstMethodKind(ctx)
    const c = await ctx.newCustomer()
    const m = await addMethod(ctx, c.id, rawMethodInput(ctx, kind))
    const patch: Readonly<Record<string, unknown>> =
      kind === 'card'
        ? { expiry: laterExpiry(ctx), holderName: 'Grace Hopper' }
        : {
            accountType: 'savings',
            holderType: 'business',
            secCode: 'CCD',
            holderName: 'Grace Hopper',
          }
    const lossless: ReadonlyArray<string> =
      kind === 'card' ? ctx.caps.lossless.card : ctx.caps.lossless.bankAccount
    // One field at a time: a gateway may refuse to change some field (Unsupported, as core does
    // for status), but what it accepts must read back.
    const applied: string[] = []
    for (const field of Object.keys(patch).filter((f) => lossless.includes(f))) {
      const one = { [field]: patch[field] }
      const r = await expectNotLeftKind(
        ctx.vault.paymentMethods.update(c.id, m.id, one),
        'NotFound',
        `paymentMethods.update of ${field}`,
      )
      if (E.isLeft(r) && r.left.kind === 'Unsupported') continue
      if (E.isLeft(r)) fail(`paymentMethods.update of ${field}: ${formatVaultError(r.left)}`)
      if (E.isRight(r)) expectEqual(r.right.value.id, m.id, 'paymentMethods.update keeps the id')
      const listed = findById(
        await listMethods(ctx, c.id),
        m.id,
        'paymentMethods.list after update',
      )
      expectFieldsEqual(listed, one, [field], `${kind} after update`)
      applied.push(field)
    }
    if (applied.length === 0) {
      notApplicable(
        `no lossless ${kind} field is updatable (${lossless.join(', ') || 'none declared'})`,
      )
    }
  },
)

export const methodStatus = scenario(
  'paymentMethods: a method set inactive stays listed as inactive',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list', 'paymentMethods.update'],
  async (ctx) => {
    if (!ctx.caps.paymentMethodStatus) notApplicable('the vault has no payment-method status')
    const c = await ctx.newCustomer()
    const m = await addMethod(ctx, c.id, rawMethodInput(ctx, firstMethodKind(ctx)))
    await expectRight(
      ctx.vault.paymentMethods.update(c.id, m.id, { status: 'inactive' }),
      'paymentMethods.update status',
    )
    const listed = findById(await listMethods(ctx, c.id), m.id, 'paymentMethods.list after status')
    expectEqual(listed.status, 'inactive', 'status after update')
  },
)

export const methodRemove = scenario(
  'paymentMethods: remove, then it is gone and a second remove is NotFound',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list', 'paymentMethods.remove'],
  async (ctx) => {
    const c = await ctx.newCustomer()
    const m = await addMethod(ctx, c.id, rawMethodInput(ctx, firstMethodKind(ctx)))
    await expectRight(ctx.vault.paymentMethods.remove(c.id, m.id), 'paymentMethods.remove')
    const left = await listMethods(ctx, c.id)
    expectTrue(!left.some((x) => x.id === m.id), 'paymentMethods.remove left the method listed')
    await expectLeftKind(
      ctx.vault.paymentMethods.remove(c.id, m.id),
      'NotFound',
      'second paymentMethods.remove',
    )
  },
)

export const methodLimits = scenario(
  'paymentMethods: exceeding a declared limit is Conflict or Validation and overwrites nothing',
  ['customers.create', 'paymentMethods.add', 'paymentMethods.list'],
  async (ctx) => {
    const l = ctx.caps.limits
    const probe = ctx.options.maxLimitProbe ?? 10
    const kindLimit = (k: 'card' | 'bank_account') =>
      k === 'card' ? l.cardsPerCustomer : l.bankAccountsPerCustomer
    const kinds = methodKinds(ctx.caps).filter((k) => {
      const bound = Math.min(roomFor(kindLimit(k), 0), roomFor(l.paymentMethodsPerCustomer, 0))
      return bound !== Number.POSITIVE_INFINITY && bound <= probe
    })
    if (kinds.length === 0) notApplicable('no payment-method limit within the probe is declared')
    for (const kind of kinds) {
      const c = await ctx.newCustomer()
      let n = 0
      for (;;) {
        const held = await listMethods(ctx, c.id)
        const room = Math.min(
          roomFor(kindLimit(kind), held.filter((m) => m.kind === kind).length),
          roomFor(l.paymentMethodsPerCustomer, held.length),
        )
        if (room === 0) break
        await addMethod(ctx, c.id, rawMethodInput(ctx, kind, n++))
      }
      const before = await listMethods(ctx, c.id)
      await expectLeftKind(
        ctx.vault.paymentMethods.add(c.id, rawMethodInput(ctx, kind, n)),
        ['Conflict', 'Validation'],
        `paymentMethods.add one ${kind.replace('_', ' ')} over the limit`,
      )
      const after = await listMethods(ctx, c.id)
      expectEqual(
        after.map((m) => m.id),
        before.map((m) => m.id),
        `payment methods after a refused ${kind} add`,
      )
    }
  },
)
