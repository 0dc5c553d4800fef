/**
 * The suite can fail: each deliberately broken vault (a memory vault with one defect) is caught
 * by the scenario that guards that promise, and the report says why. It is testkit's self-test,
 * kept in memory's tests because it needs the memory vault and testkit must not depend on memory
 * (that made a workspace cycle).
 */
import * as E from 'fp-ts/Either'
import {
  formatVaultError,
  vaultError,
  type Capabilities,
  type Customer,
  type CustomerSummary,
  type Page,
  type PaymentMethod,
  type PaymentMethodInput,
  type TranscriptEvent,
  type Vault,
} from '@vaultport/core'
import {
  mapOperations,
  runContract,
  type ContractReport,
  type VaultUnderTest,
} from '@vaultport/testkit'
import { createMemoryVault, topologies, type MemoryTopology } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')

const memory = (topology: MemoryTopology = topologies.full): Vault =>
  createMemoryVault({ topology, now: () => now })

type Op = Parameters<Parameters<typeof mapOperations>[1]>[1]

/** A vault whose one operation is replaced by `f(original)`. */
const breakOperation = (vault: Vault, operation: string, f: (original: Op) => Op): Vault =>
  mapOperations(vault, (op, original) => (op === operation ? f(original) : original))

const run = (vut: VaultUnderTest): Promise<ContractReport> => runContract(() => vut, { now })

const failedNames = (r: ContractReport) => r.failed.map((f) => f.name)
const errorOf = (r: ContractReport, name: string) => r.failed.find((f) => f.name === name)?.error

const CREATE_GET = 'customers: create then get reflects every lossless field'
const UNKNOWN_IDS = 'errors: unknown ids are NotFound'
const PAGING = 'customers: list pages every customer exactly once'
const LEAKS =
  'secrets: no card number, account number or key in any error, value or transcript event'
const UNSUPPORTED = 'errors: Unsupported exactly where the capabilities say so'
const METHOD_LIMITS =
  'paymentMethods: exceeding a declared limit is Conflict or Validation and overwrites nothing'
const CARD = 'paymentMethods: add a card and read it back'
const DELETE = 'customers: delete, then get is NotFound and a second delete is NotFound'

describe('the contract suite catches broken vaults', () => {
  it('a vault that drops the email on read fails the read-back scenario, naming the field', async () => {
    const vault = breakOperation(memory(), 'customers.get', (get) => (...args) => async () => {
      const r = await get(...args)()
      if (E.isLeft(r)) return r
      const { email: _dropped, ...rest } = r.right as Customer
      return E.right(rest)
    })
    const report = await run({ vault })
    expect(failedNames(report)).toContain(CREATE_GET)
    expect(errorOf(report, CREATE_GET)).toMatch(/lossless field\(s\) did not read back: email/)
  })

  it('a vault that answers Validation for unknown ids fails the NotFound scenarios', async () => {
    const wrongKind = (vault: Vault): Vault =>
      mapOperations(vault, (_op, original) => (...args) => async () => {
        const r = await original(...args)()
        return E.isLeft(r) && r.left.kind === 'NotFound'
          ? E.left(vaultError('Validation', r.left, 'invalid id', {}, { issues: [] }))
          : r
      })
    const report = await run({ vault: wrongKind(memory()) })
    expect(failedNames(report)).toEqual(expect.arrayContaining([UNKNOWN_IDS, DELETE]))
    expect(errorOf(report, UNKNOWN_IDS)).toMatch(/expected NotFound, got Validation/)
  })

  it('a vault that pages with a gap fails the paging scenario', async () => {
    const vault = breakOperation(memory(), 'customers.list', (list) => (...args) => async () => {
      const r = await list(...args)()
      const query = args[0] as { cursor?: string } | undefined
      if (E.isLeft(r) || query?.cursor === undefined) return r
      const page = r.right as Page<CustomerSummary>
      return E.right({ ...page, items: page.items.slice(1) })
    })
    const report = await run({ vault })
    expect(failedNames(report)).toContain(PAGING)
    expect(errorOf(report, PAGING)).toMatch(/never returned 2 of 7 customers/)
  })

  it('a vault that pages with a duplicate fails the paging scenario', async () => {
    let last: CustomerSummary | undefined
    const vault = breakOperation(memory(), 'customers.list', (list) => (...args) => async () => {
      const r = await list(...args)()
      if (E.isLeft(r)) return r
      const page = r.right as Page<CustomerSummary>
      if ((args[0] as { cursor?: string } | undefined)?.cursor === undefined) last = undefined
      const items = last === undefined ? page.items : [last, ...page.items.slice(0, -1)]
      last = page.items[page.items.length - 1]
      return E.right({ ...page, items })
    })
    const report = await run({ vault })
    expect(errorOf(report, PAGING)).toMatch(/more than once/)
  })

  it('a vault that leaks a PAN into an error message fails the leak scenario', async () => {
    const vault = breakOperation(memory(), 'paymentMethods.add', (add) => (...args) => async () => {
      const r = await add(...args)()
      const input = args[1] as PaymentMethodInput
      if (E.isRight(r) || input.kind !== 'card') return r
      return E.left({ ...r.left, message: `${r.left.message} (card ${input.number})` })
    })
    const report = await run({ vault })
    expect(failedNames(report)).toEqual([LEAKS])
    expect(errorOf(report, LEAKS)).toMatch(/…1111 \(16 chars\) in error of paymentMethods.add/)
    expect(errorOf(report, LEAKS)).not.toContain('4111111111111111')
  })

  it('a transcript that carries an API key fails the leak scenario', async () => {
    const key = 'api_2b7e151628aed2a6abf7'
    const event: TranscriptEvent = {
      gateway: 'memory',
      operation: 'customers.get',
      attempt: 1,
      request: { method: 'GET', url: '/customers/1', headers: { 'x-api-key': key } },
      durationMs: 1,
    }
    const report = await run({ vault: memory(), secrets: [key], transcript: () => [event] })
    expect(failedNames(report)).toEqual([LEAKS])
    expect(errorOf(report, LEAKS)).toMatch(/in transcript event 1/)
  })

  it('a vault that stores the full card number in what it returns fails the leak scenario', async () => {
    const vault = breakOperation(memory(), 'paymentMethods.add', (add) => (...args) => async () => {
      const r = await add(...args)()
      const input = args[1] as PaymentMethodInput
      if (E.isLeft(r) || input.kind !== 'card') return r
      const w = r.right as { value: PaymentMethod }
      return E.right({ ...w, value: { ...w.value, gatewayData: { pan: input.number } } })
    })
    const report = await run({ vault })
    expect(failedNames(report)).toContain(LEAKS)
  })

  it('a vault that overwrites the stored card past its limit fails the limit scenario', async () => {
    const base = createMemoryVault({ topology: topologies.paytraceLike, now: () => now })
    const vault = breakOperation(base, 'paymentMethods.add', (add) => (...args) => async () => {
      const r = await add(...args)()
      if (E.isRight(r) || r.left.kind !== 'Conflict') return r
      // "Replace" the existing card silently, as a careless slot adapter might.
      const [customerId, input] = args as [Customer['id'], PaymentMethodInput]
      const held = await base.paymentMethods.list(customerId)()
      const card = E.isRight(held) ? held.right.find((m) => m.kind === input.kind) : undefined
      if (card !== undefined) await base.paymentMethods.remove(customerId, card.id)()
      return add(...args)()
    })
    const report = await run({ vault })
    expect(failedNames(report)).toContain(METHOD_LIMITS)
    expect(errorOf(report, METHOD_LIMITS)).toMatch(/over the limit: expected an error, got success/)
  })

  it('a vault that declares an operation unsupported yet performs it fails the Unsupported scenario', async () => {
    const real = memory()
    const caps: Capabilities = {
      ...real.capabilities,
      operations: {
        ...real.capabilities.operations,
        customers: { ...real.capabilities.operations.customers, findByReference: false },
      },
    }
    const report = await run({ vault: { ...real, capabilities: caps } as Vault })
    expect(failedNames(report)).toEqual([UNSUPPORTED])
    expect(errorOf(report, UNSUPPORTED)).toMatch(
      /customers.findByReference \(declared unsupported\): expected an error/,
    )
  })

  it('a vault that answers Unsupported for an operation it declares fails the Unsupported scenario', async () => {
    const vault = breakOperation(
      memory(),
      'customers.list',
      () => () => async () =>
        E.left(vaultError('Unsupported', { gateway: 'memory', operation: 'customers.list' }, 'no')),
    )
    const report = await run({ vault })
    expect(failedNames(report)).toEqual(expect.arrayContaining([UNSUPPORTED, PAGING]))
  })

  it('a vault that loses the card holder name fails the card read-back scenario', async () => {
    const vault = breakOperation(
      memory(),
      'paymentMethods.list',
      (list) =>
        (...args) =>
        async () => {
          const r = await list(...args)()
          if (E.isLeft(r)) return r
          return E.right(
            (r.right as ReadonlyArray<PaymentMethod>).map(({ holderName: _h, ...m }) => m),
          )
        },
    )
    const report = await run({ vault })
    expect(errorOf(report, CARD)).toMatch(/holderName/)
  })

  it('a vault whose payment-method update answers success but changes nothing is caught', async () => {
    const base = createMemoryVault({ now: () => now })
    const vault = breakOperation(base, 'paymentMethods.update', () => (...args) => async () => {
      const [customerId, id] = args as [Customer['id'], PaymentMethod['id']]
      const held = await base.paymentMethods.list(customerId)()
      const m = E.isRight(held) ? held.right.find((x) => x.id === id) : undefined
      return m === undefined
        ? E.left(
            vaultError('NotFound', { gateway: 'memory', operation: 'paymentMethods.update' }, 'no'),
          )
        : E.right({ value: m, warnings: [] })
    })
    const report = await run({ vault })
    expect(
      errorOf(report, 'paymentMethods: update then list reflects the lossless fields'),
    ).toMatch(/lossless field\(s\) did not read back: expiry/)
  })

  it('a vault that forgets to delete fails the lifecycle and delete scenarios', async () => {
    const vault = breakOperation(
      memory(),
      'customers.delete',
      () => () => async () => E.right(undefined),
    )
    const report = await run({ vault })
    expect(failedNames(report)).toEqual(
      expect.arrayContaining([
        'lifecycle: one customer from create to delete',
        DELETE,
        UNKNOWN_IDS,
      ]),
    )
  })

  it('runContract rejects when the vault under test cannot be made', async () => {
    await expect(
      runContract(() => Promise.reject(new Error('simulator did not start'))),
    ).rejects.toThrow('simulator did not start')
  })

  it('reports errors with the gateway-facing format', () => {
    const e = vaultError('NotFound', { gateway: 'memory', operation: 'customers.get' }, 'gone')
    expect(formatVaultError(e)).toBe('NotFound (memory customers.get): gone')
  })
})
