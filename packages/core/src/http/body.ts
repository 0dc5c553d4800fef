/**
 * Reading a gateway's answer: JSON or a clear `UnexpectedResponse`. Empty bodies, HTML error
 * pages, truncated or malformed JSON, and JSON of the wrong shape each get their own message.
 */
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { decodeFast, issuesFromDecodeErrors } from '../decode'
import {
  unexpectedResponse,
  type ErrorContext,
  type ErrorEvidence,
  type VaultError,
} from '../errors'
import type { Redactor } from '../redact'
import { rawBodyEvidence, type HttpResponse } from './client'

const looksLikeHtml = (res: HttpResponse): boolean =>
  /text\/html/i.test(res.headers['content-type'] ?? '') || /^\s*</.test(res.body)

const BLANK = /^\s*$/

/**
 * The gateway's request id as error evidence, to spread into evidence an adapter builds itself:
 * `{ httpStatus, gatewayCode, ...requestIdEvidence(res) }`. Empty when the answer had none.
 * @category HTTP
 */
export const requestIdEvidence = (res: HttpResponse): Pick<ErrorEvidence, 'requestId'> =>
  res.requestId === undefined ? {} : { requestId: res.requestId }

/**
 * What every error built from an answer carries: its status, its body (redacted and capped)
 * and the gateway's request id, where it sent one. The id goes through the redactor too: it is
 * a header the gateway wrote, and nothing a gateway writes reaches an error unscrubbed.
 * @category HTTP
 */
export const answerEvidence = (
  redactor: Redactor,
  res: HttpResponse,
): Required<Pick<ErrorEvidence, 'httpStatus' | 'rawBody'>> & Pick<ErrorEvidence, 'requestId'> => ({
  httpStatus: res.status,
  rawBody: rawBodyEvidence(redactor, res.body),
  ...(res.requestId === undefined ? {} : { requestId: redactor.text(res.requestId) }),
})

/**
 * Parses a JSON body.
 * @category HTTP
 */
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
        answerEvidence(redactor, res),
      ),
    )
  }
  if (looksLikeHtml(res)) {
    return E.left(
      unexpectedResponse(
        ctx,
        `${ctx.gateway} answered HTTP ${res.status} with an HTML page instead of JSON`,
        answerEvidence(redactor, res),
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
        answerEvidence(redactor, res),
      ),
    )
  }
}

/**
 * Decodes parsed JSON with a wire codec; the message names the paths that did not fit.
 * @category HTTP
 */
export const decodeJson =
  <A>(
    codec: t.Type<A, unknown, unknown>,
    ctx: ErrorContext,
    redactor: Redactor,
    res: HttpResponse,
  ) =>
  (json: unknown): E.Either<VaultError, A> => {
    // Plain steps, not `E.mapLeft`: every answer of every adapter is decoded here.
    const decoded = decodeFast(codec, json)
    if (E.isRight(decoded)) return decoded
    const issues = issuesFromDecodeErrors(decoded.left, 5)
    const detail = issues.map((i) => `${i.path} ${i.message}`).join('; ')
    return E.left(
      unexpectedResponse(
        ctx,
        `${ctx.gateway} answer did not match the expected shape: ${detail}`,
        answerEvidence(redactor, res),
      ),
    )
  }

/**
 * Parse and decode in one step.
 * @category HTTP
 */
export const readJson = <A>(
  codec: t.Type<A, unknown, unknown>,
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
): E.Either<VaultError, A> => {
  const json = parseJson(ctx, redactor, res)
  return E.isLeft(json) ? json : decodeJson(codec, ctx, redactor, res)(json.right)
}
