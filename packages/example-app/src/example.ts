/**
 * The example application: open the gateway the configuration names, store a customer and a
 * card, read the customer back and print a summary with nothing sensitive in it. The code never
 * names a gateway: switching is a change of configuration.
 */
import * as E from 'fp-ts/Either'
import {
  formatVaultError,
  type Customer,
  type CustomerId,
  type Vault,
  type Warning,
} from '@vaultport/core'
import { loadConfig, openGateway } from '@vaultport/config'
import { fluidPayGateway } from '@vaultport/fluidpay'
import { memoryGateway } from '@vaultport/memory'
import { payTraceGateway } from '@vaultport/paytrace'
import { valorGateway } from '@vaultport/valor'

/** The gateways this application can be configured with (memory: to try it without one). */
const modules = [payTraceGateway, fluidPayGateway, valorGateway, memoryGateway]

export const TEST_CARD = '4111111111111111'

export interface ExampleIo {
  readonly argv: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  readonly now: () => Date
}

export const ExitCode = { ok: 0, failed: 1, config: 2 } as const

// ---- arguments

const flag = (argv: ReadonlyArray<string>, name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

/** `--gateway NAME` or EXAMPLE_GATEWAY; `--config FILE`, VAULTPORT_CONFIG or vaultport.config.json. */
export const gatewayName = (io: Pick<ExampleIo, 'argv' | 'env'>): string =>
  flag(io.argv, '--gateway') ?? io.env['EXAMPLE_GATEWAY'] ?? 'default'

// ---- the work

export interface StoredSummary {
  readonly gateway: string
  readonly customerId: CustomerId
  readonly name: string | undefined
  readonly email: string | undefined
  readonly addresses: number
  readonly cards: ReadonlyArray<string>
  readonly warnings: ReadonlyArray<string>
}

/** `ada@example.com` → `a***@example.com`. */
export const maskEmail = (email: string | undefined): string | undefined => {
  if (email === undefined) return undefined
  const at = email.indexOf('@')
  return at <= 0 ? '***' : `${email.slice(0, 1)}***${email.slice(at)}`
}

export const summarize = (
  vault: Vault,
  customer: Customer,
  warnings: ReadonlyArray<Warning>,
): StoredSummary => ({
  gateway: vault.capabilities.displayName,
  customerId: customer.id,
  name: customer.name,
  email: maskEmail(customer.email),
  addresses: customer.addresses.length,
  cards: customer.paymentMethods.map((m) =>
    m.kind === 'card'
      ? `${m.brand} ending ${m.last4}${m.expiry === undefined ? '' : ` exp ${String(m.expiry.month).padStart(2, '0')}/${m.expiry.year}`}`
      : `${m.kind}`,
  ),
  warnings: warnings.map((w) => `${w.code}${w.field === undefined ? '' : ` (${w.field})`}`),
})

/** Creates a customer (with a billing address), adds a card, reads the customer back. */
export const storeCustomerAndCard = async (
  vault: Vault,
  now: Date,
): Promise<E.Either<string, StoredSummary>> => {
  const caps = vault.capabilities
  const reference = `ex${now.getTime().toString(36)}`
  const created = await vault.customers.create({
    ...(caps.customerReference === 'none' ? {} : { reference }),
    name: 'Ada Lee',
    email: 'ada@example.com',
    addresses: [
      {
        role: 'billing',
        name: 'Ada Lee',
        line1: '12 Elm Street',
        city: 'Edina',
        region: 'MN',
        postalCode: '55424',
        country: 'US',
      },
    ],
  })()
  if (E.isLeft(created)) return E.left(`create customer: ${formatVaultError(created.left)}`)
  const id = created.right.value.id
  const card = await vault.paymentMethods.add(id, {
    kind: 'card',
    number: TEST_CARD,
    expiry: { month: 12, year: now.getUTCFullYear() + 3 },
    holderName: 'Ada Lee',
  })()
  if (E.isLeft(card)) return E.left(`add card: ${formatVaultError(card.left)}`)
  const read = await vault.customers.get(id)()
  if (E.isLeft(read)) return E.left(`read back: ${formatVaultError(read.left)}`)
  const stored = read.right.paymentMethods.some((m) => m.kind === 'card' && m.last4 === '1111')
  if (!stored) return E.left(`read back: customer ${id} has no card ending 1111`)
  return E.right(summarize(vault, read.right, [...created.right.warnings, ...card.right.warnings]))
}

/** The whole program; resolves to its exit code. */
export const runExample = async (io: ExampleIo): Promise<number> => {
  const name = gatewayName(io)
  const configPath = flag(io.argv, '--config')
  const config = loadConfig({
    ...(configPath === undefined ? {} : { path: configPath }),
    env: io.env,
    cwd: io.cwd,
    modules,
  })
  const vault = E.flatMap(config, (c) => openGateway(c, name, { modules }))
  if (E.isLeft(vault)) {
    io.err(`example-app: ${vault.left}`)
    return ExitCode.config
  }
  const result = await storeCustomerAndCard(vault.right, io.now())
  if (E.isLeft(result)) {
    io.err(`example-app (${name}): ${result.left}`)
    return ExitCode.failed
  }
  io.out(JSON.stringify({ configured: name, ...result.right }))
  return ExitCode.ok
}
