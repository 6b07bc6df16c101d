import { randomUUID } from 'node:crypto'
import type { TokenStore } from '@zoom-auth/core'
import type { ContractTestApi } from './token-store-contract/contract-test-api.js'
import { describeLockSpecs } from './token-store-contract/lock-specs.js'
import type { StoreSpecContext } from './token-store-contract/store-spec-context.js'
import { describeTokenValueSpecs } from './token-store-contract/token-value-specs.js'
import { describeWaitSpecs } from './token-store-contract/wait-specs.js'

/** Prefixes this module's TypeError messages. */
const SCOPE = 'zoom-auth/testing'

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
  const { name, createStore, createPeer, cleanup, capabilities } = checkOptions(options)
  const shortTtlMs = options.shortTtlMs ?? 100

  let current: { store: Store; peer: Store; key: string; otherKey: string } | undefined
  const made: Store[] = []
  const state = () => {
    if (!current) throw new Error(`${SCOPE}: the store of this spec was not created (see beforeEach)`)
    return current
  }
  const context: StoreSpecContext = {
    get store() {
      return state().store
    },
    get peer() {
      return state().peer
    },
    get key() {
      return state().key
    },
    get otherKey() {
      return state().otherKey
    },
    shortTtlMs,
    patienceMs: 2_000 + 10 * shortTtlMs,
  }

  test.describe(name, () => {
    test.beforeEach(async () => {
      current = undefined
      const store = await createStore()
      made.push(store)
      const peer = createPeer ? await createPeer(store) : store
      if (peer !== store) made.push(peer)
      // Keys of their own per spec: a store whose storage outlives a spec still starts clean.
      const id = randomUUID()
      current = { store, peer, key: `zoom:contract:${id}`, otherKey: `zoom:contract:${id}:other` }
    })

    test.afterEach(async () => {
      current = undefined
      const stores = made.splice(0).reverse()
      for (const store of stores) await cleanup?.(store)
    })

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

function checkTestApi(test: ContractTestApi): void {
  const methods = ['describe', 'it', 'expect', 'beforeEach', 'afterEach'] as const
  const missing =
    typeof test === 'object' && test !== null
      ? methods.filter((method) => typeof test[method] !== 'function')
      : methods
  if (missing.length > 0) {
    throw invalid(
      'ERR_INVALID_ARG_TYPE',
      `the first argument must hold the test framework's ${methods.join(', ')} ` +
        `(import * as vitest from 'vitest'); missing: ${missing.join(', ')}`,
    )
  }
}

function checkOptions<Store extends TokenStore>(options: TokenStoreContractOptions<Store>) {
  if (typeof options !== 'object' || options === null)
    throw invalid('ERR_INVALID_ARG_TYPE', 'options must be an object')
  const { name, createStore, createPeer, cleanup, capabilities, shortTtlMs } = options
  if (typeof name !== 'string') throw invalid('ERR_INVALID_ARG_TYPE', '"name" must be a string')
  if (name.trim() === '') throw invalid('ERR_INVALID_ARG_VALUE', '"name" must not be empty')
  if (typeof createStore !== 'function')
    throw invalid('ERR_INVALID_ARG_TYPE', '"createStore" must be a function')
  for (const [key, value] of [
    ['createPeer', createPeer],
    ['cleanup', cleanup],
  ] as const) {
    if (value !== undefined && typeof value !== 'function')
      throw invalid('ERR_INVALID_ARG_TYPE', `"${key}" must be a function`)
  }
  if (typeof capabilities !== 'object' || capabilities === null || typeof capabilities.lock !== 'boolean')
    throw invalid('ERR_INVALID_ARG_TYPE', '"capabilities" must be an object like { lock: true }')
  if (shortTtlMs !== undefined) {
    if (typeof shortTtlMs !== 'number')
      throw invalid('ERR_INVALID_ARG_TYPE', '"shortTtlMs" must be a number')
    // Beyond a minute a spec would outlast any test timeout; below 10 ms timers decide, not the store.
    if (!(shortTtlMs >= 10 && shortTtlMs <= 60_000))
      throw invalid('ERR_INVALID_ARG_VALUE', '"shortTtlMs" must be from 10 to 60000')
  }
  return { name, createStore, createPeer, cleanup, capabilities }
}

function invalid(code: 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE', message: string) {
  // An own enumerable `code`, as on Node's errors and core's TypeErrors.
  return Object.assign(new TypeError(`${SCOPE}: ${message}`), { code })
}
