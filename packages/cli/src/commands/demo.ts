// `vaultport demo`: the main job on a fresh clone. It starts the three simulators in-process,
// seeds the PayTrace one, plays the source processor's card-data export, then plans, migrates and
// verifies PayTrace → FluidPay and PayTrace → Valor, printing the plan, progress and report.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/Either'
import type { Vault } from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import {
  formatMigrationReport,
  formatPlanTotals,
  formatVerifyReport,
  planMigration,
  verifyMigration,
  fileJournal,
  type MigrationReport,
  type VerifyReport,
} from '@vaultport/migrate'
import { createPayTraceVault } from '@vaultport/paytrace'
import { createValorVault } from '@vaultport/valor'
import { ExitCode, type CliIo } from '../io'
import { renderTable } from '../table'
import { executeMigration, loadCardData, migrationExitCode, verifyExitCode } from './migrate'
import { startSandboxes } from './sandbox'
import { exportCardData } from '../processorExport'

export interface DemoOptions {
  readonly customers?: number
  readonly seed?: number
  readonly out?: string
  readonly concurrency?: number
}

interface Leg {
  readonly name: string
  readonly target: Vault
  report?: MigrationReport
  verify?: VerifyReport
  seconds?: number
}

export const demoCommand = async (io: CliIo, o: DemoOptions): Promise<ExitCode> => {
  const customers = o.customers ?? 300
  const out =
    o.out === undefined
      ? join(io.cwd, '.vaultport', 'demo')
      : isAbsolute(o.out)
        ? o.out
        : join(io.cwd, o.out)
  rmSync(out, { recursive: true, force: true }) // a demo always starts from empty simulators
  mkdirSync(out, { recursive: true })

  io.out(
    `vaultport demo: ${customers} PayTrace customers → FluidPay and Valor, on local simulators\n\n`,
  )
  const sandboxes = await startSandboxes({ seed: o.seed ?? 7 })
  try {
    sandboxes.paytrace.seedCustomers(customers, {
      withCards: true,
      withChecks: true,
      withRecurrences: true,
    })
    const http = { retry: { baseDelayMs: 20, maxDelayMs: 500 } }
    const source = createPayTraceVault({
      baseUrl: sandboxes.paytrace.url,
      clientId: sandboxes.paytrace.credentials.clientId,
      clientSecret: sandboxes.paytrace.credentials.clientSecret,
      // The simulator's stand-in for PayTrace's RSA client-side encryption (docs/sandbox.md).
      cardNumberMode: 'encrypted',
      encrypt: (plain) => Buffer.from(plain).toString('base64'),
      http,
    })
    const legs: Leg[] = [
      {
        name: 'FluidPay',
        target: createFluidPayVault({
          baseUrl: sandboxes.fluidpay.url,
          apiKey: sandboxes.fluidpay.credentials.apiKey,
          http,
        }),
      },
      {
        name: 'Valor',
        target: createValorVault({
          baseUrl: sandboxes.valor.url,
          appId: sandboxes.valor.credentials.appId,
          appKey: sandboxes.valor.credentials.appKey,
          http,
        }),
      },
    ]
    io.out(
      `simulators: PayTrace ${sandboxes.paytrace.url}  FluidPay ${sandboxes.fluidpay.url}  Valor ${sandboxes.valor.url}\n`,
    )

    const exported = await exportCardData(source)
    if (E.isLeft(exported)) {
      io.err(`vaultport demo: reading the PayTrace simulator failed: ${exported.left}\n`)
      return ExitCode.gateway
    }
    const cardFile = join(out, 'paytrace-card-export.csv')
    writeFileSync(cardFile, exported.right.csv)
    io.out(
      `source processor's card-data export (public test numbers only): ${cardFile}, ${exported.right.records} records\n`,
    )
    const cardData = loadCardData(io, cardFile)

    let exit: ExitCode = ExitCode.ok
    for (const leg of legs) {
      const slug = `paytrace-to-${leg.name.toLowerCase()}`
      io.out(`\n== plan PayTrace → ${leg.name}\n`)
      const plan = await planMigration({ source, target: leg.target, cardData })
      io.out(`${formatPlanTotals(plan.totals)}\n`)
      io.out(`\n== run PayTrace → ${leg.name}\n`)
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
      io.out(`${formatMigrationReport(leg.report)}\n`)
      io.out(`\n== verify PayTrace → ${leg.name}\n`)
      const journal = fileJournal(journalPath)
      leg.verify = await verifyMigration({ source, target: leg.target, journal })
      await journal.close?.()
      io.out(`${formatVerifyReport(leg.verify)}\n`)
      exit = Math.max(exit, migrationExitCode(leg.report), verifyExitCode(leg.verify)) as ExitCode
    }

    io.out('\n== report\n')
    io.out(
      `${renderTable(
        [
          'target',
          'customers',
          'payment methods',
          'to re-collect',
          'schedules left at source',
          'failed',
          'verify',
          'seconds',
          'customers/s',
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
            String(
              (r?.totals.issues.no_recurrences ?? 0) +
                (r?.totals.issues.next_charge_too_close ?? 0),
            ),
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
      )}\n`,
    )
    io.out(`\njournals, id mappings and the card-data export are in ${out}\n`)
    return exit
  } finally {
    await sandboxes.close()
  }
}
