// `vaultport customers list|get` against a configured gateway.
import * as E from 'fp-ts/Either'
import { customerId, type Customer, type CustomerSummary, type Page } from '@vaultport/core'
import { openConfiguredGateway } from '../gateways'
import { CliError, ExitCode, output, type CliIo } from '../io'
import { configOf, orFail } from './shared'

export interface ListOptions {
  readonly gateway: string
  readonly config?: string
  readonly pageSize?: number
  readonly cursor?: string
  readonly json?: boolean
  readonly wide?: boolean
}

const vaultOf = (io: CliIo, o: { readonly gateway: string; readonly config?: string }) => {
  const vault = openConfiguredGateway(configOf(io, o.config), o.gateway)
  if (E.isLeft(vault)) throw new CliError(vault.left, ExitCode.usage)
  return vault.right
}

export const customersList = async (io: CliIo, o: ListOptions): Promise<void> => {
  const out = output(io, o)
  const vault = vaultOf(io, o)
  const page: Page<CustomerSummary> = orFail(
    await vault.customers.list({
      ...(o.pageSize === undefined ? {} : { pageSize: o.pageSize }),
      ...(o.cursor === undefined ? {} : { cursor: o.cursor }),
    })(),
  )
  out.result(page, () => {
    const table = out.table(
      ['id', 'reference', 'name', 'email'],
      page.items.map((c) => [c.id, c.reference ?? '', c.name ?? '', c.email ?? '']),
    )
    const more = page.nextCursor === undefined ? '' : `\nmore: --cursor ${page.nextCursor}\n`
    return `${table}\n${more}`
  })
}

export const customersGet = async (
  io: CliIo,
  id: string,
  o: Omit<ListOptions, 'pageSize' | 'cursor'>,
): Promise<void> => {
  const out = output(io, o)
  const vault = vaultOf(io, o)
  const c: Customer = orFail(await vault.customers.get(customerId(id))())
  const isDefault = (id: string) => (c.defaults.paymentMethodId === id ? ' (default)' : '')
  out.result(c, () => {
    const lines = [
      `${c.id}${c.reference === undefined ? '' : ` (${c.reference})`}  ${c.name ?? ''}  ${c.email ?? ''}`,
      ...c.addresses.map(
        (a) =>
          `  ${a.role} address ${a.id}: ${[a.name, a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')}`,
      ),
      ...c.paymentMethods.map((m) =>
        m.kind === 'card'
          ? `  card ${m.id}: ${m.brand} •••• ${m.last4}${m.expiry ? ` exp ${m.expiry.month}/${m.expiry.year}` : ''} ${m.status}${isDefault(m.id)}`
          : `  bank account ${m.id}: ${m.accountType} •••• ${m.accountLast4} ${m.status}${isDefault(m.id)}`,
      ),
    ]
    return `${out.wrap(lines.join('\n'))}\n`
  })
}
