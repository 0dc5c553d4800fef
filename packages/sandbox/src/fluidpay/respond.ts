/**
 * FluidPay's answer envelopes: `{status: 'success', msg, data}` and `{status: 'failed', msg}`
 * with the wording of docs/wire-assumptions.md F.2, and the `x-correlation-id` header every answer carries.
 */
import { createHash } from 'node:crypto'
import type { JsonObject, SimResponse } from '../common/engine'
import { json } from '../common/engine'
import type { FieldProblem } from '../common/fields'
import type { FluidPaySim } from './state'

const CATEGORY: Readonly<Record<number, string>> = {
  400: 'bad request error',
  401: 'unauthorized error',
  404: 'not found error',
  409: 'conflict error',
  413: 'bad request error',
  429: 'too many requests error',
  500: 'internal server error',
  502: 'bad gateway error',
  503: 'service unavailable error',
}

export const failed = (status: number, detail: string): SimResponse =>
  json(status, { status: 'failed', msg: `${CATEGORY[status] ?? 'error'}: ${detail}` })

export const success = (data: unknown, extra: JsonObject = {}): SimResponse =>
  json(200, { status: 'success', msg: 'success', ...extra, data })

export const unauthorized = (detail: string): SimResponse => failed(401, detail)

const reasonOf = (p: FieldProblem['problem']): string => {
  switch (p.kind) {
    case 'required':
      return 'is required'
    case 'type':
      return `must be a ${p.expected}`
    case 'maxLength':
      return `must be at most ${p.limit} characters`
    case 'minLength':
      return `must be at least ${p.limit} characters`
    case 'pattern':
      return 'has an invalid format'
    case 'enum':
      return `must be one of ${p.allowed.map((a) => `"${a}"`).join(', ')}`
    case 'minimum':
      return `must be at least ${p.limit}`
    case 'maximum':
      return `must be at most ${p.limit}`
    case 'custom':
      return p.message
  }
}

/** FluidPay answers one sentence, not a list: the first problem found. */
export const badRequest = (problems: readonly FieldProblem[]): SimResponse => {
  const first = problems[0] as FieldProblem
  return failed(
    400,
    first.problem.kind === 'custom'
      ? first.problem.message
      : `${first.path.join('.')} ${reasonOf(first.problem)}`,
  )
}

/** Stamps an answer with the next correlation id, a UUID-shaped digest of the seed and count. */
export const withCorrelationId =
  (sim: FluidPaySim) =>
  (res: SimResponse): SimResponse => {
    sim.correlation++
    const h = createHash('sha1').update(`${sim.options.seed}:${sim.correlation}`).digest('hex')
    const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
    return { ...res, headers: { ...res.headers, 'x-correlation-id': id } }
  }
