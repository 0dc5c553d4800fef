import type { Config } from 'jest'

// One jest run for the whole workspace. Workspace packages resolve to their sources, so tests
// never depend on a prior build. Type checking is `pnpm typecheck`'s job: with isolatedModules in
// tsconfig.base.json, ts-jest only transpiles.
const config: Config = {
  testEnvironment: 'node',
  // nock's interceptor stays installed across test files of a worker; jest's soft clean-up of
  // globals would otherwise warn about it in every file.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/packages'],
  testMatch: ['**/test/**/*.test.ts'],
  moduleNameMapper: {
    '^@vaultport/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    // Sources written for Node ESM import './x.js'; under jest that is the './x.ts' beside them.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Every error, warning, transcript event and log line of every test file is scanned for the
  // secrets the tests use (docs/reliability.md).
  setupFilesAfterEnv: ['<rootDir>/packages/testkit/jest/leak-scan.setup.ts'],
  // fast-check properties and loopback simulators need more than the 5 s default on 2 cores.
  testTimeout: 30_000,
  // Every test file gets a fresh module registry, and nock's interceptor (kept across files, see
  // above) holds the old ones: a worker that has grown past this is replaced after its file.
  workerIdleMemoryLimit: '1GB',
}

export default config
