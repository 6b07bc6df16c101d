import type { TokenStore, UserTokenStore } from '@zoom-auth/core'
import * as vitest from 'vitest'
import { describe, expectTypeOf, it } from 'vitest'
import {
  describeTokenStoreContract,
  describeUserTokenStoreContract,
  type ContractTestApi,
  type TokenStoreContractOptions,
  type UserTokenStoreContractOptions,
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

  it('describeUserTokenStoreContract(test, options) registers specs and returns nothing', () => {
    expectTypeOf(describeUserTokenStoreContract).toEqualTypeOf<
      <Store extends UserTokenStore>(
        test: ContractTestApi,
        options: UserTokenStoreContractOptions<Store>,
      ) => void
    >()
  })

  it('UserTokenStoreContractOptions has the agreed fields (no capabilities: tryLock is required)', () => {
    expectTypeOf<UserTokenStoreContractOptions<UserTokenStore>>().toEqualTypeOf<{
      name: string
      createStore: () => Promise<UserTokenStore> | UserTokenStore
      createPeer?: (store: UserTokenStore) => Promise<UserTokenStore> | UserTokenStore
      cleanup?: (store: UserTokenStore) => Promise<void> | void
      shortTtlMs?: number
    }>()
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
