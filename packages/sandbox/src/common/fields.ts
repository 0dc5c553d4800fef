/**
 * Reading untrusted request objects field by field. The reader records what is wrong as data
 * (`Problem`), and each simulator words the problems the way its gateway does (pydantic for
 * PayTrace, AJV for Valor, one sentence for FluidPay).
 */
import { isObject, type JsonObject } from './engine'

export type Problem =
  | { readonly kind: 'required' }
  | {
      readonly kind: 'type'
      readonly expected: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array'
    }
  | { readonly kind: 'maxLength'; readonly limit: number }
  | { readonly kind: 'minLength'; readonly limit: number }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'enum'; readonly allowed: readonly string[] }
  | { readonly kind: 'minimum'; readonly limit: number }
  | { readonly kind: 'maximum'; readonly limit: number }
  | { readonly kind: 'custom'; readonly message: string }

export interface FieldProblem {
  readonly path: readonly string[]
  readonly problem: Problem
}

export interface StringRule {
  readonly required?: boolean
  readonly min?: number
  readonly max?: number
  readonly pattern?: RegExp
  readonly oneOf?: readonly string[]
  /** Accept a number and read it as its decimal string. */
  readonly numeric?: boolean
}

export interface NumberRule {
  readonly required?: boolean
  readonly integer?: boolean
  readonly min?: number
  readonly max?: number
  /** Accept a digit string (`"12"`) as the number. */
  readonly fromString?: boolean
}

export class Reader {
  readonly problems: FieldProblem[] = []

  add(path: readonly string[], problem: Problem): void {
    this.problems.push({ path, problem })
  }

  get ok(): boolean {
    return this.problems.length === 0
  }

  string(
    obj: JsonObject,
    key: string,
    path: readonly string[],
    rule: StringRule = {},
  ): string | undefined {
    const at = [...path, key]
    const raw = obj[key]
    if (raw === undefined || raw === null) {
      if (rule.required === true) this.add(at, { kind: 'required' })
      return undefined
    }
    const value = typeof raw === 'number' && rule.numeric === true ? String(raw) : raw
    if (typeof value !== 'string') {
      this.add(at, { kind: 'type', expected: 'string' })
      return undefined
    }
    if (rule.required === true && value.length === 0) return this.fail(at, { kind: 'required' })
    if (rule.max !== undefined && value.length > rule.max)
      return this.fail(at, { kind: 'maxLength', limit: rule.max })
    if (rule.min !== undefined && value.length < rule.min)
      return this.fail(at, { kind: 'minLength', limit: rule.min })
    if (rule.oneOf !== undefined && !rule.oneOf.includes(value))
      return this.fail(at, { kind: 'enum', allowed: rule.oneOf })
    if (rule.pattern !== undefined && value.length > 0 && !rule.pattern.test(value)) {
      return this.fail(at, { kind: 'pattern', pattern: rule.pattern.source })
    }
    return value
  }

  number(
    obj: JsonObject,
    key: string,
    path: readonly string[],
    rule: NumberRule = {},
  ): number | undefined {
    const at = [...path, key]
    const raw = obj[key]
    if (raw === undefined || raw === null || raw === '') {
      if (rule.required === true) this.add(at, { kind: 'required' })
      return undefined
    }
    const expected = rule.integer === true ? 'integer' : 'number'
    let value: number
    if (typeof raw === 'number') value = raw
    else if (
      typeof raw === 'string' &&
      rule.fromString === true &&
      /^-?[0-9]+(\.[0-9]+)?$/.test(raw)
    )
      value = Number(raw)
    else return this.fail(at, { kind: 'type', expected })
    if (!Number.isFinite(value) || (rule.integer === true && !Number.isInteger(value))) {
      return this.fail(at, { kind: 'type', expected })
    }
    if (rule.min !== undefined && value < rule.min)
      return this.fail(at, { kind: 'minimum', limit: rule.min })
    if (rule.max !== undefined && value > rule.max)
      return this.fail(at, { kind: 'maximum', limit: rule.max })
    return value
  }

  boolean(obj: JsonObject, key: string, path: readonly string[]): boolean | undefined {
    const raw = obj[key]
    if (raw === undefined || raw === null) return undefined
    if (typeof raw !== 'boolean')
      return this.fail([...path, key], { kind: 'type', expected: 'boolean' })
    return raw
  }

  object(
    obj: JsonObject,
    key: string,
    path: readonly string[],
    required = false,
  ): JsonObject | undefined {
    const raw = obj[key]
    if (raw === undefined || raw === null) {
      if (required) this.add([...path, key], { kind: 'required' })
      return undefined
    }
    if (!isObject(raw)) return this.fail([...path, key], { kind: 'type', expected: 'object' })
    return raw
  }

  private fail(path: readonly string[], problem: Problem): undefined {
    this.add(path, problem)
    return undefined
  }
}

/** Copies the string fields of `keys` that are present (strings only) into a partial record. */
export const pickStrings = <K extends string>(
  reader: Reader,
  obj: JsonObject,
  keys: readonly K[],
  path: readonly string[],
  max: number,
): Partial<Record<K, string>> => {
  const out: Partial<Record<K, string>> = {}
  for (const key of keys) {
    const v = reader.string(obj, key, path, { max, numeric: true })
    if (v !== undefined) out[key] = v
  }
  return out
}
