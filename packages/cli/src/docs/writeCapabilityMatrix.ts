/** `pnpm docs:matrix`: writes docs/capabilities.md from the adapters' capability records. */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gatewayModules } from '../gateways'
import { CAPABILITIES_DOC, capabilitiesDocument } from './capabilityMatrix'

const target = fileURLToPath(new URL(`../../../../${CAPABILITIES_DOC}`, import.meta.url))
writeFileSync(target, capabilitiesDocument(gatewayModules))
console.log(`wrote ${CAPABILITIES_DOC}`)
