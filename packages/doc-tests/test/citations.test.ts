/**
 * The docs and the sources stand alone: no page and no source file cites our private working
 * notes (which no user can open) or points at a path outside the repository. What the adapters
 * rely on is cited as a link to docs/gateways/sources.md instead, and every such link (and every
 * link into docs/wire-assumptions.md) must land on a heading that exists.
 *
 * Scanned: README.md and every Markdown file under docs/ except the generated docs/api (the same
 * set the sample checker reads), and every `packages/<name>/src/**.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { docFiles, repoRoot } from './samples'

// ---- what may not appear

interface Rule {
  readonly name: string
  readonly pattern: RegExp
}

/** Each rule is one kind of reference a reader cannot follow. */
export const rules: ReadonlyArray<Rule> = [
  { name: 'notes section (GF §, WA §, RF §)', pattern: /\b(?:GF|WA|RF)\s*§/ },
  { name: 'bare notes section (§1.2, §P.3)', pattern: /§\s*(?:\d|[A-Z]\.\d)/ },
  { name: 'notes file name', pattern: /GATEWAY-FACTS|RECURRING-FACTS/ },
  { name: 'notes spec tag (SPEC-FP, SPEC-PT, …)', pattern: /\bSPEC-[A-Z]/ },
  {
    name: 'notes source key (PT-SHOP, FP-DART, VL-DEXA, …)',
    pattern: /\b(?:PT|FP|VL)-[A-Z][A-Z0-9]/,
  },
  {
    name: 'spec text kept outside the repository',
    pattern:
      /\b(?:paytrace-v3-customer-vault|paytrace-v3-recurring-payment|fluidpay-customer-vault|valor-vault-responses)\.txt\b/,
  },
  { name: 'path to ../shared', pattern: /\.\.\/shared\b|\bshared\/specs\b/ },
  { name: 'path under /work/', pattern: /(?<![\w.:/-])\/work\// },
  {
    name: 'absolute home path',
    pattern: /(?<![\w.:/-])\/(?:home|Users)\/[\w.-]+|\b[A-Za-z]:\\Users\\/,
  },
]

export interface Finding {
  readonly at: string
  readonly rule: string
  readonly text: string
}

/** Every rule broken by `text`, one finding per line and rule, `at` as `file:line`. */
export const scan = (file: string, text: string): ReadonlyArray<Finding> =>
  text
    .split('\n')
    .flatMap((line, i) =>
      rules
        .filter((r) => r.pattern.test(line))
        .map((r) => ({ at: `${file}:${i + 1}`, rule: r.name, text: line.trim().slice(0, 160) })),
    )

// ---- which files

/** `packages/<name>/src/**.ts`, relative to the repository root. */
export const sourceFiles = (root: string = repoRoot): ReadonlyArray<string> => {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      if (name === 'node_modules' || name === 'dist') continue
      const rel = join(dir, name)
      if (statSync(join(root, rel)).isDirectory()) walk(rel)
      else if (name.endsWith('.ts')) out.push(rel)
    }
  }
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    const src = join('packages', pkg, 'src')
    try {
      if (statSync(join(root, src)).isDirectory()) walk(src)
    } catch {
      // a package without src/
    }
  }
  return out
}

const read = (file: string): string => readFileSync(join(repoRoot, file), 'utf8')

// ---- anchors

/** GitHub's heading ids: lower case, punctuation dropped, each space a hyphen; repeats numbered. */
export const headingIds = (markdown: string): ReadonlySet<string> => {
  const ids = new Set<string>()
  const seen = new Map<string, number>()
  let fence = false
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fence = !fence
    if (fence) continue
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (m === null) continue
    const base = (m[1] ?? '')
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    ids.add(n === 0 ? base : `${base}-${n}`)
  }
  return ids
}

/** The pages whose anchors are checked: the sources page and the wire assumptions. */
const anchored = ['docs/gateways/sources.md', 'docs/wire-assumptions.md']

interface Link {
  readonly at: string
  readonly target: string
  readonly anchor: string
}

/** Markdown links `](x.md#anchor)` from `file` that resolve to one of the anchored pages. */
const markdownLinks = (file: string, text: string): ReadonlyArray<Link> =>
  text.split('\n').flatMap((line, i) =>
    [...line.matchAll(/\]\(([^)\s#]*\.md)?#([^)\s]+)\)/g)].flatMap((m) => {
      const target =
        m[1] === undefined || m[1] === ''
          ? file
          : posix.normalize(posix.join(dirname(file).split('\\').join('/'), m[1]))
      return anchored.includes(target)
        ? [{ at: `${file}:${i + 1}`, target, anchor: m[2] ?? '' }]
        : []
    }),
  )

/** Mentions `docs/gateways/sources.md#anchor` in source comments and strings. */
const sourceLinks = (file: string, text: string): ReadonlyArray<Link> =>
  text.split('\n').flatMap((line, i) =>
    [...line.matchAll(/\b(docs\/gateways\/sources\.md)#([a-z0-9_-]+)/g)].map((m) => ({
      at: `${file}:${i + 1}`,
      target: m[1] ?? '',
      anchor: m[2] ?? '',
    })),
  )

// ---- the tests

describe('no internal citations, no paths outside the repository', () => {
  const docs = docFiles()
  const sources = sourceFiles()

  it('reads README.md, every page under docs/ (not docs/api) and every package source', () => {
    expect(docs).toContain('README.md')
    expect(docs).toContain('docs/gateways/sources.md')
    expect(docs.some((f) => f.startsWith('docs/api'))).toBe(false)
    expect(sources).toContain(join('packages', 'paytrace', 'src', 'wire.ts'))
    expect(sources.some((f) => f.includes('node_modules') || f.includes('/dist/'))).toBe(false)
  })

  it.each(docs.map((f) => [f] as const))('%s cites nothing a reader cannot open', (file) => {
    expect(scan(file, read(file))).toEqual([])
  })

  it.each(sources.map((f) => [f] as const))('%s cites nothing a reader cannot open', (file) => {
    expect(scan(file, read(file))).toEqual([])
  })
})

describe('links into the sources page and the wire assumptions resolve', () => {
  const ids = new Map(anchored.map((f) => [f, headingIds(read(f))] as const))
  const links = [
    ...docFiles().flatMap((f) => markdownLinks(f, read(f))),
    ...sourceFiles().flatMap((f) => sourceLinks(f, read(f))),
  ]

  it('the docs link to the sources page', () => {
    expect(links.filter((l) => l.target === 'docs/gateways/sources.md').length).toBeGreaterThan(20)
  })

  it('every anchor names a heading of its page', () => {
    const broken = links
      .filter((l) => !(ids.get(l.target)?.has(l.anchor) ?? false))
      .map((l) => `${l.at}: ${l.target}#${l.anchor}`)
    expect(broken).toEqual([])
  })
})

describe('the citation checker', () => {
  it.each([
    ['a notes section', 'the token (GF §1.2) is …'],
    ['an old wire-assumptions id', 'assumed (WA §P.1)'],
    ['a recurring notes section', 'see RF §2.4'],
    ['a bare section sign', '[CONFLICT, §1.4]'],
    ['a bare wire-assumptions section', 'the search (§F.5)'],
    ['the notes file', 'GATEWAY-FACTS.md'],
    ['the recurring notes file', '`RECURRING-FACTS.md`'],
    ['a spec tag', "spec('POST', '/api/vault/customer', 'SPEC-FP F1')"],
    ['a source key', '[CLIENT: PT-SHOP]'],
    ['another source key', '"MM/YY" (FP-DART)'],
    ['a spec file', 'Spec: `valor-vault-responses.txt`'],
    ['../shared', 'read ../shared/specs first'],
    ['shared/specs', '`shared/specs/fluidpay-customer-vault`'],
    ['/work/', 'Written from `/work/shared/specs/`'],
    ['a home path', 'cd /home/dev/vaultport'],
    ['a macOS home path', 'open /Users/ada/notes.md'],
    ['a Windows home path', 'C:\\Users\\ada\\notes.md'],
  ])('flags %s', (_what, line) => {
    expect(scan('x.md', line).length).toBeGreaterThan(0)
  })

  it.each([
    ['a link to the sources page', 'see [auth](gateways/sources.md#paytrace-hosts-and-auth)'],
    ['a comment pointing at the sources page', '// see docs/gateways/sources.md#valor-recurring'],
    ['a wire-assumptions section', 'docs/wire-assumptions.md P.4'],
    ['the state of Washington', "{ city: 'Spokane', state: 'WA', zip: '99201' }"],
    ['fp-ts', "import * as E from 'fp-ts/lib/Either.js'"],
    ['a URL with /work/ in it', 'https://example.com/work/item'],
    ['a repository path', 'packages/sandbox/src/paytrace/profile.ts'],
  ])('passes %s', (_what, line) => {
    expect(scan('x.md', line)).toEqual([])
  })

  it('reports file, line and rule', () => {
    const found = scan('docs/t.md', 'fine\n  assumed (WA §P.1)')
    expect(found.map((f) => f.at)).toEqual(['docs/t.md:2', 'docs/t.md:2'])
    expect(found[0]).toEqual({
      at: 'docs/t.md:2',
      rule: 'notes section (GF §, WA §, RF §)',
      text: 'assumed (WA §P.1)',
    })
  })

  it('computes GitHub heading ids', () => {
    const ids = headingIds(
      [
        '# Where the wire facts come from',
        '### P.1 Token grant — `POST /v3/token`',
        '## FluidPay (`/api/vault`)',
        '```',
        '# not a heading',
        '```',
        '### PayTrace customers',
        '### PayTrace customers',
      ].join('\n'),
    )
    expect([...ids]).toEqual([
      'where-the-wire-facts-come-from',
      'p1-token-grant--post-v3token',
      'fluidpay-apivault',
      'paytrace-customers',
      'paytrace-customers-1',
    ])
  })
})
