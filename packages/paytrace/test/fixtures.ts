// PayTrace wire samples shared by the nock tests and the fuzz tests (wire-assumptions P.4, P.8).

export const withCard = {
  card: { masked_number: '411111xxxxxx1111', expiration_month: 12, expiration_year: 2028 },
  card_masked: '411111xxxxxx1111',
}
export const withCheck = {
  check: {
    masked_account_number: 'xxxxxxxx6789',
    routing_number: '021000021',
    account_type: 'Checking',
    sec_code: 'PPD',
  },
}

export const recurrenceItem = (extra: object = {}) => ({
  id: 500001,
  customer_id: 1000001,
  customer_label: 'lee-ada-000001',
  amount: 24.95,
  frequency: '3',
  start_date: '10/01/2026',
  next_date: '10/01/2026',
  total_count: 12,
  current_count: 0,
  repeat: 0,
  weekend: false,
  description: 'Monthly fee for service.',
  transaction_type: 'Sale',
  type: 'C',
  sec_code: '',
  ...extra,
})
