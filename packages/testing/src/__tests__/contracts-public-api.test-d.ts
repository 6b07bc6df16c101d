import type { TokenStore } from '@zoom-auth/core'
import * as vitest from 'vitest'
import { describe, expectTypeOf, it } from 'vitest'
import {
  describeTokenStoreContract,
  type ContractTestApi,
  type TokenStoreContractOptions,
} from '../contracts.js'

// Store authors call exactly this; a change here is a breaking change for them.
describe('@zoom-auth/testing/contracts public API', () => {
  it('describeTokenStoreContract(test, options) registers specs and returns nothing', () => {
    expectTypeOf(describeTokenStoreContract).toEqualTypeOf<
      <Store extends TokenStore>(
        test: ContractTestApi,
        options: TokenStoreContractOptions<Store>,
      ) => void
    >()
  })

  it("takes vitest's namespace as the test framework", () => {
    expectTypeOf(vitest).toExtend<ContractTestApi>()
  })

  it('TokenStoreContractOptions has the agreed fields', () => {
    expectTypeOf<TokenStoreContractOptions<TokenStore>>().toEqualTypeOf<{
      name: string
      createStore: () => Promise<TokenStore> | TokenStore
      createPeer?: (store: TokenStore) => Promise<TokenStore> | TokenStore
      cleanup?: (store: TokenStore) => Promise<void> | void
      capabilities: { lock: boolean }
      shortTtlMs?: number
    }>()
  })
})
