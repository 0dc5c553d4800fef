// The command in a real pseudo-terminal (util-linux `script`, part of every Debian base system):
// the progress bar as a person sees it, Ctrl-C ending an ordinary command at once, and sandbox's
// own graceful stop. Nothing here measures time: waits are bounded, and only what the screen
// shows is asserted.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CTRL_C, closeAll, terminal, vaultportCommand, within, type Terminal } from './pty'

describe('in a terminal', () => {
  let open: Terminal | undefined
  const dirs: string[] = []
  afterEach(() => {
    open?.close()
    open = undefined
  })
  afterAll(() => {
    closeAll()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('the progress bar redraws in place and the run ends with one clean line per bar', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vp-tty-'))
    dirs.push(out)
    open = terminal(vaultportCommand(`demo --customers 24 --out '${out}'`), 120, 50)
    // A person types while each bar runs: the terminal echoes the keys after the bar, on its
    // line, and the next redraw must wipe them. The redraws' own lines rarely get shorter (the
    // finished line is the longest), so without this a redraw that did not clear its line would
    // look just as clean.
    const typed = ' keys typed while the bar runs'
    for (const target of ['FluidPay', 'Valor']) {
      await open.waitFor(new RegExp(`PayTrace → ${target} \\[`), 60_000)
      open.keys(typed)
    }
    const screen = await open.waitFor(/__exit=\d+/, 90_000)
    for (const target of ['FluidPay', 'Valor']) {
      const bars = screen.filter((l) => l.startsWith(`PayTrace → ${target} [`))
      // One line per bar, however many times it was redrawn: the finished one, with the time
      // taken; nothing of what was on its line before is left after it (no "ETA 7ss", no keys).
      expect(bars).toEqual([
        expect.stringMatching(
          new RegExp(`^PayTrace → ${target} \\[#{24}\\] 24/24 100% \\d+\\.\\d/s in [\\d.]+s$`),
        ),
      ])
    }
    expect(screen.join('\n')).not.toMatch(/ETA/)
    // The report and the rest of the result fit 100 columns.
    const report = screen.slice(screen.findIndex((l) => l === '== report'))
    expect(report.length).toBeGreaterThan(4)
    for (const line of report) expect(line.length).toBeLessThanOrEqual(100)
  }, 120_000)

  it('Ctrl-C ends an ordinary command at once (no handler swallows it)', async () => {
    // A gateway that accepts the connection and never answers: the command waits on it.
    const sockets = new Set<Socket>()
    let connected: () => void = () => undefined
    const waiting = new Promise<void>((r) => (connected = r))
    const server: Server = createServer((s) => {
      sockets.add(s)
      connected()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    try {
      open = terminal(
        vaultportCommand('customers list -g hang', {
          VAULTPORT_GATEWAY_HANG_ADAPTER: 'fluidpay',
          VAULTPORT_GATEWAY_HANG_BASE_URL: `http://127.0.0.1:${port}`,
          VAULTPORT_GATEWAY_HANG_API_KEY: 'api_hangs0000000000000',
          VAULTPORT_GATEWAY_HANG_TIMEOUT_MS: '120000',
        }),
      )
      await within(waiting, 30_000, 'the command connecting to the gateway', open)
      open.keys(CTRL_C)
      await open.waitFor(/__exit=130/, 10_000)
    } finally {
      for (const s of sockets) s.destroy()
      server.close()
    }
  }, 60_000)

  it('sandbox stops its simulators on the first Ctrl-C and exits 0', async () => {
    open = terminal(vaultportCommand('sandbox'))
    await open.waitFor(/Ctrl-C to stop\./, 30_000)
    open.keys(CTRL_C)
    const screen = await open.waitFor(/__exit=\d+/, 15_000)
    expect(screen.join('\n')).toMatch(/stopping the simulators[^]*__exit=0/)
  }, 60_000)
})
