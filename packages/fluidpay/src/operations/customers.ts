/**
 * The customers port over FluidPay's vault: create (with the follow-up writes its body has no
 * room for), get, find by reference, update, delete and list (an F5 search).
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import {
  offsetCursor,
  readOffsetCursor,
  validationError,
  warning,
  written,
  type AddressPatch,
  type Customer,
  type CustomerId,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type FieldIssue,
  type ListQuery,
  type Page,
  type VaultError,
  type Warning,
  type Written,
  type CustomersPort,
  type PortOperations,
} from '@vaultport/core'
import { withSecretsOf, type FluidPayEnv, type Op } from '../env'
import { call } from '../request'
import { idsFirst } from '../routes'
import {
  addressBody,
  compact,
  contactAddress,
  createPlan,
  defaultsBody,
  filterCriteria,
  readOptions,
  TEXT_MAX,
  toAddressFields,
  toSummary,
} from '../translate'
import {
  SummaryRecordList,
  type AddressBody,
  type CustomerRecord,
  type DefaultsBody,
  type UpdateCustomerBody,
} from '../wire'
import {
  confirmed,
  customerOf,
  deleteAt,
  getRecord,
  nextOffsetOf,
  readWriteReply,
  recordAfter,
  runSearch,
  unnamed,
} from './records'

export const createCustomer =
  (env0: FluidPayEnv) =>
  (input: CustomerInput): TE.TaskEither<VaultError, Written<Customer>> => {
    const op = 'customers.create'
    const plan = createPlan(input)
    if (E.isLeft(plan)) return TE.left(validationError(env0.ctxOf(op), plan.left))
    const { body, extraAddresses, notes } = plan.right
    const env = withSecretsOf(env0, body)
    const warnings: Warning[] = [...plan.right.warnings]
    return pipe(
      call(env)(op, 'createCustomer', {}, body),
      TE.chain((answer) => {
        // The record, the id alone or at another level, or (with a custom id) nothing at all.
        const reply = readWriteReply(answer)
        const id = reply.customerId ?? reply.bareId ?? body.id
        if (id === undefined) return TE.left(unnamed(env, op, 'the customer it created'))
        return pipe(
          recordAfter(env)(op, id)(reply),
          TE.chain((rec) => followUps(env)(op, rec, extraAddresses, notes, warnings)),
          TE.chain(customerOf(env)(op)),
          TE.map((c) => written(c, warnings)),
          confirmed(env, op, id),
        )
      }),
    )
  }

/**
 * After a create: the addresses and notes the create body has no room for. The customer exists
 * by then, so a step that fails is a warning on it, never a failure that would hide it.
 */
const followUps =
  (env: FluidPayEnv) =>
  (
    op: Op,
    rec: CustomerRecord,
    extraAddresses: ReadonlyArray<{ index: number; body: AddressBody }>,
    notes: string | undefined,
    warnings: Warning[],
  ): TE.TaskEither<VaultError, CustomerRecord> => {
    if (extraAddresses.length === 0 && notes === undefined) return TE.right(rec)
    const soft = (field: string, what: string) => (e: VaultError) =>
      TE.fromIO<void>(() => {
        const fate = e.kind === 'OutcomeUnknown' ? 'may not have been stored' : 'was not stored'
        warnings.push(
          warning(
            'not_stored',
            `the customer was created but ${what} ${fate}: ${e.message}`,
            field,
          ),
        )
      })
    const steps = [
      ...extraAddresses.map(({ index, body }) =>
        pipe(
          call(env)(op, 'createAddress', { customerId: rec.id }, body),
          TE.map(() => undefined),
          TE.orElseW(soft(`addresses[${index}]`, `address ${index}`)),
        ),
      ),
      ...(notes === undefined
        ? []
        : [
            pipe(
              call(env)(op, 'updateCustomer', { customerId: rec.id }, mergedUpdate(rec, { notes })),
              TE.map(() => undefined),
              TE.orElseW(soft('notes', 'the notes')),
            ),
          ]),
    ]
    return pipe(
      TE.sequenceSeqArray(steps),
      TE.chain(() => getRecord(env)(op, rec.id)),
    )
  }

/** F3 with the stored description, notes and flags kept unless the patch changes them. */
const mergedUpdate = (rec: CustomerRecord, change: UpdateCustomerBody): UpdateCustomerBody => {
  const c = rec.data.customer
  return compact<UpdateCustomerBody>({
    description: change.description ?? c.description ?? '',
    notes: change.notes ?? c.notes ?? '',
    flags: change.flags ?? c.flags ?? [],
    defaults: change.defaults,
  })
}

export const getCustomer = (env: FluidPayEnv) => (id: CustomerId) => {
  const op = 'customers.get'
  return pipe(getRecord(env)(op, id), TE.chain(customerOf(env)(op)))
}

export const findByReference = (env: FluidPayEnv) => (reference: string) => {
  const op = 'customers.findByReference'
  if (!env.referencePattern.test(reference)) return TE.right(undefined)
  return pipe(
    getRecord(env)(op, reference),
    TE.chain(customerOf(env)(op)),
    TE.map((c): Customer | undefined => c),
    TE.orElse((e) => (e.kind === 'NotFound' ? TE.right(undefined) : TE.left(e))),
  )
}

export const updateCustomer =
  (env: FluidPayEnv) =>
  (id: CustomerId, patch: CustomerPatch): TE.TaskEither<VaultError, Written<Customer>> => {
    const op = 'customers.update'
    const ctx = env.ctxOf(op)
    return pipe(
      getRecord(env)(op, id),
      TE.chain((rec) => {
        const issues = patchIssues(rec, patch)
        const options = readOptions(patch.gatewayData)
        if (E.isLeft(options)) issues.push(...options.left)
        if (issues.length > 0) return TE.left(validationError(ctx, issues))
        const opts = E.isRight(options) ? options.right : {}
        const warnings: Warning[] = []
        return pipe(
          writeContact(env)(op, rec, patch, warnings),
          TE.chain((contact) => {
            const d = patch.defaults
            const change = compact<DefaultsBody>({
              billing_address_id: d?.billingAddressId ?? contact.newBilling,
              shipping_address_id: d?.shippingAddressId,
              ...(d?.paymentMethodId === undefined
                ? {}
                : {
                    payment_method_id: d.paymentMethodId,
                    payment_method_type: methodType(rec, d.paymentMethodId),
                  }),
            })
            const touches =
              patch.description !== undefined ||
              patch.notes !== undefined ||
              opts.flags !== undefined ||
              Object.keys(change).length > 0
            const update = compact<UpdateCustomerBody>({
              description: patch.description,
              notes: patch.notes,
              flags: opts.flags,
              defaults:
                Object.keys(change).length === 0
                  ? undefined
                  : defaultsBody(rec.data.customer.defaults, change),
            })
            const f3 = touches
              ? pipe(
                  call(env)(op, 'updateCustomer', { customerId: id }, mergedUpdate(rec, update)),
                  TE.map(() => true),
                )
              : TE.right(contact.wrote)
            // Once one write is confirmed, every later failure keeps the customer's id.
            const reread = pipe(
              getRecord(env)(op, id),
              TE.chain(customerOf(env)(op)),
              TE.map((c) => written(c, warnings)),
            )
            return pipe(
              contact.wrote ? confirmed(env, op, id)(f3) : f3,
              TE.chain((wrote) => (wrote ? confirmed(env, op, id)(reread) : reread)),
            )
          }),
        )
      }),
    )
  }

const methodType = (rec: CustomerRecord, pmId: string) =>
  (rec.data.customer.payments?.ach ?? []).some((a) => a.id === pmId) ? 'ach' : 'card'

const patchIssues = (rec: CustomerRecord, patch: CustomerPatch): FieldIssue[] => {
  const issues: FieldIssue[] = []
  if (patch.reference !== undefined && patch.reference !== rec.id) {
    issues.push({ path: 'reference', message: "FluidPay's custom id cannot change" })
  }
  for (const f of ['description', 'notes'] as const) {
    const v = patch[f]
    if (v !== undefined && v.length > TEXT_MAX) {
      issues.push({ path: f, message: `FluidPay stores at most ${TEXT_MAX} characters` })
    }
  }
  const c = rec.data.customer
  const addressIds = new Set((c.addresses ?? []).map((a) => a.id))
  const d = patch.defaults
  for (const [path, v] of [
    ['defaults.billingAddressId', d?.billingAddressId],
    ['defaults.shippingAddressId', d?.shippingAddressId],
  ] as const) {
    if (v !== undefined && !addressIds.has(v)) {
      issues.push({ path, message: 'is not an address of this customer' })
    }
  }
  const methodIds = new Set([
    ...(c.payments?.cards ?? []).map((x) => x.id),
    ...(c.payments?.ach ?? []).map((x) => x.id),
  ])
  if (d?.paymentMethodId !== undefined && !methodIds.has(d.paymentMethodId)) {
    issues.push({
      path: 'defaults.paymentMethodId',
      message: 'is not a payment method of this customer',
    })
  }
  return issues
}

/**
 * Customer-level contact fields live on the default billing address: update it, or create
 * one. Answers whether it wrote, and the id of a newly created billing address (to make it the
 * default). A failure after its write was confirmed keeps the customer's id.
 */
const writeContact =
  (env: FluidPayEnv) =>
  (
    op: Op,
    rec: CustomerRecord,
    patch: CustomerPatch,
    warnings: Warning[],
  ): TE.TaskEither<VaultError, { wrote: boolean; newBilling?: string }> => {
    const contact = compact<AddressPatch>({
      name: patch.name,
      company: patch.company,
      email: patch.email,
      phone: patch.phone,
      fax: patch.fax,
    })
    if (Object.keys(contact).length === 0) return TE.right({ wrote: false })
    const current = contactAddress(rec)
    if (current !== undefined) {
      const { body, warnings: w } = addressBody({ ...toAddressFields(current), ...contact }, '')
      warnings.push(...w)
      return pipe(
        call(env)(op, 'updateAddress', { customerId: rec.id, addressId: current.id }, body),
        TE.map(() => ({ wrote: true })),
      )
    }
    const { body, warnings: w } = addressBody(contact, '')
    warnings.push(
      ...w,
      warning(
        'contact_stored_as_address',
        'FluidPay has no customer-level contact fields: they are stored on a new default billing address',
        'addresses',
      ),
    )
    const before = new Set((rec.data.customer.addresses ?? []).map((a) => a.id))
    return pipe(
      call(env)(op, 'createAddress', { customerId: rec.id }, body),
      TE.chain((answer) => {
        const reply = readWriteReply(answer)
        const named = reply.addressId ?? (reply.bareId === rec.id ? undefined : reply.bareId)
        if (named !== undefined) return TE.right({ wrote: true, newBilling: named })
        return pipe(
          recordAfter(env)(op, rec.id)(reply),
          TE.map((after) =>
            compact<{ wrote: boolean; newBilling?: string }>({
              wrote: true,
              newBilling: (after.data.customer.addresses ?? []).find((a) => !before.has(a.id))?.id,
            }),
          ),
          confirmed(env, op, rec.id),
        )
      }),
    )
  }

export const deleteCustomer = (env: FluidPayEnv) => (id: CustomerId) =>
  deleteAt(env)('customers.delete', 'deleteCustomer', { customerId: id })

export const listCustomers =
  (env: FluidPayEnv) =>
  (query?: ListQuery): TE.TaskEither<VaultError, Page<CustomerSummary>> => {
    const op = 'customers.list'
    const offset = readOffsetCursor(query?.cursor)
    if (offset === undefined) {
      return TE.left(
        validationError(env.ctxOf(op), [{ path: 'cursor', message: 'is not a FluidPay cursor' }]),
      )
    }
    const criteria = filterCriteria(query?.filter)
    if (E.isLeft(criteria)) return TE.left(validationError(env.ctxOf(op), criteria.left))
    const limit = query?.pageSize ?? 10
    return pipe(
      runSearch(env)(op, { limit, offset, ...criteria.right }, SummaryRecordList),
      TE.map(({ records, totalCount }) => {
        const next = nextOffsetOf(offset, limit, records.length, totalCount)
        return compact<Page<CustomerSummary>>({
          items: records.map(toSummary),
          nextCursor: next === undefined ? undefined : offsetCursor(next),
          totalCount,
        })
      }),
    )
  }

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const customerOperations: PortOperations<FluidPayEnv, CustomersPort> = {
  create: createCustomer,
  get: idsFirst('customers.get', ['customerId'])(getCustomer),
  findByReference,
  update: idsFirst('customers.update', ['customerId'])(updateCustomer),
  delete: idsFirst('customers.delete', ['customerId'])(deleteCustomer),
  list: listCustomers,
}
