/**
 * Pure conversions between the canonical model and PayTrace's wire shapes. Every loss lives
 * here and is declared: a canonical field PayTrace cannot keep produces a `Warning`, never a
 * silent drop. Money goes through core's decimal helpers only; dates are `MM/DD/YYYY` on the
 * wire and ISO on our side.
 *
 * The PayTrace topology, as the canonical model sees it:
 * - addresses: exactly two slots, ids `billing` and `shipping`;
 * - payment methods: at most a card (id `card`) and a check (id `check`);
 * - `reference` ⇄ `customer_label`; `name` ⇄ the billing address's `name`;
 * - `gatewayData.discretionary_data` ⇄ `discretionary_data`.
 *
 * One file a port, the helpers they share in `shared.ts`; this index keeps `./translate`
 * imports working.
 */
export {
  amountFromWire,
  amountToWire,
  idText,
  isoToWireDate,
  USD,
  wireCustomerId,
  wireDateToIso,
  type NumberEncoding,
  type Translated,
  type WriteOptions,
} from './shared'
export {
  addressFromWire,
  addressToWire,
  BILLING_ID,
  emptyWireAddress,
  SHIPPING_ID,
} from './addresses'
export {
  CARD_ID,
  cardFromWire,
  cardToWire,
  CHECK_ID,
  checkFromWire,
  checkToWire,
  inputSecrets,
  paymentSlot,
  tokenWarnings,
} from './paymentMethods'
export {
  customerCommonToWire,
  customerFromWire,
  customerPatchToWire,
  customerSummaryFromWire,
  customerSummaryOf,
  discretionaryToWire,
  lastActivityDays,
  wireTimestampToIso,
} from './customers'
export {
  billingDayCheck,
  DEFAULT_SCHEDULE_RULES,
  firstAndFifteenthDays,
  frequencyTable,
  frequencyToSchedule,
  namesBillingDay,
  OPEN_ENDED_COUNT,
  recurrenceFromWire,
  recurrenceInputToWire,
  recurrencePatchToWire,
  scheduleToFrequency,
  totalCountFromWire,
  totalCountToWire,
  withBillingDay,
  type FrequencyRow,
  type ScheduleRules,
  type ShortMonths,
} from './recurrences'
