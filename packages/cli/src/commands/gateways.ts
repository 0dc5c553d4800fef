// `vaultport gateways`: the adapters and their capabilities, as a table or JSON.
import { gatewayModules } from '../gateways'
import { output, type CliIo, type OutputOptions } from '../io'
import { capabilityMatrix } from '../matrix'

export const gatewaysCommand = (io: CliIo, options: OutputOptions): void => {
  const out = output(io, options)
  const document = gatewayModules.map((m) => ({
    adapter: m.adapter,
    displayName: m.displayName,
    settings: m.settings,
    capabilities: m.capabilities,
  }))
  out.result(document, () => {
    const matrix = capabilityMatrix(gatewayModules.map((m) => m.capabilities))
    const settings = gatewayModules.map(
      (m) =>
        `  ${m.adapter}: ${m.settings.map((s) => `${s.name}${s.secret ? '*' : ''}${s.required ? '' : '?'}`).join(', ') || '—'}`,
    )
    return [
      out.table(matrix.headers, matrix.rows),
      '',
      'settings per adapter (* secret, ? optional):',
      out.wrap(settings.join('\n')),
      '',
    ].join('\n')
  })
}
