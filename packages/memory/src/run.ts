/**
 * How one memory operation runs: its body is synchronous work on the store, lifted into a task
 * that goes through the fault injector first, so a scripted or random fault answers instead of
 * (or around) the real call, exactly as it would in front of a gateway.
 */
import type * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import type { OperationName, VaultError } from '@vaultport/core'
import type { MemoryEnv } from './env'

/** The task for `operation`: `body` runs when the task runs, and only if no fault stands in. */
export const throughFaults = <A>(
  env: MemoryEnv,
  operation: OperationName,
  body: (operation: OperationName) => E.Either<VaultError, A>,
): TaskEither<VaultError, A> =>
  env.faults.apply(env.capabilities.gateway, operation, async () => body(operation))
