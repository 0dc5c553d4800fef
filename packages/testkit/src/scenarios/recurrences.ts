/**
 * The recurrences scenario: one schedule created, read, updated, listed by customer and deleted
 * (and an open-ended one where the vault declares them).
 */
import { sameSchedule, type Recurrence } from '@vaultport/core'
import {
  expectEqual,
  expectLeftKind,
  expectRight,
  expectTrue,
  fail,
  notApplicable,
} from '../assert'
import { aRecurrenceInput } from '../data'
import { addMethod, firstMethodKind, rawMethodInput } from './helpers'
import type { ContractContext } from '../context'
import { scenario } from './scenario'

const recurrenceFields = (r: Recurrence) => ({
  customerId: r.customerId,
  amount: r.amount,
  totalCount: r.totalCount,
})

export const recurrenceLifecycle = scenario(
  'recurrences: create, get, update, list by customer, delete',
  ['customers.create', 'paymentMethods.add', 'recurrences.create', 'recurrences.get'],
  async (ctx) => {
    const c = await ctx.newCustomer()
    const m = await addMethod(ctx, c.id, rawMethodInput(ctx, firstMethodKind(ctx)))
    const input =
      aRecurrenceInput(ctx.caps, c.id, ctx.now, { paymentMethodId: m.id }) ??
      notApplicable('the capabilities declare no schedule')
    const created = await expectRight(ctx.vault.recurrences.create(input), 'recurrences.create')
    const id = created.value.id
    const read = await expectRight(ctx.vault.recurrences.get(id), 'recurrences.get')
    expectEqual(
      recurrenceFields(read),
      recurrenceFields({ ...read, ...input }),
      'recurrence after create',
    )
    expectTrue(sameSchedule(read.schedule, input.schedule), 'recurrence schedule did not read back')
    if (ctx.supports('recurrences.update')) {
      const amount = { amount: 3000, currency: input.amount.currency }
      await expectRight(ctx.vault.recurrences.update(id, { amount }), 'recurrences.update')
      const after = await expectRight(ctx.vault.recurrences.get(id), 'recurrences.get after update')
      expectEqual(after.amount, amount, 'recurrence amount after update')
    }
    if (ctx.supports('recurrences.listByCustomer')) {
      const ids: string[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await expectRight(
          ctx.vault.recurrences.listByCustomer(c.id, cursor === undefined ? {} : { cursor }),
          'recurrences.listByCustomer',
        )
        ids.push(...page.items.map((r) => r.id))
        cursor = page.nextCursor
        if (++pages > (ctx.options.maxPages ?? 1000)) fail('recurrences.listByCustomer did not end')
      } while (cursor !== undefined)
      expectEqual(ids.filter((x) => x === id).length, 1, 'times the schedule is listed')
    }
    if (ctx.caps.recurrences.openEnded) {
      const open = await expectRight(
        ctx.vault.recurrences.create({ ...input, totalCount: 'open_ended' }),
        'recurrences.create (open-ended)',
      )
      const got = await expectRight(ctx.vault.recurrences.get(open.value.id), 'recurrences.get')
      expectEqual(got.totalCount, 'open_ended', 'open-ended totalCount')
    }
    if (ctx.supports('recurrences.delete')) {
      await expectRight(ctx.vault.recurrences.delete(id), 'recurrences.delete')
      await expectLeftKind(
        ctx.vault.recurrences.get(id),
        'NotFound',
        'recurrences.get after delete',
      )
      await expectLeftKind(
        ctx.vault.recurrences.delete(id),
        'NotFound',
        'second recurrences.delete',
      )
    }
  },
)

/** A fresh schedule for the scenarios below, or not applicable when none can be made. */
const newSchedule = async (ctx: ContractContext) => {
  const c = await ctx.newCustomer()
  const m = await addMethod(ctx, c.id, rawMethodInput(ctx, firstMethodKind(ctx)))
  const input =
    aRecurrenceInput(ctx.caps, c.id, ctx.now, { paymentMethodId: m.id }) ??
    notApplicable('the capabilities declare no schedule')
  return {
    input,
    created: await expectRight(ctx.vault.recurrences.create(input), 'recurrences.create'),
  }
}

export const recurrenceStatuses = scenario(
  'recurrences: every settable status reads back; a status the gateway cannot set is refused',
  [
    'customers.create',
    'paymentMethods.add',
    'recurrences.create',
    'recurrences.get',
    'recurrences.update',
  ],
  async (ctx) => {
    const settable = ctx.caps.recurrences.settableStatuses ?? []
    if (settable.length === 0) notApplicable('the capabilities declare no settable status')
    const { created } = await newSchedule(ctx)
    const id = created.value.id
    // Pause and resume first: cancelling or completing may end the schedule for good.
    const order = (['paused', 'active', 'completed', 'cancelled'] as const).filter((s) =>
      settable.includes(s),
    )
    for (const status of order) {
      await expectRight(
        ctx.vault.recurrences.update(id, { status }),
        `recurrences.update ${status}`,
      )
      const read = await expectRight(
        ctx.vault.recurrences.get(id),
        `recurrences.get after ${status}`,
      )
      expectEqual(read.status, status, `recurrence status after setting ${status}`)
      if (status === 'completed' || status === 'cancelled') break
    }
    const refused = (['paused', 'active', 'completed', 'cancelled'] as const).find(
      (s) => !settable.includes(s),
    )
    if (refused !== undefined) {
      await expectLeftKind(
        ctx.vault.recurrences.update(id, { status: refused }),
        'Validation',
        `recurrences.update ${refused}`,
      )
    }
  },
)

export const recurrenceCalendar = scenario(
  'recurrences: a billing day and a days-of-month schedule read back where declared',
  ['customers.create', 'paymentMethods.add', 'recurrences.create', 'recurrences.get'],
  async (ctx) => {
    const r = ctx.caps.recurrences
    const monthly = (r.intervals.month ?? []).includes(1)
    const anchored = r.anchors?.dayOfMonth === true && monthly
    const pair = r.daysOfMonth?.[0]
    if (!anchored && pair === undefined) notApplicable('no billing day and no day pairs declared')
    const { input } = await newSchedule(ctx)
    // The billing day is the start date's own: a gateway that bills on its start's day (PayTrace)
    // rightly refuses any other.
    const startDay = Number(input.startDate.slice(8, 10))
    const schedules = [
      ...(anchored
        ? [{ kind: 'interval' as const, unit: 'month' as const, every: 1, dayOfMonth: startDay }]
        : []),
      ...(pair === undefined ? [] : [{ kind: 'days_of_month' as const, days: pair }]),
    ]
    for (const schedule of schedules) {
      const made = await expectRight(
        ctx.vault.recurrences.create({ ...input, schedule: schedule as typeof input.schedule }),
        `recurrences.create (${schedule.kind})`,
      )
      const read = await expectRight(ctx.vault.recurrences.get(made.value.id), 'recurrences.get')
      expectTrue(
        sameSchedule(read.schedule, schedule as typeof input.schedule) &&
          read.schedule.kind === schedule.kind,
        `the ${schedule.kind} schedule did not read back`,
      )
    }
  },
)
