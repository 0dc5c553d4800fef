import * as E from 'fp-ts/Either'
import { capabilitiesFor, memoryGateway, topologies } from '../src'

const message = (r: E.Either<string, unknown>) => (E.isLeft(r) ? r.left : '(a Right)')

describe('memoryGateway', () => {
  it('offers every capability and one optional setting, the topology', () => {
    expect(memoryGateway.adapter).toBe('memory')
    expect(memoryGateway.capabilities).toEqual(capabilitiesFor(topologies.full))
    expect(memoryGateway.settings).toEqual([{ name: 'topology', required: false, secret: false }])
  })

  it('opens the full topology by default, and the one an entry names', async () => {
    const full = memoryGateway.create({ adapter: 'memory' }, {})
    expect(E.isRight(full) && full.right.capabilities).toEqual(capabilitiesFor(topologies.full))
    const valorLike = memoryGateway.create({ adapter: 'memory', topology: 'valorLike' }, {})
    if (E.isLeft(valorLike)) throw new Error(valorLike.left)
    expect(valorLike.right.capabilities).toEqual(capabilitiesFor(topologies.valorLike))
    const created = await valorLike.right.customers.create({ name: 'Ada Lee' })()
    expect(E.isRight(created)).toBe(true)
  })

  it('refuses a topology it does not have, inherited names included', () => {
    const expected = 'topology must be one of full, paytraceLike, fluidpayLike, valorLike'
    expect(message(memoryGateway.create({ adapter: 'memory', topology: 'stripeLike' }, {}))).toBe(
      expected,
    )
    expect(message(memoryGateway.create({ adapter: 'memory', topology: 'toString' }, {}))).toBe(
      expected,
    )
  })
})
