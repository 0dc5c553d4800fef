// `vaultport demo`: the main job on a fresh clone. It starts the three simulators in-process,
// seeds the PayTrace one (and a second PayTrace simulator with the very same merchant: a schedule
// that moves leaves its source, so each target gets its own copy to move from), plays the source
// processor's card-data export, then plans, migrates and verifies PayTrace → FluidPay and
// PayTrace → Valor, schedules included, printing the plan, progress and report.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/Either'
import type { Vault } from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import {
  formatMigrationReport,
  formatPlanTotals,
  formatScheduleSummary,
  formatVerifyReport,
  keepsSchedules,
  planMigration,
  verifyMigration,
  fileJournal,
  type MigrationReport,
  type PlanTotals,
  type VerifyReport,
} from '@vaultport/migrate'
import { createPayTraceVault } from '@vaultport/paytrace'
import { startSandbox, type RunningSandbox } from '@vaultport/sandbox'
import { createValorVault } from '@vaultport/valor'
import { CliError, ExitCode, output, type CliIo, type Output, type OutputOptions } from '../io'
import { executeMigration, loadCardData, migrationExitCode, verifyExitCode } from './migrate'
import { startSandboxes } from './sandbox'
import { exportCardData } from '../processorExport'

export interface DemoOptions extends OutputOptions {
  readonly customers?: number
  readonly seed?: number
  readonly out?: string
  readonly concurrency?: number
}

interface Leg {
  readonly name: string
  /** The PayTrace merchant this leg moves: each leg its own copy of the same seeded one. */
  readonly source: Vault
  readonly target: Vault
  plan?: PlanTotals
  report?: MigrationReport
  verify?: VerifyReport
  seconds?: number
}

export const demoCommand = async (io: CliIo, o: DemoOptions): Promise<ExitCode> => {
  const say = output(io, o)
  const customers = o.customers ?? 300
  const out =
    o.out === undefined
      ? join(io.cwd, '.vaultport', 'demo')
      : isAbsolute(o.out)
        ? o.out
        : join(io.cwd, o.out)
  rmSync(out, { recursive: true, force: true }) // a demo always starts from empty simulators
  mkdirSync(out, { recursive: true })

  say.text(
    say.wrap(
      `vaultport demo: ${customers} PayTrace customers → FluidPay and Valor, on local simulators\n\n`,
    ),
  )
  const seed = o.seed ?? 7
  const sandboxes = await startSandboxes({ seed })
  // The same merchant again, for the Valor leg: the FluidPay leg takes the first one's schedules.
  const secondPayTrace = await startSandbox({ gateway: 'paytrace', seed })
  try {
    const seeding = { withCards: true, withChecks: true, withRecurrences: true }
    sandboxes.paytrace.seedCustomers(customers, seeding)
    secondPayTrace.seedCustomers(customers, seeding)
    const http = { retry: { baseDelayMs: 20, maxDelayMs: 500 } }
    const payTrace = (sim: RunningSandbox<'paytrace'>) =>
      createPayTraceVault({
        baseUrl: sim.url,
        clientId: sim.credentials.clientId,
        clientSecret: sim.credentials.clientSecret,
        // The simulator's stand-in for PayTrace's RSA client-side encryption (docs/sandbox.md).
        cardNumberMode: 'encrypted',
        encrypt: (plain) => Buffer.from(plain).toString('base64'),
        http,
      })
    const source = payTrace(sandboxes.paytrace)
    const { appId, appKey, epi } = sandboxes.valor.credentials
    const legs: Leg[] = [
      {
        name: 'FluidPay',
        source,
        target: createFluidPayVault({
          baseUrl: sandboxes.fluidpay.url,
          apiKey: sandboxes.fluidpay.credentials.apiKey,
          http,
        }),
      },
      {
        name: 'Valor',
        source: payTrace(secondPayTrace),
        // With the merchant's EPI the vault has Valor's subscriptions as its schedules.
        target: createValorVault({
          baseUrl: sandboxes.valor.url,
          appId,
          appKey,
          ...(epi === undefined ? {} : { epi }),
          http,
        }),
      },
    ]
    say.text(
      [
        'simulators:',
        `  PayTrace  ${sandboxes.paytrace.url}`,
        `            ${secondPayTrace.url}  (the same merchant again, for the Valor leg)`,
        `  FluidPay  ${sandboxes.fluidpay.url}`,
        `  Valor     ${sandboxes.valor.url}`,
        '',
      ].join('\n'),
    )

    const exported = await exportCardData(source)
    if (E.isLeft(exported))
      throw new CliError(
        `demo: reading the PayTrace simulator failed: ${exported.left}`,
        ExitCode.gateway,
      )
    const cardFile = join(out, 'paytrace-card-export.csv')
    writeFileSync(cardFile, exported.right.csv)
    say.text(
      `source processor's card-data export (public test numbers only), ${exported.right.records} records:\n  ${cardFile}\n`,
    )
    const cardData = loadCardData(io, cardFile)
    // The second merchant was seeded alike; its export must be the same file.
    const again = await exportCardData(legs[1]?.source ?? source)
    if (E.isLeft(again) || again.right.csv !== exported.right.csv)
      throw new CliError(
        'demo: the two PayTrace simulators were not seeded alike',
        ExitCode.gateway,
      )

    let exit: ExitCode = ExitCode.ok
    for (const leg of legs) {
      const slug = `paytrace-to-${leg.name.toLowerCase()}`
      const source = leg.source
      say.text(`\n== plan PayTrace → ${leg.name}\n`)
      // A target whose adapter has no recurring billing yet: its schedules stay, reported so.
      if (!keepsSchedules(leg.target.capabilities))
        say.text(`${leg.name}: stayed: target has no recurring billing\n`)
      const plan = await planMigration({ source, target: leg.target, cardData })
      leg.plan = plan.totals
      say.text(`${say.wrap(formatPlanTotals(plan.totals))}\n`)
      say.text(`\n== run PayTrace → ${leg.name}\n`)
      const started = io.now()
      const journalPath = join(out, `${slug}.journal.jsonl`)
      leg.report = await executeMigration(io, {
        source,
        target: leg.target,
        journalPath,
        mappingPath: join(out, `${slug}.mapping.jsonl`),
        cardData,
        label: `PayTrace → ${leg.name}`,
        options: { concurrency: o.concurrency ?? 8 },
      })
      leg.seconds = (io.now() - started) / 1000
      say.text(`${say.wrap(formatMigrationReport(leg.report))}\n`)
      say.text(`\n== verify PayTrace → ${leg.name}\n`)
      const journal = fileJournal(journalPath)
      leg.verify = await verifyMigration({ source, target: leg.target, journal })
      await journal.close?.()
      say.text(`${say.wrap(formatVerifyReport(leg.verify))}\n`)
      exit = Math.max(exit, migrationExitCode(leg.report), verifyExitCode(leg.verify)) as ExitCode
    }

    say.result({ customers, out, legs: legs.map(legDocument) }, () => reportText(say, legs, out))
    return exit
  } finally {
    await Promise.all([sandboxes.close(), secondPayTrace.close()])
  }
}

const legDocument = (l: Leg) => ({
  target: l.name,
  plan: l.plan,
  report: l.report,
  verify: l.verify,
  seconds: l.seconds,
})

const reportText = (say: Output, legs: ReadonlyArray<Leg>, out: string): string => {
  const table = say.table(
    [
      'target',
      'customers',
      'payment methods',
      're-collect',
      'schedules moved',
      'stayed',
      'failed',
      'verify',
      'seconds',
      'per second',
    ],
    legs.map((l) => {
      const r = l.report
      const seconds = l.seconds ?? 0
      const n = r?.mapped
      const moved = n?.customers ?? 0
      return [
        l.name,
        String(moved),
        String(n?.paymentMethods ?? 0),
        String(r?.totals.issues.needs_recollection ?? 0),
        String(r?.schedules.moved ?? 0),
        String(Object.values(r?.schedules.stayed ?? {}).reduce((a, b) => a + b, 0)),
        String(r === undefined ? '-' : r.counts.failed + r.counts.partial),
        l.verify === undefined
          ? '-'
          : l.verify.differenceCount === 0
            ? 'clean'
            : `${l.verify.differenceCount} differences`,
        seconds.toFixed(1),
        seconds > 0 ? (moved / seconds).toFixed(0) : '-',
      ]
    }),
  )
  // Why the schedules that stayed at PayTrace stayed, per target.
  const schedules = legs.flatMap((l) => {
    const lines = l.report === undefined ? [] : formatScheduleSummary(l.report.schedules)
    return lines.length === 0 ? [] : [say.wrap(`PayTrace → ${l.name} ${lines.join('\n')}`)]
  })
  return `\n== report\n${table}\n${schedules.length === 0 ? '' : `\n${schedules.join('\n')}\n`}\n${say.wrap(`journals, id mappings and the card-data export are in ${out}`)}\n`
}
