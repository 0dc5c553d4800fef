import { defineConfig, type Options } from 'tsup'
import { fileURLToPath } from 'node:url'

// Builds resolve sibling packages through node_modules (their built .d.ts), never through the
// source `paths` used by tests and typecheck, so one package's declarations never inline another's.
const buildTsconfig = fileURLToPath(new URL('./tsconfig.build.json', import.meta.url))

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
    ...extra,
  })
