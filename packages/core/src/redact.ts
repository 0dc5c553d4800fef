/**
 * The redactor every error, transcript event and log line passes through. It removes:
 * - values under sensitive keys (card and account numbers, CVV, keys, secrets, tokens), in
 *   objects, JSON text, form bodies, query strings and headers;
 * - anything that looks like a card number (13–19 digits, grouped by single spaces or dashes),
 *   and any Luhn-valid 13–19 digit run grouped any other way (dots, runs of spaces, NBSP, tabs,
 *   slashes, `%20`);
 * - API-key and bearer-token shapes;
 * - every exact secret it has been told about (credentials, tokens, the numbers a request sent),
 *   which is what catches a bank account number a gateway echoes back in free text; a secret of
 *   letters and digits is also found when the echo regroups it.
 */
import { luhnValid } from './cards'

/** @category Redaction */
export const REDACTED = '[REDACTED]'

/** Keys whose values are never shown, compared case-insensitively with `-` and `_` ignored. */
const SENSITIVE_KEYS = new Set(
  [
    'number',
    'card_number',
    'cardnumber',
    'pan',
    'pan_num',
    'cc_number',
    'ccnumber',
    'encrypted_number',
    'account_number',
    'accountnumber',
    'cvv',
    'cvv2',
    'cvc',
    'security_code',
    'client_secret',
    'password',
    'secret',
    'api_key',
    'apikey',
    'app_key',
    'appkey',
    'valor_app_key',
    'valor_app_id',
    'authorization',
    'proxy_authorization',
    'cookie',
    'set_cookie',
    'token',
    'access_token',
    'refresh_token',
    'hpf_token',
    'enc_key',
    'temporary_token',
    'pkpaymenttoken',
    'google_pay_token',
    'payload',
  ].map((k) => k.replace(/[-_]/g, '')),
)

/** @category Redaction */
export const isSensitiveKey = (key: string): boolean =>
  SENSITIVE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''))

// 13–19 digits, optionally grouped by single spaces or dashes, not part of a longer number.
const PAN_LIKE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g
const PAN_ONLY = /^\d{13,19}$/
// One gap between two digits of a regrouped number: up to three separators, or an encoded one.
const GAP = '(?:[\\s\\u00a0./\\\\_-]{1,3}|%20|%2[dDfF])?'
const REGROUPED = new RegExp(`(?<!\\d)\\d(?:${GAP}\\d){12,18}(?!\\d)`, 'g')
const digitsOf = (s: string): string => s.replace(/%2[0dDfF]/g, '').replace(/\D/g, '')
/**
 * A regrouped card number: Luhn-valid, and grouped the way people group card numbers (no group
 * shorter than three digits), so a timestamp's `00.786094073-05` that happens to pass Luhn stays.
 */
const looksRegroupedPan = (m: string): boolean =>
  luhnValid(digitsOf(m)) &&
  m
    .replace(/%2[0dDfF]/g, ' ')
    .split(/\D+/)
    .every((group) => group.length >= 3)
/**
 * A secret found whatever separates its characters (`4111.1111…`, `884 2017`, `tok9 f8e7…`):
 * for secrets of 6–64 letters and digits; a longer one is found only as it is.
 */
const regroupedPattern = (secret: string): RegExp | undefined => {
  const chars = secret.replace(/%2[0dDfF]/g, '').replace(/[\s\u00a0./\\_-]/g, '')
  if (chars.length < 6 || chars.length > 64 || /[^A-Za-z0-9]/.test(chars)) return undefined
  const edge = /^\d+$/.test(chars) ? '\\d' : '[A-Za-z0-9]'
  return new RegExp(`(?<!${edge})${chars.split('').join(GAP)}(?!${edge})`, 'g')
}
const KEY_LIKE = /\b(?:api|pub)_[A-Za-z0-9]{8,}\b/g
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi
const SENSITIVE_KEY_SOURCE = '[A-Za-z0-9_-]+'
const JSON_PAIR = new RegExp(
  `"(${SENSITIVE_KEY_SOURCE})"(\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?)`,
  'g',
)
const FORM_PAIR = new RegExp(`(^|[?&\\s])(${SENSITIVE_KEY_SOURCE})=([^&\\s]*)`, 'g')

/** @category Redaction */
export interface Redactor {
  /** Redacts free text: messages, raw bodies, URLs. */
  readonly text: (s: string) => string
  /** A deep copy of a value with every sensitive part redacted. */
  readonly value: (u: unknown) => unknown
  readonly headers: (h: Readonly<Record<string, unknown>>) => Record<string, string>
  /** A redactor that also scrubs these exact values (shorter than 4 characters are ignored). */
  readonly withSecrets: (secrets: Iterable<string>) => Redactor
  /** Adds exact values to scrub from now on (a freshly issued token, say). */
  readonly remember: (secret: string) => void
}

/** @category Redaction */
export const createRedactor = (initialSecrets: Iterable<string> = []): Redactor => {
  const secrets = new Set<string>()
  // Longest first, replaced by plain search: one alternation regex of every secret fails to
  // compile once a secret is large (the response fuzz sent a 1 MB access token).
  let longestFirst: string[] = []
  const regrouped: RegExp[] = []
  const remember = (secret: string) => {
    if (typeof secret !== 'string' || secret.length < 4 || secrets.has(secret)) return
    secrets.add(secret)
    longestFirst = [...secrets].sort((a, b) => b.length - a.length)
    const pattern = regroupedPattern(secret)
    if (pattern !== undefined) regrouped.push(pattern)
  }
  for (const s of initialSecrets) remember(s)

  const text = (s: string): string => {
    let out = s
    for (const secret of longestFirst)
      if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    for (const pattern of regrouped) out = out.replace(pattern, REDACTED)
    out = out.replace(JSON_PAIR, (all, key: string, sep: string) =>
      isSensitiveKey(key) ? `"${key}"${sep}"${REDACTED}"` : all,
    )
    out = out.replace(FORM_PAIR, (all, lead: string, key: string) =>
      isSensitiveKey(key) ? `${lead}${key}=${REDACTED}` : all,
    )
    return out
      .replace(BEARER, `$1 ${REDACTED}`)
      .replace(KEY_LIKE, REDACTED)
      .replace(PAN_LIKE, REDACTED)
      .replace(REGROUPED, (m) => (looksRegroupedPan(m) ? REDACTED : m))
  }

  const value = (u: unknown, depth = 0): unknown => {
    if (typeof u === 'string') return text(u)
    if (typeof u === 'number') return PAN_ONLY.test(String(u)) ? REDACTED : u
    if (u === null || typeof u !== 'object') return u
    if (depth > 32) return REDACTED
    if (Array.isArray(u)) return u.map((x) => value(x, depth + 1))
    return Object.fromEntries(
      Object.entries(u as Record<string, unknown>).map(([k, v]) => [
        k,
        isSensitiveKey(k) && v !== null && v !== undefined && v !== ''
          ? REDACTED
          : value(v, depth + 1),
      ]),
    )
  }

  const headers = (h: Readonly<Record<string, unknown>>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(h)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, isSensitiveKey(k) ? REDACTED : text(String(v))]),
    )

  return {
    text,
    value: (u) => value(u),
    headers,
    withSecrets: (more) => createRedactor([...secrets, ...more]),
    remember,
  }
}

/**
 * A redactor built on first use: answers that turn out fine never need one, and building one
 * (its secret list) is a measurable share of a call.
 * @category Redaction
 */
export const lazyRedactor = (make: () => Redactor): Redactor => {
  let made: Redactor | undefined
  const get = () => (made ??= make())
  return {
    text: (s) => get().text(s),
    value: (u) => get().value(u),
    headers: (h) => get().headers(h),
    withSecrets: (secrets) => get().withSecrets(secrets),
    remember: (secret) => get().remember(secret),
  }
}

/**
 * A redactor with no secrets of its own: for places that have no credentials at hand.
 * @category Redaction
 */
export const defaultRedactor: Redactor = createRedactor()

/**
 * Every string value under a sensitive key in a request body: what a response must not echo.
 * @category Redaction
 */
export const sensitiveValuesOf = (u: unknown, depth = 0): string[] => {
  if (u === null || typeof u !== 'object' || depth > 32) return []
  if (Array.isArray(u)) return u.flatMap((x) => sensitiveValuesOf(x, depth + 1))
  return Object.entries(u as Record<string, unknown>).flatMap(([k, v]) =>
    isSensitiveKey(k) && (typeof v === 'string' || typeof v === 'number')
      ? [String(v)]
      : sensitiveValuesOf(v, depth + 1),
  )
}
