// Wire fixtures in FluidPay's documented shapes (GATEWAY-FACTS §2.5, docs/wire-assumptions.md F.3).
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import nock from 'nock'
import { isAmbiguousWriteStatus, isTransientStatus, type VaultErrorKind } from '@vaultport/core'
import { createFluidPayVault, type FluidPayConfig } from '../src'

export const BASE = 'https://sandbox.fluidpay.com'
export const KEY = 'api_TestSecretKey0123456789'
export const PAN = '4111111111111111'

/** The gateway, expecting the raw API key on every request. */
export const api = () => nock(BASE, { reqheaders: { authorization: KEY } })

export const vault = (extra: Partial<FluidPayConfig> = {}) =>
  createFluidPayVault({
    apiKey: KEY,
    now: () => new Date('2026-01-05T10:00:00Z'),
    http: {
      timeoutMs: 1000,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 10 },
      sleep: async () => undefined,
    },
    ...extra,
  })

export const address = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  first_name: 'Ada',
  last_name: 'Lee',
  company: 'Lee Tools',
  line_1: '12 Elm Street',
  line_2: '',
  city: 'Edina',
  state: 'MN',
  postal_code: '55424',
  country: 'US',
  email: 'ada@example.com',
  phone: '6125550100',
  fax: '',
  hash: 'cV9qS6UvnnRDJCkgfitHqGrKSRfTARDsLy5zfkNNTcM=',
  ...extra,
})

export const card = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  card_type: 'visa',
  masked_number: '411111******1111',
  expiration_date: '12/28',
  processor_id: '',
  flags: [],
  ...extra,
})

export const ach = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  masked_account_number: '********6789',
  routing_number: '021000021',
  account_type: 'checking',
  sec_code: 'ppd',
  ...extra,
})

export interface RecordParts {
  addresses?: unknown[]
  cards?: unknown[]
  ach?: unknown[]
  defaults?: Record<string, string>
  description?: string
  notes?: string
  flags?: string[]
}

export const record = (id: string, p: RecordParts = {}) => ({
  id,
  owner_id: 'vaultportsbxmerchant',
  data: {
    customer: {
      description: p.description ?? '',
      notes: p.notes ?? '',
      flags: p.flags ?? [],
      defaults: p.defaults ?? {
        billing_address_id: '',
        shipping_address_id: '',
        payment_method_id: '',
        payment_method_type: '',
      },
      addresses: p.addresses ?? [],
      payments: { cards: p.cards ?? [], ach: p.ach ?? [] },
    },
  },
  created_at: '2026-01-05T10:00:00.000000000Z',
  updated_at: '2026-01-05T10:00:00.000000000Z',
})

export const ok = (data: unknown, extra: Record<string, unknown> = {}) => ({
  status: 'success',
  msg: 'success',
  data,
  ...extra,
})

export const failed = (msg: string) => ({ status: 'failed', msg })

export const run = <A>(te: TaskEither<{ kind: string }, A>) => te()

export const right = async <A>(te: TaskEither<unknown, A>): Promise<A> => {
  const r = await te()
  if (E.isLeft(r)) throw new Error(`expected Right, got ${JSON.stringify(r.left)}`)
  return r.right
}

export const left = async <L>(te: TaskEither<L, unknown>): Promise<L> => {
  const r = await te()
  if (E.isRight(r)) throw new Error(`expected Left, got ${JSON.stringify(r.right)}`)
  return r.left
}

/** A read, a create (never resent blindly) or a delete (resent: it sets state). */
export type OpKind = 'read' | 'create' | 'delete'

/**
 * What a failed answer's status class means whatever its body (JSON or not): the table the
 * status walk and the fuzz check.
 */
export const expectedKind = (status: number, op: OpKind): VaultErrorKind => {
  if (status >= 300 && status < 400) return op === 'read' ? 'UnexpectedResponse' : 'OutcomeUnknown'
  if (status === 401 || status === 403) return 'Auth'
  if (status === 404) return 'NotFound'
  if (status === 409) return 'Conflict'
  if (status === 429) return 'RateLimited'
  // Core's client decides the transient statuses it gave up on: a create answered by a proxy
  // that may have passed it on is unknown, anything else unavailable.
  if (isTransientStatus(status)) {
    return op === 'create' && isAmbiguousWriteStatus(status) ? 'OutcomeUnknown' : 'Unavailable'
  }
  if (status >= 400 && status < 500) return 'Validation'
  return 'Unavailable'
}

// ---- recurring billing (the shapes of the recurring facts: cents, "YYYY-MM-DD", xids)

export const subscription = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  plan_id: '',
  status: 'active',
  description: 'Gold monthly',
  customer: {
    id: 'ada001',
    payment_method_type: 'card',
    payment_method_id: 'p1',
    billing_address_id: 'a1',
    shipping_address_id: 'a1',
  },
  amount: 2495,
  total_adds: 0,
  total_discounts: 0,
  billing_cycle_interval: 1,
  billing_frequency: 'monthly',
  billing_days: '10',
  charge_on_day: false,
  duration: 12,
  next_bill_date: '2026-02-10',
  add_ons: null,
  discounts: null,
  created_at: '2026-01-05T10:00:00.118204Z',
  updated_at: '2026-01-05T10:00:00.118204Z',
  ...extra,
})

export const plan = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: 'Gold',
  description: 'Gold plan',
  amount: 2495,
  billing_cycle_interval: 1,
  billing_frequency: 'monthly',
  billing_days: '1',
  charge_on_day: false,
  total_add_ons: 0,
  total_discounts: 0,
  duration: 0,
  add_ons: [],
  discounts: [],
  created_at: '2026-01-05T10:00:00.118204Z',
  updated_at: '2026-01-05T10:00:00.118204Z',
  ...extra,
})

export const adjustment = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: 'Setup',
  description: 'One-time setup',
  amount: 500,
  percentage: null,
  duration: 1,
  created_at: '2026-01-05T10:00:00.118204Z',
  updated_at: '2026-01-05T10:00:00.118204Z',
  ...extra,
})
