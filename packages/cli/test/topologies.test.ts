// The memory vault's gateway-shaped topologies promise an app the same walls the real adapters
// have: this keeps the two in step (memory cannot import the adapters, the CLI sees both).
import { fluidpayCapabilities } from '@vaultport/fluidpay'
import { capabilitiesFor, topologies } from '@vaultport/memory'
import { payTraceCapabilities } from '@vaultport/paytrace'
import { valorCapabilities } from '@vaultport/valor'
import type { Capabilities } from '@vaultport/core'

const shape = (c: Capabilities) => ({
  limits: c.limits,
  customerReference: c.customerReference,
  referencePattern: c.referencePattern,
  paymentMethodInputs: [...c.paymentMethodInputs].sort(),
  paymentMethodStatus: c.paymentMethodStatus,
  recurrences: c.operations.recurrences.create
    ? {
        ...c.recurrences,
        named: c.recurrences.named.map((n) => (n.kind === 'named' ? n.code : '')),
      }
    : 'none',
})

describe('memory topologies mirror the adapters', () => {
  it.each([
    ['paytraceLike', payTraceCapabilities],
    ['fluidpayLike', fluidpayCapabilities],
    ['valorLike', valorCapabilities],
  ] as const)(
    '%s has the limits, inputs, references and schedules of the real adapter',
    (name, real) => {
      expect(shape(capabilitiesFor(topologies[name]))).toEqual(shape(real))
    },
  )
})
