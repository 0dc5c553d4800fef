/**
 * Canonical ⇄ Valor, as pure functions. All lossiness lives here and is declared: every value
 * Valor cannot keep comes back as a `Warning`, never silently dropped.
 *
 * - Ids: Valor's integer ids become decimal strings. Cards (`payment_id`) and ACH profiles
 *   (`ach_profile_id`) share one canonical id space, so their ids are prefixed: `card:97555`,
 *   `ach:2290`. An address entry holds a billing half and a shipping half: canonical ids
 *   `154246:billing` and `154246:shipping`.
 * - Streets: canonical `line1` "2629 Rocket Drive" ⇄ `street_no` "2629" + `street_name`
 *   "Rocket Drive"; `line2` ⇄ `unit`. A line1 without a leading number (or with an unclear one)
 *   goes whole into `street_name`, with an `address_split_guessed` warning.
 * - Valor has no country, county, company, e-mail, phone or fax on an address, no customer
 *   reference, fax, description or notes: each given value is dropped with a warning.
 *
 * - Subscriptions: `recurring_type` + `charge_on` ⇄ canonical schedules, `charge_until` ⇄
 *   counts, dollars ⇄ minor units, Valor's statuses (never an unknown one as `active`), and the
 *   next charge date Valor does not show (`recurrences`).
 *
 * One file per port (`customers`, `addresses`, `paymentMethods`, `recurrences`, `extensions`),
 * helpers they share in `shared`; this index re-exports them so `./translate` imports keep
 * working.
 */
export { customerName, isWireId, nameIssues, textOf, type Translated } from './shared'
export * from './addresses'
export * from './customers'
export * from './paymentMethods'
export * from './extensions'
export * from './recurrences'
