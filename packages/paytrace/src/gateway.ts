/**
 * PayTrace for configuration: `payTraceGateway` builds a PayTrace vault from a config entry
 * (`adapter: "paytrace"`, OAuth `clientId` and `clientSecret`, optionally an integrator id, a
 * merchant id, and card numbers RSA-encrypted with PayTrace's public key file), for
 * `openGateway` of `@vaultport/config`.
 */
import { constants, publicEncrypt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import {
  LOCATION_SETTINGS,
  readHostedEntry,
  readNumber,
  readString,
  type GatewayEntry,
  type GatewayModule,
} from '@vaultport/config'
import { payTraceCapabilities } from './capabilities'
import { createPayTraceVault } from './client'

/** PayTrace client-side encryption: RSA (PKCS#1 v1.5) with PayTrace's public key, base64. */
const rsaEncryptor = (publicKeyFile: string): E.Either<string, (plain: string) => string> => {
  let pem: string
  try {
    pem = readFileSync(publicKeyFile, 'utf8')
  } catch {
    return E.left(`cannot read publicKeyFile ${publicKeyFile}`)
  }
  return E.right((plain) =>
    publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plain)).toString(
      'base64',
    ),
  )
}

type CardNumbers =
  | { readonly cardNumberMode: 'raw' }
  | { readonly cardNumberMode: 'encrypted'; readonly encrypt: (plain: string) => string }

/** How card and account numbers go out: raw digits, or RSA-encrypted with a key file. */
const cardNumbers = (entry: GatewayEntry): E.Either<string, CardNumbers> => {
  const mode = readString(entry, 'cardNumberMode') ?? 'raw'
  if (mode === 'raw') return E.right({ cardNumberMode: 'raw' })
  if (mode !== 'encrypted') return E.left("cardNumberMode must be 'raw' or 'encrypted'")
  const keyFile = readString(entry, 'publicKeyFile')
  if (keyFile === undefined)
    return E.left("cardNumberMode 'encrypted' needs publicKeyFile (PayTrace's PEM public key)")
  return E.map((encrypt: (plain: string) => string) => ({
    cardNumberMode: 'encrypted' as const,
    encrypt,
  }))(rsaEncryptor(keyFile))
}

/**
 * The PayTrace adapter as a configuration module: pass it to `loadConfig` and `openGateway`.
 *
 * @category Configuration
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { payTraceGateway } from '@vaultport/paytrace'
 *
 * const entry = { adapter: 'paytrace', clientId: 'id', clientSecret: 'secret' }
 * const vault = payTraceGateway.create(entry, {})
 * if (E.isRight(vault)) console.log(vault.right.capabilities.displayName)
 * ```
 */
export const payTraceGateway: GatewayModule = {
  adapter: 'paytrace',
  displayName: payTraceCapabilities.displayName,
  capabilities: payTraceCapabilities,
  settings: [
    ...LOCATION_SETTINGS,
    { name: 'clientId', required: true, secret: false },
    { name: 'clientSecret', required: true, secret: true },
    { name: 'integratorId', required: false, secret: false },
    { name: 'merchantId', required: false, secret: false },
    { name: 'cardNumberMode', required: false, secret: false },
    { name: 'publicKeyFile', required: false, secret: false },
  ],
  create: (entry, hooks) =>
    pipe(
      readHostedEntry(entry, ['clientId', 'clientSecret'], hooks),
      E.apS('merchantId', readNumber(entry, 'merchantId')),
      E.apS('numbers', cardNumbers(entry)),
      E.map(({ location, http, merchantId, numbers }) => {
        const integratorId = readString(entry, 'integratorId')
        return createPayTraceVault({
          ...location,
          ...numbers,
          clientId: readString(entry, 'clientId') ?? '',
          clientSecret: readString(entry, 'clientSecret') ?? '',
          ...(integratorId === undefined ? {} : { integratorId }),
          ...(merchantId === undefined ? {} : { merchantId }),
          http,
        })
      }),
    ),
}
