import * as E from 'fp-ts/Either'
import {
  LOCATION_SETTINGS,
  readHostedEntry,
  readHttpSettings,
  readLocation,
  readNumber,
  readString,
  requireSettings,
  type GatewayEntry,
} from '../src'

const entry: GatewayEntry = {
  adapter: 'ledger',
  name: 'n',
  blank: '',
  id: 42,
  flag: true,
  ratio: '0.5',
  word: 'twelve',
  inf: 'Infinity',
}

describe('entry readers', () => {
  it('readString: strings and numbers as text; absent, empty and other types as undefined', () => {
    expect(readString(entry, 'name')).toBe('n')
    expect(readString(entry, 'id')).toBe('42')
    expect(readString(entry, 'blank')).toBeUndefined()
    expect(readString(entry, 'flag')).toBeUndefined()
    expect(readString(entry, 'absent')).toBeUndefined()
  })

  it('readNumber: numbers and numeric strings; a message naming the setting otherwise', () => {
    expect(readNumber(entry, 'id')).toEqual(E.right(42))
    expect(readNumber(entry, 'ratio')).toEqual(E.right(0.5))
    expect(readNumber(entry, 'absent')).toEqual(E.right(undefined))
    expect(readNumber(entry, 'blank')).toEqual(E.right(undefined))
    expect(readNumber(entry, 'word')).toEqual(E.left('word must be a number'))
    expect(readNumber(entry, 'inf')).toEqual(E.left('inf must be a number'))
  })

  it('requireSettings: names every missing setting', () => {
    expect(requireSettings(entry, ['name', 'id'])).toEqual(E.right(undefined))
    expect(requireSettings(entry, ['name', 'blank', 'absent'])).toEqual(
      E.left('missing blank, absent'),
    )
  })

  it('readHttpSettings: only the settings given, and the hooks', () => {
    const onTranscript = () => undefined
    expect(readHttpSettings({ adapter: 'x' }, {})).toEqual(E.right({}))
    expect(
      readHttpSettings(
        { adapter: 'x', timeoutMs: '5000', requestsPerSecond: 4, maxConcurrency: '2' },
        { onTranscript },
      ),
    ).toEqual(E.right({ timeoutMs: 5000, requestsPerSecond: 4, maxConcurrency: 2, onTranscript }))
    expect(readHttpSettings({ adapter: 'x', maxConcurrency: 'many' }, {})).toEqual(
      E.left('maxConcurrency must be a number'),
    )
  })

  it('readLocation: sandbox or production, and a base URL', () => {
    expect(readLocation({ adapter: 'x' })).toEqual(E.right({}))
    expect(
      readLocation({ adapter: 'x', environment: 'production', baseUrl: 'https://h.test' }),
    ).toEqual(E.right({ environment: 'production', baseUrl: 'https://h.test' }))
    expect(readLocation({ adapter: 'x', environment: 'staging' })).toEqual(
      E.left("environment must be 'sandbox' or 'production'"),
    )
  })

  it('readHostedEntry: required settings first, then the location, then the HTTP settings', () => {
    const hosted = { adapter: 'x', key: 'k', environment: 'staging', timeoutMs: 'soon' }
    expect(readHostedEntry(hosted, ['key', 'secret'], {})).toEqual(E.left('missing secret'))
    expect(readHostedEntry(hosted, ['key'], {})).toEqual(
      E.left("environment must be 'sandbox' or 'production'"),
    )
    expect(readHostedEntry({ ...hosted, environment: 'sandbox' }, ['key'], {})).toEqual(
      E.left('timeoutMs must be a number'),
    )
    expect(
      readHostedEntry({ ...hosted, environment: 'sandbox', timeoutMs: 10 }, ['key'], {}),
    ).toEqual(E.right({ location: { environment: 'sandbox' }, http: { timeoutMs: 10 } }))
    expect(LOCATION_SETTINGS.map((s) => s.name)).toEqual(['environment', 'baseUrl'])
  })
})
