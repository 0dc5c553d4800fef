import { packageBuild } from '@vaultport/tooling/tsup'

export default packageBuild(['src/index.ts', 'src/bin.ts'])
