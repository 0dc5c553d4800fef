// Registered in /jest.config.ts (setupFilesAfterEnv): a leak scan for every test file. Whatever
// vaultport emits on its diagnostics channels and every console or stream line the file
// produces is checked against the secrets the tests use; any hit fails the file, naming the
// channel and the secret by its first and last two characters only.
import { formatLeakHits, setActiveLeakScan, startLeakScan } from '../src/leakScan'

const scan = startLeakScan()
setActiveLeakScan(scan)

afterAll(() => {
  scan.stop()
  setActiveLeakScan(undefined)
  const hits = scan.hits()
  if (hits.length > 0)
    throw new Error(
      `leak scan: ${hits.length} secret(s) in emitted output\n${formatLeakHits(hits)}`,
    )
})
