// Every sample in the docs runs as written under Node ESM, CommonJS and bundlers: fp-ts 2 has no
// exports map, so `fp-ts/Either` (a directory) fails in Node's ESM loader, while the file path
// `fp-ts/lib/Either.js` resolves everywhere.
import { allSamples } from './samples'

const DIRECTORY_IMPORT = /from\s+['"]fp-ts\/(?!lib\/)[A-Za-z]+['"]/g

describe('documentation samples import fp-ts by file', () => {
  it('no sample imports an fp-ts module by its directory', () => {
    const offenders = allSamples().flatMap((s) =>
      [...s.code.matchAll(DIRECTORY_IMPORT)].map((m) => `${s.file}:${s.line}: ${m[0]}`),
    )
    expect(offenders).toEqual([])
  })

  it('would catch one', () => {
    expect("import * as E from 'fp-ts/Either'".match(DIRECTORY_IMPORT)).toHaveLength(1)
    expect("import * as E from 'fp-ts/lib/Either.js'".match(DIRECTORY_IMPORT)).toBeNull()
  })
})
