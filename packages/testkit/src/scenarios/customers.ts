/**
 * The customers scenarios: create, update, find by reference, list and delete, each read back.
 * `walkCustomers` (every page of customers.list, each id counted) serves the lifecycle too.
 */
import {
  expectEqual,
  expectFieldsEqual,
  expectLeftKind,
  expectRight,
  expectTrue,
  fail,
  notApplicable,
} from '../assert'
import type { ContractContext } from '../context'
import { aCustomerInput, aCustomerPatch, aReference } from '../data'
import { getCustomer } from './helpers'
import { scenario } from './scenario'

export const customerCreateGet = scenario(
  'customers: create then get reflects every lossless field',
  ['customers.create', 'customers.get'],
  async (ctx) => {
    const input = { ...aCustomerInput(ctx.caps), ...ctx.options.customerDefaults }
    const created = await expectRight(ctx.vault.customers.create(input), 'customers.create')
    const read = await getCustomer(ctx, created.value.id)
    expectEqual(read.id, created.value.id, 'customers.get id')
    expectFieldsEqual(read, input, ctx.caps.lossless.customer, 'customers.get after create')
    if (ctx.supports('customers.delete')) {
      await expectRight(ctx.vault.customers.delete(read.id), 'customers.delete')
    }
  },
)

export const customerUpdate = scenario(
  'customers: update then get reflects every lossless field',
  ['customers.create', 'customers.get', 'customers.update'],
  async (ctx) => {
    const c = await ctx.newCustomer()
    // The reference is the reconciliation key: some gateways never let it change, so the
    // update leaves it alone.
    const { reference: _kept, ...patch } = aCustomerPatch(ctx.caps)
    await expectRight(ctx.vault.customers.update(c.id, patch), 'customers.update')
    const read = await getCustomer(ctx, c.id)
    expectFieldsEqual(read, patch, ctx.caps.lossless.customer, 'customers.get after update')
  },
)

export const customerFindByReference = scenario(
  'customers: findByReference finds a customer by its reference, and nothing for an unused one',
  ['customers.create', 'customers.findByReference'],
  async (ctx) => {
    if (ctx.caps.customerReference === 'none') notApplicable('the vault keeps no reference')
    const reference = aReference(ctx.caps) as string
    const c = await ctx.newCustomer({ reference })
    const found = await expectRight(
      ctx.vault.customers.findByReference(reference),
      'customers.findByReference',
    )
    expectEqual(found?.id, c.id, 'customers.findByReference id')
    const none = await expectRight(
      ctx.vault.customers.findByReference(aReference(ctx.caps) as string),
      'customers.findByReference (unused reference)',
    )
    expectEqual(none, undefined, 'customers.findByReference (unused reference)')
  },
)

/** Walks every page of customers.list: how often each id appeared. */
export const walkCustomers = async (
  ctx: ContractContext,
  pageSize: number,
): Promise<ReadonlyMap<string, number>> => {
  const seen = new Map<string, number>()
  const cursors = new Set<string>()
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await expectRight(
      ctx.vault.customers.list(cursor === undefined ? { pageSize } : { pageSize, cursor }),
      `customers.list page ${pages + 1}`,
    )
    expectTrue(
      page.items.length <= pageSize,
      `customers.list page ${pages + 1} has ${page.items.length} items, more than pageSize ${pageSize}`,
    )
    for (const item of page.items) seen.set(item.id, (seen.get(item.id) ?? 0) + 1)
    cursor = page.nextCursor
    if (cursor !== undefined) {
      if (cursors.has(cursor)) fail(`customers.list repeated cursor ${cursor}`)
      cursors.add(cursor)
    }
    pages++
    if (pages > (ctx.options.maxPages ?? 1000)) fail('customers.list did not end')
  } while (cursor !== undefined)
  const twice = [...seen].filter(([, k]) => k > 1).map(([id]) => id)
  if (twice.length > 0) fail(`customers.list returned ${twice.join(', ')} more than once`)
  return seen
}

export const pageSizeOf = (ctx: ContractContext): number =>
  ctx.options.pageSize ?? Math.min(3, ctx.caps.limits.maxPageSize)

export const customerList = scenario(
  'customers: list pages every customer exactly once',
  ['customers.create', 'customers.list'],
  async (ctx) => {
    const pageSize = pageSizeOf(ctx)
    const n = ctx.options.listSize ?? pageSize * 2 + 1
    const mine: string[] = []
    for (let i = 0; i < n; i++) mine.push((await ctx.newCustomer()).id)
    const seen = await walkCustomers(ctx, pageSize)
    const missing = mine.filter((id) => !seen.has(id))
    if (missing.length > 0) {
      fail(
        `customers.list never returned ${missing.length} of ${n} customers: ${missing.join(', ')}`,
      )
    }
  },
)

export const customerDelete = scenario(
  'customers: delete, then get is NotFound and a second delete is NotFound',
  ['customers.create', 'customers.get', 'customers.delete'],
  async (ctx) => {
    const c = await ctx.newCustomer()
    await expectRight(ctx.vault.customers.delete(c.id), 'customers.delete')
    await expectLeftKind(ctx.vault.customers.get(c.id), 'NotFound', 'customers.get after delete')
    await expectLeftKind(ctx.vault.customers.delete(c.id), 'NotFound', 'second customers.delete')
  },
)
