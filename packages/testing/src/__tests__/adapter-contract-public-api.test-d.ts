import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  axiosDriver,
  describeAdapterContract,
  fetchDriver,
  gotDriver,
  kyDriver,
  startRecordingOrigin,
  type AdapterContractOptions,
  type AdapterDriver,
  type ClientOptions,
  type ContractBodyKind,
  type ContractTestApi,
  type RecordedRequest,
  type RecordingOrigin,
  type ReplayDeclaration,
  type Send,
} from '../contracts.js'

// Adapter authors call exactly this; a change here is a breaking change for them.
describe('@zoom-auth/testing/contracts: the adapter contract', () => {
  it('describeAdapterContract(test, driver, options?) registers specs and returns nothing', () => {
    expectTypeOf(describeAdapterContract).toEqualTypeOf<
      (test: ContractTestApi, driver: AdapterDriver, options?: AdapterContractOptions) => void
    >()
  })

  it('a driver names itself, declares every body kind and builds clients', () => {
    expectTypeOf<AdapterDriver>().toEqualTypeOf<{
      readonly name: string
      readonly replays: Readonly<Record<ContractBodyKind, ReplayDeclaration>>
      client(input: AdapterInput, options?: AdapterOptions, client?: ClientOptions): Send
    }>()
    expectTypeOf<ContractBodyKind>().toEqualTypeOf<
      | 'json'
      | 'string'
      | 'url-search-params'
      | 'bytes'
      | 'blob'
      | 'form-data'
      | 'web-stream'
      | 'node-stream'
    >()
    expectTypeOf<ReplayDeclaration>().toEqualTypeOf<
      | 'identical'
      | { readonly outcome: 'same-parts' | 'not-replayed' | 'unsupported'; readonly reason: string }
    >()
  })

  it('the four driver factories return drivers', () => {
    expectTypeOf(axiosDriver).returns.toEqualTypeOf<AdapterDriver>()
    expectTypeOf(kyDriver).returns.toEqualTypeOf<AdapterDriver>()
    expectTypeOf(gotDriver).returns.toEqualTypeOf<AdapterDriver>()
    expectTypeOf(fetchDriver).returns.toEqualTypeOf<AdapterDriver>()
  })

  it('startRecordingOrigin() starts an origin that keeps every byte of every request', () => {
    expectTypeOf(startRecordingOrigin).toEqualTypeOf<() => Promise<RecordingOrigin>>()
    expectTypeOf<RecordingOrigin['requests']>().toEqualTypeOf<readonly RecordedRequest[]>()
    expectTypeOf<RecordedRequest['body']>().toEqualTypeOf<Uint8Array<ArrayBuffer>>()
  })
})
