// Loads every public package's built ESM and CJS entry in Node, the way a consumer would: type
// checks and publint cannot see a module Node refuses to load (fp-ts directory imports, say).
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const packages = join(import.meta.dirname, '..')
const require = createRequire(import.meta.url)
let failed = 0
for (const name of readdirSync(packages)) {
  const dir = join(packages, name)
  const manifest = join(dir, 'package.json')
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).private === true) continue
  for (const [format, file, load] of [
    ['esm', 'dist/index.js', (f) => import(pathToFileURL(f).href)],
    ['cjs', 'dist/index.cjs', async (f) => require(f)],
  ]) {
    try {
      const exported = Object.keys(await load(join(dir, file))).length
      if (exported === 0) throw new Error('exports nothing')
      console.log(`ok   ${name} ${format} (${exported} exports)`)
    } catch (e) {
      failed++
      console.log(`FAIL ${name} ${format}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}
process.exit(failed === 0 ? 0 : 1)
