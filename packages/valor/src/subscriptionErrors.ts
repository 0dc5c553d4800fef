/**
 * The subscription API's failure answers → `VaultError`, as data, like the vault's table in
 * `errors.ts`. A refusal is HTTP 400 with `{error_no, desc}`; the codes below are the ones one
 * integrator met live and checked against Valor's published error list. A code no row names is
 * `Validation`; text is matched only where Valor publishes no code (a missing subscription, the
 * credentials). Status first still holds: `request.ts` reads the status table before this one.
 */
import type { FieldIssue } from '@vaultport/core'
import type { ErrorRow, ErrorTable, RowKind } from './errors'

const row = (
  id: string,
  when: ErrorRow['when'],
  kind: RowKind,
  summary: string,
  [source, body]: readonly [string, unknown],
  field?: string,
): ErrorRow => ({
  id,
  when,
  kind,
  summary,
  example: { source, body },
  ...(field === undefined ? {} : { field }),
})

const LIVE = 'met live by one integrator (code and text)'
const ASSUMED = 'assumed: Valor publishes no code or text for this case'

export const subscriptionErrorRows: ReadonlyArray<ErrorRow> = [
  row(
    'sub-route-not-found',
    { message: /^route not found/i },
    'UnexpectedResponse',
    'Valor does not serve this path: check the subscription routes (config `subscriptions.routes`)',
    [
      'the vault dialect, should a proxy answer for Valor',
      { code: 404, status: 'FAILED', errors: ['Route not found'] },
    ],
  ),
  row('sub-epi', { code: /^D27$/i }, 'Auth', 'Valor refused the EPI (config `epi`)', [
    LIVE,
    { error_no: 'D27', desc: 'INVALID EPI ID' },
  ]),
  row('sub-auth-dialect', { dialect: 'auth' }, 'Auth', 'Valor refused the App ID / App Key', [
    'the vault dialect of an auth failure',
    { status: false, code: '400', message: 'Not a valid APP ID or APP Key.' },
  ]),
  row(
    'sub-credentials',
    { message: /app\s*id|app\s*key|credential|unauthori[sz]ed/i },
    'Auth',
    'Valor refused the App ID / App Key',
    [ASSUMED, { error_no: 'SIM01', desc: 'INVALID APP ID OR APP KEY' }],
  ),
  row(
    'sub-not-found',
    { message: /not\s*found|not\s*exist|no\s*such|invalid\s*subscription/i },
    'NotFound',
    'Valor subscription not found',
    [ASSUMED, { error_no: 'SIM06', desc: 'SUBSCRIPTION NOT FOUND' }],
  ),
  row(
    'sub-payment-info',
    { code: /^A44$/i },
    'Validation',
    'Valor refused the payment info (the vault customer and card the schedule charges)',
    [LIVE, { error_no: 'A44', desc: 'INVALID PAYMENT INFO' }],
    'paymentMethodId',
  ),
  row(
    'sub-invoice',
    { code: /^A40$/i },
    'Validation',
    'Valor refused the invoice number (at most 12 letters and digits)',
    [LIVE, { error_no: 'A40', desc: 'INVOICE # MUST BE 12 ALPHANUMERIC' }],
    'gatewayData.invoice_no',
  ),
  row(
    'sub-date-format',
    { code: /^SUB07$/i },
    'Validation',
    "Valor refused the start date's format",
    [LIVE, { error_no: 'SUB07', desc: 'USE YYYY-MM-DD FORMAT' }],
    'startDate',
  ),
  row(
    'sub-date-past',
    { code: /^SUB08$/i },
    'Validation',
    'Valor does not start a schedule in the past',
    [LIVE, { error_no: 'SUB08', desc: 'STARTS FROM PAST DATE' }],
    'startDate',
  ),
  row(
    'sub-notification',
    { code: /^SUB21$/i },
    'Validation',
    'Valor wants an e-mail or phone for failure notifications',
    ['met live by one integrator (code only)', { error_no: 'SUB21' }],
  ),
  row(
    'sub-expiry',
    { code: /^E07$/i },
    'Validation',
    'Valor refused the card expiry',
    [LIVE, { error_no: 'E07', desc: 'INVALID EXPIRY DATE' }],
    'paymentMethodId',
  ),
  row(
    'sub-declined',
    { code: /^E98$/i },
    'Validation',
    'Valor declined the card',
    ["one integrator's reading of a sale decline", { error_no: 'E98', desc: 'DECLINED' }],
    'paymentMethodId',
  ),
  row('sub-other', {}, 'Validation', 'Valor refused the subscription request', [
    'any other refusal',
    { error_no: 'SUB99', desc: 'SOMETHING ELSE' },
  ]),
]

/** A Validation row's messages as issues on its field (or the request as a whole). */
const subscriptionIssues = (messages: ReadonlyArray<string>, row: ErrorRow): FieldIssue[] =>
  messages.map((message) => ({ path: row.field ?? '(request)', message }))

export const subscriptionErrorTable: ErrorTable = {
  rows: subscriptionErrorRows,
  issues: (messages, _scope, r) => subscriptionIssues(messages, r),
}
