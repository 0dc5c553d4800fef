/**
 * Duplicate names, for targets that refuse them (Valor refuses a second customer of the same
 * name). A plan tallies the names its customers will carry, and those the target holds already,
 * and reports each name more than one customer will have, so the merchant can tell them apart at
 * the source before the run (docs/migration.md, "Names Valor refuses").
 */
import * as E from 'fp-ts/Either'
import { formatVaultError, items, type Vault } from '@vaultport/core'
import type { CustomerPlan } from '../plan'
import type { NameCollision, NameCollisions } from './model'

/**
 * How names are compared: trimmed, inner white space collapsed, case ignored. Whether the
 * target's own rule is this strict is not known; erring on the wide side only warns more.
 * @category Migration
 * @internal
 */
export const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase()

export interface NameTally {
  readonly add: (plan: CustomerPlan) => void
  readonly collisions: () => NameCollisions
}

/** A tally over a target whose names are `taken` (Left: why they could not be read). */
export const nameTally = (taken: E.Either<string, ReadonlySet<string>>): NameTally => {
  const byName = new Map<string, { name: string; ids: string[]; count: number }>()
  const atTarget = E.isRight(taken) ? taken.right : new Set<string>()
  return {
    add: (plan) => {
      const name = plan.customer.name
      if (name === undefined || name.trim() === '') return
      const k = nameKey(name)
      const entry = byName.get(k) ?? { name, ids: [], count: 0 }
      entry.count++
      if (entry.ids.length < 20) entry.ids.push(plan.sourceId)
      byName.set(k, entry)
    },
    collisions: () => {
      let names = 0
      let customers = 0
      const examples: NameCollision[] = []
      for (const [k, e] of byName) {
        const there = atTarget.has(k)
        if (e.count < 2 && !there) continue
        names++
        // The first of a name can be created where the target has none of it yet.
        customers += there ? e.count : e.count - 1
        if (examples.length < 50) examples.push({ name: e.name, sourceIds: e.ids, atTarget: there })
      }
      return {
        names,
        customers,
        examples,
        ...(E.isLeft(taken) ? { targetUnread: taken.left } : {}),
      }
    },
  }
}

/** The names the target holds already, compared as `nameKey` does. */
export const targetNames = async (
  target: Vault,
): Promise<E.Either<string, ReadonlySet<string>>> => {
  const names = new Set<string>()
  for await (const item of items((q) => target.customers.list(q), {
    pageSize: target.capabilities.limits.maxPageSize,
  })) {
    if (E.isLeft(item)) return E.left(formatVaultError(item.left))
    if (item.right.name !== undefined) names.add(nameKey(item.right.name))
  }
  return E.right(names)
}
