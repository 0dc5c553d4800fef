// The command line as a script and a person meet it, driven through `main` with captured
// streams: stdout carries only the result (exactly one JSON document under --json, failures
// included), tables fit 100 columns unless --wide, --version, a description on every command,
// only the options a command reads, gateway names and config keys answered with the known ones,
// one credentials layout for both sandbox commands, and signals taken over only by sandbox.
import { EventEmitter } from 'node:events'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAllSandboxes, type RunningSandboxes } from '@vaultport/sandbox'
import {
  ExitCode,
  loadConfig,
  main,
  processInterrupts,
  type CliIo,
  type Interrupts,
} from '../../src'
import { simulatorCommands } from '../../src/simulatorCommands'
import { banner } from '../../../sandbox/src/cli'
import { captureIo } from '../helpers'

const memoryPair = { VAULTPORT_GATEWAY_A_ADAPTER: 'memory', VAULTPORT_GATEWAY_B_ADAPTER: 'memory' }

/** Runs `vaultport <args>` in-process: exit code, stdout, stderr. */
const run = async (args: string[], env: Record<string, string> = {}, cwd?: string) => {
  const c = captureIo(env, cwd)
  const code = await main(args, c.io, simulatorCommands)
  return { code, out: c.out(), err: c.err() }
}

/** stdout as exactly one JSON document (JSON.parse refuses two, or trailing text). */
const oneDocument = (stdout: string): unknown => {
  expect(stdout.trim()).not.toBe('')
  return JSON.parse(stdout)
}

const widest = (text: string) => Math.max(0, ...text.split('\n').map((l) => l.length))

/** Interrupts a test fires by hand. */
const handInterrupts = () => {
  let stop: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined
  let released = 0
  const interrupts: Interrupts = {
    takeOver: (onStop) => {
      stop = onStop
      return () => {
        released++
      }
    },
  }
  return {
    interrupts,
    taken: () => stop !== undefined,
    fire: () => stop?.('SIGINT'),
    released: () => released,
  }
}

/** An io that does not feed the leak scan: for the sandbox, whose job is to print its credentials. */
const plainIo = (interrupts: Interrupts | undefined) => {
  let out = ''
  let err = ''
  const io: CliIo = {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env: {},
    cwd: process.cwd(),
    isTty: false,
    now: () => Date.now(),
    ...(interrupts === undefined ? {} : { interrupts }),
  }
  return { io, out: () => out, err: () => err }
}

const until = async (ready: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !ready(); i++) await new Promise((r) => setTimeout(r, 20))
  if (!ready()) throw new Error(`timed out waiting for ${what}`)
}

describe('--json: one JSON document on stdout, for every command, failures included', () => {
  it('gateways, customers list, and the migrate commands', async () => {
    const gateways = await run(['gateways', '--json'])
    expect(gateways.code).toBe(ExitCode.ok)
    expect(oneDocument(gateways.out)).toEqual(
      expect.arrayContaining([expect.objectContaining({ adapter: 'paytrace' })]),
    )
    const list = await run(['customers', 'list', '-g', 'a', '--json'], memoryPair)
    expect(oneDocument(list.out)).toEqual({ items: [], totalCount: 0 })

    const dir = await mkdtemp(join(tmpdir(), 'vp-json-'))
    for (const command of ['plan', 'run', 'verify']) {
      const r = await run(
        ['migrate', command, '--from', 'a', '--to', 'b', '--json'],
        memoryPair,
        dir,
      )
      expect(r.code).toBe(ExitCode.ok)
      expect(typeof oneDocument(r.out)).toBe('object')
    }
  })

  it('a failure is a document too: {"error": {message, exitCode, kind}}, and a line on stderr', async () => {
    const cases: Array<[string[], ExitCode, RegExp]> = [
      [
        ['customers', 'list', '-g', 'a', '--page-size', 'many', '--json'],
        ExitCode.usage,
        /positive whole number/,
      ],
      [['customers', 'get', 'cus_404', '-g', 'a', '--json'], ExitCode.incomplete, /NotFound/],
      [['customers', 'list', '-g', 'nope', '--json'], ExitCode.usage, /no gateway named "nope"/],
      [['gateways', '--bogus', '--json'], ExitCode.usage, /unknown option '--bogus'/],
      [['migrate', 'verify', '--from', 'a', '--json'], ExitCode.usage, /--to <gateway>/],
    ]
    for (const [args, code, message] of cases) {
      const r = await run(args, memoryPair)
      expect(r.code).toBe(code)
      const doc = oneDocument(r.out) as {
        error: { message: string; exitCode: number; kind: string }
      }
      expect(doc.error.message).toMatch(message)
      expect(doc.error.exitCode).toBe(code)
      expect(doc.error.kind).toBe(code === ExitCode.usage ? 'usage' : 'incomplete')
      expect(r.err).toMatch(message)
    }
    // Without --json a failure is text on stderr only.
    const plain = await run(['customers', 'list', '-g', 'nope'], memoryPair)
    expect(plain.out).toBe('')
    expect(plain.err).toMatch(/^vaultport: no gateway named "nope"/)
  })

  describe('against the simulators', () => {
    let sims: RunningSandboxes
    let env: Record<string, string>
    let ids: ReadonlyArray<string>
    beforeAll(async () => {
      sims = await startAllSandboxes({ seed: 5 })
      ids = sims.paytrace.seedCustomers(3, { withCards: true, withChecks: true }).ids
      env = {
        VAULTPORT_GATEWAY_PT_ADAPTER: 'paytrace',
        VAULTPORT_GATEWAY_PT_BASE_URL: sims.paytrace.url,
        VAULTPORT_GATEWAY_PT_CLIENT_ID: sims.paytrace.credentials.clientId,
        VAULTPORT_GATEWAY_PT_CLIENT_SECRET: sims.paytrace.credentials.clientSecret,
      }
    })
    afterAll(async () => sims.close())

    it('customers list and get: a document under --json, a table of at most 100 columns without', async () => {
      const list = await run(['customers', 'list', '-g', 'pt', '--json'], env)
      expect(list.code).toBe(ExitCode.ok)
      const page = oneDocument(list.out) as { items: Array<{ id: string }> }
      expect(page.items.map((c) => c.id).sort()).toEqual([...ids].sort())
      const get = await run(['customers', 'get', ids[0] ?? '', '-g', 'pt', '--json'], env)
      expect(oneDocument(get.out)).toMatchObject({ id: ids[0] })
      const table = await run(['customers', 'list', '-g', 'pt'], env)
      expect(table.out).toMatch(/^id\s+reference\s+name\s+email\n/)
      expect(widest(table.out)).toBeLessThanOrEqual(100)
      const one = await run(['customers', 'get', ids[0] ?? '', '-g', 'pt'], env)
      expect(one.out).toContain(ids[0])
      expect(widest(one.out)).toBeLessThanOrEqual(100)
    })

    it('demo: the report as one document under --json; progress on stderr only', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'vp-demo-'))
      const json = await run(['demo', '--customers', '6', '--out', dir, '--json'])
      const doc = oneDocument(json.out) as { customers: number; legs: Array<{ target: string }> }
      expect(doc.customers).toBe(6)
      expect(doc.legs.map((l) => l.target)).toEqual(['FluidPay', 'Valor'])
      expect(json.err).toMatch(/== run PayTrace → Valor/) // the narration, off stdout
      expect(json.err).toMatch(/PayTrace → Valor \[#{24}\] 6\/6 100% .* in /)

      const text = await run(['demo', '--customers', '6', '--out', dir])
      expect(text.out).toMatch(/== report\ntarget/)
      expect(text.out).not.toMatch(/\[[#.]{24}\]/)
      expect(text.err.match(/PayTrace → Valor \[#{24}\] 6\/6 100%/g)).toHaveLength(1)
      expect(widest(text.out)).toBeLessThanOrEqual(100)
      const wide = await run(['demo', '--customers', '6', '--out', dir, '--wide'])
      expect(wide.out).toMatch(
        /target {4}customers {2}payment methods {2}re-collect {2}schedules moved {2}stayed {2}failed {2}verify/,
      )
    })
  })
})

describe('the terminal', () => {
  it('--version prints the version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await run([flag])
      expect(r.code).toBe(ExitCode.ok)
      expect(r.out).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?\n$/)
    }
  })

  it('every command has a description', async () => {
    const seen: string[] = []
    const visit = async (path: string[]) => {
      const help = (await run([...path, '--help'])).out
      // Usage line, blank line, then the description paragraph before "Options:".
      const description = /^Usage: .*\n\n(?!Options:)(.+)\n/.exec(help)?.[1]
      expect([path.join(' '), description]).toEqual([path.join(' '), expect.stringMatching(/\w/)])
      seen.push(path.join(' '))
      const commands = (help.split('\nCommands:\n')[1] ?? '').split('\n\n')[0] ?? ''
      for (const line of commands.split('\n')) {
        const name = /^ {2}(\S+)/.exec(line)?.[1]
        if (name !== undefined && name !== 'help') await visit([...path, name])
      }
    }
    await visit([])
    expect(seen).toEqual(
      expect.arrayContaining([
        'customers list',
        'customers get',
        'migrate plan',
        'migrate run',
        'migrate verify',
        'sandbox',
        'demo',
        'gateways',
      ]),
    )
  })

  it('verify lists only the options it reads', async () => {
    const help = (await run(['migrate', 'verify', '--help'])).out
    for (const unread of ['--card-data', '--since', '--safety-days', '--concurrency'])
      expect(help).not.toContain(unread)
    for (const read of ['--from', '--to', '--config', '--journal', '--json'])
      expect(help).toContain(read)
    const plan = (await run(['migrate', 'plan', '--help'])).out
    for (const option of ['--card-data', '--since', '--safety-days']) expect(plan).toContain(option)
  })

  it('gateways fits 100 columns; --wide shows every cell on one line', async () => {
    const fitted = await run(['gateways'])
    expect(widest(fitted.out)).toBeLessThanOrEqual(100)
    expect(fitted.out).toMatch(/customers\.create\s+yes/)
    expect(fitted.out).toMatch(/settings per adapter/)
    const wide = await run(['gateways', '--wide'])
    expect(widest(wide.out)).toBeGreaterThan(100)
    expect(wide.out).toMatch(
      /payment-method inputs\s+card, bank_account, gateway_token, prior_transaction\s/,
    )
    // Narrower terminals get narrower tables.
    const c = captureIo()
    await main(['gateways'], { ...c.io, columns: 80 })
    expect(widest(c.out())).toBeLessThanOrEqual(80)
  })

  it('an unknown gateway name is answered with the configured ones', async () => {
    const env = { VAULTPORT_GATEWAY_OLD_ADAPTER: 'memory', VAULTPORT_GATEWAY_NEW_ADAPTER: 'memory' }
    const typo = await run(['customers', 'list', '-g', 'nwe'], env)
    expect(typo.code).toBe(ExitCode.usage)
    expect(typo.err).toMatch(
      /no gateway named "nwe" is configured; did you mean "new"\? \(configured: (old, new|new, old)\)/,
    )
    const far = await run(['customers', 'get', 'c1', '-g', 'production'], env)
    expect(far.err).toMatch(/no gateway named "production" is configured \(configured: /)
    const none = await run(['customers', 'list', '-g', 'x'])
    expect(none.err).toMatch(
      /no gateway named "x" is configured \(none is: add one to vaultport\.config\.json/,
    )
    const adapter = await run(['customers', 'list', '-g', 'a'], {
      VAULTPORT_GATEWAY_A_ADAPTER: 'paytrce',
    })
    expect(adapter.err).toMatch(/unknown adapter "paytrce"; did you mean "paytrace"\? \(known: /)
  })

  it('an unknown config key is refused with the nearest valid name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vp-cfg-'))
    await writeFile(
      join(dir, 'vaultport.config.json'),
      JSON.stringify({
        gateways: {
          old: {
            adapter: 'paytrace',
            clientId: 'id',
            clientSecert: 'env:X',
            enviroment: 'sandbox',
          },
        },
      }),
    )
    const file = loadConfig({ env: { X: 'x' }, cwd: dir })
    expect(file).toEqual({
      _tag: 'Left',
      left: expect.stringMatching(
        /gateway "old" \(paytrace\) has no setting "clientSecert" \(did you mean "clientSecret"\?\); .*has no setting "enviroment" \(did you mean "environment"\?\)/,
      ),
    })
    const env = loadConfig({
      env: {
        VAULTPORT_GATEWAY_NEW_ADAPTER: 'fluidpay',
        VAULTPORT_GATEWAY_NEW_APIKEY: 'k',
        VAULTPORT_GATEWAY_NEW_TIMOUT_MS: '5',
      },
      cwd: tmpdir(),
    })
    expect(env._tag).toBe('Left')
    const message = env._tag === 'Left' ? env.left : ''
    expect(message).toContain(
      'VAULTPORT_GATEWAY_NEW_APIKEY: gateway "new" (fluidpay) has no setting "apikey" (did you mean VAULTPORT_GATEWAY_NEW_API_KEY?)',
    )
    expect(message).toContain('did you mean VAULTPORT_GATEWAY_NEW_TIMEOUT_MS?')
    expect(message).not.toContain('"k"') // names, never values
    const unrelated = loadConfig({
      env: { VAULTPORT_GATEWAY_M_ADAPTER: 'memory', VAULTPORT_GATEWAY_M_COLOUR: 'red' },
      cwd: tmpdir(),
    })
    expect(unrelated).toEqual({
      _tag: 'Left',
      left: expect.stringMatching(
        /has no setting "colour" \(its settings: adapter, topology, timeoutMs/,
      ),
    })

    await writeFile(join(dir, 'top.json'), JSON.stringify({ gateway: {} }))
    expect(loadConfig({ path: 'top.json', env: {}, cwd: dir })).toEqual({
      _tag: 'Left',
      left: expect.stringMatching(/unknown key "gateway" \(did you mean "gateways"\?\)/),
    })
    // Through the command: exit 2, and the message on stderr.
    const r = await run(
      ['customers', 'list', '-g', 'old', '-c', join(dir, 'vaultport.config.json')],
      { X: 'x' },
    )
    expect(r.code).toBe(ExitCode.usage)
    expect(r.err).toMatch(/did you mean "clientSecret"/)
  })
})

describe('sandbox', () => {
  /** Starts `vaultport <args>`, runs `body` once `ready`, and always stops it (first signal). */
  const withSandbox = async (
    args: string[],
    ready: (out: string) => boolean,
    body: (c: ReturnType<typeof plainIo>, hand: ReturnType<typeof handInterrupts>) => Promise<void>,
  ) => {
    const hand = handInterrupts()
    const c = plainIo(hand.interrupts)
    const done = main(args, c.io, simulatorCommands)
    try {
      await until(() => ready(c.out()), `vaultport ${args.join(' ')}`)
      await body(c, hand)
    } finally {
      hand.fire()
      expect(await done).toBe(ExitCode.ok)
    }
    expect(hand.released()).toBe(1)
    expect(c.err()).toMatch(/stopping the simulators/)
  }

  it('prints credentials in the layout of vaultport-sandbox, and stops on the first signal', async () => {
    await withSandbox(
      ['sandbox'],
      (out) => out.includes('Ctrl-C to stop.'),
      async (c, hand) => {
        expect(hand.taken()).toBe(true)
        const url = (name: string) =>
          new RegExp(`^${name} +(http://\\S+)$`, 'm').exec(c.out())?.[1] ?? ''
        const credentials = async (base: string) =>
          ((await (await fetch(`${base}/__sandbox/credentials`)).json()) as unknown[])[0]
        const like = {
          paytrace: { url: url('PayTrace'), credentials: await credentials(url('PayTrace')) },
          fluidpay: { url: url('FluidPay'), credentials: await credentials(url('FluidPay')) },
          valor: { url: url('Valor'), credentials: await credentials(url('Valor')) },
        } as unknown as RunningSandboxes
        const notes = /^(Empty vaults|`vaultport sandbox --json`)/
        const shown = c.out().split('\n')
        const withoutNotes = shown.filter(
          (l, i) => !notes.test(l) && !(l === '' && notes.test(shown[i - 1] ?? '')),
        )
        expect(withoutNotes.join('\n')).toBe(banner(like))
      },
    )
  })

  it('--json prints a vaultport.config.json the other commands can use', async () => {
    const args = ['sandbox', '--json', '--customers', '2']
    await withSandbox(
      args,
      (out) => out.endsWith('}\n'),
      async (c) => {
        const config = oneDocument(c.out()) as { gateways: Record<string, unknown> }
        expect(Object.keys(config.gateways)).toEqual(['paytrace', 'fluidpay', 'valor'])
        expect(c.err()).toMatch(/Seeded 2 customers in each simulator\. Ctrl-C to stop\./)
        const dir = await mkdtemp(join(tmpdir(), 'vp-sbx-'))
        await writeFile(join(dir, 'vaultport.config.json'), c.out())
        for (const gateway of ['paytrace', 'fluidpay', 'valor']) {
          const list = await run(['customers', 'list', '-g', gateway, '--json'], {}, dir)
          expect(list.code).toBe(ExitCode.ok)
          expect((oneDocument(list.out) as { items: unknown[] }).items).toHaveLength(2)
        }
      },
    )
  })

  it('refuses to start where nothing can stop it', async () => {
    const c = plainIo(undefined)
    expect(await main(['sandbox'], c.io, simulatorCommands)).toBe(ExitCode.usage)
    expect(c.err()).toMatch(/runs until interrupted/)
  })
})

describe('signals', () => {
  it('only a command that takes them over hears them: first stops it, second exits 130', () => {
    const source = new EventEmitter()
    const exits: number[] = []
    const interrupts = processInterrupts({
      source: source as unknown as NodeJS.Process,
      exit: (code) => exits.push(code),
    })
    expect(source.listenerCount('SIGINT')).toBe(0) // nothing installed up front
    const stops: string[] = []
    const release = interrupts.takeOver((signal) => stops.push(signal))
    expect(source.listenerCount('SIGINT')).toBe(1)
    expect(source.listenerCount('SIGTERM')).toBe(1)
    source.emit('SIGTERM', 'SIGTERM')
    expect(stops).toEqual(['SIGTERM'])
    expect(exits).toEqual([])
    source.emit('SIGINT', 'SIGINT')
    expect(stops).toEqual(['SIGTERM'])
    expect(exits).toEqual([130])
    release()
    expect(source.listenerCount('SIGINT')).toBe(0)
    expect(source.listenerCount('SIGTERM')).toBe(0)
  })

  it('gateways and customers do not take them over (Ctrl-C ends them at once)', async () => {
    const hand = handInterrupts()
    const c = captureIo(memoryPair)
    const io = { ...c.io, interrupts: hand.interrupts }
    const dir = await mkdtemp(join(tmpdir(), 'vp-sig-'))
    for (const args of [['gateways'], ['customers', 'list', '-g', 'a']])
      expect(await main(args, { ...io, cwd: dir }, simulatorCommands)).toBe(ExitCode.ok)
    expect(hand.taken()).toBe(false)
  })
})
