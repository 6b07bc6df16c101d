/**
 * `@zoom-auth/testing/contracts`: the contracts of zoom-auth's extension points as test suites,
 * for anyone who implements one (a `TokenStore` on DynamoDB, Postgres…) to run against their own
 * implementation, so "compatible" is checked rather than claimed.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import { describeTokenStoreContract } from '@zoom-auth/testing/contracts'
 *
 * describeTokenStoreContract(vitest, {
 *   name: 'myTokenStore',
 *   createStore: () => myTokenStore(),
 *   capabilities: { lock: true },
 * })
 * ```
 *
 * @packageDocumentation
 */

export { describeTokenStoreContract } from './token-store-contract.js'
export type { TokenStoreContractOptions } from './token-store-contract.js'
export type {
  ContractAssertion,
  ContractTestApi,
} from './token-store-contract/contract-test-api.js'
