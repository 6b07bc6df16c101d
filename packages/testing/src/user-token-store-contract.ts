import type { UserTokenStore } from '@zoom-auth/core'
import { checkStoreSuiteOptions, checkTestApi } from './token-store-contract/contract-arguments.js'
import type { ContractTestApi } from './token-store-contract/contract-test-api.js'
import { describeLockSpecs } from './token-store-contract/lock-specs.js'
import { describeStoreSuite } from './token-store-contract/store-suite.js'
import { describeReplaceSpecs } from './user-token-store-contract/replace-specs.js'
import { describeUserGrantSpecs } from './user-token-store-contract/user-grant-specs.js'

/**
 * Options of {@link describeUserTokenStoreContract}.
 *
 * @example
 * ```ts
 * const options: UserTokenStoreContractOptions = {
 *   name: 'memoryUserTokenStore',
 *   createStore: () => memoryUserTokenStore(),
 * }
 * ```
 */
export interface UserTokenStoreContractOptions<Store extends UserTokenStore = UserTokenStore> {
  /** Title of the `describe` block that holds the specs, e.g. `'postgresUserTokenStore'`. */
  name: string
  /** A store with nothing stored and no lock held; called before each spec. */
  createStore: () => Promise<Store> | Store
  /**
   * A second store on the same storage as `store`, as another process of the fleet opens it (its
   * own client or connection); called before each spec, after `createStore`. The specs about
   * several processes use it. Default: `store` itself, right for a store in one process's memory.
   */
  createPeer?: (store: Store) => Promise<Store> | Store
  /**
   * Called after each spec, passed or failed, with each store `createStore` and `createPeer` made
   * (the peer first, if it is another object): close connections, delete what the spec stored.
   */
  cleanup?: (store: Store) => Promise<void> | void
  /**
   * Lifetime in ms of the locks whose end a spec waits for (real time). Default 100; raise it for
   * a store that counts lease expiry in coarser steps.
   */
  shortTtlMs?: number
}

/**
 * Registers the specs of the `UserTokenStore` contract of `@zoom-auth/core` (the grants of a
 * user-level OAuth app's users) for one store implementation, in a `describe` block named
 * `options.name`: what `zoomUsers` relies on so that no refresh token is ever sent twice —
 *
 * - `get` and `put`: a round trip keeps every field of a grant (`dead`, `refreshStartedAt`,
 *   `apiUrl`, `userId`, `accountId`) and invents none; a grant whose access token expired is kept;
 *   `put` replaces the whole grant; the store keeps copies; keys are kept apart;
 * - `replace`, compare-and-set on the refresh token: `true` only when the stored refresh token
 *   was the expected one, `false` (and the stored grant untouched) otherwise, also when nothing
 *   is stored; exactly one of many concurrent replaces from two processes wins;
 * - `delete`;
 * - `tryLock`: one holder at a time across processes, `release` frees only its own lock and only
 *   once, `renew` holds the lease from now and answers `false` once the lease was lost, and a
 *   lease that is not renewed ends by itself (a crashed holder).
 *
 * Run it from a test file of the store. The specs run on real timers (a remote store keeps its
 * own time): short leases and polls with a deadline, no fixed sleeps. Don't install fake timers
 * around them.
 *
 * @param test - The test framework's `describe`, `it`, `expect`, `beforeEach` and `afterEach`:
 *   `import * as vitest from 'vitest'`, or jest's globals. Passed in so the specs join the
 *   caller's own copy of the framework.
 * @param options - The store under test: how to create it, a peer on its storage, and cleanup.
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE` or `ERR_INVALID_ARG_VALUE`) for bad options.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import { describeUserTokenStoreContract } from '@zoom-auth/testing/contracts'
 * import { postgresUserTokenStore } from '../index.js'
 *
 * describeUserTokenStoreContract(vitest, {
 *   name: 'postgresUserTokenStore',
 *   createStore: () => postgresUserTokenStore(new pg.Pool(), { table: 'contract_grants' }),
 *   createPeer: (store) => postgresUserTokenStore(new pg.Pool(), { table: store.table }),
 *   cleanup: (store) => store.close(),
 * })
 * ```
 */
export function describeUserTokenStoreContract<Store extends UserTokenStore>(
  test: ContractTestApi,
  options: UserTokenStoreContractOptions<Store>,
): void {
  checkTestApi(test)
  checkStoreSuiteOptions(options)

  describeStoreSuite(test, options, (context) => {
    describeUserGrantSpecs(test, context)
    test.describe('replace (compare-and-set on the refresh token)', () =>
      describeReplaceSpecs(test, context))
    test.describe('tryLock', () => describeLockSpecs(test, context))
  })
}
