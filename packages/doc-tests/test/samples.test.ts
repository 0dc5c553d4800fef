import { allSamples, docFiles, extractSamples, runSample, typecheckSamples } from './samples'

const samples = allSamples()
const checked = samples.filter((s) => s.mode !== 'fragment')

describe('documentation samples', () => {
  it('finds the samples of README.md and every page under docs/', () => {
    const files = docFiles()
    expect(files).toContain('README.md')
    expect(files).toContain('docs/getting-started.md')
    expect(files.some((f) => f.startsWith('docs/api'))).toBe(false)
    expect(checked.length).toBeGreaterThanOrEqual(15)
    expect(samples.filter((s) => s.mode === 'run').length).toBeGreaterThanOrEqual(1)
  })

  it('keeps fragments rare', () => {
    expect(samples.filter((s) => s.mode === 'fragment').length).toBeLessThanOrEqual(3)
  })

  it('every ts sample typechecks against the sources', () => {
    const problems = typecheckSamples(checked)
    expect(problems.map((p) => `${p.at}: ${p.message}`)).toEqual([])
  })

  it.each(samples.filter((s) => s.mode === 'run').map((s) => [`${s.file}:${s.line}`, s] as const))(
    '%s runs to completion',
    (_at, sample) => {
      const r = runSample(sample)
      if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`)
      expect(r.status).toBe(0)
    },
  )
})

describe('the sample checker', () => {
  it('reads markers and reports the Markdown line of an error', () => {
    const md = [
      '# t',
      '```ts',
      "const n: number = 'x'",
      '```',
      '```ts fragment',
      'not even typescript',
      '```',
      '```sh',
      '```ts',
      '```',
      '```ts run',
      'const ok = 1',
      '```',
    ].join('\n')
    const found = extractSamples('docs/t.md', md)
    expect(found.map((s) => [s.line, s.mode])).toEqual([
      [3, 'compile'],
      [6, 'fragment'],
      [12, 'run'],
    ])
    const problems = typecheckSamples(found.filter((s) => s.mode !== 'fragment'))
    expect(problems).toHaveLength(1)
    expect(problems[0]?.at).toBe('docs/t.md:3')
    expect(problems[0]?.message).toMatch(/not assignable to type 'number'/)
  })

  it('rejects an unknown marker and an unclosed fence', () => {
    expect(() => extractSamples('a.md', '```ts maybe\nx\n```')).toThrow(
      'a.md:1: unknown sample marker',
    )
    expect(() => extractSamples('a.md', '\n```ts\nx')).toThrow('a.md:2: code fence never closed')
  })

  it('runs a sample and reports a failing one', () => {
    const bad = runSample({
      file: 'docs/t.md',
      line: 1,
      mode: 'run',
      code: "import { customerId } from '@vaultport/core'\nif (customerId('a') === 'a') throw new Error('boom')",
    })
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain('boom')
  })
})
