import type { TokenStoreLock } from '@zoom-auth/core'
import type { ContractTestApi } from './contract-test-api.js'
import { CLOCK_TOLERANCE_MS, keepChecking, pollUntil, specRegistrar } from './store-spec-context.js'
import type { StoreSuiteContext } from './store-suite.js'

/**
 * A store with a lock: a `TokenStore` with `tryLock` (core's optional method), or a
 * `UserTokenStore`, whose `tryLock` is the same.
 *
 * @example
 * ```ts
 * const lockable: LockingStore = memoryUserTokenStore()
 * ```
 */
export interface LockingStore {
  tryLock?(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>
}

/** Long enough that no spec sees it end unless it was shortened. */
const LONG_LEASE_MS = 60_000

/**
 * Registers the specs of `tryLock` and of the `TokenStoreLock` it grants: one holder at a time,
 * `release` frees only its own lock and only once, `renew` holds the lease from now and answers
 * `false` once the lease was lost, and a lease that is not renewed ends by itself.
 *
 * @example
 * ```ts
 * test.describe('tryLock', () => describeLockSpecs(test, context))
 * ```
 */
export function describeLockSpecs(
  test: ContractTestApi,
  context: StoreSuiteContext<LockingStore>,
): void {
  const { expect } = test
  const spec = specRegistrar(test, context)
  const tryLock = (store: LockingStore, key = context.key, ttlMs = LONG_LEASE_MS) =>
    store.tryLock!(key, ttlMs)
  /** Polls until `store` gets the lock, which happens once whoever held it lost it. */
  const takeOver = (store: LockingStore, what: string) =>
    pollUntil(() => tryLock(store), context.patienceMs, what)

  spec('lets one process hold the lock: others, and the holder itself, are refused', async () => {
    const { store, peer } = context
    expect(await tryLock(store, context.key, 5_000)).toBeDefined()
    expect(await tryLock(peer, context.key, 5_000)).toBeUndefined()
    expect(await tryLock(store, context.key, 5_000)).toBeUndefined()
  })

  spec('lets another process lock once the holder releases', async () => {
    const { store, peer } = context
    const lock = await tryLock(store)
    expect(lock).toBeDefined()
    await lock?.release()
    const next = await tryLock(peer)
    expect(next).toBeDefined()
    await next?.release()
    expect(await tryLock(store)).toBeDefined()
  })

  spec('lets another process lock once the lease ends (a holder that crashed)', async () => {
    const { store, peer, shortTtlMs } = context
    const startedAt = performance.now()
    expect(await tryLock(store, context.key, shortTtlMs)).toBeDefined()
    const taker = await takeOver(peer, 'the lease to end')
    expect(taker).toBeDefined()
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(shortTtlMs - CLOCK_TOLERANCE_MS)
  })

  spec('only releases its own lock (an expired holder never frees a later holder)', async () => {
    const { store, peer, shortTtlMs } = context
    const lock = await tryLock(store, context.key, shortTtlMs)
    await takeOver(peer, 'the lease to end')
    await lock?.release()
    expect(await tryLock(store)).toBeUndefined()
    expect(await tryLock(peer)).toBeUndefined()
  })

  spec('releases at most once', async () => {
    const { store, peer } = context
    const lock = await tryLock(store)
    await lock?.release()
    const next = await tryLock(peer)
    expect(next).toBeDefined()
    await lock?.release()
    expect(await tryLock(store)).toBeUndefined()
    await next?.release()
  })

  spec('renews its lease counted from now, and answers false once it lost the lock', async () => {
    const { store, peer, shortTtlMs } = context
    // A lease renewed before it ends outlives the ttl it was taken with.
    const startedAt = performance.now()
    const lock = (await tryLock(store, context.key, 3 * shortTtlMs)) as TokenStoreLock
    expect(lock).toBeDefined()
    await expect(lock.renew(LONG_LEASE_MS)).resolves.toBe(true)
    await keepChecking(startedAt + 4 * shortTtlMs, async () => {
      expect(await tryLock(peer)).toBeUndefined()
    })
    // "From now", not "that much longer": a short renewal ends the long lease soon.
    const renewedAt = performance.now()
    await expect(lock.renew(shortTtlMs)).resolves.toBe(true)
    const taker = await takeOver(peer, 'the renewed lease to end')
    expect(performance.now() - renewedAt).toBeGreaterThanOrEqual(shortTtlMs - CLOCK_TOLERANCE_MS)
    // The lease was lost and taken: renewing fails, releasing leaves the taker's lock alone.
    await expect(lock.renew(LONG_LEASE_MS)).resolves.toBe(false)
    await lock.release()
    expect(await tryLock(store)).toBeUndefined()
    await taker.release()
  })

  spec('renews nothing after its own release', async () => {
    const lock = (await tryLock(context.store)) as TokenStoreLock
    await lock.release()
    await expect(lock.renew(LONG_LEASE_MS)).resolves.toBe(false)
    expect(await tryLock(context.peer)).toBeDefined()
  })

  spec('locks per key', async () => {
    const a = await tryLock(context.store, context.key)
    const b = await tryLock(context.peer, context.otherKey)
    expect(a).toBeDefined()
    expect(b).toBeDefined()
  })

  spec('grants the lock to exactly one of many concurrent callers', async () => {
    const { store, peer, key } = context
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => tryLock(i % 2 ? store : peer, key, 5_000)),
    )
    expect(results.filter((lock) => lock !== undefined)).toHaveLength(1)
  })
}
