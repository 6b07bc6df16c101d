import { randomUUID } from 'node:crypto'
import type { StoreSuiteOptions } from './contract-arguments.js'
import type { ContractTestApi } from './contract-test-api.js'

/** Prefixes this module's error messages. */
const SCOPE = 'zoom-auth/testing'

/**
 * What every spec of a store contract works with. `store`, `peer` and the keys are new for each
 * spec (read them inside the spec, not when it is registered).
 *
 * @example
 * ```ts
 * spec('returns undefined when nothing is stored', async () => {
 *   expect(await context.store.get(context.key)).toBeUndefined()
 * })
 * ```
 */
export interface StoreSuiteContext<Store> {
  /** The store under test, empty when the spec starts. */
  readonly store: Store
  /** Another process's handle on the same storage (the same object for an in-process store). */
  readonly peer: Store
  /** A key no other spec uses. */
  readonly key: string
  /** A second key of this spec, to show that keys are kept apart. */
  readonly otherKey: string
  /** Lifetime of the tokens and locks whose end a spec waits for. */
  readonly shortTtlMs: number
  /** Longest a spec polls for something that must happen (a lease ending, a wait ending early). */
  readonly patienceMs: number
}

/**
 * Registers a `describe(options.name)` block whose specs each get a new store, a peer on its
 * storage and keys of their own, cleaned up after the spec, passed or failed; `body` registers
 * the specs with the context it is given.
 *
 * @example
 * ```ts
 * describeStoreSuite(test, options, (context) => describeLockSpecs(test, context))
 * ```
 */
export function describeStoreSuite<Store>(
  test: ContractTestApi,
  options: StoreSuiteOptions<Store>,
  body: (context: StoreSuiteContext<Store>) => void,
): void {
  const { name, createStore, createPeer, cleanup } = options
  const shortTtlMs = options.shortTtlMs ?? 100

  let current: { store: Store; peer: Store; key: string; otherKey: string } | undefined
  const made: Store[] = []
  const state = () => {
    if (!current)
      throw new Error(`${SCOPE}: the store of this spec was not created (see beforeEach)`)
    return current
  }
  const context: StoreSuiteContext<Store> = {
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

    body(context)
  })
}
