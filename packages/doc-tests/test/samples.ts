/**
 * The TypeScript samples of README.md and docs/: found by their fences, typechecked together in
 * one in-memory program with the workspace's compiler options (so `@vaultport/*` resolves to the
 * sources), and the ones fenced ```ts run executed with tsx.
 *
 * Fence info strings:
 * - ```ts           compiled;
 * - ```ts run       compiled, then run (it must exit 0; a sample asserts by throwing);
 * - ```ts fragment  not compiled: a deliberate fragment (a signature listing, or code that
 *                   imports the reader's own modules). Keep these rare.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'

export const repoRoot = resolve(__dirname, '..', '..', '..')
export const packageDir = resolve(__dirname, '..')

export type SampleMode = 'compile' | 'run' | 'fragment'

export interface Sample {
  /** The Markdown file, relative to the repository root. */
  readonly file: string
  /** 1-based line of the sample's first code line in that file. */
  readonly line: number
  readonly mode: SampleMode
  readonly code: string
}

// ---- finding samples

/** README.md and every Markdown file under docs/, except the generated API reference. */
export const docFiles = (root: string = repoRoot): ReadonlyArray<string> => {
  const out: string[] = ['README.md']
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const rel = join(dir, name)
      if (rel === join('docs', 'api')) continue
      if (statSync(join(root, rel)).isDirectory()) walk(rel)
      else if (name.endsWith('.md')) out.push(rel)
    }
  }
  walk('docs')
  return out
}

const FENCE_OPEN = /^```(?:ts|typescript)(?:\s+(\S+))?\s*$/
const FENCE_CLOSE = /^```\s*$/

/** The TypeScript blocks of one Markdown text; throws on an unknown marker or an open fence. */
export const extractSamples = (file: string, markdown: string): ReadonlyArray<Sample> => {
  const lines = markdown.split('\n')
  const samples: Sample[] = []
  let open: { line: number; mode: SampleMode; body: string[] } | undefined
  let inOtherFence = false
  lines.forEach((text, i) => {
    if (open !== undefined) {
      if (FENCE_CLOSE.test(text)) {
        samples.push({ file, line: open.line, mode: open.mode, code: open.body.join('\n') })
        open = undefined
      } else open.body.push(text)
      return
    }
    if (inOtherFence) {
      if (FENCE_CLOSE.test(text)) inOtherFence = false
      return
    }
    const m = FENCE_OPEN.exec(text)
    if (m !== null) {
      const marker = m[1]
      const mode: SampleMode | undefined =
        marker === undefined
          ? 'compile'
          : marker === 'run' || marker === 'fragment'
            ? marker
            : undefined
      if (mode === undefined) throw new Error(`${file}:${i + 1}: unknown sample marker "${marker}"`)
      open = { line: i + 2, mode, body: [] }
    } else if (text.startsWith('```')) inOtherFence = true
  })
  if (open !== undefined) throw new Error(`${file}:${open.line - 1}: code fence never closed`)
  return samples
}

export const allSamples = (root: string = repoRoot): ReadonlyArray<Sample> =>
  docFiles(root).flatMap((f) => extractSamples(f, readFileSync(join(root, f), 'utf8')))

// ---- compiling

const slug = (s: Sample) => `${s.file.replace(/[^A-Za-z0-9]+/g, '_')}_L${s.line}`

/** The workspace's compiler options: tsconfig.base.json with its `paths`, nothing emitted. */
export const compilerOptions = (): ts.CompilerOptions => {
  const path = join(repoRoot, 'tsconfig.base.json')
  const read = ts.readConfigFile(path, (p) => ts.sys.readFile(p))
  if (read.error !== undefined)
    throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, path)
  // Samples are application code: no declarations, so no portable-type-name errors.
  return { ...parsed.options, noEmit: true, declaration: false, sourceMap: false }
}

export interface SampleProblem {
  /** `file.md:line`, the line in the Markdown file. */
  readonly at: string
  readonly message: string
}

/**
 * Typechecks the samples in one program. Each sample is its own module (an `export {}` is
 * appended, so top-level `await` works and names do not clash), living in a virtual file inside
 * this package so bare imports such as `fp-ts/Either` resolve as they would in an application.
 *
 * `scope: 'program'` (the default) reports every diagnostic of the program, the sources' own
 * included; `'samples'` reports only the samples' (the sources are `typecheck`'s job), which
 * spares checking every file of the workspace.
 */
export const typecheckSamples = (
  samples: ReadonlyArray<Sample>,
  scope: 'program' | 'samples' = 'program',
): ReadonlyArray<SampleProblem> => {
  const virtualDir = join(packageDir, '.samples')
  const byPath = new Map<string, Sample>()
  for (const s of samples) byPath.set(join(virtualDir, `${slug(s)}.ts`), s)
  const source = (s: Sample) => `${s.code}\nexport {}\n`
  const options = compilerOptions()
  const host = ts.createCompilerHost(options, true)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (f) => byPath.has(resolve(f)) || fileExists(f)
  host.readFile = (f) => {
    const s = byPath.get(resolve(f))
    return s === undefined ? readFile(f) : source(s)
  }
  host.getSourceFile = (f, language, onError, shouldCreate) => {
    const s = byPath.get(resolve(f))
    return s === undefined
      ? getSourceFile(f, language, onError, shouldCreate)
      : ts.createSourceFile(f, source(s), language, true)
  }
  const program = ts.createProgram([...byPath.keys()], options, host)
  const problems: SampleProblem[] = []
  const diagnostics =
    scope === 'program'
      ? ts.getPreEmitDiagnostics(program)
      : [...byPath.keys()].flatMap((f) =>
          ts.getPreEmitDiagnostics(program, program.getSourceFile(f)),
        )
  for (const d of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    const sample = d.file === undefined ? undefined : byPath.get(resolve(d.file.fileName))
    if (d.file === undefined || d.start === undefined) {
      problems.push({ at: '(program)', message })
    } else if (sample === undefined) {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start)
      problems.push({ at: `${relative(repoRoot, d.file.fileName)}:${line + 1}`, message })
    } else {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start)
      problems.push({ at: `${sample.file}:${sample.line + line}`, message })
    }
  }
  return problems
}

// ---- running

export interface RunResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs one sample as an ES module with tsx, `@vaultport/*` mapped to the sources. */
export const runSample = (sample: Sample, timeoutMs = 60_000): RunResult => {
  const dir = mkdtempSync(join(packageDir, '.samples-run-'))
  try {
    const file = join(dir, `${slug(sample)}.mts`)
    writeFileSync(file, `${sample.code}\nexport {}\n`)
    const tsx = join(packageDir, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const r = spawnSync(
      process.execPath,
      [tsx, '--tsconfig', join(repoRoot, 'tsconfig.base.json'), file],
      { cwd: dir, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NODE_OPTIONS: '' } },
    )
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
