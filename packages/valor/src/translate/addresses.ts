/**
 * Canonical addresses ⇄ Valor address entries. An entry holds a billing half and a shipping half
 * (canonical ids `154246:billing` and `154246:shipping`). Streets follow the configured layout:
 * `split` (number, name and unit) or `line` (line1 and line2 whole, as Valor's plugins write).
 */
import {
  addressId,
  warning,
  type Address,
  type AddressFields,
  type AddressInput,
  type AddressRole,
  type Warning,
} from '@vaultport/core'
import type { ValorStreetLayout } from '../config'
import type { AddressEntry, AddressEntryBody, HalfKey } from '../wire'
import { addressHalfKeys, idText } from '../wire'
import { dropped, put, textOf, type Translated } from './shared'

// ---- ids

export const halfId = (entryId: string, role: AddressRole) => addressId(`${entryId}:${role}`)

export const parseAddressId = (
  id: string,
): { readonly entryId: string; readonly role: AddressRole } | undefined => {
  const m = /^(\d{1,11}):(billing|shipping)$/.exec(id)
  return m === null ? undefined : { entryId: m[1] as string, role: m[2] as AddressRole }
}

// ---- streets

const STREET = /^(\d+[A-Za-z]?(?:-\d+)?) (\S.*)$/

/** Splits line1 into street number and name; `exact` is false when the split is a guess. */
export const splitStreet = (
  line1: string,
): { readonly streetNo: string; readonly streetName: string; readonly exact: boolean } => {
  const m = STREET.exec(line1)
  if (m !== null && !/\s{2}/.test(line1)) {
    return { streetNo: m[1] as string, streetName: m[2] as string, exact: true }
  }
  return { streetNo: '', streetName: line1, exact: line1 === '' }
}

export const joinStreet = (streetNo: string, streetName: string): string =>
  streetNo === '' ? streetName : streetName === '' ? streetNo : `${streetNo} ${streetName}`

// ---- addresses

type HalfBody = Partial<Record<`${AddressRole}_${HalfKey}`, string>>

/** The fields of one half of a Valor entry from canonical address fields (given keys only). */
export const halfFromAddress = (
  role: AddressRole,
  a: AddressFields,
  at: string,
  layout: ValorStreetLayout = 'split',
): Translated<HalfBody> => {
  const out: Record<string, string> = {}
  const warnings: Warning[] = []
  const set = (k: HalfKey, v: string | undefined) => {
    if (v !== undefined) out[`${role}_${k}`] = v
  }
  set('customer_name', a.name)
  if (layout === 'line') {
    set('street_no', a.line1)
    set('street_name', a.line2)
  } else if (a.line1 !== undefined) {
    const split = splitStreet(a.line1)
    set('street_no', split.streetNo)
    set('street_name', split.streetName)
    if (!split.exact) {
      warnings.push(
        warning(
          'address_split_guessed',
          'line1 has no clear leading street number: sent whole as Valor street_name (street_no empty)',
          `${at}line1`,
        ),
      )
    }
  }
  if (layout === 'split') set('unit', a.line2)
  set('city', a.city)
  set('state', a.region)
  set('zip', a.postalCode)
  if (a.country !== undefined && a.country !== 'US') {
    warnings.push(
      warning(
        'country_dropped',
        `Valor has no country field and implies US; ${a.country} was not stored`,
        `${at}country`,
      ),
    )
  }
  for (const [k, what] of [
    ['company', 'company on an address'],
    ['county', 'county on an address'],
    ['email', 'e-mail on an address'],
    ['phone', 'phone on an address'],
    ['fax', 'fax on an address'],
  ] as const) {
    if (a[k] !== undefined && a[k] !== '') warnings.push(dropped(`${at}${k}`, what))
  }
  return { value: out as HalfBody, warnings }
}

/** Whether a half of an entry holds anything (Valor sends unset strings as ""). */
export const halfPresent = (entry: AddressEntry, role: AddressRole): boolean =>
  addressHalfKeys.some((k) => textOf(entry[`${role}_${k}`]).trim() !== '')

/**
 * One half of a Valor entry as a canonical address; undefined when the half is empty. Under the
 * `line` layout `street_no` is line1 and `street_name` line2 (with any `unit` after it).
 */
export const addressFromHalf = (
  entry: AddressEntry,
  role: AddressRole,
  layout: ValorStreetLayout = 'split',
): Address | undefined => {
  if (entry.address_id === undefined || !halfPresent(entry, role)) return undefined
  const f = (k: HalfKey) => textOf(entry[`${role}_${k}`])
  const lines =
    layout === 'line'
      ? { line1: f('street_no'), line2: joinStreet(f('street_name'), f('unit')) }
      : { line1: joinStreet(f('street_no'), f('street_name')), line2: f('unit') }
  return {
    id: halfId(idText(entry.address_id), role),
    role,
    ...put('label', textOf(entry.address_label)),
    ...put('name', f('customer_name')),
    ...put('line1', lines.line1),
    ...put('line2', lines.line2),
    ...put('city', f('city')),
    ...put('region', f('state')),
    ...put('postalCode', f('zip')),
  }
}

/** Every canonical address in a customer's entries: billing half first, then shipping. */
export const addressesFromEntries = (
  entries: ReadonlyArray<AddressEntry>,
  layout: ValorStreetLayout = 'split',
): ReadonlyArray<Address> =>
  entries.flatMap((e) =>
    (['billing', 'shipping'] as const).flatMap((role) => {
      const a = addressFromHalf(e, role, layout)
      return a === undefined ? [] : [a]
    }),
  )

/** A label for an unlabelled entry that no existing entry uses: "Address 1", "Address 2", … */
export const freeLabel = (taken: ReadonlyArray<string>): string => {
  for (let n = 1; ; n++) {
    const label = `Address ${n}`
    if (!taken.includes(label)) return label
  }
}

/** Valor labels are unique per customer: a taken label gets a suffix, "Home (2)", "Home (3)", … */
export const uniqueLabel = (label: string, taken: ReadonlyArray<string>): string => {
  if (!taken.includes(label)) return label
  for (let n = 2; ; n++) {
    const candidate = `${label} (${n})`
    if (!taken.includes(candidate)) return candidate
  }
}

/** The label an entry gets, and the warning when it is not the one asked for. */
export const entryLabel = (
  asked: string | undefined,
  taken: ReadonlyArray<string>,
  field: string,
): Translated<string> => {
  if (asked === undefined) {
    const label = freeLabel(taken)
    return {
      value: label,
      warnings: [
        warning(
          'address_label_generated',
          `Valor requires a label per address entry; "${label}" was used`,
          field,
        ),
      ],
    }
  }
  const label = uniqueLabel(asked, taken)
  return {
    value: label,
    warnings:
      label === asked
        ? []
        : [
            warning(
              'address_label_changed',
              `Valor keeps address labels unique per customer; "${asked}" is taken, so "${label}" was used`,
              field,
            ),
          ],
  }
}

/**
 * Canonical addresses → Valor entries. A billing and a shipping address with the same label
 * (or both unlabelled, in order) share one entry; any other address gets an entry of its own
 * whose other half stays empty. Unlabelled entries get a generated label, with a warning.
 */
export const entriesFromAddresses = (
  inputs: ReadonlyArray<AddressInput>,
  taken: ReadonlyArray<string> = [],
  layout: ValorStreetLayout = 'split',
): Translated<ReadonlyArray<AddressEntryBody>> => {
  const warnings: Warning[] = []
  const entries: Array<{
    label?: string
    first: number
    body: Record<string, string>
    roles: AddressRole[]
  }> = []
  inputs.forEach((a, i) => {
    const at = `addresses[${i}].`
    const half = halfFromAddress(a.role, a, at, layout)
    warnings.push(...half.warnings)
    const partner = entries.find((e) => e.label === a.label && !e.roles.includes(a.role))
    if (partner !== undefined) {
      Object.assign(partner.body, half.value)
      partner.roles.push(a.role)
    } else {
      entries.push({
        first: i,
        body: { ...half.value },
        roles: [a.role],
        ...(a.label === undefined ? {} : { label: a.label }),
      })
    }
  })
  const labels = [...taken]
  const value = entries.map((e) => {
    const label = entryLabel(e.label, labels, `addresses[${e.first}].label`)
    labels.push(label.value)
    warnings.push(...label.warnings)
    return { address_label: label.value, ...e.body } as AddressEntryBody
  })
  return { value, warnings }
}
