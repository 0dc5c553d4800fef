/**
 * Runs one scenario end to end and counts the result: simulators and proxy up, source seeded,
 * the episodes played with real `vaultport migrate run` processes, the faults turned off, the
 * command run until it completes, and both vaults read back and counted (counts.ts).
 */
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { cardDataIndex, planMigration, readCardData } from '@vaultport/migrate'
import { journalLines, runChild, runInProcess, type ChildOutcome } from './cli'
import { tearTail } from './journalDamage'
import { tallyMigration, type Counts, type TableRow } from './counts'
import { cliEnv, pairShort, READING_HTTP, startPair, vaultAt } from './gateways'
import { cardDataCsv, populationSpec, seedPopulation } from './population'
import { hash32, rng } from './prng'
import { startFaultProxy, type ProxyStats } from './proxy'
import { describeScenario, type Damage, type Episode, type Scenario } from './scenario'
import { snapshot } from './snapshot'

/** No child lives longer than this (a run that hangs is killed and noted, not waited for). */
const CHILD_DEADLINE_MS = 120_000
const FINAL_PASSES = 3

export interface ScenarioResult {
  readonly row: TableRow
  readonly counts: Counts
  /** What the runs that did not exit 0 said last (for the failure message, not the table). */
  readonly details: ReadonlyArray<string>
  /** Which items each count is made of (counts.ts). */
  readonly evidence: ReadonlyArray<string>
  /** Where the journal and card data were (kept with VAULTPORT_FUZZ_KEEP=1). */
  readonly dir: string
}

/** The last lines a run printed, without its progress bar. */
const lastWords = (text: string, lines = 4): string =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/\[[#.]+\]/.test(l))
    .slice(-lines)
    .join(' / ')

const childCode = (o: ChildOutcome): string =>
  o.killed === 'planned'
    ? `k@${o.killedAtLine ?? '?'}`
    : o.killed === 'deadline'
      ? 'DEADLINE'
      : o.code === null
        ? `sig${o.signal ?? '?'}`
        : String(o.code)

export const runScenario = async (s: Scenario): Promise<ScenarioResult> => {
  const sims = await startPair(s.pair, s.seed)
  const proxy = await startFaultProxy(sims.targetEndpoint.url).catch(async (e: unknown) => {
    await sims.close()
    throw e
  })
  const dir = mkdtempSync(join(tmpdir(), `vp-eo-${s.seed}-`))
  try {
    const source = vaultAt(sims.sourceEndpoint, READING_HTTP)
    const target = vaultAt(sims.targetEndpoint, READING_HTTP)
    const now = new Date()
    const spec = populationSpec(rng(hash32(`population ${s.seed}`)), s.seed, {
      source: s.pair.from,
      customers: s.customers,
      twinGroups: s.twinGroups,
      thisYear: now.getUTCFullYear(),
    })
    const truth = await seedPopulation(source, spec, now)
    const csv = cardDataCsv(truth)
    const cardsPath = join(dir, 'cards.csv')
    writeFileSync(cardsPath, csv)

    // Precondition: the engine's own plan moves every seeded item (else the counts would blame
    // the engine for what the population asked of it).
    const schedulesMove = target.capabilities.operations.recurrences.create
    if (schedulesMove && !target.capabilities.operations.recurrences.listByCustomer)
      throw new Error('harness: the target keeps schedules but cannot list them: nothing to count')
    const records = readCardData(csv)
    if (E.isLeft(records)) throw new Error(`harness: card data: ${String(records.left)}`)
    const plan = await planMigration({ source, target, cardData: cardDataIndex(records.right) })
    const methods = truth.customers.reduce((n, c) => n + c.cards.length + (c.bankId ? 1 : 0), 0)
    const schedules = truth.customers.reduce((n, c) => n + c.schedules.length, 0)
    const expected = { customers: s.customers, methods, schedules: schedulesMove ? schedules : 0 }
    const planned = {
      customers: plan.totals.customers,
      methods: plan.totals.paymentMethods,
      schedules: plan.totals.recurrences,
    }
    if (JSON.stringify(planned) !== JSON.stringify(expected))
      throw new Error(
        `harness: the plan does not move the whole population: planned ${JSON.stringify(planned)}, seeded ${JSON.stringify(expected)}`,
      )
    const targetBefore = await snapshot(target)

    // ---- the interrupted runs, under faults
    const journal = join(dir, 'run.journal.jsonl')
    const mapping = join(dir, 'run.mapping.jsonl')
    const expectedLines = 2 * (s.customers + methods + 2 * expected.schedules)
    const args = (concurrency: number) => [
      'migrate',
      'run',
      '--from',
      'src',
      '--to',
      'dst',
      '--card-data',
      cardsPath,
      '--journal',
      journal,
      '--mapping',
      mapping,
      '--concurrency',
      String(concurrency),
    ]
    const faultyEnv = {
      ...cliEnv('src', sims.sourceEndpoint, sims.sourceEndpoint.url, s.timeoutMs),
      ...cliEnv('dst', sims.targetEndpoint, proxy.url, s.timeoutMs),
    }
    const faultSeed = hash32(`faults ${s.seed}`)
    sims.target.knobs.set({
      faults: {
        rate: s.faults.rate,
        kinds: [...s.faults.kinds],
        seed: faultSeed,
        hangMs: s.faults.hangMs,
      },
      rateLimit: s.rateLimit === null ? null : { requestsPerSecond: s.rateLimit },
    })
    proxy.setPlan(s.proxy)
    const damageRng = rng(hash32(`damage ${s.seed}`))
    const notes: string[] = []
    const details: string[] = []
    const said = (label: string, code: number | null, out: string, err: string) => {
      if (code !== 0 && code !== null)
        details.push(`${label} exit ${code}: ${lastWords(err) || lastWords(out)}`)
    }
    const child = async (label: string, o: Parameters<typeof runChild>[0]) => {
      const r = await runChild(o)
      said(label, r.code, r.stdout, r.stderr)
      return r
    }

    const killLine = (share: number) =>
      journalLines(journal) + Math.max(1, Math.round(share * expectedLines))
    const play = async (e: Episode): Promise<string> => {
      if (e.kind === 'kill')
        return childCode(
          await child('kill run', {
            args: args(e.concurrency),
            env: faultyEnv,
            killAtLine: { journal, line: killLine(e.atShare), delayMs: e.delayMs },
            deadlineMs: CHILD_DEADLINE_MS,
          }),
        )
      if (e.kind === 'run')
        return childCode(
          await runChild({
            args: args(e.concurrency),
            env: faultyEnv,
            deadlineMs: CHILD_DEADLINE_MS,
          }),
        )
      const one = (which: 0 | 1) =>
        child(`two-process run ${which + 1}`, {
          args: args(e.concurrency[which]),
          env: faultyEnv,
          ...(e.kill?.which === which
            ? { killAtLine: { journal, line: killLine(e.kill.atShare), delayMs: 0 } }
            : {}),
          deadlineMs: CHILD_DEADLINE_MS,
        })
      const first = one(0)
      await new Promise((r) => setTimeout(r, e.offsetMs))
      const both = await Promise.all([first, one(1)])
      return both.map(childCode).join('|')
    }
    const hurt = (d: Damage): string => {
      if (d === 'tornTail') return tearTail(journal, damageRng.next()) ? '+T' : '+T(nothing)'
      if (d === 'deleteJournal') {
        for (const p of [journal, mapping]) if (existsSync(p)) unlinkSync(p)
        return '+D'
      }
      return ''
    }
    for (const e of s.episodes) notes.push(`${await play(e)}${hurt(e.after)}`)

    // ---- faults off: the operator reruns the command until it completes
    const faultStats: ProxyStats = proxy.stats()
    proxy.setPlan(null)
    sims.source.knobs.reset()
    sims.target.knobs.reset()
    const cleanEnv = {
      ...cliEnv('src', sims.sourceEndpoint, sims.sourceEndpoint.url, 5_000),
      ...cliEnv('dst', sims.targetEndpoint, sims.targetEndpoint.url, 5_000),
    }
    const finals: number[] = []
    let lastFinal = ''
    for (let pass = 0; pass < FINAL_PASSES; pass++) {
      const r = await runInProcess(args(s.finalConcurrency), cleanEnv)
      said(`final run ${pass + 1}`, r.code, r.out, r.err)
      finals.push(r.code)
      lastFinal = `${r.out}\n${r.err}`
      if (r.code === 0) break
    }
    // Informational: customers the last run stopped as ambiguous (it says so per customer).
    const ambiguous = new Set(
      [...lastFinal.matchAll(/^\s*(\S+): ambiguous_match/gm)].map((m) => m[1] as string),
    ).size
    const verify = await runInProcess(
      ['migrate', 'verify', '--from', 'src', '--to', 'dst', '--journal', journal],
      cleanEnv,
    )
    said('verify', verify.code, verify.out, verify.err)

    // ---- count, from the vaults themselves
    const { counts, evidence } = tallyMigration({
      truth,
      sourceAfter: await snapshot(source),
      targetAfter: await snapshot(target),
      targetBefore,
      schedulesMove,
    })
    const row: TableRow = {
      seed: s.seed,
      pair: pairShort(s.pair),
      features: describeScenario(s),
      counts,
      notes: [
        `runs ${notes.join(' ')}`,
        `final ${finals.join(',')}`,
        `verify ${verify.code}`,
        ...(ambiguous > 0 ? [`ambiguous ${ambiguous}`] : []),
        `proxy L${faultStats.lostAnswers} B${faultStats.readBackFails} X${faultStats.failedLookups}`,
      ].join('; '),
    }
    return { row, counts, details, evidence, dir }
  } finally {
    await proxy.close()
    await sims.close()
    if (process.env['VAULTPORT_FUZZ_KEEP'] !== '1') rmSync(dir, { recursive: true, force: true })
  }
}
