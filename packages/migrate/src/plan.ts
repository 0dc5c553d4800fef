/**
 * Planning: for one source customer, what the target will receive and what it cannot carry.
 * Pure: it reads only the customer, its schedules, both capability records and the card-data
 * index. A plan holds ids and summaries, never card or account numbers.
 */
import {
  customerFieldNames,
  type AddressInput,
  type Capabilities,
  type Customer,
  type CustomerFields,
  type CustomerInput,
  type PaymentMethod,
  type PaymentMethodInput,
  type Recurrence,
  type RecurrenceInput,
} from '@vaultport/core'
import type { CardDataIndex } from './cardData'
import { planSchedules, type HeldBack } from './schedules/plan'

export type { HeldBack } from './schedules/plan'
export { SCHEDULE_STAYS, canRemoveSchedule, keepsSchedules } from './schedules/plan'

// ---- model

/** @category Planning */
export type IssueCode =
  | 'field_not_kept'
  | 'reference_changed'
  | 'too_many_addresses'
  | 'needs_recollection'
  | 'input_kind_unsupported'
  | 'too_many_payment_methods'
  | 'inactive_not_moved'
  | 'no_recurrences'
  | 'schedule_not_active'
  | 'schedule_not_expressible'
  | 'next_charge_too_close'
  | 'remaining_count_unknown'
  | 'payment_method_not_moved'
  | 'count_not_expressible'
  | 'payment_method_kind_not_scheduled'
  | 'source_cannot_remove'
  /** A warning: the schedule moves, but a setting of the source's own has no equivalent. */
  | 'schedule_detail_dropped'
  /** Not a loss: a bank-account detail neither the card data nor the source gives gets a default. */
  | 'default_applied'

/** @category Planning */
export interface CarryIssue {
  readonly code: IssueCode
  readonly message: string
  /** The source item it is about: `address:<id>`, `payment-method:<id>`, `schedule:<id>`. */
  readonly item?: string
}

/** @category Planning */
export interface PlannedMethod {
  readonly sourceId: string
  /** e.g. "visa •••• 1111"; never more than the last four digits. */
  readonly summary: string
  readonly via: 'card_data' | 'token'
  readonly makeDefault: boolean
}

/** @category Planning */
export interface PlannedRecurrence {
  readonly sourceId: string
  readonly summary: string
  /**
   * The target schedule, less the ids the run fills in: the form of the source's rhythm the
   * target stores, from the source's next charge, for the charges that remain.
   */
  readonly input: Omit<RecurrenceInput, 'customerId' | 'paymentMethodId'>
  /** The source method it charges (the one it names, else the customer's default). */
  readonly sourcePaymentMethodId?: string
  /** The source's next charge: the target starts there, and the source must be gone before it. */
  readonly sourceNextDate: string
}

/** @category Planning */
export interface CustomerPlan {
  readonly sourceId: string
  readonly customer: CustomerInput
  /** The source ids of `customer.addresses`, in the same order. */
  readonly addressSourceIds: ReadonlyArray<string>
  readonly methods: ReadonlyArray<PlannedMethod>
  readonly recurrences: ReadonlyArray<PlannedRecurrence>
  /**
   * Schedules the safety window holds back: not started this run, but finished (the source
   * removed) where an earlier run already made their copy.
   */
  readonly heldBack?: ReadonlyArray<HeldBack>
  readonly issues: ReadonlyArray<CarryIssue>
}

/** @category Planning */
export interface PlanContext {
  readonly sourceCaps: Capabilities
  readonly targetCaps: Capabilities
  readonly cardData: CardDataIndex
  /** A token the target accepts for a stored method, when the two gateways share a tokenizer. */
  readonly tokenFor?: (customer: Customer, method: PaymentMethod) => PaymentMethodInput | undefined
  readonly now: Date
  /** A schedule whose next charge is closer than this is left alone for this run. */
  readonly scheduleSafetyDays: number
  /** Whether moved schedules leave the source (default true): then the source must remove them. */
  readonly removeSourceSchedules?: boolean
}

// ---- utils

const issue = (code: IssueCode, message: string, item?: string): CarryIssue =>
  item === undefined ? { code, message } : { code, message, item }

const present = (v: unknown): boolean => v !== undefined && v !== ''

/**
 * @category Planning
 * @internal
 */
export const methodSummary = (m: PaymentMethod): string =>
  m.kind === 'card'
    ? `${m.brand} •••• ${m.last4}`
    : `${m.accountType} account •••• ${m.accountLast4}`

/**
 * A reference the target accepts: the source's own, or one derived from the source id.
 * @category Planning
 * @internal
 */
export const targetReference = (
  caps: Capabilities,
  source: Customer,
): { readonly reference?: string; readonly issue?: CarryIssue } => {
  if (caps.customerReference === 'none') {
    return source.reference === undefined
      ? {}
      : {
          issue: issue(
            'field_not_kept',
            `${caps.displayName} keeps no merchant reference; "${source.reference}" is dropped`,
          ),
        }
  }
  const max = caps.limits.referenceMaxLength ?? Infinity
  const pattern =
    caps.referencePattern === undefined ? undefined : new RegExp(caps.referencePattern)
  const fits = (r: string) =>
    r.length > 0 && r.length <= max && (pattern === undefined || pattern.test(r))
  if (source.reference !== undefined && fits(source.reference))
    return { reference: source.reference }
  // Deterministic, so that a create that timed out can be found again by the same reference.
  const derived = `vp${source.id}`.replace(/[^A-Za-z0-9]/g, '').slice(0, Math.min(max, 40))
  if (source.reference === undefined && caps.customerReference === 'optional')
    return { reference: derived }
  return {
    reference: derived,
    issue: issue(
      'reference_changed',
      source.reference === undefined
        ? `${caps.displayName} requires a reference; using "${derived}"`
        : `reference "${source.reference}" does not fit ${caps.displayName}; using "${derived}"`,
    ),
  }
}

const planAddresses = (caps: Capabilities, source: Customer) => {
  const kept: AddressInput[] = []
  const keptIds: string[] = []
  const issues: CarryIssue[] = []
  const count = { billing: 0, shipping: 0 }
  const roleLimit = {
    billing: caps.limits.billingAddressesPerCustomer,
    shipping: caps.limits.shippingAddressesPerCustomer,
  }
  for (const a of source.addresses) {
    const total = caps.limits.addressesPerCustomer
    const roleMax = roleLimit[a.role]
    if (
      (total !== null && kept.length >= total) ||
      (roleMax !== null && count[a.role] >= roleMax)
    ) {
      issues.push(
        issue(
          'too_many_addresses',
          `${caps.displayName} keeps no more ${a.role} addresses`,
          `address:${a.id}`,
        ),
      )
      continue
    }
    const { id, ...input } = a
    kept.push(input)
    keptIds.push(id)
    count[a.role]++
  }
  const lost = new Set<string>()
  for (const a of kept) {
    for (const [k, v] of Object.entries(a)) {
      if (
        k !== 'role' &&
        present(v) &&
        !(caps.lossless.address as ReadonlyArray<string>).includes(k)
      )
        lost.add(k)
    }
  }
  if (lost.size > 0) {
    issues.push(
      issue(
        'field_not_kept',
        `${caps.displayName} may not keep address fields: ${[...lost].sort().join(', ')}`,
      ),
    )
  }
  return { kept, keptIds, issues }
}

const planMethods = (ctx: PlanContext, source: Customer) => {
  const caps = ctx.targetCaps
  const methods: PlannedMethod[] = []
  const issues: CarryIssue[] = []
  const counts = { card: 0, bank_account: 0 }
  const limitOf = {
    card: caps.limits.cardsPerCustomer,
    bank_account: caps.limits.bankAccountsPerCustomer,
  }
  const ordered = [...source.paymentMethods].sort(
    (a, b) =>
      Number(b.id === source.defaults.paymentMethodId) -
      Number(a.id === source.defaults.paymentMethodId),
  )
  for (const m of ordered) {
    const item = `payment-method:${m.id}`
    const summary = methodSummary(m)
    if (m.status === 'inactive') {
      issues.push(
        issue('inactive_not_moved', `${summary} is inactive at the source and is not moved`, item),
      )
      continue
    }
    const fromFile = ctx.cardData.lookup(source, m)
    const raw = fromFile ?? ctx.tokenFor?.(source, m)
    if (raw === undefined) {
      issues.push(
        issue(
          'needs_recollection',
          `${summary}: no card data or token; ask the customer again`,
          item,
        ),
      )
      continue
    }
    if (!caps.paymentMethodInputs.includes(raw.kind)) {
      issues.push(
        issue(
          'input_kind_unsupported',
          `${caps.displayName} cannot store ${summary} from a ${raw.kind} input`,
          item,
        ),
      )
      continue
    }
    const total = caps.limits.paymentMethodsPerCustomer
    const kindMax = limitOf[m.kind]
    if (
      (total !== null && methods.length >= total) ||
      (kindMax !== null && counts[m.kind] >= kindMax)
    ) {
      issues.push(
        issue(
          'too_many_payment_methods',
          `${caps.displayName} keeps no more ${m.kind.replace('_', ' ')}s per customer; ${summary} stays behind`,
          item,
        ),
      )
      continue
    }
    counts[m.kind]++
    const defaults = fromFile === undefined ? [] : (ctx.cardData.defaultsFor?.(source, m) ?? [])
    if (defaults.length > 0)
      issues.push(
        issue(
          'default_applied',
          `${summary}: neither the card-data file nor the source says, so ${defaults.join(', ')}`,
          item,
        ),
      )
    methods.push({
      sourceId: m.id,
      summary,
      via: fromFile === undefined ? 'token' : 'card_data',
      makeDefault: m.id === source.defaults.paymentMethodId,
    })
  }
  return { methods, issues }
}

// ---- planning

/**
 * @category Planning
 * @internal
 */
export const planCustomer = (
  ctx: PlanContext,
  source: Customer,
  recurrences: ReadonlyArray<Recurrence>,
): CustomerPlan => {
  const caps = ctx.targetCaps
  const ref = targetReference(caps, source)
  const fields: Record<string, unknown> = {}
  const lostFields: string[] = []
  for (const k of customerFieldNames) {
    if (k === 'reference' || !present(source[k])) continue
    fields[k] = source[k]
    if (!(caps.lossless.customer as ReadonlyArray<string>).includes(k)) lostFields.push(k)
  }
  const addresses = planAddresses(caps, source)
  const methods = planMethods(ctx, source)
  const recurrencePlan = planSchedules(
    ctx,
    source,
    recurrences,
    new Set(methods.methods.map((m) => m.sourceId)),
  )
  const customer: CustomerInput = {
    ...(fields as CustomerFields),
    ...(ref.reference === undefined ? {} : { reference: ref.reference }),
    ...(addresses.kept.length === 0 ? {} : { addresses: addresses.kept }),
  }
  return {
    sourceId: source.id,
    customer,
    addressSourceIds: addresses.keptIds,
    methods: methods.methods,
    recurrences: recurrencePlan.planned,
    ...(recurrencePlan.heldBack.length === 0 ? {} : { heldBack: recurrencePlan.heldBack }),
    issues: [
      ...(ref.issue === undefined ? [] : [ref.issue]),
      ...(lostFields.length === 0
        ? []
        : [
            issue(
              'field_not_kept',
              `${caps.displayName} may not keep customer fields: ${lostFields.join(', ')}`,
            ),
          ]),
      ...addresses.issues,
      ...methods.issues,
      ...recurrencePlan.issues,
    ],
  }
}

// ---- totals

/** @category Planning */
export interface PlanTotals {
  customers: number
  addresses: number
  paymentMethods: number
  paymentMethodsFromCardData: number
  paymentMethodsFromTokens: number
  recurrences: number
  issues: Partial<Record<IssueCode, number>>
}

/**
 * @category Planning
 * @internal
 */
export const emptyTotals = (): PlanTotals => ({
  customers: 0,
  addresses: 0,
  paymentMethods: 0,
  paymentMethodsFromCardData: 0,
  paymentMethodsFromTokens: 0,
  recurrences: 0,
  issues: {},
})

/**
 * @category Planning
 * @internal
 */
export const addToTotals = (totals: PlanTotals, plan: CustomerPlan): PlanTotals => {
  totals.customers++
  totals.addresses += plan.customer.addresses?.length ?? 0
  totals.paymentMethods += plan.methods.length
  totals.paymentMethodsFromCardData += plan.methods.filter((m) => m.via === 'card_data').length
  totals.paymentMethodsFromTokens += plan.methods.filter((m) => m.via === 'token').length
  totals.recurrences += plan.recurrences.length
  for (const i of plan.issues) totals.issues[i.code] = (totals.issues[i.code] ?? 0) + 1
  return totals
}
