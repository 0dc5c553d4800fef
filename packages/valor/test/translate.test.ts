// Property tests for the address mapping (canonical → Valor entry → canonical) on the lossless
// fields, plus the street split, ids, cursors and transaction instants.
import fc from 'fast-check'
import type { AddressInput } from '@vaultport/core'
import { valorCapabilities } from '../src'
import {
  addressesFromEntries,
  entriesFromAddresses,
  joinStreet,
  parseAddressId,
  parsePaymentMethodId,
  readPageCursor,
  pageCursor,
  requestInstant,
  splitStreet,
  valorPhone,
} from '../src/translate'
import type { AddressEntry } from '../src/wire'

const word = fc.stringMatching(/^[A-Z][a-z]{1,10}$/)
const words = (max: number) =>
  fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(' '))
const line1 = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 99999 }), words(3)).map(([n, s]) => `${n} ${s}`),
  words(3),
)
const half = (role: AddressInput['role']) =>
  fc
    .record(
      {
        name: words(3),
        line1,
        line2: fc.stringMatching(/^[A-Za-z0-9 ]{1,8}$/).filter((s) => s.trim() === s),
        city: words(2),
        region: fc.stringMatching(/^[A-Z]{2}$/),
        postalCode: fc.stringMatching(/^\d{5,6}$/),
      },
      { requiredKeys: [] },
    )
    .map((a) => ({ role, ...a }) as AddressInput)

/** What the simulator does with an entry: gives it an id and sends unset strings as "". */
const stored = (body: Record<string, unknown>, id: number): AddressEntry => {
  const out: Record<string, unknown> = { address_id: String(id) }
  for (const role of ['billing', 'shipping']) {
    for (const k of ['customer_name', 'street_no', 'street_name', 'unit', 'city', 'state', 'zip']) {
      out[`${role}_${k}`] = body[`${role}_${k}`] ?? ''
    }
  }
  out['address_label'] = body['address_label']
  return out as AddressEntry
}

const lossless = valorCapabilities.lossless.address

const pick = (a: object) =>
  Object.fromEntries(
    lossless.flatMap((k) =>
      (a as Record<string, unknown>)[k] === undefined
        ? []
        : [[k, (a as Record<string, unknown>)[k]]],
    ),
  )

describe('address mapping', () => {
  it('canonical → Valor → canonical keeps every lossless field (pairs and singles)', () => {
    const nonEmpty = (a: AddressInput) => lossless.some((k) => a[k] !== undefined)
    fc.assert(
      fc.property(
        fc.array(fc.oneof(half('billing'), half('shipping')).filter(nonEmpty), { maxLength: 5 }),
        (inputs) => {
          const { value } = entriesFromAddresses(inputs)
          const back = addressesFromEntries(value.map((e, i) => stored(e, 154001 + i)))
          const byRole = (role: string, xs: ReadonlyArray<object>) =>
            xs.filter((a) => (a as { role: string }).role === role).map(pick)
          for (const role of ['billing', 'shipping']) {
            expect(byRole(role, back)).toEqual(byRole(role, inputs))
          }
        },
      ),
    )
  })

  it('pairs a billing and a shipping address with the same label into one entry', () => {
    fc.assert(
      fc.property(half('billing'), half('shipping'), words(2), (b, s, label) => {
        const { value } = entriesFromAddresses([
          { ...b, label },
          { ...s, label },
        ])
        expect(value).toHaveLength(1)
        const back = addressesFromEntries([stored(value[0] as Record<string, unknown>, 7)])
        expect(back.every((a) => a.label === label)).toBe(true)
      }),
    )
  })

  it('gives a repeated label a suffix and says so', () => {
    const r = entriesFromAddresses([
      { role: 'billing', label: 'Home', city: 'A' },
      { role: 'billing', label: 'Home', city: 'B' },
    ])
    expect(r.value.map((e) => e.address_label)).toEqual(['Home', 'Home (2)'])
    expect(r.warnings.map((w) => `${w.code}@${w.field}`)).toEqual([
      'address_label_changed@addresses[1].label',
    ])
  })

  it('warns for every dropped field and a non-US country, never for US', () => {
    const r = entriesFromAddresses([
      {
        role: 'billing',
        label: 'X',
        country: 'US',
        company: 'C',
        county: 'K',
        email: 'e@x.co',
        phone: '1',
        fax: '2',
      },
      { role: 'shipping', label: 'Y', country: 'GB' },
    ])
    expect(r.warnings.map((w) => w.field).sort()).toEqual([
      'addresses[0].company',
      'addresses[0].county',
      'addresses[0].email',
      'addresses[0].fax',
      'addresses[0].phone',
      'addresses[1].country',
    ])
  })
})

describe('street split', () => {
  it.each([
    ['2629 Rocket Drive', '2629', 'Rocket Drive', true],
    ['12B Elm Street', '12B', 'Elm Street', true],
    ['Rural Route', '', 'Rural Route', false],
    ['PO Box 12', '', 'PO Box 12', false],
    ['12  Elm', '', '12  Elm', false],
    ['', '', '', true],
  ])('%s → %s | %s (exact %s)', (line, no, name, exact) => {
    expect(splitStreet(line)).toEqual({ streetNo: no, streetName: name, exact })
    expect(joinStreet(no, name)).toBe(line)
  })

  it('split then join is the identity for any line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const { streetNo, streetName } = splitStreet(s)
        expect(joinStreet(streetNo, streetName)).toBe(s)
      }),
    )
  })
})

describe('ids, cursors and instants', () => {
  it('parses prefixed payment-method ids and address half ids', () => {
    expect(parsePaymentMethodId('card:97555')).toEqual({ rail: 'card', id: '97555' })
    expect(parsePaymentMethodId('ach:2290')).toEqual({ rail: 'ach', id: '2290' })
    expect(parsePaymentMethodId('97555')).toBeUndefined()
    expect(parseAddressId('154246:shipping')).toEqual({ entryId: '154246', role: 'shipping' })
    expect(parseAddressId('154246')).toBeUndefined()
  })

  it('page cursors round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 100 }), (p, s) => {
        expect(readPageCursor(pageCursor(p, s))).toEqual({ page: p, size: s })
      }),
    )
    expect(readPageCursor('o:1')).toBeUndefined()
  })

  it('request date + time + zone → ISO', () => {
    expect(requestInstant('03/25/2026', '02:22:37', 'EST')).toBe('2026-03-25T02:22:37-05:00')
    expect(requestInstant('03/25/2026', '02:22:37', 'XYZ')).toBe('2026-03-25T02:22:37')
    expect(requestInstant('2026-03-25', '02:22:37', 'EST')).toBeUndefined()
  })
})

describe('valorPhone', () => {
  it('sends a separated number as its digits, with a warning', () => {
    expect(valorPhone('612-555-0100')).toEqual({
      value: '6125550100',
      warnings: [
        {
          code: 'phone_normalized',
          message: 'Valor keeps phone numbers as digits only: "6125550100"',
          field: 'phone',
        },
      ],
    })
    expect(valorPhone('+1 (612) 555-0100').value).toBe('16125550100')
  })

  it('leaves digits alone, and anything else for Valor to judge', () => {
    expect(valorPhone('6125550100')).toEqual({ value: '6125550100', warnings: [] })
    expect(valorPhone('call me')).toEqual({ value: 'call me', warnings: [] })
    expect(valorPhone('555-0100')).toEqual({ value: '555-0100', warnings: [] })
  })
})
