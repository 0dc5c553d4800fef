// Builds the workspace before a benchmark: the benchmarks measure the built packages, as an
// application loads them (running the TypeScript sources through tsx adds per-closure work
// that no user pays). Quiet unless the build fails.
import { spawnSync } from 'node:child_process'

const r = spawnSync('pnpm', ['--workspace-root', 'run', 'build'], {
  encoding: 'utf8',
  shell: false,
})
if (r.status !== 0) {
  process.stderr.write(
    `${r.stdout ?? ''}${r.stderr ?? ''}\npnpm build failed: nothing was measured\n`,
  )
  process.exit(r.status ?? 1)
}
console.log('built the workspace packages (benchmarks load their dist)')
