import { packageBuild } from '@vaultport/tooling/tsup'

export default packageBuild()
