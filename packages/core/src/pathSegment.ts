/**
 * An id becomes one segment of a request path. Before it is placed there it is checked and
 * encoded: `.` and `..`, separators and control characters would let a caller's id reach another
 * path (`customers.delete('..')` must never send `DELETE /api/`).
 */
import * as E from 'fp-ts/Either'
import { validationError, type ErrorContext, type ValidationError } from './errors'

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Why `id` cannot be a path segment, or undefined when it can.
 * @category Validation
 */
export const pathSegmentProblem = (id: string): string | undefined => {
  if (id.length === 0) return 'must not be empty'
  if (id.trim() === '.' || id.trim() === '..') return 'must not be . or ..'
  if (/[/\\]/.test(id)) return 'must not contain / or \\'
  if (CONTROL.test(id)) return 'must not contain control characters'
  return undefined
}

/**
 * `id` percent-encoded as one path segment, or a `Validation` error naming `field`.
 * @category Validation
 */
export const pathSegment = (
  ctx: ErrorContext,
  field: string,
  id: string,
): E.Either<ValidationError, string> => {
  const problem = typeof id === 'string' ? pathSegmentProblem(id) : 'must be a string'
  return problem === undefined
    ? E.right(encodeURIComponent(id))
    : E.left(validationError(ctx, [{ path: field, message: problem }]))
}
