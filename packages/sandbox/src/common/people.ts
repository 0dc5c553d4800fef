/**
 * Realistic, deterministic people for seeding: names, companies, addresses, emails and phones
 * (555-01xx numbers and example.com addresses, which reach no one). Names are unique within what
 * the caller says is taken: a drawn name already in use gets a middle initial (Valor may refuse a
 * second customer of the same name, and migrations into Valor carry the source's names).
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
  /** `''`, or one to three letters that tell this person from a namesake (`K`, `KM`). */
  readonly middle: string
  readonly last: string
  /** `first middle last`, letters and single spaces, at most 23 characters. */
  readonly name: string
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

/** How names are compared for uniqueness: case, surrounding and repeated spaces ignored. */
export const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase()

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

const initials = (n: number, width: number): string => {
  let out = ''
  for (let i = 0, rest = n; i < width; i++, rest = Math.floor(rest / 26)) {
    out = (LETTERS[rest % 26] as string) + out
  }
  return out
}

/** The shortest middle part (none, then one to three letters) that makes the name free. */
const middleFor = (
  first: string,
  last: string,
  index: number,
  taken: (key: string) => boolean,
): string => {
  if (!taken(nameKey(`${first} ${last}`))) return ''
  for (let width = 1; width <= 3; width++) {
    const count = 26 ** width
    for (let k = 0; k < count; k++) {
      const middle = initials((index + k) % count, width)
      if (!taken(nameKey(`${first} ${middle} ${last}`))) return middle
    }
  }
  return '' // 15 million namesakes: never reached by a seed
}

/**
 * The `index`-th seeded person. `taken` says whether a name (as `nameKey`) is in use already;
 * the caller records the returned `name` before asking for the next person. The random draws
 * do not depend on `taken`, so the rest of the data stays the same whatever is in the vault.
 */
export const person = (
  prng: Prng,
  index: number,
  taken: (key: string) => boolean = () => false,
): Person => {
  const first = prng.pick(FIRST)
  const last = prng.pick(LAST)
  const place = prng.pick(CITY)
  const area = ['612', '509', '217', '559', '512', '303', '503', '608', '919', '480'][
    prng.int(10)
  ] as string
  const middle = middleFor(first, last, index, taken)
  return {
    first,
    middle,
    last,
    name: middle === '' ? `${first} ${last}` : `${first} ${middle} ${last}`,
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
