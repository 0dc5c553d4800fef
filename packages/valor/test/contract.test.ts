// The shared contract suite against the Valor simulator over loopback HTTP (127.0.0.1), in both
// modes: HTTP status = the body's `code`, and HTTP 200 for every answer (`valorAlways200`). The
// vault has the merchant's EPI, so the recurrence scenarios run over the simulator's
// subscription API (the same server: `baseUrl` serves both).
import type { RecurrenceInput, TranscriptEvent } from '@vaultport/core'
import { epiOf, startSandbox } from '@vaultport/sandbox'
import { describeVaultContract } from '@vaultport/testkit'
import { createValorVault, valorCapabilities } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')

for (const always200 of [false, true]) {
  describeVaultContract(
    `valor (simulator, ${always200 ? 'always HTTP 200' : 'HTTP status = code'})`,
    async () => {
      const sim = await startSandbox({
        gateway: 'valor',
        valorAlways200: always200,
        clock: () => now,
      })
      const { appId, appKey } = sim.credentials
      const epi = epiOf(sim.credentials)
      const events: TranscriptEvent[] = []
      const vault = createValorVault({
        baseUrl: sim.url,
        appId,
        appKey,
        epi,
        now: () => now,
        http: { onTranscript: (e) => events.push(e), retry: { baseDelayMs: 5, maxDelayMs: 20 } },
      })
      return {
        vault,
        transcript: () => events,
        secrets: [appId, appKey, epi],
        cleanup: sim.close,
      }
    },
    {
      now,
      capabilities: valorCapabilities,
      tokenFor: (kind) =>
        kind === 'gateway_token'
          ? { kind, token: '7B4DAFBEC4BA9CB8ACDD2446919CEB58A9CBE7AC' }
          : kind === 'prior_transaction'
            ? { kind, transactionId: '10176309', rail: 'card' }
            : undefined,
    },
  )
}

describe('valor simulator refusing duplicate customer names (knob valor.duplicateNames)', () => {
  it('a second customer of the same name is Conflict; a name the strict rule changes collides too', async () => {
    const sim = await startSandbox({
      gateway: 'valor',
      clock: () => now,
      knobs: { valor: { duplicateNames: true } },
    })
    try {
      const { appId, appKey } = sim.credentials
      const vault = createValorVault({ baseUrl: sim.url, appId, appKey, now: () => now })
      const first = await vault.customers.create({ name: 'Ada OLee' })()
      expect(first._tag).toBe('Right')
      const again = await vault.customers.create({ name: 'Ada OLee' })()
      expect(again).toMatchObject({
        _tag: 'Left',
        left: {
          kind: 'Conflict',
          retry: 'never',
          gatewayMessages: ['Customer name already exist'],
        },
      })
      const typed = await vault.customers.create({ name: "Ada O'Lee" })()
      expect(typed).toMatchObject({ _tag: 'Left', left: { kind: 'Conflict' } })
    } finally {
      await sim.close()
    }
  })
})

describe('valor simulator: subscriptions beyond the contract suite', () => {
  const start = async (knobs: Parameters<typeof startSandbox>[0]['knobs'] = {}) => {
    const sim = await startSandbox({ gateway: 'valor', clock: () => now, knobs })
    const { appId, appKey } = sim.credentials
    const vault = createValorVault({
      baseUrl: sim.url,
      appId,
      appKey,
      epi: epiOf(sim.credentials),
      now: () => sim.billing.now(),
    })
    const c = await vault.customers.create({
      name: 'Ada Lee',
      paymentMethod: {
        kind: 'card',
        number: '4111111111111111',
        expiry: { month: 12, year: 2029 },
      },
    })()
    if (c._tag === 'Left') throw new Error(c.left.message)
    const card = c.right.value.paymentMethods[0]?.id
    if (card === undefined) throw new Error('no card')
    const input: RecurrenceInput = {
      customerId: c.right.value.id,
      paymentMethodId: card,
      amount: { amount: 2495, currency: 'USD' },
      schedule: { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 14 },
      startDate: '2026-02-14',
      totalCount: 'open_ended',
    }
    return { sim, vault, input }
  }

  it.each([
    ['notCreated', undefined],
    ['created', 'found'],
  ] as const)(
    'an empty 200 to a valid add (knob emptyAddAnswer %s) is OutcomeUnknown; findRecurrence then tells',
    async (emptyAddAnswer, found) => {
      const { sim, vault, input } = await start({ valorRecurring: { emptyAddAnswer } })
      try {
        const made = await vault.recurrences.create(input)()
        expect(made).toMatchObject({ _tag: 'Left', left: { kind: 'OutcomeUnknown' } })
        const look = await vault.valor.findRecurrence(input)()
        if (look._tag === 'Left') throw new Error(look.left.message)
        expect(look.right === undefined ? undefined : 'found').toBe(found)
        const listed = await vault.recurrences.listByCustomer(input.customerId)()
        expect(listed._tag === 'Right' && listed.right.items.length).toBe(found ? 1 : 0)
      } finally {
        await sim.close()
      }
    },
  )

  it('the billing clock charges what the adapter wrote; counts, next dates and a pause read back', async () => {
    const { sim, vault, input } = await start()
    try {
      const made = await vault.recurrences.create(input)()
      if (made._tag === 'Left') throw new Error(made.left.message)
      const id = made.right.value.id
      expect(sim.billing.charges()).toEqual([])
      sim.billing.advanceTo('2026-04-20')
      expect(sim.billing.charges({ scheduleId: id }).map((x) => [x.date, x.amountCents])).toEqual([
        ['2026-02-14', 2495],
        ['2026-03-14', 2495],
        ['2026-04-14', 2495],
      ])
      const read = await vault.recurrences.get(id)()
      expect(read).toMatchObject({
        _tag: 'Right',
        right: { status: 'active', completedCount: 3, nextDate: '2026-05-14' },
      })
      const paused = await vault.recurrences.update(id, { status: 'paused' })()
      expect(paused).toMatchObject({ _tag: 'Right', right: { value: { status: 'paused' } } })
      sim.billing.advanceTo('2026-06-20')
      expect(sim.billing.charges({ scheduleId: id })).toHaveLength(3)
      const resumed = await vault.recurrences.update(id, {
        status: 'active',
        nextDate: '2026-07-14',
      })()
      expect(resumed).toMatchObject({ _tag: 'Right', right: { value: { nextDate: '2026-07-14' } } })
      sim.billing.advanceTo('2026-07-20')
      expect(sim.billing.charges({ scheduleId: id }).map((x) => x.date)).toEqual([
        '2026-02-14',
        '2026-03-14',
        '2026-04-14',
        '2026-07-14',
      ])
    } finally {
      await sim.close()
    }
  })
})
