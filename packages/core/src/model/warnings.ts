/**
 * A write that succeeded but could not keep everything it was given says so: the result comes
 * with warnings, never with silently dropped data.
 */

import { publishWarning } from '../diagnostics'

/** @category Model */
export interface Warning {
  /** A stable machine-readable code, e.g. `field_dropped`, `address_split_guessed`. */
  readonly code: string
  readonly message: string
  /** The canonical field path the warning is about, e.g. `addresses[0].county`. */
  readonly field?: string
}

/** @category Model */
export interface Written<A> {
  readonly value: A
  readonly warnings: ReadonlyArray<Warning>
}

/** @category Model */
export const written = <A>(value: A, warnings: ReadonlyArray<Warning> = []): Written<A> => ({
  value,
  warnings,
})

/** @category Model */
export const warning = (code: string, message: string, field?: string): Warning => {
  const w: Warning = field === undefined ? { code, message } : { code, message, field }
  publishWarning(w)
  return w
}
