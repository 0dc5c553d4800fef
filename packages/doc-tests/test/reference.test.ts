// The API reference a user reads (`pnpm docs:api`): no internals, every export of our packages in
// a section, an example on each package's main entry points, and every example compiles.
import { exampleSamples, readReference, referencePackages, type ReferenceEntry } from './reference'
import { typecheckSamples } from './samples'

/** Names that are an adapter's or a package's inner workings, never the reference's. */
const INTERNALS: Readonly<Record<string, ReadonlyArray<string>>> = {
  core: [
    'publishError',
    'publishWarning',
    'publishTranscript',
    'transcriptObserved',
    'rawBodyEvidence',
    'buildUrl',
    'plainData',
    'MAX_ARGUMENT_DEPTH',
    'classifyFailure',
    'hookHeaders',
    'mergeHeaders',
    'nextExchangeId',
  ],
  paytrace: [
    'wire',
    'errorTable',
    'statusFallback',
    'classify',
    'errorFromResponse',
    'canonicalPath',
    'resolveRoutes',
    'tokenGrantOf',
    'frequencyTable',
    'amountToWire',
    'wireDateToIso',
  ],
  fluidpay: [
    'fluidpayWire',
    'fillPath',
    'routePath',
    'resolveRoutes',
    'errorTable',
    'fieldTable',
    'fluidpayError',
    'matchErrorRow',
    'gatewayCodeOf',
    'correlationIdOf',
    'configProblem',
    'baseUrlOf',
    'LIST_FILTER_FIELDS',
  ],
  valor: [
    'valorWire',
    'errorRows',
    'statusRows',
    'subscriptionErrorRows',
    'resolveRoutes',
    'resolveSubscriptionRoutes',
  ],
  config: ['editDistance', 'nearest'],
  testkit: ['setActiveLeakScan', 'activeLeakScan', 'maskSecret', 'mapOperations'],
  sandbox: ['mergeCharges'],
  migrate: ['parseCsv', 'replay', 'acquireLock', 'parseJournalLine', 'planCustomer', 'nameKey'],
  postgres: [
    'advisoryKey',
    'advisoryHalves',
    'describePgError',
    'journalLockKey',
    'decodeMerchant',
    'decodeManifest',
    'parseReference',
    'formatReference',
    'resolveReference',
    'resolveEntry',
    'claimUnit',
    'heartbeat',
    'releaseUnit',
    'unfinishedUnits',
    'releaseFor',
  ],
  cli: ['num', 'str', 'required', 'renderTable', 'wrapText', 'gatewayModules', 'findModule'],
}

/** Each package's main entry points: what a reader looks for first, each with an example. */
const ENTRY_POINTS: Readonly<Record<string, ReadonlyArray<string>>> = {
  core: ['defineVault', 'createHttpClient', 'withCallOptions', 'Customer', 'CustomerInput'],
  config: ['loadConfig', 'openGateway'],
  paytrace: ['createPayTraceVault'],
  fluidpay: ['createFluidPayVault'],
  valor: ['createValorVault'],
  memory: ['createMemoryVault'],
  testkit: ['describeVaultContract'],
  sandbox: ['startSandbox'],
  migrate: ['planMigration', 'runMigration', 'verifyMigration'],
  postgres: ['postgresJournal', 'migrateSchema', 'runWorker'],
  cli: ['main'],
}

/** The packages whose every public export must sit in a `@category` section. */
const SECTIONED = Object.keys(ENTRY_POINTS)

const reference = readReference()
const visible = (dir: string): ReadonlyArray<ReferenceEntry> =>
  (reference.get(dir) ?? []).filter((e) => !e.internal)
const where = (e: ReferenceEntry) => `${e.name} (${e.file}:${e.line})`

describe('the API reference', () => {
  it('is built from every package with an entry point, ours among them', () => {
    expect(referencePackages()).toEqual(expect.arrayContaining(SECTIONED))
    for (const dir of SECTIONED) expect(visible(dir).length).toBeGreaterThan(0)
  })

  it.each(Object.entries(INTERNALS))('%s shows none of its internals', (dir, names) => {
    const shown = new Set(visible(dir).map((e) => e.name))
    expect(names.filter((n) => shown.has(n))).toEqual([])
  })

  it('lists no module as a namespace (an adapter’s wire codecs, say)', () => {
    const namespaces = [...reference].flatMap(([dir, entries]) =>
      entries.filter((e) => e.namespace && !e.internal).map((e) => `${dir}: ${e.name}`),
    )
    expect(namespaces).toEqual([])
  })

  // A re-export keeps the section its own package gave it.
  it.each(SECTIONED)('every public export %s declares is in a category', (dir) => {
    const own = visible(dir).filter((e) => e.file.startsWith(`packages/${dir}/`))
    const loose = own.filter((e) => e.categories.length === 0)
    expect(loose.map(where)).toEqual([])
  })

  it.each(Object.entries(ENTRY_POINTS))(
    '%s: each main entry point has an example',
    (dir, names) => {
      const byName = new Map(visible(dir).map((e) => [e.name, e]))
      const missing = names.filter((n) => (byName.get(n)?.examples.length ?? 0) === 0)
      expect(missing).toEqual([])
      for (const name of names) {
        const entry = byName.get(name)
        if (entry !== undefined) expect(exampleSamples(entry).length).toBeGreaterThan(0)
      }
    },
  )

  it('every example of every package compiles against the sources', () => {
    const samples = [...reference.values()].flat().flatMap(exampleSamples)
    expect(samples.length).toBeGreaterThanOrEqual(
      Object.values(ENTRY_POINTS).reduce((n, names) => n + names.length, 0),
    )
    const problems = typecheckSamples(samples, 'samples')
    expect(problems.map((p) => `${p.at}: ${p.message}`)).toEqual([])
  }, 120_000)
})

describe('the reference reader', () => {
  it('sees tags and fences the way the reference is built from them', () => {
    const entry: ReferenceEntry = {
      name: 'x',
      file: 'packages/x/src/x.ts',
      line: 3,
      internal: false,
      namespace: false,
      categories: [],
      examples: ["```ts\nconst n: number = 'one'\n```\nand prose", 'no code at all'],
    }
    const samples = exampleSamples(entry)
    expect(samples).toHaveLength(1)
    const problems = typecheckSamples(samples, 'samples')
    expect(problems).toHaveLength(1)
    expect(problems[0]?.message).toMatch(/not assignable to type 'number'/)
  }, 120_000)
})
