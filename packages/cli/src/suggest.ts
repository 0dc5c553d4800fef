/** "Did you mean …?": the nearest-name helper lives in `@vaultport/config`; the command uses it. */
export { editDistance, nearest } from '@vaultport/config'
