/**
 * @vaultport/migrate: move customers, addresses, payment methods and schedules from one vault to
 * another. Plan (what moves, what cannot), dry run, run (journaled, resumable, bounded), verify.
 */
export * from './cardData'
export * from './journal'
export * from './mapping'
export * from './plan'
export * from './run'
export * from './verify'
export * from './report'
export * from './policy'
export * from './preflight'
export { currencyDigits, formatMoney } from './money'
