/**
 * @vaultport/cli: the `vaultport` command as a library: `main(argv, io)` for embedding and
 * tests, the gateway registry behind configuration-based switching, and the capability matrix.
 */
export * from './io'
export * from './config'
export * from './gateways'
export * from './matrix'
export * from './table'
export { main, VERSION, type CommandSet } from './main'
export { processInterrupts, type ProcessInterruptsOptions } from './interrupts'
export { progressBar, type ProgressBar, type ProgressOptions } from './progress'
