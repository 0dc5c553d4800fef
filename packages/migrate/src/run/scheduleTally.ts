/**
 * The schedules of a run, counted as customers finish: how many moved, how many stayed at the
 * source and why, how many are active at both ends, how many moved with a warning.
 */
import type { CustomerPlan } from '../plan'
import { SCHEDULE_STAYS } from '../plan'
import type { CustomerOutcome, ScheduleSummary } from './model'

export interface ScheduleTally {
  moved: number
  readonly stayed: Record<string, number>
  bothActive: number
  warnings: number
  /** A few examples in words: per stay code, for schedules at both ends, and of warnings. */
  readonly examples: Record<string, string[]>
}

export const emptyScheduleTally = (): ScheduleTally => ({
  moved: 0,
  stayed: {},
  bothActive: 0,
  warnings: 0,
  examples: {},
})

const PER_KIND = 3

const example = (t: ScheduleTally, kind: string, text: string) => {
  const list = (t.examples[kind] ??= [])
  if (list.length < PER_KIND) list.push(text)
}

/** The warnings a plan gives schedule `id` (settings the target has no equivalent for). */
const planWarnings = (plan: CustomerPlan | undefined, id: string): string[] =>
  (plan?.issues ?? [])
    .filter((i) => i.code === 'schedule_detail_dropped' && i.item === `schedule:${id}`)
    .map((i) => i.message)

/** A dry run's schedules: what the plan leaves at the source, and its warnings. */
const countPlan = (t: ScheduleTally, o: CustomerOutcome) => {
  for (const i of o.plan?.issues ?? []) {
    if (!i.item?.startsWith('schedule:')) continue
    if (i.code === 'schedule_detail_dropped') t.warnings++
    else if (SCHEDULE_STAYS.includes(i.code)) t.stayed[i.code] = (t.stayed[i.code] ?? 0) + 1
    else continue
    example(
      t,
      i.code === 'schedule_detail_dropped' ? WARNED : i.code,
      `${o.sourceId}: ${i.message}`,
    )
  }
}

export const countSchedules = (t: ScheduleTally, o: CustomerOutcome): void => {
  if (o.schedules === undefined) {
    countPlan(t, o)
    return
  }
  for (const s of o.schedules) {
    if (s.state === 'moved') {
      t.moved++
      const warnings = [...planWarnings(o.plan, s.sourceId), ...s.warnings]
      if (warnings.length === 0) continue
      t.warnings++
      example(t, WARNED, `${o.sourceId}: schedule ${s.sourceId} moved; ${warnings.join('; ')}`)
    } else if (s.state === 'stayed') {
      t.stayed[s.code] = (t.stayed[s.code] ?? 0) + 1
      example(t, s.code, `${o.sourceId}: schedule ${s.sourceId} stayed: ${s.reason}`)
    } else {
      t.bothActive++
      example(
        t,
        BOTH,
        `${o.sourceId}: schedule ${s.sourceId} → ${s.targetId} active at both ends; remove the source before ${s.resolveBy}`,
      )
    }
  }
}

const WARNED = '#warned'
const BOTH = '#both'

/**
 * The examples, one of each kind first (schedules at both ends, then each reason to stay in
 * order, then a warning), then the others, so the first few lines show every kind there is.
 */
const ordered = (t: ScheduleTally): string[] => {
  const kinds = [
    BOTH,
    ...Object.keys(t.examples)
      .filter((k) => !k.startsWith('#'))
      .sort(),
    WARNED,
  ]
  const out: string[] = []
  for (let i = 0; i < PER_KIND; i++)
    for (const k of kinds) {
      const e = t.examples[k]?.[i]
      if (e !== undefined) out.push(e)
    }
  return out
}

export const scheduleSummary = (t: ScheduleTally): ScheduleSummary => ({
  moved: t.moved,
  stayed: { ...t.stayed },
  bothActive: t.bothActive,
  warnings: t.warnings,
  examples: ordered(t),
})
