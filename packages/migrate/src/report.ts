/**
 * Human-readable renderings of plans, run reports and verification reports. Machines should
 * use the report objects themselves (the CLI's `--json`).
 */
import { SCHEDULE_STAYS, type CustomerPlan, type IssueCode, type PlanTotals } from './plan'
import type { MigrationReport, NameCollisions, ScheduleSummary } from './run'
import type { VerifyReport } from './verify'

const ISSUE_TITLES: Readonly<Record<string, string>> = {
  field_not_kept: 'fields the target may not keep',
  reference_changed: 'references rewritten to fit the target',
  too_many_addresses: 'addresses over the target limit',
  needs_recollection: 'payment methods to re-collect (no card data or token)',
  input_kind_unsupported: 'payment methods of a kind the target cannot store',
  too_many_payment_methods: 'payment methods over the target limit',
  inactive_not_moved: 'inactive payment methods left behind',
  no_recurrences: 'schedules stayed: target has no recurring billing',
  schedule_not_active: 'schedules not active',
  schedule_not_expressible: 'schedules the target cannot express',
  count_not_expressible: 'schedules whose count (or open end) the target cannot express',
  payment_method_kind_not_scheduled: 'schedules charging a kind of method the target cannot bill',
  source_cannot_remove: 'schedules the source can neither delete nor cancel',
  next_charge_too_close: 'schedules charging too soon to move now (safety window)',
  remaining_count_unknown: 'schedules whose remaining count is unknown',
  payment_method_not_moved: 'schedules whose payment method does not move',
  schedule_detail_dropped: 'schedules that move without a setting the target lacks (warning)',
  default_applied: 'bank accounts given a default for a detail nobody states',
}

/** Codes that are no loss but a choice the run makes, listed apart from what cannot carry. */
const DEFAULT_CODES: ReadonlySet<string> = new Set(['default_applied'])

/** Run-time reasons a schedule stayed, beside the plan's codes. */
const STAY_TITLES: Readonly<Record<string, string>> = {
  failed: 'the target refused it or kept failing',
  unresolved: 'its lookup failed (looked up again next run)',
  ambiguous_match: 'ambiguous at the target',
  target_mismatch: 'its copy read back different (removed again)',
  target_missing: 'its copy was not at the target any more',
}

const stayTitle = (code: string): string => STAY_TITLES[code] ?? ISSUE_TITLES[code] ?? code

/** The schedules line of a plan: how many move, how many stay, how many move with a warning. */
const planScheduleLine = (t: PlanTotals): string => {
  const count = (codes: ReadonlyArray<string>) =>
    codes.reduce((n, c) => n + (t.issues[c as IssueCode] ?? 0), 0)
  const stay = count(SCHEDULE_STAYS)
  const warn = count(['schedule_detail_dropped'])
  return `schedules            ${t.recurrences}${stay + warn === 0 ? '' : ` to move, ${stay} stay at the source${warn === 0 ? '' : `, ${warn} with a warning`}`}`
}

/**
 * The schedules of a run: moved, stayed and why, active at both ends, warnings.
 * @category Reports
 */
export const formatScheduleSummary = (
  s: ScheduleSummary,
  // One of each kind: at both ends, each reason to stay, a warning.
  examples = Object.keys(s.stayed).length + Number(s.bothActive > 0) + Number(s.warnings > 0),
): ReadonlyArray<string> => {
  const stayed = Object.entries(s.stayed).sort(([a], [b]) => a.localeCompare(b))
  const total = stayed.reduce((n, [, k]) => n + k, 0)
  if (s.moved + total + s.bothActive + s.warnings === 0) return []
  return [
    `schedules: ${s.moved} moved, ${total} stayed at the source, ${s.bothActive} active at both ends${s.warnings === 0 ? '' : `, ${s.warnings} moved with a warning`}`,
    ...stayed.map(([code, n]) => `  stayed ${String(n).padStart(5)}  ${stayTitle(code)} (${code})`),
    ...s.examples.slice(0, examples).map((e) => `  e.g. ${e}`),
  ]
}

/**
 * A few customers' own words per issue code, so a summary of 100,000 customers stays readable.
 * @category Reports
 */
export interface IssueExamples {
  readonly add: (plan: CustomerPlan) => void
  readonly examples: () => Readonly<Partial<Record<IssueCode, ReadonlyArray<string>>>>
}

/**
 * @category Reports
 * @internal
 */
export const issueExamples = (perCode = 3): IssueExamples => {
  const byCode: Partial<Record<IssueCode, string[]>> = {}
  return {
    add: (plan) => {
      for (const i of plan.issues) {
        const list = (byCode[i.code] ??= [])
        if (list.length < perCode) list.push(`${plan.sourceId}: ${i.message}`)
      }
    },
    examples: () => byCode,
  }
}

/** @category Reports */
export const formatPlanTotals = (
  t: PlanTotals,
  examples: Readonly<Partial<Record<IssueCode, ReadonlyArray<string>>>> = {},
): string => {
  const lines = [
    `customers            ${t.customers}`,
    `addresses            ${t.addresses}`,
    `payment methods      ${t.paymentMethods} (${t.paymentMethodsFromCardData} from card data, ${t.paymentMethodsFromTokens} from tokens)`,
    planScheduleLine(t),
  ]
  const all = Object.entries(t.issues).sort(([a], [b]) => a.localeCompare(b))
  const section = (title: string, issues: typeof all) => {
    if (issues.length === 0) return
    lines.push(title)
    for (const [code, n] of issues) {
      lines.push(`  ${String(n).padStart(6)}  ${ISSUE_TITLES[code] ?? code}`)
      for (const e of examples[code as IssueCode] ?? []) lines.push(`            e.g. ${e}`)
    }
  }
  section(
    'cannot carry as is:',
    all.filter(([code]) => !DEFAULT_CODES.has(code)),
  )
  section(
    'defaults the run will apply:',
    all.filter(([code]) => DEFAULT_CODES.has(code)),
  )
  return lines.join('\n')
}

/** @category Reports */
export const formatMigrationReport = (r: MigrationReport): string => {
  const n = r.mapped
  const seconds = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000
  const c = r.counts
  const lines = [
    `${r.dryRun ? 'dry run' : 'run'} ${r.status}${r.abortReason === undefined ? '' : ` (${r.abortReason})`} in ${seconds.toFixed(1)} s`,
    r.dryRun
      ? `planned ${c.planned}`
      : `migrated ${c.migrated}, updated ${c.updated}, unchanged ${c.unchanged}, partial ${c.partial}, failed ${c.failed}${c.ambiguous > 0 ? `, ambiguous ${c.ambiguous}` : ''}`,
    `id mapping: ${n.customers} customers, ${n.addresses} addresses, ${n.paymentMethods} payment methods, ${n.recurrences} schedules`,
  ]
  if (!r.dryRun) lines.push(...formatScheduleSummary(r.schedules))
  for (const note of r.notes) lines.push(`note: ${note}`)
  if (r.nameCollisions !== undefined) lines.push(...formatNameCollisions(r.nameCollisions))
  if (r.doubleActive.length > 0)
    lines.push(
      `schedules active at both ends (${r.doubleActive.length}):`,
      ...r.doubleActive.slice(0, 10).map((s) => `  ${s}`),
    )
  if (r.failures.length > 0) {
    lines.push(`failures (first ${Math.min(10, r.failures.length)}):`)
    for (const f of r.failures.slice(0, 10)) lines.push(`  ${f.sourceId}: ${f.errors.join('; ')}`)
  }
  return lines.join('\n')
}

/**
 * The names a target that refuses duplicates will refuse, and what to do about them. Names are
 * shown (they are what must change); nothing from a card-data file ever is.
 * @category Reports
 */
export const formatNameCollisions = (n: NameCollisions): ReadonlyArray<string> => {
  if (n.names === 0 && n.targetUnread === undefined) return []
  const lines: string[] = []
  if (n.names > 0) {
    lines.push(
      `names the target refuses as duplicates: ${n.names} names, ${n.customers} customers would be refused (rename them at the source, see docs/migration.md):`,
    )
    for (const e of n.examples.slice(0, 10))
      lines.push(
        `  "${e.name}": ${e.sourceIds.join(', ')}${e.atTarget ? ' (the target has this name already)' : ''}`,
      )
  }
  if (n.targetUnread !== undefined)
    lines.push(
      `the target's names could not be read (${n.targetUnread}): only source names were compared`,
    )
  return lines
}

/** @category Reports */
export const formatVerifyReport = (v: VerifyReport): string => {
  if (v.error !== undefined)
    return `verification did not ${v.outage === undefined ? 'run' : 'finish'}: ${v.error}`
  const lines = [
    `verified ${v.customersChecked} customers (${v.itemsChecked} items): ${v.customersClean} clean, ${v.differenceCount} differences${v.unexplainedCount > 0 ? ` (${v.unexplainedCount} at the target that no mapping row explains)` : ''}`,
    ...v.journalDamage.map((d) => `note: ${d}`),
  ]
  for (const d of v.differences.slice(0, 20)) {
    lines.push(
      `  ${d.sourceId} → ${d.targetId ?? '?'} ${d.item} ${d.field}: ${JSON.stringify(d.source)} ≠ ${JSON.stringify(d.target)}`,
    )
  }
  return lines.join('\n')
}
