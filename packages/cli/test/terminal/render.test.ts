// The terminal renderers on their own: the progress bar against a recorded fake TTY (the screen
// a person would see) and a pipe, tables fitted to a width, "did you mean" suggestions, and the
// output helper's streams. The clock is the test's: nothing here depends on real time.
import { output, renderTable, wrapText } from '../../src'
import { progressBar } from '../../src/progress'
import { editDistance, nearest } from '../../src/suggest'
import { fakeTerminal, screenOf } from './screen'

describe('the progress bar on a terminal', () => {
  it('redraws in place: a shorter line leaves nothing of a longer one, the last line once', () => {
    const t = fakeTerminal(true)
    const bar = progressBar(t.io, 'old → new', 50)
    const shown: string[] = []
    for (let done = 1; done <= 50; done++) {
      t.tick(1000) // one customer a second: the ETA counts down 49s … 10s, 9s … 0s
      bar.update(done)
      shown.push(screenOf(t.err()).join('\n'))
    }
    bar.finish()
    // Every intermediate screen is one clean line; none has a remnant such as "ETA 9ss".
    for (const screen of shown) {
      expect(screen.split('\n')).toHaveLength(1)
      expect(screen).toMatch(/^old → new \[[#.]{24}\] \d+\/50 \d+% \d+\.\d\/s ETA \d+s$/)
    }
    expect(shown[40]).toMatch(/ 41\/50 82% .* ETA 9s$/)
    expect(shown[49]).toMatch(/ 50\/50 100% .* ETA 0s$/)
    // The final screen: the finished bar, exactly once, with the time taken instead of an ETA.
    const screen = screenOf(t.err())
    expect(screen).toEqual([
      expect.stringMatching(/^old → new \[#{24}\] 50\/50 100% [\d.]+\/s in \d+s$/),
    ])
    expect(t.err()).toContain('\x1b[K')
    expect(t.out()).toBe('') // progress never touches stdout
  })

  it('writes notes above the bar without tearing it, and cuts a line to the terminal width', () => {
    const t = fakeTerminal(true, 40)
    const out = output(t.io, {})
    const bar = out.progress('a long label for a narrow terminal', 10)
    t.tick(1000)
    bar.update(3)
    out.warn('the target answered slowly')
    t.tick(1000)
    bar.update(4)
    const screen = screenOf(t.err())
    expect(screen).toHaveLength(2)
    expect(screen[0]).toBe('vaultport: warning: the target answered slowly')
    expect(screen[1]).toMatch(/^a long label for a narrow terminal \[#+/)
    expect(screen[1]?.length).toBe(39)
    expect(screen[1]?.endsWith('…')).toBe(true)
    bar.finish()
    out.log('after\n')
    expect(screenOf(t.err())).toEqual([screen[0], expect.stringMatching(/^a long label/), 'after'])
  })

  it('redraws at most every 100 ms but always shows the final state', () => {
    const t = fakeTerminal(true)
    const bar = progressBar(t.io, 'x', 1000)
    for (let done = 1; done <= 1000; done++) {
      t.tick(1)
      bar.update(done)
    }
    const draws = t.err().split('\r').length - 1
    expect(draws).toBeLessThanOrEqual(11)
    bar.finish()
    expect(screenOf(t.err())).toEqual([expect.stringMatching(/ 1000\/1000 100% .* in /)])
  })
})

describe('the progress bar in a pipe', () => {
  it('prints a plain line every 10% and the last line exactly once', () => {
    const t = fakeTerminal(false)
    const bar = progressBar(t.io, 'old → new', 50)
    for (let done = 1; done <= 50; done++) {
      t.tick(100)
      bar.update(done)
    }
    bar.finish()
    bar.finish()
    const lines = t.err().trimEnd().split('\n')
    expect(t.err()).not.toContain('\r')
    expect(t.err()).not.toContain('\x1b')
    expect(lines.map((l) => /(\d+)\/50/.exec(l)?.[1])).toEqual([
      '5',
      '10',
      '15',
      '20',
      '25',
      '30',
      '35',
      '40',
      '45',
      '50',
    ])
    expect(lines.filter((l) => l.includes('50/50'))).toHaveLength(1)
    expect(lines[9]).toMatch(/ in [\d.]+s$/)
  })

  it('prints at least every 15 s while work moves, and every 100 when the total is unknown', () => {
    const t = fakeTerminal(false)
    const bar = progressBar(t.io, 'slow', 1000)
    for (let done = 1; done <= 5; done++) {
      t.tick(16_000)
      bar.update(done)
    }
    expect(t.err().trimEnd().split('\n')).toHaveLength(5)
    t.tick(16_000)
    bar.update(5) // no progress since the last line: nothing new to say
    expect(t.err().trimEnd().split('\n')).toHaveLength(5)

    const u = fakeTerminal(false)
    const open = progressBar(u.io, 'open', undefined)
    for (let done = 1; done <= 250; done++) open.update(done)
    open.finish()
    expect(u.err().trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^open 100 /),
      expect.stringMatching(/^open 200 /),
      expect.stringMatching(/^open 250 .* in /),
    ])
  })
})

describe('tables', () => {
  const rows = [
    ['payment-method inputs', 'card, bank_account, gateway_token, prior_transaction', 'card'],
    ['lossless address fields', 'name, line1, line2, city, region, postalCode, country', '—'],
    ['paymentMethods.setDefault', 'yes', 'yes'],
  ]
  const headers = ['', 'PayTrace', 'Memory (reference)']

  it('keep their natural layout without a width', () => {
    expect(renderTable(['a', 'bb'], [['ccc', 'd']])).toBe('a    bb\n---  --\nccc  d')
  })

  it('wrap cells to fit a width, losing nothing', () => {
    const letters = (text: string) => text.replace(/\s|-/g, '').split('').sort().join('')
    for (const width of [100, 60, 50, 40, 30]) {
      const text = renderTable(headers, rows, { width })
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(width)
      expect(letters(text)).toBe(letters([...headers, ...rows.flat()].join('')))
    }
    // Where whole words fit, cells break only at spaces and after . _ - / , so each such piece
    // is intact.
    for (const width of [100, 60, 50]) {
      const text = renderTable(headers, rows, { width })
      for (const piece of [...headers, ...rows.flat()].join(' ').split(/\s+|(?<=[._/,-])/))
        expect(text).toContain(piece)
    }
    expect(renderTable(headers, rows, { width: 50 }).split('\n').length).toBeGreaterThan(
      rows.length + 2,
    )
  })

  it('wrap prose with a hanging indent', () => {
    expect(
      wrapText('  paytrace: environment?, baseUrl?, clientId, clientSecret*', 30, '    '),
    ).toEqual(['  paytrace: environment?,', '    baseUrl?, clientId,', '    clientSecret*'])
    expect(wrapText('short', 30)).toEqual(['short'])
  })
})

describe('suggestions', () => {
  it('measure edits, swaps of neighbours counting one', () => {
    expect(editDistance('clientSecert', 'clientSecret')).toBe(1)
    expect(editDistance('timoutMs', 'timeoutMs')).toBe(1)
    expect(editDistance('apikey', 'apiKey')).toBe(0)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('offer the nearest name only when it is near', () => {
    const names = ['environment', 'baseUrl', 'clientId', 'clientSecret']
    expect(nearest('enviroment', names)).toBe('environment')
    expect(nearest('clientSecert', names)).toBe('clientSecret')
    expect(nearest('banana', names)).toBeUndefined()
  })
})

describe('the output helper', () => {
  it('puts one JSON document on stdout and everything else on stderr', () => {
    const t = fakeTerminal(false)
    const out = output(t.io, { json: true })
    out.log('note\n')
    out.text('human text\n')
    out.warn('careful')
    out.result({ a: 1 }, () => 'never built\n')
    expect(JSON.parse(t.out())).toEqual({ a: 1 })
    expect(t.err()).toBe('note\nhuman text\nvaultport: warning: careful\n')
    expect(() => out.result({ b: 2 }, () => '')).toThrow(/two JSON documents/)
  })

  it('puts the text on stdout without --json, fitted unless --wide', () => {
    const t = fakeTerminal(false)
    const out = output(t.io, {})
    out.text('result\n')
    out.result({ a: 1 }, () => 'table\n')
    expect(t.out()).toBe('result\ntable\n')
    expect(out.width).toBe(100)
    expect(output(t.io, { wide: true }).width).toBeUndefined()
    expect(output({ ...t.io, columns: 72 }, {}).width).toBe(72)
    expect(output({ ...t.io, columns: 300 }, {}).width).toBe(100)
  })
})
