// The packages as a new user gets them: `pnpm pack` every public package, install the tarballs
// with npm into fresh consumer projects — TypeScript ESM (`node16`), TypeScript ESM (`bundler`,
// then bundled with esbuild) and plain CommonJS — compile each with `tsc --strict` and
// `skipLibCheck: false`, and run with plain `node`: the samples of docs/getting-started.md and of
// the package READMEs, an import of every package, an application codec built from core's, and
// every adapter against its simulator (started from @vaultport/sandbox).
// Also checks what each tarball carries (README, LICENSE, repository, homepage, keywords, bins),
// that each bin runs, that the install holds one copy each of fp-ts, io-ts and axios, and that
// each page's install lines name every package its samples import.
//
// The consumers are an application on the oldest fp-ts and io-ts the peer ranges admit (older
// patches than the workspace's): the packages must share the application's copy. Run after `pnpm build`; one to two minutes on 2 cores.
// Usage: node packages/tooling/check-consumers.mjs [--keep]   (--keep: leave the temp folder)
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { clearTimeout, setTimeout } from 'node:timers'
import { basename, join, relative } from 'node:path'
import ts from 'typescript'

/**
 * The application's own fp-ts and io-ts: the oldest versions every package's peer range admits,
 * or, for a package that declares none, older patches than the workspace's (one copy of each
 * must serve the application and vaultport alike).
 */
const APP_FALLBACK_VERSIONS = { 'fp-ts': '2.16.0', 'io-ts': '2.2.20' }
const SINGLE_COPY = ['fp-ts', 'io-ts', 'axios']
const REQUIRED_FILES = ['README.md', 'LICENSE']
const REQUIRED_FIELDS = ['repository', 'homepage', 'keywords', 'license']
const RUN_TIMEOUT_MS = 60_000

const root = join(import.meta.dirname, '..', '..')
const here = import.meta.dirname
const keep = process.argv.includes('--keep')
const started = Date.now()
const failures = []
const at = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`
const fail = (step, detail) => {
  failures.push({ step, detail: detail.trimEnd() })
  console.log(`FAIL ${at()}  ${step}\n${indent(detail.trimEnd())}`)
}
const ok = (step) => console.log(`ok   ${at()}  ${step}`)
const indent = (s, max = 40) => {
  const lines = s.split('\n')
  const shown =
    lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more`] : lines
  return shown.map((l) => `     ${l}`).join('\n')
}

/** Runs a command; resolves to { code, out } (stdout and stderr together), never rejects. */
const run = (cmd, args, { cwd, timeoutMs = RUN_TIMEOUT_MS, env } = {}) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: 'pipe' })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const timer = setTimeout(() => {
      out += `\n(killed after ${timeoutMs} ms)`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      resolve({ code: -1, out: `${out}${e.message}` })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })

/** Runs `tasks` (functions returning promises) at most `width` at a time, in order of results. */
const pool = async (tasks, width = 2) => {
  const results = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: width }, worker))
  return results
}

const semver = (v) => v.split('.').map(Number)
const newer = (a, b) => {
  const [x, y] = [semver(a), semver(b)]
  const i = x.findIndex((n, k) => n !== y[k])
  return i !== -1 && x[i] > y[i]
}

/** The floor of each peer range (`^2.16.0` → 2.16.0), the highest floor across packages. */
const appVersions = (packages) =>
  Object.fromEntries(
    Object.entries(APP_FALLBACK_VERSIONS).map(([name, fallback]) => {
      const floors = packages
        .map((p) => /^\^?(\d+\.\d+\.\d+)$/.exec(p.manifest.peerDependencies?.[name] ?? '')?.[1])
        .filter((v) => v !== undefined)
      return [name, floors.reduce((a, b) => (newer(b, a) ? b : a), floors[0] ?? fallback)]
    }),
  )

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'))
const writeJson = (path, value) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)

// ---- the public packages, packed

const publicPackages = () =>
  readdirSync(join(root, 'packages'))
    .map((name) => ({ dir: join(root, 'packages', name), folder: name }))
    .filter(({ dir }) => existsSync(join(dir, 'package.json')))
    .map((p) => ({ ...p, manifest: readJson(join(p.dir, 'package.json')) }))
    .filter(({ manifest }) => manifest.private !== true)

const pack = async (pkg, into) => {
  if (!existsSync(join(pkg.dir, 'dist'))) throw new Error(`${pkg.folder}: no dist (run pnpm build)`)
  const r = await run('pnpm', ['pack', '--pack-destination', into], { cwd: pkg.dir })
  const tarball = readdirSync(into).find(
    (f) =>
      f.startsWith(`${pkg.manifest.name.replace('@', '').replace('/', '-')}-`) &&
      f.endsWith('.tgz'),
  )
  if (r.code !== 0 || tarball === undefined) throw new Error(`pnpm pack ${pkg.folder}:\n${r.out}`)
  return join(into, tarball)
}

/** What a tarball carries: its files, README/LICENSE, metadata, bins. */
const checkTarball = async (pkg, tarball) => {
  const listed = await run('tar', ['-tzf', tarball])
  const files = new Set(listed.out.split('\n').map((f) => f.replace(/^package\//, '')))
  const manifest = JSON.parse((await run('tar', ['-xOzf', tarball, 'package/package.json'])).out)
  const problems = [
    ...REQUIRED_FILES.filter((f) => !files.has(f)).map((f) => `no ${f}`),
    ...REQUIRED_FIELDS.filter((f) => {
      const v = manifest[f]
      return v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
    }).map((f) => `no "${f}" in package.json`),
    ...Object.values(manifest.bin ?? {})
      .filter((b) => !files.has(b.replace(/^\.\//, '')))
      .map((b) => `bin ${b} is not in the tarball`),
    ...Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })
      .filter(([, range]) => String(range).startsWith('workspace:'))
      .map(([name, range]) => `${name}: ${range} left in the packed manifest`),
  ]
  const step = `tarball ${basename(tarball)} (${files.size - 1} files)`
  if (problems.length > 0) fail(step, problems.join('\n'))
  else ok(step)
}

// ---- the documentation samples

const FENCE = /^```(\S*)(?:[ \t]+(\S+))?\s*$/

/** The fenced blocks of a Markdown text: { lang, marker, line, code }. */
const fences = (markdown) => {
  const out = []
  let open
  markdown.split('\n').forEach((text, i) => {
    if (open !== undefined) {
      if (/^```\s*$/.test(text)) {
        out.push({ ...open, code: open.body.join('\n') })
        open = undefined
      } else open.body.push(text)
      return
    }
    const m = FENCE.exec(text)
    if (m !== null) open = { lang: m[1], marker: m[2], line: i + 2, body: [] }
  })
  return out
}

const packageOf = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]

const bareImports = (code) =>
  [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/g)]
    .map((m) => m[1])
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:'))

/**
 * The TypeScript samples (not fragments) of one Markdown page, named after the page and line;
 * also checks that the page's install lines name every package its samples import.
 */
const pageSamples = (file, prefix) => {
  const blocks = fences(readFileSync(join(root, file), 'utf8'))
  const samples = blocks
    .filter((b) => (b.lang === 'ts' || b.lang === 'typescript') && b.marker !== 'fragment')
    .map((b) => ({ name: `${prefix}-L${b.line}`, code: b.code }))
  const installed = new Set(
    blocks
      .filter((b) => b.lang === 'sh' || b.lang === 'bash')
      .flatMap((b) => b.code.split('\n'))
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => /^(npm (install|i|add)|pnpm add|yarn add)\b/.test(l))
      .flatMap((l) => l.split(/\s+/).slice(2))
      .filter((w) => !w.startsWith('-'))
      .map((w) => w.replace(/(.)@.*$/, '$1')),
  )
  const imported = new Set(samples.flatMap((s) => bareImports(s.code)).map(packageOf))
  const missing = [...imported].filter((p) => !installed.has(p)).sort()
  if (missing.length > 0)
    fail(`${file}: install lines`, `samples import, install lines omit: ${missing.join(', ')}`)
  return { samples, missing }
}

/** The samples of docs/getting-started.md and of each public package's README. */
const allSamples = (packages) => {
  const pages = [
    pageSamples(join('docs', 'getting-started.md'), 'getting-started'),
    ...packages
      .filter((p) => existsSync(join(p.dir, 'README.md')))
      .map((p) => pageSamples(join('packages', p.folder, 'README.md'), `readme-${p.folder}`)),
  ]
  const samples = pages.flatMap((p) => p.samples)
  if (pages.every((p) => p.missing.length === 0))
    ok(
      `${samples.length} samples on ${pages.length} pages, whose install lines name what they import`,
    )
  return samples
}

/**
 * A sample as a CommonJS program: its imports stay on top, the rest runs in an async function
 * (CommonJS has no top-level await) with its `export`s dropped.
 */
const asCommonJs = (code) => {
  const source = ts.createSourceFile('sample.ts', code, ts.ScriptTarget.ES2022, true)
  const imports = []
  const body = []
  for (const s of source.statements) {
    if (ts.isImportDeclaration(s)) imports.push(s.getFullText())
    else if (ts.isExportDeclaration(s)) continue
    else {
      const text = s.getFullText()
      const exported =
        ts.canHaveModifiers(s) && ts.getModifiers(s)?.[0]?.kind === ts.SyntaxKind.ExportKeyword
      body.push(exported ? text.replace(/\bexport\s+/, '') : text)
    }
  }
  return [
    ...imports,
    '\nconst sample = async (): Promise<void> => {',
    ...body,
    '\n}\nsample().catch((e: unknown) => {\n  console.error(e)\n  process.exitCode = 1\n})\n',
  ].join('')
}

// ---- the consumer projects

const tsconfig = (compilerOptions) => ({
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    skipLibCheck: false,
    rootDir: 'src',
    outDir: 'out',
    ...compilerOptions,
  },
  include: ['src'],
})

const PROJECTS = [
  {
    name: 'esm-node16',
    type: 'module',
    tsconfig: tsconfig({ module: 'node16', moduleResolution: 'node16' }),
    ext: '.js',
  },
  {
    name: 'esm-bundler',
    type: 'module',
    tsconfig: tsconfig({ module: 'esnext', moduleResolution: 'bundler', noEmit: true }),
    ext: '.mjs',
    bundle: true,
  },
  {
    name: 'cjs',
    type: 'commonjs',
    tsconfig: tsconfig({ module: 'commonjs', esModuleInterop: true }),
    ext: '.js',
    commonJs: true,
  },
]

/** One module that imports every public package, so tsc checks all their declarations. */
const everyPackage = (packages) => {
  const names = packages.map((p) => p.manifest.name)
  const id = (n) => n.replace(/^@vaultport\//, '').replace(/[^A-Za-z0-9]/g, '_')
  return [
    ...names.map((n) => `import * as ${id(n)} from '${n}'`),
    '',
    `const loaded: Record<string, object> = { ${names.map((n) => `'${n}': ${id(n)}`).join(', ')} }`,
    'for (const [name, namespace] of Object.entries(loaded))',
    '  if (Object.keys(namespace).length === 0) throw new Error(`${name} exports nothing`)',
    '',
  ].join('\n')
}

const writeProject = (dir, project, samples, packages) => {
  mkdirSync(join(dir, 'src'), { recursive: true })
  writeJson(join(dir, 'package.json'), {
    name: `consumer-${project.name}`,
    private: true,
    type: project.type,
  })
  writeJson(join(dir, 'tsconfig.json'), project.tsconfig)
  const programs = []
  const add = (name, code) => {
    writeFileSync(join(dir, 'src', `${name}.ts`), code)
    programs.push(name)
  }
  add('every-package', everyPackage(packages))
  add('codecs', readFileSync(join(here, 'consumers', 'codecs.ts'), 'utf8'))
  add('simulators', readFileSync(join(here, 'consumers', 'simulators.ts'), 'utf8'))
  // Samples not marked `run` only define and construct (no gateway call), so they run as well.
  for (const s of samples)
    add(s.name, project.commonJs ? asCommonJs(s.code) : `${s.code}\nexport {}\n`)
  return programs
}

const esbuild = () => {
  const fromTooling = createRequire(join(here, 'package.json'))
  return createRequire(fromTooling.resolve('tsup')).resolve('esbuild')
}

const bundle = async (dir, programs) => {
  const { build } = await import(esbuild())
  await build({
    absWorkingDir: dir,
    entryPoints: programs.map((p) => `src/${p}.ts`),
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // CommonJS inside the bundle (fp-ts/lib) may require Node built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  })
}

/** Every installed copy of `name` under node_modules: "version at path". */
const copiesOf = (modules, name) => {
  const found = []
  const walk = (dir) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      const path = join(dir, entry.name)
      if (entry.name.startsWith('@')) {
        walk(path)
        continue
      }
      const manifest = join(path, 'package.json')
      if (existsSync(manifest)) {
        const m = readJson(manifest)
        if (m.name === name) found.push(`${m.version} at ${relative(modules, path)}`)
      }
      walk(join(path, 'node_modules'))
    }
  }
  walk(modules)
  return found
}

/**
 * Compiles one consumer project and runs its programs. Returns its results rather than printing
 * them, so projects can run side by side and still report in order.
 */
const checkProject = async (consumers, project, samples, packages) => {
  const results = []
  const note = (step, problem) => results.push({ step, problem, at: at() })
  const dir = join(consumers, project.name)
  const programs = writeProject(dir, project, samples, packages)
  const tsc = join(consumers, 'node_modules', 'typescript', 'bin', 'tsc')
  const compiled = await run(
    process.execPath,
    [tsc, '-p', '.', '--strict', '--skipLibCheck', 'false', '--pretty', 'false'],
    { cwd: dir, timeoutMs: 180_000 },
  )
  note(
    `${project.name}: tsc --strict, skipLibCheck false`,
    compiled.code === 0 ? undefined : compiled.out,
  )
  if (project.bundle) {
    try {
      await bundle(dir, programs)
    } catch (e) {
      note(`${project.name}: esbuild bundle`, e instanceof Error ? e.message : String(e))
      return results
    }
  }
  const runs = await pool(
    programs.map((p) => async () => {
      const file = join(dir, 'out', `${p}${project.ext}`)
      if (!existsSync(file)) return { p, code: -1, out: `${relative(dir, file)} was not emitted` }
      return { p, ...(await run(process.execPath, [file], { cwd: dir })) }
    }),
    3,
  )
  for (const r of runs.filter((r) => r.code !== 0))
    note(`${project.name}: node out/${r.p}${project.ext}`, r.out)
  const passed = runs.filter((r) => r.code === 0).map((r) => r.p)
  if (passed.length > 0)
    note(
      `${project.name}: node ran ${passed.length}/${runs.length}: ${passed.join(', ')}`,
      undefined,
    )
  return results
}

const main = async () => {
  const temp = mkdtempSync(join(tmpdir(), 'vaultport-consumers-'))
  const cleanUp = () => {
    if (keep) console.log(`kept ${temp}`)
    else rmSync(temp, { recursive: true, force: true })
  }
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => {
      cleanUp()
      process.exit(130)
    })
  try {
    const packages = publicPackages()
    const tarballs = join(temp, 'tarballs')
    mkdirSync(tarballs)
    const packed = await pool(
      packages.map((p) => () => pack(p, tarballs)),
      4,
    )
    ok(`packed ${packed.length} packages`)
    for (const [i, t] of packed.entries()) await checkTarball(packages[i], t)
    const samples = allSamples(packages)

    // One install shared by the three projects (each its own package.json and tsconfig).
    const consumers = join(temp, 'consumers')
    mkdirSync(consumers)
    const workspace = readJson(join(root, 'package.json')).devDependencies
    const app = appVersions(packages)
    writeJson(join(consumers, 'package.json'), {
      name: 'vaultport-consumers',
      private: true,
      dependencies: {
        ...Object.fromEntries(
          packages.map((p, i) => [p.manifest.name, `file:${relative(consumers, packed[i])}`]),
        ),
        ...app,
      },
      devDependencies: {
        typescript: workspace.typescript,
        '@types/node': workspace['@types/node'],
      },
    })
    const installed = await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=warn',
      ],
      { cwd: consumers, timeoutMs: 300_000 },
    )
    const installStep = `npm install of the tarballs with ${Object.entries(app)
      .map((e) => e.join('@'))
      .join(', ')}`
    if (installed.code !== 0) {
      fail(installStep, installed.out)
      return
    }
    // A peer range that does not admit the application's version is a warning, not an error.
    const peerWarnings = installed.out.split('\n').filter((l) => /ERESOLVE|peer/i.test(l))
    if (peerWarnings.length > 0) fail(`${installStep}: peer warnings`, peerWarnings.join('\n'))
    else ok(installStep)
    const bins = packages.flatMap((p) => Object.keys(p.manifest.bin ?? {}))
    for (const bin of bins) {
      const r = await run(join(consumers, 'node_modules', '.bin', bin), ['--help'], {
        cwd: consumers,
      })
      if (r.code !== 0) fail(`npx ${bin} --help`, r.out)
      else ok(`npx ${bin} --help`)
    }
    for (const name of SINGLE_COPY) {
      const copies = copiesOf(join(consumers, 'node_modules'), name)
      if (copies.length > 1) fail(`one copy of ${name}`, copies.join('\n'))
      else ok(`one copy of ${name} (${copies[0] ?? 'none'})`)
    }
    // Two projects at a time (CI has 2 cores); results print in project order.
    const projects = PROJECTS.map(
      (project) => () => checkProject(consumers, project, samples, packages),
    )
    for (const results of await pool(projects, 2))
      for (const r of results) {
        if (r.problem === undefined) console.log(`ok   ${r.at}  ${r.step}`)
        else {
          failures.push({ step: r.step })
          console.log(`FAIL ${r.at}  ${r.step}\n${indent(r.problem.trimEnd())}`)
        }
      }
  } finally {
    cleanUp()
  }
}

main()
  .catch((e) => fail('check-consumers', e instanceof Error ? (e.stack ?? e.message) : String(e)))
  .finally(() => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    if (failures.length === 0) console.log(`check-consumers: all passed in ${seconds} s`)
    else {
      console.log(`check-consumers: ${failures.length} failed in ${seconds} s:`)
      for (const f of failures) console.log(`  - ${f.step}`)
      process.exitCode = 1
    }
  })
