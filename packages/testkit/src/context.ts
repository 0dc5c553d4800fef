/**
 * What a contract scenario runs against: the vault under test (observed), its capabilities, the
 * options, and helpers that create customers and remember them for clean-up.
 */
import * as E from 'fp-ts/Either'
import type {
  Capabilities,
  Customer,
  CustomerInput,
  OperationName,
  PaymentMethodInput,
  TranscriptEvent,
  Vault,
} from '@vaultport/core'
import { supports } from '@vaultport/core'
import { expectRight } from './assert'
import { aCustomerInput } from './data'
import { observe, type Observation } from './observe'

// ---- model

/**
 * What `makeVault` gives the suite.
 * @category Contract suite
 */
export interface VaultUnderTest {
  readonly vault: Vault
  /** Every transcript event the adapter produced (e.g. collected through `http.onTranscript`). */
  readonly transcript?: () => ReadonlyArray<TranscriptEvent>
  /** Keys, app ids, tokens: values that must never appear in an error or transcript event. */
  readonly secrets?: ReadonlyArray<string>
  /** Called once after the last scenario (stop a simulator, say). */
  readonly cleanup?: () => Promise<void>
}

/** @category Contract suite */
export type MakeVault = () => Promise<VaultUnderTest> | VaultUnderTest

/** @category Contract suite */
export type ExtraInputKind = 'gateway_token' | 'wallet' | 'prior_transaction'

/** @category Contract suite */
export type IdKind = 'customer' | 'address' | 'paymentMethod' | 'recurrence'

/** @category Contract suite */
export interface ContractOptions {
  /** The clock for card expiries and schedule start dates; defaults to the real one. */
  readonly now?: Date
  /** The page size the paging scenario uses; defaults to min(3, maxPageSize). */
  readonly pageSize?: number
  /** How many customers the paging scenario creates; defaults to 2 × pageSize + 1. */
  readonly listSize?: number
  /** The most pages the paging scenario follows before it calls the walk endless (1,000). */
  readonly maxPages?: number
  /**
   * An input of a kind the simulator or gateway accepts (a token its tokenizer minted, a wallet
   * payload, a prior transaction id). Kinds it gives nothing for are not exercised.
   */
  readonly tokenFor?: (
    kind: ExtraInputKind,
  ) => Promise<PaymentMethodInput | undefined> | PaymentMethodInput | undefined
  /**
   * An id of this kind that the vault certainly does not hold. By default one is derived from a
   * real id of the same kind (digits → 9, letters → z), which keeps the gateway's id format.
   */
  readonly unknownId?: (kind: IdKind, like: string) => string
  /** Fields added to every customer the suite creates (e.g. a gateway's required extras). */
  readonly customerDefaults?: Partial<CustomerInput>
  /** Limits above this are not filled to prove they hold (default 10). */
  readonly maxLimitProbe?: number
  /** More values a leak check scans for, besides the test numbers and `VaultUnderTest.secrets`. */
  readonly secrets?: ReadonlyArray<string>
  /** Per-scenario timeout under jest (default 60 s). */
  readonly timeoutMs?: number
  /**
   * The adapter's capabilities record. Given, `describeVaultContract` registers only the
   * scenarios those capabilities make applicable (and checks the vault declares the same record);
   * without it, every scenario is registered and an inapplicable one passes having checked nothing.
   */
  readonly capabilities?: Capabilities
  /** Run only the scenarios with these names (for focused runs and the suite's own tests). */
  readonly only?: ReadonlyArray<string>
}

/** @category Contract suite */
export interface ContractContext {
  /** The vault under test, observed: every answer it gives is kept for the leak check. */
  readonly vault: Vault
  readonly caps: Capabilities
  readonly options: ContractOptions
  readonly now: Date
  readonly supports: (op: OperationName) => boolean
  /** Creates a customer (the builder's input, the options' defaults, then `overrides`). */
  readonly newCustomer: (overrides?: Partial<CustomerInput>) => Promise<Customer>
  /** Remembers a customer created some other way, so that it is deleted at the end. */
  readonly track: (id: Customer['id']) => void
  readonly unknownId: (kind: IdKind, like: string) => string
  readonly observations: () => ReadonlyArray<Observation>
  readonly transcript: () => ReadonlyArray<TranscriptEvent>
  /** Every value the leak check scans for. */
  readonly secrets: ReadonlyArray<string>
}

export interface Harness {
  readonly ctx: ContractContext
  readonly close: () => Promise<void>
}

// ---- utils

/**
 * Digits → 9, letters → z: an id of the same shape that no vault is likely to have issued.
 * @category Contract suite
 */
export const unknownLike = (id: string): string => {
  if (/^\d+$/.test(id)) return id.length < 9 ? '987654321' : '9'.repeat(id.length)
  return id.replace(/[0-9]/g, '9').replace(/[a-y]/g, 'z').replace(/[A-Y]/g, 'Z')
}

// ---- harness

export const openHarness = async (
  makeVault: MakeVault,
  options: ContractOptions,
  secrets: ReadonlyArray<string>,
): Promise<Harness> => {
  const vut = await makeVault()
  const observed = observe(vut.vault)
  const vault = observed.vault
  const caps = vault.capabilities
  const created: Customer['id'][] = []
  const ctx: ContractContext = {
    vault,
    caps,
    options,
    now: options.now ?? new Date(),
    supports: (op) => supports(caps, op),
    newCustomer: async (overrides = {}) => {
      const input = { ...aCustomerInput(caps), ...options.customerDefaults, ...overrides }
      const c = await expectRight(vault.customers.create(input), 'customers.create')
      created.push(c.value.id)
      return c.value
    },
    track: (id) => {
      created.push(id)
    },
    unknownId: options.unknownId ?? ((_kind, like) => unknownLike(like)),
    observations: observed.observations,
    transcript: vut.transcript ?? (() => []),
    secrets: [...secrets, ...(vut.secrets ?? []), ...(options.secrets ?? [])],
  }
  return {
    ctx,
    close: async () => {
      if (supports(caps, 'customers.delete')) {
        for (const id of created) {
          const r = await vut.vault.customers.delete(id)()
          if (E.isLeft(r) && r.left.kind !== 'NotFound') break
        }
      }
      await vut.cleanup?.()
    },
  }
}
