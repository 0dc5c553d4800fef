/**
 * How PayTrace words its answers: the `{data}` envelope of a success, the 422
 * `{data:[{field, detail}]}` of a bad request in pydantic wording (docs/wire-assumptions.md P.2), and the OAuth-style 401.
 */
import type { JsonObject, SimResponse } from '../common/engine'
import { json } from '../common/engine'
import type { FieldProblem } from '../common/fields'

// ---- wording (pydantic style, docs/wire-assumptions.md P.2)

const detailOf = (p: FieldProblem['problem']): string => {
  switch (p.kind) {
    case 'required':
      return 'field required'
    case 'type':
      return {
        string: 'str type expected',
        integer: 'value is not a valid integer',
        number: 'value is not a valid float',
        boolean: 'value could not be parsed to a boolean',
        object: 'value is not a valid dict',
        array: 'value is not a valid list',
      }[p.expected]
    case 'maxLength':
      return `ensure this value has at most ${p.limit} characters`
    case 'minLength':
      return `ensure this value has at least ${p.limit} characters`
    case 'pattern':
      return `string does not match regex "${p.pattern}"`
    case 'enum':
      return `value is not a valid enumeration member; permitted: ${p.allowed.map((a) => `'${a}'`).join(', ')}`
    case 'minimum':
      return `ensure this value is greater than or equal to ${p.limit}`
    case 'maximum':
      return `ensure this value is less than or equal to ${p.limit}`
    case 'custom':
      return p.message
  }
}

type Location = 'body' | 'path' | 'query' | 'header'

export const unprocessable = (items: readonly { field: string; detail: string }[]): SimResponse =>
  json(422, { data: items })

export const invalid = (location: Location, problems: readonly FieldProblem[]): SimResponse =>
  unprocessable(
    problems.map((p) => ({ field: [location, ...p.path].join('/'), detail: detailOf(p.problem) })),
  )

export const fieldError = (field: string, detail: string): SimResponse =>
  unprocessable([{ field, detail }])

export const ok = (data: unknown, extra: JsonObject = {}): SimResponse =>
  json(200, { data, ...extra })

export const invalidToken = (): SimResponse =>
  json(
    401,
    {
      error: 'invalid_token',
      error_description: 'The access token is missing, invalid or expired.',
    },
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  )

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}
