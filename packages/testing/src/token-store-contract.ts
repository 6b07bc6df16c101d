import type { TokenStore } from '@zoom-auth/core'
import {
  checkStoreSuiteOptions,
  checkTestApi,
  invalidContractArgument,
} from './token-store-contract/contract-arguments.js'
import type { ContractTestApi } from './token-store-contract/contract-test-api.js'
import { describeLockSpecs } from './token-store-contract/lock-specs.js'
import { describeStoreSuite } from './token-store-contract/store-suite.js'
import { describeTokenValueSpecs } from './token-store-contract/token-value-specs.js'
import { describeWaitSpecs } from './token-store-contract/wait-specs.js'

/**
 * Options of {@link describeTokenStoreContract}.
 *
 * @example
 * ```ts
 * const options: TokenStoreContractOptions = {
 *   name: 'memoryTokenStore',
 *   createStore: () => memoryTokenStore(),
 *   capabilities: { lock: true },
 * }
 * ```
 */
export interface TokenStoreContractOptions<Store extends TokenStore = TokenStore> {
  /** Title of the `describe` block that holds the specs, e.g. `'dynamoTokenStore'`. */
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
   * What the store implements beyond `get`, `set` and `delete`. `lock`: `tryLock` and
   * `waitForToken`, so a fleet makes one token request per expiry; `false` for a store without
   * either (providers then share tokens but may fetch one each when the token runs out).
   */
  capabilities: { lock: boolean }
  /**
   * Lifetime in ms of the tokens and locks whose end a spec waits for (real time). Default 100;
   * raise it for a store that counts expiry in coarser steps.
   */
  shortTtlMs?: number
}

/**
 * Registers the specs of the `TokenStore` contract of `@zoom-auth/core` for one store
 * implementation, in a `describe` block named `options.name`: what the providers of a fleet rely
 * on (round trip of every field, the token that expires later wins, no expired token, compare-and-
 * delete, keys kept apart, and with `capabilities.lock` one lock holder at a time, lease renewal
 * and expiry, and waiting for the holder's token). Run it from a test file of the store.
 *
 * The specs run on real timers (a remote store keeps its own time): short leases and polls with a
 * deadline, no fixed sleeps. Don't install fake timers around them. A store may answer an
 * aborted `waitForToken` with a token already stored or with `undefined`; the contract asks only
 * that it answers at once.
 *
 * @param test The test framework's `describe`, `it`, `expect`, `beforeEach` and `afterEach`:
 *   `import * as vitest from 'vitest'`, or jest's globals. Passed in so the specs join the
 *   caller's own copy of the framework.
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE` or `ERR_INVALID_ARG_VALUE`) for bad options.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import { describeTokenStoreContract } from '@zoom-auth/testing/contracts'
 * import { postgresTokenStore } from '../index.js'
 *
 * describeTokenStoreContract(vitest, {
 *   name: 'postgresTokenStore',
 *   createStore: () => postgresTokenStore(pool, { table: `tokens_${randomUUID().slice(0, 8)}` }),
 *   cleanup: (store) => store.dropTable(),
 *   capabilities: { lock: true },
 * })
 * ```
 */
export function describeTokenStoreContract<Store extends TokenStore>(
  test: ContractTestApi,
  options: TokenStoreContractOptions<Store>,
): void {
  checkTestApi(test)
  const { capabilities } = checkOptions(options)

  describeStoreSuite(test, options, (context) => {
    if (capabilities.lock) {
      test.it('has tryLock and waitForToken, as capabilities.lock says', async () => {
        test.expect(typeof context.store.tryLock).toBe('function')
        test.expect(typeof context.store.waitForToken).toBe('function')
      })
    } else {
      // A provider uses whatever lock a store has: one these specs skip would go unchecked.
      test.it('has neither tryLock nor waitForToken, as capabilities.lock says', async () => {
        test.expect(context.store.tryLock).toBeUndefined()
        test.expect(context.store.waitForToken).toBeUndefined()
      })
    }

    describeTokenValueSpecs(test, context)
    if (capabilities.lock) {
      test.describe('tryLock', () => describeLockSpecs(test, context))
      test.describe('waitForToken', () => describeWaitSpecs(test, context))
    }
  })
}

function checkOptions<Store extends TokenStore>(options: TokenStoreContractOptions<Store>) {
  checkStoreSuiteOptions(options)
  const { capabilities } = options
  if (typeof capabilities !== 'object' || capabilities === null || typeof capabilities.lock !== 'boolean')
    throw invalidContractArgument(
      'ERR_INVALID_ARG_TYPE',
      '"capabilities" must be an object like { lock: true }',
    )
  return { capabilities }
}
