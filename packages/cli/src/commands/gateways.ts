// `vaultport gateways`: the adapters and their capabilities, as a table or JSON.
import { gatewayModules } from '../gateways'
import type { CliIo } from '../io'
import { capabilityMatrix } from '../matrix'
import { renderTable } from '../table'
import { json } from './shared'

export const gatewaysCommand = (io: CliIo, options: { readonly json?: boolean }): void => {
  const records = gatewayModules.map((m) => m.capabilities)
  if (options.json === true) {
    json(
      io,
      gatewayModules.map((m) => ({
        adapter: m.adapter,
        displayName: m.displayName,
        settings: m.settings,
        capabilities: m.capabilities,
      })),
    )
    return
  }
  const matrix = capabilityMatrix(records)
  io.out(`${renderTable(matrix.headers, matrix.rows)}\n`)
  io.out('\nsettings per adapter (secrets marked *):\n')
  for (const m of gatewayModules) {
    io.out(
      `  ${m.adapter}: ${m.settings.map((s) => `${s.name}${s.secret ? '*' : ''}${s.required ? '' : '?'}`).join(', ') || '—'}\n`,
    )
  }
}
