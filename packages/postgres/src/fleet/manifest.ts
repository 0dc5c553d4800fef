/**
 * The fleet manifest: one JSON file listing the merchants of a platform's book, each with its
 * source and target gateway (the same entries as a vaultport config file: `adapter` plus that
 * adapter's settings), its card-data file and its run options. Every credential is a reference
 * (`env:NAME`, `file:PATH`, `file:PATH#KEY`, see `references.ts`); an inline secret is refused,
 * so neither the manifest nor the work units made from it (which the database keeps) ever hold
 * one. Misspelt keys, adapters and settings are refused with the nearest valid name.
 */
import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { issuesFromDecodeErrors } from '@vaultport/core'
import {
  findGatewayModule,
  nearest,
  settingNames,
  type GatewayEntry,
  type GatewayModule,
} from '@vaultport/config'
import { anchorReference, formatReference, looksLikeReference, parseReference } from './references'

/**
 * How one merchant's migration runs (each maps to a `vaultport migrate run` flag).
 * @category Fleet
 */
export interface MerchantOptions {
  /** Target HTTP requests per second, on top of the gateway entry's own limits. */
  readonly rate?: number
  /** Customers in flight at once. */
  readonly concurrency?: number
  /** Delta: only customers changed since this ISO 8601 instant. */
  readonly since?: string
  /** Leave schedules charging within this many days. */
  readonly safetyDays?: number
  /** Do not remove source schedules after moving them. */
  readonly keepSourceSchedules?: boolean
}

/**
 * One merchant of the fleet, with its paths made absolute.
 * @category Fleet
 */
export interface MerchantSpec {
  readonly id: string
  readonly source: GatewayEntry
  readonly target: GatewayEntry
  readonly cardData?: string
  readonly options: MerchantOptions
}

/**
 * A fleet manifest: the fleet's name and its merchants, credentials by reference only.
 * @category Fleet
 */
export interface FleetManifest {
  /** The fleet's name: units and journals of one manifest are kept under it. */
  readonly fleet: string
  readonly merchants: ReadonlyArray<MerchantSpec>
}

const MANIFEST_KEYS = ['fleet', 'defaults', 'merchants', '$schema']
const DEFAULTS_KEYS = ['options']
const MERCHANT_KEYS = ['id', 'source', 'target', 'cardData', 'options']
const OPTION_KEYS = ['rate', 'concurrency', 'since', 'safetyDays', 'keepSourceSchedules']
/** Merchant ids and fleet names: they name journals, so letters, digits and `._-` only. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const MAX_MESSAGES = 20

type Problems = string[]

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** Every key of `value` not in `known`, with the nearest known key. */
const strayKeys = (
  value: Record<string, unknown>,
  known: ReadonlyArray<string>,
  where: string,
  problems: Problems,
): void => {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue
    const near = nearest(key, known)
    problems.push(
      `${where}: unknown key "${key}" (${near === undefined ? `keys: ${known.join(', ')}` : `did you mean "${near}"?`})`,
    )
  }
}

/** A number the test admits; its name is what a message says was expected. */
const numberWhere = (name: string, test: (n: number) => boolean) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isFinite(u) && test(u),
    (u, c) =>
      typeof u === 'number' && Number.isFinite(u) && test(u) ? t.success(u) : t.failure(u, c),
    (n) => n,
  )

const IsoInstant: t.Type<string, string, unknown> = new t.Type<string, string, unknown>(
  'an ISO 8601 instant, e.g. 2026-01-31T00:00:00Z',
  (u): u is string =>
    typeof u === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(u) && !isNaN(Date.parse(u)),
  (u, c) => (IsoInstant.is(u) ? t.success(u) : t.failure(u, c)),
  (s) => s,
)

const WholeAboveZero = numberWhere('a whole number above 0', (n) => Number.isInteger(n) && n > 0)

/** The options' codec (unknown keys are caught before it, with the nearest name). */
const MerchantOptionsCodec = t.partial({
  rate: numberWhere('a number of requests per second above 0', (n) => n > 0),
  concurrency: WholeAboveZero,
  since: IsoInstant,
  safetyDays: WholeAboveZero,
  keepSourceSchedules: t.boolean,
})

const decodeOptions = (u: unknown, where: string, problems: Problems): MerchantOptions => {
  if (u === undefined) return {}
  if (!isRecord(u)) {
    problems.push(`${where}: expected an object of options`)
    return {}
  }
  strayKeys(u, OPTION_KEYS, where, problems)
  const decoded = MerchantOptionsCodec.decode(u)
  if (E.isLeft(decoded)) {
    for (const issue of issuesFromDecodeErrors(decoded.left))
      problems.push(`${where}.${issue.path}: ${issue.message}`)
    return {}
  }
  // Only the known keys, without the ones left undefined.
  const out: Record<string, unknown> = {}
  for (const key of OPTION_KEYS)
    if (decoded.right[key as keyof MerchantOptions] !== undefined)
      out[key] = decoded.right[key as keyof MerchantOptions]
  return out as MerchantOptions
}

/** One setting's value: a secret must be a reference; a reference's file path is anchored. */
const checkSetting = (
  key: string,
  value: unknown,
  secret: boolean,
  base: string,
  where: string,
  problems: Problems,
): unknown => {
  const reference = parseReference(value)
  if (reference !== undefined) return formatReference(anchorReference(reference, base))
  if (looksLikeReference(value)) {
    problems.push(
      `${where}.${key}: a malformed reference (write env:VARIABLE, file:PATH or file:PATH#KEY)`,
    )
    return undefined
  }
  if (secret) {
    problems.push(
      `${where}.${key}: an inline secret is refused; write a reference (env:VARIABLE, file:PATH or file:PATH#KEY)`,
    )
    return undefined
  }
  if (
    key === 'baseUrl' &&
    typeof value === 'string' &&
    /^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value)
  )
    problems.push(`${where}.baseUrl: credentials in a URL are refused; use the adapter's settings`)
  return value
}

/** A gateway entry: a known adapter, its own settings only, every secret by reference. */
const decodeGateway = (
  u: unknown,
  modules: ReadonlyArray<GatewayModule>,
  base: string,
  where: string,
  problems: Problems,
): GatewayEntry | undefined => {
  if (!isRecord(u)) {
    problems.push(`${where}: expected a gateway entry (an object with "adapter")`)
    return undefined
  }
  const adapter = u['adapter']
  if (typeof adapter !== 'string' || adapter === '') {
    problems.push(
      `${where}.adapter: is required (one of ${modules.map((m) => m.adapter).join(', ')})`,
    )
    return undefined
  }
  const module = findGatewayModule(modules, adapter)
  if (module === undefined) {
    const near = nearest(
      adapter,
      modules.map((m) => m.adapter),
    )
    problems.push(
      `${where}.adapter: unknown adapter "${adapter}" (${near === undefined ? `known: ${modules.map((m) => m.adapter).join(', ')}` : `did you mean "${near}"?`})`,
    )
    return undefined
  }
  const valid = settingNames(module)
  const secrets = new Set(module.settings.filter((s) => s.secret).map((s) => s.name))
  const entry: Record<string, unknown> = { adapter }
  for (const [key, value] of Object.entries(u)) {
    if (key === 'adapter') continue
    if (!valid.includes(key)) {
      const near = nearest(key, valid)
      problems.push(
        `${where}: ${adapter} has no setting "${key}" (${near === undefined ? `its settings: ${valid.join(', ')}` : `did you mean "${near}"?`})`,
      )
      continue
    }
    entry[key] = checkSetting(key, value, secrets.has(key), base, where, problems)
  }
  return entry as GatewayEntry
}

const anchorPath = (path: string, base: string) => (isAbsolute(path) ? path : resolve(base, path))

/**
 * One merchant, from the manifest or from a stored work unit. `base` anchors relative paths
 * (the manifest's folder); `defaults` are the manifest's default options.
 * @category Fleet
 * @internal
 */
export const decodeMerchant = (
  u: unknown,
  modules: ReadonlyArray<GatewayModule>,
  context: { readonly base: string; readonly where: string; readonly defaults?: MerchantOptions },
): E.Either<string, MerchantSpec> => {
  const problems: Problems = []
  const merchant = decodeMerchantInto(u, modules, context, problems)
  return merchant === undefined || problems.length > 0
    ? E.left(problems.slice(0, MAX_MESSAGES).join('\n'))
    : E.right(merchant)
}

const decodeMerchantInto = (
  u: unknown,
  modules: ReadonlyArray<GatewayModule>,
  context: { readonly base: string; readonly where: string; readonly defaults?: MerchantOptions },
  problems: Problems,
): MerchantSpec | undefined => {
  const { base, where } = context
  if (!isRecord(u)) {
    problems.push(`${where}: expected a merchant (an object with id, source and target)`)
    return undefined
  }
  const id = u['id']
  const named = typeof id === 'string' && NAME.test(id)
  if (!named) problems.push(`${where}.id: expected a name of letters, digits and ._- (1–64)`)
  const here = named ? `${where} (${id})` : where
  strayKeys(u, MERCHANT_KEYS, here, problems)
  const source = decodeGateway(u['source'], modules, base, `${here}.source`, problems)
  const target = decodeGateway(u['target'], modules, base, `${here}.target`, problems)
  const cardData = u['cardData']
  if (cardData !== undefined && (typeof cardData !== 'string' || cardData === ''))
    problems.push(`${here}.cardData: expected the path of a card-data file`)
  const options = decodeOptions(u['options'], `${here}.options`, problems)
  if (!named || source === undefined || target === undefined) return undefined
  return {
    id: id as string,
    source,
    target,
    ...(typeof cardData === 'string' && cardData !== ''
      ? { cardData: anchorPath(cardData, base) }
      : {}),
    options: { ...context.defaults, ...options },
  }
}

/**
 * A parsed manifest document; `base` is the folder relative paths are read from.
 * @category Fleet
 * @internal
 */
export const decodeManifest = (
  u: unknown,
  modules: ReadonlyArray<GatewayModule>,
  base: string,
): E.Either<string, FleetManifest> => {
  const problems: Problems = []
  if (!isRecord(u)) return E.left('a fleet manifest is a JSON object with "fleet" and "merchants"')
  strayKeys(u, MANIFEST_KEYS, 'manifest', problems)
  const fleet = u['fleet']
  if (typeof fleet !== 'string' || !NAME.test(fleet))
    problems.push("fleet: expected the fleet's name (letters, digits and ._-, 1–64)")
  let defaults: MerchantOptions = {}
  if (u['defaults'] !== undefined) {
    if (isRecord(u['defaults'])) {
      strayKeys(u['defaults'], DEFAULTS_KEYS, 'defaults', problems)
      defaults = decodeOptions(u['defaults']['options'], 'defaults.options', problems)
    } else problems.push('defaults: expected an object with "options"')
  }
  const list = u['merchants']
  const merchants: MerchantSpec[] = []
  if (!Array.isArray(list) || list.length === 0)
    problems.push('merchants: expected a list of at least one merchant')
  else
    list.forEach((m: unknown, i) => {
      const one = decodeMerchantInto(
        m,
        modules,
        { base, where: `merchants[${i}]`, defaults },
        problems,
      )
      if (one !== undefined) merchants.push(one)
    })
  const seen = new Set<string>()
  for (const m of merchants) {
    if (seen.has(m.id)) problems.push(`merchants: the id "${m.id}" is listed twice`)
    seen.add(m.id)
  }
  if (problems.length > 0) return E.left(problems.slice(0, MAX_MESSAGES).join('\n'))
  return E.right({ fleet: fleet as string, merchants })
}

/**
 * Reads and decodes a manifest file; relative paths in it are relative to its folder.
 * @category Fleet
 */
export const readManifest = (
  path: string,
  modules: ReadonlyArray<GatewayModule>,
): E.Either<string, FleetManifest> => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return E.left(`the manifest ${path} cannot be read`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return E.left(`the manifest ${path} is not valid JSON`)
  }
  return E.mapLeft((m: string) => `manifest ${path}:\n${m}`)(
    decodeManifest(parsed, modules, dirname(resolve(path))),
  )
}
