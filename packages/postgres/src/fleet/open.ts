/**
 * Opening one merchant's migration on the worker that claimed it: the stored spec is decoded
 * again (it came from the database, which must never have been handed a secret), its references
 * are resolved from this machine's environment and secrets files, the two gateways are opened with
 * the adapter modules the worker was given, and the card-data file is read. Every problem is a
 * message naming the merchant and the setting, never a value.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import type { Vault } from '@vaultport/core'
import { openGatewayEntry, type GatewayEntry, type GatewayModule } from '@vaultport/config'
import { cardDataIndex, emptyCardData, readCardData, type CardDataIndex } from '@vaultport/migrate'
import { decodeMerchant, type MerchantSpec } from './manifest'
import { resolveEntry, type ResolveContext } from './references'

/**
 * A merchant's migration ready to run: its spec, both vaults and its card data.
 * @category Fleet
 */
export interface OpenedMerchant {
  readonly spec: MerchantSpec
  readonly source: Vault
  readonly target: Vault
  readonly cardData: CardDataIndex
}

/**
 * What opening a merchant needs: the adapter modules, the environment and the folder.
 * @category Fleet
 */
export interface OpenContext extends ResolveContext {
  readonly modules: ReadonlyArray<GatewayModule>
  /** Anchors a relative path left in a stored spec (paths are stored absolute). */
  readonly cwd: string
}

const readCards = (path: string | undefined, where: string): E.Either<string, CardDataIndex> => {
  if (path === undefined) return E.right(emptyCardData)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return E.left(`${where}: the card-data file ${path} cannot be read on this worker`)
  }
  const records = readCardData(text)
  return E.isLeft(records)
    ? E.left(`${where}: card-data file ${path}: ${records.left}`)
    : E.right(cardDataIndex(records.right))
}

const openSide = (
  spec: MerchantSpec,
  side: 'source' | 'target',
  context: OpenContext,
): E.Either<string, Vault> => {
  const where = `merchant ${spec.id} ${side}`
  const resolved = resolveEntry(spec[side], context, where)
  if (E.isLeft(resolved)) return resolved
  return openGatewayEntry(`${spec.id} ${side}`, resolved.right as GatewayEntry, {
    modules: context.modules,
  })
}

/**
 * A merchant's spec as stored in its unit, decoded and opened; or why it cannot be.
 * @category Fleet
 */
export const openMerchant = (
  stored: unknown,
  context: OpenContext,
): E.Either<string, OpenedMerchant> => {
  const spec = decodeMerchant(stored, context.modules, { base: context.cwd, where: 'unit' })
  if (E.isLeft(spec)) return spec
  const source = openSide(spec.right, 'source', context)
  if (E.isLeft(source)) return source
  const target = openSide(spec.right, 'target', context)
  if (E.isLeft(target)) return target
  const cardData = readCards(spec.right.cardData, `merchant ${spec.right.id}`)
  if (E.isLeft(cardData)) return cardData
  return E.right({
    spec: spec.right,
    source: source.right,
    target: target.right,
    cardData: cardData.right,
  })
}
