// The variance annotation on core's `Vault<out C>` is true (a narrowed vault is a vault) but not
// provable through its conditional type, so the source suppresses TS2636. Declaration emit drops
// that comment, and every consumer that checks declarations (skipLibCheck: false, the default)
// would then see the error. This puts the suppression back into the built declarations.
// `@ts-ignore`, not `@ts-expect-error`: a compiler that one day proves it must not fail either.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const MARK = '// @ts-ignore TS2636: variance through a conditional type is not provable generically'
const dist = join(process.cwd(), 'dist')
let patched = 0
for (const file of ['index.d.ts', 'index.d.cts']) {
  const path = join(dist, file)
  const text = readFileSync(path, 'utf8')
  const next = text.replace(
    /^(?!\/\/ @ts-ignore TS2636)(.*)\n(interface Vault<out C )/m,
    (all, before, decl) => `${before}\n${MARK}\n${decl}`,
  )
  if (!next.includes(`${MARK}\ninterface Vault<out C `)) {
    console.error(`patch-declarations: no Vault<out C> declaration in ${path}`)
    process.exit(1)
  }
  if (next !== text) patched++
  writeFileSync(path, next)
}
console.log(`patch-declarations: ${patched} file(s) patched`)
