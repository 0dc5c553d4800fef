// Testkit's self-test of its data builders, assertions, scenario selection and withFaults. It
// lives in memory's tests because it needs the memory vault, and testkit must not depend on
// memory (that made a workspace cycle).
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import {
  abaRoutingValid,
  canSchedule,
  customerId,
  luhnValid,
  validateReference,
  vaultError,
} from '@vaultport/core'
import {
  aBankAccountInput,
  aCardInput,
  aCustomerInput,
  aRecurrenceInput,
  anAddressInput,
  contractScenarios,
  allScenarios,
  expectLeftKind,
  expectRight,
  luhnInvalidCardNumber,
  nthTestBankAccount,
  scanForSecrets,
  testBankAccounts,
  testCards,
  unknownLike,
  withFaults,
} from '@vaultport/testkit'
import { capabilitiesFor, createMemoryVault, topologies } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')

describe('test data', () => {
  it('uses the public test card numbers, all Luhn-valid, with their brands', () => {
    for (const c of Object.values(testCards)) expect(luhnValid(c.number)).toBe(true)
    expect(luhnValid(luhnInvalidCardNumber)).toBe(false)
    expect(Object.values(testCards).map((c) => c.number)).toEqual([
      '4111111111111111',
      '5555555555554444',
      '378282246310005',
      '6011111111111117',
    ])
  })

  it('uses valid public test routing numbers and distinct account numbers', () => {
    for (const a of Object.values(testBankAccounts))
      expect(abaRoutingValid(a.routingNumber)).toBe(true)
    const numbers = Array.from({ length: 12 }, (_, i) => nthTestBankAccount(i).accountNumber)
    expect(new Set(numbers).size).toBe(12)
  })

  it.each(Object.entries(topologies))('builds inputs the %s capabilities accept', (_name, t) => {
    const caps = capabilitiesFor(t)
    const c = aCustomerInput(caps)
    expect(validateReference(caps, c.reference)).toEqual([])
    expect(c.reference === undefined).toBe(caps.customerReference === 'none')
    expect((c.name ?? '').length).toBeLessThanOrEqual(25)
    expect(anAddressInput('shipping')).toMatchObject({ role: 'shipping', postalCode: '62704' })
    const r = aRecurrenceInput(caps, customerId('c1'), now)
    if (caps.operations.recurrences.create) {
      expect(r !== undefined && canSchedule(caps, r.schedule)).toBe(true)
      expect(r?.startDate).toBe('2026-02-14')
    }
  })

  it('builds cards that expire after the given clock and bank accounts with all fields', () => {
    expect(aCardInput(now).expiry).toEqual({ month: 12, year: 2029 })
    expect(aBankAccountInput()).toMatchObject({ accountType: 'checking', secCode: 'PPD' })
  })

  it('derives unknown ids of the same shape', () => {
    expect(unknownLike('123')).toBe('987654321')
    expect(unknownLike('cus_12')).toBe('zzz_99')
    expect(unknownLike('cjabcd1234')).toBe('zzzzzz9999')
  })
})

describe('assertions and scans', () => {
  it('expectLeftKind passes the right kind and fails the wrong one or a success', async () => {
    const nf = vaultError('NotFound', { gateway: 'g', operation: 'customers.get' }, 'gone')
    await expect(expectLeftKind(TE.left(nf), 'NotFound')).resolves.toBe(nf)
    await expect(expectLeftKind(TE.left(nf), ['Conflict', 'Validation'], 'op')).rejects.toThrow(
      'op: expected Conflict or Validation, got NotFound',
    )
    await expect(expectLeftKind(TE.right(1), 'NotFound', 'op')).rejects.toThrow('expected an error')
    await expect(expectRight(TE.left(nf), 'op')).rejects.toThrow('expected success, got NotFound')
  })

  it('scanForSecrets finds every occurrence and masks what it reports', () => {
    const hits = scanForSecrets(
      [
        { where: 'a', value: { message: 'card 4111111111111111' } },
        { where: 'b', value: 'clean' },
      ],
      ['4111111111111111', 'abc'],
    )
    expect(hits).toEqual([{ where: 'a', secret: '…1111 (16 chars)' }])
  })

  it('selects scenarios from capabilities only', () => {
    expect(contractScenarios()).toBe(allScenarios)
    const noSchedules = { ...topologies.fluidpayLike, name: 'no-schedules', recurrences: false }
    const fluid = contractScenarios(capabilitiesFor(noSchedules)).map((s) => s.name)
    expect(fluid.some((n) => n.startsWith('recurrences'))).toBe(false)
    const full = contractScenarios(capabilitiesFor(topologies.full)).map((s) => s.name)
    expect(full).toHaveLength(allScenarios.length)
  })
})

describe('withFaults', () => {
  it('plays scripted faults against any vault, writing only on timeoutAfterWrite', async () => {
    const base = createMemoryVault({ now: () => now })
    const vault = withFaults(base, {
      script: [
        { operation: 'customers.create', outcome: 'timeoutBeforeWrite' },
        { operation: 'customers.create', outcome: 'timeoutAfterWrite' },
        { operation: 'customers.create', outcome: 'rateLimited', retryAfterMs: 500 },
        { operation: 'customers.list', outcome: 'timeoutAfterWrite' },
      ],
    })
    const kinds: string[] = []
    for (let i = 0; i < 4; i++) {
      const r = await vault.customers.create({ name: 'x' })()
      kinds.push(E.isLeft(r) ? r.left.kind : 'ok')
    }
    expect(kinds).toEqual(['OutcomeUnknown', 'OutcomeUnknown', 'RateLimited', 'ok'])
    expect(base.inspect().customers).toBe(2)
    await expectLeftKind(vault.customers.list(), 'Unavailable')
    expect(vault.injected().map((f) => f.outcome)).toEqual([
      'timeoutBeforeWrite',
      'timeoutAfterWrite',
      'rateLimited',
      'timeoutAfterWrite',
    ])
    expect(vault.capabilities).toBe(base.capabilities)
  })

  it('injects random faults deterministically under a seed, on the chosen operations only', async () => {
    const outcomes = async (seed: number) => {
      const vault = withFaults(createMemoryVault(), {
        random: { rate: 0.5, outcomes: ['unavailable'], operations: ['customers.create'], seed },
      })
      const out: string[] = []
      for (let i = 0; i < 30; i++) {
        const r = await vault.customers.create({})()
        out.push(E.isLeft(r) ? r.left.kind : 'ok')
      }
      expect(E.isRight(await vault.customers.list()())).toBe(true)
      return out.join(',')
    }
    const a = await outcomes(42)
    expect(await outcomes(42)).toBe(a)
    expect(a).toContain('Unavailable')
    expect(a).toContain('ok')
    expect(await outcomes(43)).not.toBe(a)
  })

  it('delays calls with latency faults', async () => {
    const vault = withFaults(createMemoryVault(), {
      script: [{ operation: 'customers.list', outcome: 'latency', latencyMs: 30 }],
    })
    // Ordering, not a stopwatch: the answer comes after a 10 ms timer set at the same time.
    const listed = vault.customers.list()()
    const first = await Promise.race([
      listed.then(() => 'answer'),
      new Promise((resolve) => setTimeout(() => resolve('timer'), 10)),
    ])
    expect(first).toBe('timer')
    expect(E.isRight(await listed)).toBe(true)
  })
})
