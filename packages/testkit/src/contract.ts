/**
 * Two ways to run the contract: `describeVaultContract` registers one jest test per scenario
 * (the way an adapter's own test file uses it); `runContract` runs them all and returns a report
 * instead of failing (the way the suite's own tests prove that it catches broken vaults).
 */
import { supports } from '@vaultport/core'
import { NotApplicable } from './assert'
import {
  openHarness,
  type ContractContext,
  type ContractOptions,
  type Harness,
  type MakeVault,
} from './context'
import { testSecrets } from './data'
import { allScenarios, type ContractScenario } from './scenarios'

// ---- model

/** @category Contract suite */
export type ScenarioOutcome =
  | { readonly status: 'passed' }
  | { readonly status: 'not-applicable'; readonly reason: string }
  | { readonly status: 'failed'; readonly error: string }

/** @category Contract suite */
export interface ContractReport {
  readonly passed: ReadonlyArray<string>
  readonly failed: ReadonlyArray<{ readonly name: string; readonly error: string }>
  readonly notApplicable: ReadonlyArray<{ readonly name: string; readonly reason: string }>
}

// ---- running one scenario

const selected = (options: ContractOptions): ReadonlyArray<ContractScenario> =>
  options.only === undefined
    ? allScenarios
    : allScenarios.filter((s) => options.only?.includes(s.name))

/**
 * Runs one scenario; never throws.
 * @category Contract suite
 */
export const runScenario = async (
  s: ContractScenario,
  ctx: ContractContext,
): Promise<ScenarioOutcome> => {
  const missing = s.requires.filter((op) => !supports(ctx.caps, op))
  if (missing.length > 0) {
    return { status: 'not-applicable', reason: `not declared: ${missing.join(', ')}` }
  }
  try {
    await s.run(ctx)
    return { status: 'passed' }
  } catch (e) {
    if (e instanceof NotApplicable) return { status: 'not-applicable', reason: e.message }
    return { status: 'failed', error: e instanceof Error ? e.message : String(e) }
  }
}

// ---- runners

/**
 * Runs every scenario against one vault and reports; it fails nothing itself.
 * @category Contract suite
 */
export const runContract = async (
  makeVault: MakeVault,
  options: ContractOptions = {},
): Promise<ContractReport> => {
  const harness = await openHarness(makeVault, options, testSecrets())
  const passed: string[] = []
  const failed: Array<{ name: string; error: string }> = []
  const notApplicable: Array<{ name: string; reason: string }> = []
  try {
    for (const s of selected(options)) {
      const outcome = await runScenario(s, harness.ctx)
      if (outcome.status === 'passed') passed.push(s.name)
      else if (outcome.status === 'failed') failed.push({ name: s.name, error: outcome.error })
      else notApplicable.push({ name: s.name, reason: outcome.reason })
    }
  } finally {
    await harness.close()
  }
  return { passed, failed, notApplicable }
}

interface JestGlobals {
  readonly describe: (name: string, body: () => void) => void
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => void
  readonly beforeAll: (body: () => Promise<void>, timeout?: number) => void
  readonly afterAll: (body: () => Promise<void>, timeout?: number) => void
}

/** jest's globals, without making jest's types a build dependency of this package. */
const jestGlobals = (): JestGlobals => {
  const g = globalThis as unknown as Partial<JestGlobals>
  if (
    g.describe === undefined ||
    g.it === undefined ||
    g.beforeAll === undefined ||
    g.afterAll === undefined
  ) {
    throw new Error('describeVaultContract must be called inside a jest test file')
  }
  return g as JestGlobals
}

/**
 * Registers the contract suite as jest tests: one `it` per scenario, against the vault
 * `makeVault` returns (made once, before the first scenario; `cleanup` runs after the last).
 * A scenario whose operations the capabilities do not declare, or that finds nothing to check,
 * passes with nothing checked; `errors: Unsupported exactly…` checks the undeclared ones.
 * @category Contract suite
 * @example
 * ```ts
 * import { createMemoryVault } from '@vaultport/memory'
 * import { describeVaultContract } from '@vaultport/testkit'
 *
 * // In a jest test file: one test per scenario the vault's capabilities make applicable.
 * describeVaultContract('memory vault', () => ({ vault: createMemoryVault() }))
 * ```
 */
export const describeVaultContract = (
  name: string,
  makeVault: MakeVault,
  options: ContractOptions = {},
): void => {
  const { describe, it, beforeAll, afterAll } = jestGlobals()
  const timeout = options.timeoutMs ?? 60_000
  describe(`${name}: vault contract`, () => {
    let harness: Harness | undefined
    beforeAll(async () => {
      harness = await openHarness(makeVault, options, testSecrets())
    }, timeout)
    afterAll(async () => {
      await harness?.close()
    }, timeout)
    const declared = options.capabilities
    if (declared !== undefined) {
      it('capabilities: the vault declares the record the suite was given', async () => {
        if (harness === undefined) throw new Error('the vault under test could not be made')
        if (JSON.stringify(harness.ctx.caps) !== JSON.stringify(declared)) {
          throw new Error('vault.capabilities differs from the capabilities passed to the suite')
        }
      })
    }
    const applicable = selected(options).filter(
      (s) => declared === undefined || s.requires.every((op) => supports(declared, op)),
    )
    for (const s of applicable) {
      it(
        s.name,
        async () => {
          if (harness === undefined) throw new Error('the vault under test could not be made')
          const outcome = await runScenario(s, harness.ctx)
          if (outcome.status === 'failed') throw new Error(outcome.error)
        },
        timeout,
      )
    }
  })
}
