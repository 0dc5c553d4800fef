/**
 * Realistic, deterministic people for seeding: names, companies, addresses, emails and phones
 * (555-01xx numbers and example.com addresses, which reach no one).
 */
import type { Prng } from './prng'

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Frances',
  'Dennis',
  'Radia',
  'John',
  'Katherine',
  'Tim',
  'Hedy',
  'Linus',
  'Sophie',
  'Niklaus',
  'Lynn',
  'Brian',
  'Carol',
  'Marvin',
  'Anita',
  'Claude',
  'Joan',
  'Robin',
  'Evelyn',
  'Peter',
  'Mary',
  'Leslie',
] as const
const LAST = [
  'Lee',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Allen',
  'Ritchie',
  'Perlman',
  'Backus',
  'Johnson',
  'Berners',
  'Lamarr',
  'Torvalds',
  'Wilson',
  'Wirth',
  'Conway',
  'Kernighan',
  'Shaw',
  'Minsky',
  'Borg',
  'Shannon',
  'Clarke',
  'Milner',
  'Berry',
  'Naur',
  'Keller',
  'Lamport',
] as const
const COMPANY = [
  'Acme Tools',
  'Northwind Traders',
  'Blue Heron Bakery',
  'Summit Dental',
  'Lakeside Books',
  'Pioneer Hardware',
  'Maple Street Cafe',
  'Granite Logistics',
  'Harbor Florists',
  'Oak & Iron',
  '',
  '',
  '',
  '',
] as const
const STREET = [
  'Elm Street',
  'Main Street',
  'Oak Avenue',
  'Maple Drive',
  'Cedar Lane',
  'Pine Road',
  'Lake Street',
  'Hill Road',
  'River Parkway',
  'Chicago Avenue',
  'Park Place',
  'Washington Ave',
] as const
const CITY = [
  { city: 'Edina', state: 'MN', zip: '55424', county: 'Hennepin' },
  { city: 'Spokane', state: 'WA', zip: '99201', county: 'Spokane' },
  { city: 'Springfield', state: 'IL', zip: '62701', county: 'Sangamon' },
  { city: 'Fresno', state: 'CA', zip: '93721', county: 'Fresno' },
  { city: 'Austin', state: 'TX', zip: '73301', county: 'Travis' },
  { city: 'Boulder', state: 'CO', zip: '80302', county: 'Boulder' },
  { city: 'Portland', state: 'OR', zip: '97205', county: 'Multnomah' },
  { city: 'Madison', state: 'WI', zip: '53703', county: 'Dane' },
  { city: 'Raleigh', state: 'NC', zip: '27601', county: 'Wake' },
  { city: 'Tempe', state: 'AZ', zip: '85281', county: 'Maricopa' },
] as const

export interface Person {
  readonly first: string
  readonly last: string
  readonly company: string
  readonly streetNo: string
  readonly streetName: string
  readonly unit: string
  readonly city: string
  readonly state: string
  readonly zip: string
  readonly county: string
  readonly email: string
  /** Ten digits, 555-01xx exchange. */
  readonly phone: string
}

export const person = (prng: Prng, index: number): Person => {
  const first = prng.pick(FIRST)
  const last = prng.pick(LAST)
  const place = prng.pick(CITY)
  const area = ['612', '509', '217', '559', '512', '303', '503', '608', '919', '480'][
    prng.int(10)
  ] as string
  return {
    first,
    last,
    company: prng.pick(COMPANY),
    streetNo: String(1 + prng.int(9899)),
    streetName: prng.pick(STREET),
    unit: prng.int(4) === 0 ? String(1 + prng.int(40)) : '',
    city: place.city,
    state: place.state,
    zip: place.zip,
    county: place.county,
    email: `${first}.${last}.${index}@example.com`.toLowerCase(),
    phone: `${area}55501${String(prng.int(100)).padStart(2, '0')}`,
  }
}

/** `612-555-0142` */
export const dashedPhone = (digits: string): string =>
  `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`
