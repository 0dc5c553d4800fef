// `vaultport customers list|get` against a configured gateway.
import { customerId, type Customer, type CustomerSummary, type Page } from '@vaultport/core'
import type { CliIo } from '../io'
import { renderTable } from '../table'
import { configOf, gatewayOf, json, orFail } from './shared'

export interface ListOptions {
  readonly gateway: string
  readonly config?: string
  readonly pageSize?: number
  readonly cursor?: string
  readonly json?: boolean
}

export const customersList = async (io: CliIo, o: ListOptions): Promise<void> => {
  const vault = gatewayOf(configOf(io, o.config), o.gateway)
  const page: Page<CustomerSummary> = orFail(
    await vault.customers.list({
      ...(o.pageSize === undefined ? {} : { pageSize: o.pageSize }),
      ...(o.cursor === undefined ? {} : { cursor: o.cursor }),
    })(),
  )
  if (o.json === true) return json(io, page)
  io.out(
    `${renderTable(
      ['id', 'reference', 'name', 'email'],
      page.items.map((c) => [c.id, c.reference ?? '', c.name ?? '', c.email ?? '']),
    )}\n`,
  )
  if (page.nextCursor !== undefined) io.out(`\nmore: --cursor ${page.nextCursor}\n`)
}

export const customersGet = async (
  io: CliIo,
  id: string,
  o: Omit<ListOptions, 'pageSize' | 'cursor'>,
): Promise<void> => {
  const vault = gatewayOf(configOf(io, o.config), o.gateway)
  const c: Customer = orFail(await vault.customers.get(customerId(id))())
  if (o.json === true) return json(io, c)
  const lines = [
    `${c.id}${c.reference === undefined ? '' : ` (${c.reference})`}  ${c.name ?? ''}  ${c.email ?? ''}`,
    ...c.addresses.map(
      (a) =>
        `  ${a.role} address ${a.id}: ${[a.name, a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')}`,
    ),
    ...c.paymentMethods.map((m) =>
      m.kind === 'card'
        ? `  card ${m.id}: ${m.brand} •••• ${m.last4}${m.expiry ? ` exp ${m.expiry.month}/${m.expiry.year}` : ''} ${m.status}${c.defaults.paymentMethodId === m.id ? ' (default)' : ''}`
        : `  bank account ${m.id}: ${m.accountType} •••• ${m.accountLast4} ${m.status}${c.defaults.paymentMethodId === m.id ? ' (default)' : ''}`,
    ),
  ]
  io.out(`${lines.join('\n')}\n`)
}
