/**
 * What the target holds that no mapping row explains, for the customers the migration touched:
 * target customers that carry the marker or the contact fields of such a source customer but are
 * nobody's copy (duplicates made by a lost write, orphans), target customers that two source
 * customers map to (a merge), and, on each mapped target customer, payment methods and schedules
 * that no mapping row names. Each is a difference, so verification fails on it.
 */
import * as E from 'fp-ts/Either'
import {
  collectAll,
  formatVaultError,
  items,
  type Customer,
  type CustomerId,
  type CustomerSummary,
  type Recurrence,
} from '@vaultport/core'
import { contactFieldsOf, contactKey, keepsMarker } from '../identity'
import { methodLast4 } from '../last4'
import { targetReference } from '../plan'
import type { Difference } from '../verify'
import { note, type VerifyContext } from './context'
import { formatMoney } from '../money'

const UNEXPLAINED = 'unexplained'

/** Records how the copy of source customer `s` is recognised at the target. */
export const rememberIdentity = (ctx: VerifyContext) => (s: Customer) => {
  const caps = ctx.target.capabilities
  const marker = keepsMarker(caps) ? targetReference(caps, s).reference : undefined
  const contact = contactKey(s, contactFieldsOf(caps))
  ctx.identities.set(s.id, {
    ...(marker === undefined ? {} : { marker }),
    ...(contact === undefined ? {} : { contact }),
  })
}

/** Reads the source customers the journal touched but does not map, for their identities. */
export const readUnmapped = async (ctx: VerifyContext): Promise<void> => {
  for (const [key, s] of ctx.state) {
    if (!key.startsWith('c|') || s.status === 'done') continue
    const id = key.slice(2)
    const r = await ctx.source.customers.get(id as CustomerId)()
    if (E.isRight(r)) rememberIdentity(ctx)(r.right)
    else if (r.left.kind !== 'NotFound')
      note(ctx, [
        { sourceId: id, item: 'customer', field: '(read)', source: formatVaultError(r.left) },
      ])
  }
}

/**
 * The payment methods and schedules of mapped target customer `t` that no mapping row names,
 * and any target item two source items map to.
 */
export const unexplainedItems =
  (ctx: VerifyContext) =>
  async (sourceId: string, t: Customer): Promise<Difference[]> => {
    const found: Difference[] = []
    const mapped = Object.values(ctx.mapping.paymentMethods[sourceId] ?? {})
    for (const m of t.paymentMethods) {
      const n = mapped.filter((id) => id === m.id).length
      if (n === 1) continue
      found.push({
        sourceId,
        targetId: t.id,
        item: `target-payment-method:${m.id}`,
        field: n === 0 ? UNEXPLAINED : 'merged',
        target: `${m.kind === 'card' ? m.brand : m.accountType} •••• ${methodLast4(m)}`,
      })
    }
    if (!ctx.target.capabilities.operations.recurrences.listByCustomer) return found
    const rs = await collectAll((q) => ctx.target.recurrences.listByCustomer(t.id, q))()
    if (E.isLeft(rs)) {
      found.push({
        sourceId,
        targetId: t.id,
        item: 'target-schedules',
        field: '(read)',
        target: formatVaultError(rs.left),
      })
      return found
    }
    for (const r of rs.right as ReadonlyArray<Recurrence>) {
      if (ctx.mappedTargets.recurrences.has(r.id)) continue
      found.push({
        sourceId,
        targetId: t.id,
        item: `target-schedule:${r.id}`,
        field: UNEXPLAINED,
        target: `${formatMoney(r.amount)}, ${r.status}`,
      })
    }
    return found
  }

/** Which touched source customers a target customer looks like the copy of, and why. */
const resemblance = (ctx: VerifyContext) => {
  const byMarker = new Map<string, string[]>()
  const byContact = new Map<string, string[]>()
  for (const [id, i] of ctx.identities) {
    if (i.marker !== undefined) byMarker.set(i.marker, [...(byMarker.get(i.marker) ?? []), id])
    if (i.contact !== undefined) byContact.set(i.contact, [...(byContact.get(i.contact) ?? []), id])
  }
  const fields = contactFieldsOf(ctx.target.capabilities)
  return (c: CustomerSummary): { sources: string[]; why: string } | undefined => {
    const marked = c.reference === undefined ? undefined : byMarker.get(c.reference)
    if (marked !== undefined)
      return { sources: marked, why: `carries the reference "${c.reference}"` }
    const k = contactKey(c, fields)
    const alike = k === undefined ? undefined : byContact.get(k)
    return alike === undefined
      ? undefined
      : { sources: alike, why: `has the same ${fields.join(', ')}` }
  }
}

/** Walks the whole target's customer list once for duplicates, orphans and merges. */
export const scanTargetCustomers = async (ctx: VerifyContext): Promise<void> => {
  const sourcesOf = new Map<string, string[]>()
  for (const [s, t] of Object.entries(ctx.mapping.customers))
    sourcesOf.set(t, [...(sourcesOf.get(t) ?? []), s])
  for (const [t, sources] of sourcesOf) {
    if (sources.length > 1)
      note(ctx, [
        {
          sourceId: sources[0] as string,
          targetId: t,
          item: 'customer',
          field: 'merged',
          source: sources,
        },
      ])
  }
  const looksLike = resemblance(ctx)
  const target = ctx.target
  for await (const item of items((q) => target.customers.list(q), {
    pageSize: target.capabilities.limits.maxPageSize,
  })) {
    if (E.isLeft(item)) {
      note(ctx, [
        {
          sourceId: '(target)',
          item: 'target-customers',
          field: '(read)',
          target: formatVaultError(item.left),
        },
      ])
      return
    }
    const c = item.right
    if (ctx.mappedTargets.customers.has(c.id)) continue
    const like = looksLike(c)
    if (like === undefined) continue
    note(ctx, [
      {
        sourceId: like.sources[0] as string,
        targetId: c.id,
        item: 'target-customer',
        field: UNEXPLAINED,
        target: `no mapping row names it, yet it ${like.why} as source customer${like.sources.length > 1 ? `s ${like.sources.join(', ')}` : ` ${like.sources[0]}`}`,
      },
    ])
  }
}
