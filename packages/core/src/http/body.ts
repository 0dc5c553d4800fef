/**
 * Reading a gateway's answer: JSON or a clear `UnexpectedResponse`. Empty bodies, HTML error
 * pages, truncated or malformed JSON, and JSON of the wrong shape each get their own message.
 */
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { decodeFast, issuesFromDecodeErrors } from '../decode'
import { unexpectedResponse, type ErrorContext, type VaultError } from '../errors'
import type { Redactor } from '../redact'
import { rawBodyEvidence, type HttpResponse } from './client'

const looksLikeHtml = (res: HttpResponse): boolean =>
  /text\/html/i.test(res.headers['content-type'] ?? '') || /^\s*</.test(res.body)

const BLANK = /^\s*$/

const evidence = (redactor: Redactor, res: HttpResponse) => ({
  httpStatus: res.status,
  rawBody: rawBodyEvidence(redactor, res.body),
})

/** Parses a JSON body. */
export const parseJson = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
): E.Either<VaultError, unknown> => {
  // A test, not `trim()`: trimming copies the whole body, and a page is ~100 KB.
  if (BLANK.test(res.body)) {
    return E.left(
      unexpectedResponse(
        ctx,
        `${ctx.gateway} answered HTTP ${res.status} with an empty body`,
        evidence(redactor, res),
      ),
    )
  }
  if (looksLikeHtml(res)) {
    return E.left(
      unexpectedResponse(
        ctx,
        `${ctx.gateway} answered HTTP ${res.status} with an HTML page instead of JSON`,
        evidence(redactor, res),
      ),
    )
  }
  try {
    return E.right(JSON.parse(res.body) as unknown)
  } catch {
    return E.left(
      unexpectedResponse(
        ctx,
        `${ctx.gateway} answered HTTP ${res.status} with malformed or truncated JSON`,
        evidence(redactor, res),
      ),
    )
  }
}

/** Decodes parsed JSON with a wire codec; the message names the paths that did not fit. */
export const decodeJson =
  <A>(
    codec: t.Type<A, unknown, unknown>,
    ctx: ErrorContext,
    redactor: Redactor,
    res: HttpResponse,
  ) =>
  (json: unknown): E.Either<VaultError, A> =>
    E.mapLeft((errors: t.Errors) => {
      const issues = issuesFromDecodeErrors(errors, 5)
      const detail = issues.map((i) => `${i.path} ${i.message}`).join('; ')
      return unexpectedResponse(
        ctx,
        `${ctx.gateway} answer did not match the expected shape: ${detail}`,
        evidence(redactor, res),
      )
    })(decodeFast(codec, json))

/** Parse and decode in one step. */
export const readJson = <A>(
  codec: t.Type<A, unknown, unknown>,
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
): E.Either<VaultError, A> =>
  E.chain(decodeJson(codec, ctx, redactor, res))(parseJson(ctx, redactor, res))
