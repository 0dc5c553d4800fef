import { defineConfig, type Options } from 'tsup'
import { fileURLToPath } from 'node:url'

// Builds resolve sibling packages through node_modules (their built .d.ts), never through the
// source `paths` used by tests and typecheck, so one package's declarations never inline another's.
const buildTsconfig = fileURLToPath(new URL('./tsconfig.build.json', import.meta.url))

/**
 * fp-ts 2 has no `exports` map: `fp-ts/Either` is a directory, which Node's ESM loader refuses
 * to import. The built code therefore names the file (`fp-ts/lib/Either.js`, CommonJS whose
 * named exports Node's ESM loader reads), which both ESM and CJS consumers can load. Sources
 * and declarations keep the usual `fp-ts/Either`.
 */
type TsupPlugin = NonNullable<Options['plugins']>[number]

const fpTsSubpaths: TsupPlugin = {
  name: 'fp-ts-subpaths',
  renderChunk: (code, chunk) =>
    /\.(c|m)?js$/.test(chunk.path)
      ? { code: code.replace(/(["'])fp-ts\/([A-Za-z]+)\1/g, '$1fp-ts/lib/$2.js$1') }
      : undefined,
}

/** The one build every publishable package uses: ESM + CJS + declarations for each entry. */
export const packageBuild = (entry: Options['entry'] = ['src/index.ts'], extra: Options = {}) =>
  defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    tsconfig: buildTsconfig,
    plugins: [fpTsSubpaths],
    ...extra,
  })
