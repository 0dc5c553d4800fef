import * as E from 'fp-ts/Either'
import { customerId, paymentMethodId, type Customer, type PaymentMethod } from '@vaultport/core'
import { cardDataIndex, readCardData, readCardDataCsv } from '../src'

const customer: Customer = {
  id: customerId('pt-1'),
  reference: 'ada-1',
  addresses: [],
  paymentMethods: [],
  defaults: {},
}
const card: PaymentMethod = {
  kind: 'card',
  id: paymentMethodId('card'),
  brand: 'visa',
  last4: '1111',
  status: 'active',
}
const bank: PaymentMethod = {
  kind: 'bank_account',
  id: paymentMethodId('check'),
  accountType: 'checking',
  accountLast4: '6789',
  status: 'active',
}

describe('card-data files', () => {
  it('reads the CSV layout, quoted fields and two-digit years included', () => {
    const csv = [
      'source_customer_id,source_payment_method_id,kind,card_number,exp_month,exp_year,holder_name,account_number,routing_number,account_type',
      'pt-1,card,card,4111 1111 1111 1111,12,30,"Lee, Ada",,,',
      'pt-1,,bank_account,,,,,000123456789,021000021,checking',
    ].join('\r\n')
    const records = readCardDataCsv(csv)
    if (E.isLeft(records)) throw new Error(records.left)
    const index = cardDataIndex(records.right)
    expect(index.lookup(customer, card)).toEqual({
      kind: 'card',
      number: '4111111111111111',
      expiry: { month: 12, year: 2030 },
      holderName: 'Lee, Ada',
    })
    expect(index.lookup(customer, bank)).toMatchObject({
      kind: 'bank_account',
      accountNumber: '000123456789',
      routingNumber: '021000021',
    })
  })

  it('reads the JSON layout and matches by reference and last four', () => {
    const json = JSON.stringify([
      {
        source_customer_reference: 'ada-1',
        kind: 'card',
        card_number: '4111111111111111',
        exp_month: 1,
        exp_year: 2031,
      },
    ])
    const records = readCardData(json)
    if (E.isLeft(records)) throw new Error(records.left)
    expect(cardDataIndex(records.right).lookup(customer, card)).toMatchObject({
      kind: 'card',
      expiry: { month: 1, year: 2031 },
    })
    expect(
      cardDataIndex(records.right).lookup(customer, { ...card, last4: '4444' }),
    ).toBeUndefined()
  })

  it('names the line of a bad row and never echoes its numbers', () => {
    const csv =
      'source_customer_id,kind,card_number,exp_month,exp_year\npt-1,card,4111111111111111,13,2030\npt-2,card,41111111,12,2030'
    const r = readCardDataCsv(csv)
    expect(r).toEqual(
      E.left('line 2: exp_month is not 1–12\nline 3: card_number is not 12–19 digits'),
    )
    expect(JSON.stringify(r)).not.toContain('4111111111111111')
  })

  it('refuses unknown columns and rows with no customer', () => {
    expect(readCardDataCsv('source_customer_id,customer,pan\n1,2,3')).toEqual(
      E.left('line 1: unknown columns customer, pan'),
    )
    expect(
      E.isLeft(
        readCardDataCsv('kind,card_number,exp_month,exp_year\ncard,4111111111111111,1,2030'),
      ),
    ).toBe(true)
  })

  it('a file with no header row: only line, column and a masked form, never a value', () => {
    const r = readCardDataCsv('8842017,card,4000056655665556,12,2030,Ada Lee\n')
    expect(E.isLeft(r)).toBe(true)
    const message = E.isLeft(r) ? r.left : ''
    expect(message).toMatch(/^line 1: no header row/)
    expect(message).toContain('column 3: ••••••••••••••••')
    for (const value of ['8842017', '4000', '5556', '2030', 'Ada', 'Lee'])
      expect(message).not.toContain(value)
    expect(message).not.toMatch(/\bcard\b(?!_)/) // the row's kind, as opposed to the column names
    // A header with one unknown name among known ones shows that name, its digits masked.
    expect(readCardDataCsv('source_customer_id,kind,4111111111111111\n')).toEqual(
      E.left('line 1: unknown columns column 3: ••••••••••••••••'),
    )
  })

  it('prints and serializes as a count', () => {
    const index = cardDataIndex([
      {
        sourceCustomerId: 'x',
        input: { kind: 'card', number: '4111111111111111', expiry: { month: 1, year: 2030 } },
      },
    ])
    expect(JSON.stringify(index)).toBe('{"cardDataRecords":1}')
  })
})
