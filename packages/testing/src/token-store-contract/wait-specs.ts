import type { TokenStore } from '@zoom-auth/core'
import type { ContractTestApi } from './contract-test-api.js'
import {
  CLOCK_TOLERANCE_MS,
  contractToken,
  specRegistrar,
  timed,
  type StoreSpecContext,
} from './store-spec-context.js'

/** Longer than any spec waits: a wait that ends must end for another reason than its timeout. */
const LONG_WAIT_MS = 60_000

/**
 * Registers the specs of `waitForToken`: it resolves the next token other than `previous`, and
 * `undefined` after `timeoutMs`, as soon as the lock is released without a token or its lease
 * ends, at once when nobody holds the lock, and when its signal aborts.
 *
 * @example
 * ```ts
 * test.describe('waitForToken', () => describeWaitSpecs(test, context))
 * ```
 */
export function describeWaitSpecs(test: ContractTestApi, context: StoreSpecContext): void {
  const { expect } = test
  const spec = specRegistrar(test, context)
  const lock = (store: TokenStore, ttlMs = LONG_WAIT_MS) => store.tryLock!(context.key, ttlMs)
  /** Resolves within `patienceMs`, well before the wait's own timeout: it ended for a reason. */
  const endsEarly = (elapsedMs: number) => expect(elapsedMs).toBeLessThan(context.patienceMs)

  spec('resolves a token stored while waiting', async () => {
    const { store, peer, key } = context
    const held = await lock(peer)
    const token = contractToken()
    const waiting = store.waitForToken!(key, { timeoutMs: LONG_WAIT_MS })
    await peer.set(key, token)
    await held?.release()
    expect(await waiting).toEqual(token)
  })

  spec('resolves at once when a token other than `previous` is stored', async () => {
    const { store, peer, key } = context
    const token = contractToken()
    await peer.set(key, token)
    const { value, elapsedMs } = await timed(
      store.waitForToken!(key, { timeoutMs: LONG_WAIT_MS, previous: 'eyJ.old' }),
    )
    expect(value).toEqual(token)
    endsEarly(elapsedMs)
  })

  spec('skips the `previous` token and resolves the next one', async () => {
    const { store, peer, key } = context
    const previous = contractToken(60_000)
    await peer.set(key, previous)
    const held = await lock(peer)
    const waiting = store.waitForToken!(key, {
      timeoutMs: LONG_WAIT_MS,
      previous: previous.accessToken,
    })
    const next = contractToken()
    await peer.set(key, next)
    await held?.release()
    expect((await waiting)?.accessToken).toBe(next.accessToken)
  })

  spec('resolves the next token while the holder still holds the lock', async () => {
    const { store, peer, key } = context
    await peer.set(key, contractToken(60_000, { accessToken: 'eyJ.old' }))
    await lock(peer)
    const waiting = store.waitForToken!(key, { timeoutMs: LONG_WAIT_MS, previous: 'eyJ.old' })
    const next = contractToken()
    await peer.set(key, next)
    expect(await waiting).toMatchObject({ accessToken: next.accessToken })
  })

  spec('resolves undefined after timeoutMs while the lock is held and nothing is stored', async () => {
    const { store, peer, key, shortTtlMs } = context
    await lock(peer)
    const { value, elapsedMs } = await timed(store.waitForToken!(key, { timeoutMs: shortTtlMs }))
    expect(value).toBeUndefined()
    expect(elapsedMs).toBeGreaterThanOrEqual(shortTtlMs - CLOCK_TOLERANCE_MS)
  })

  spec('resolves undefined after timeoutMs while the lock is held and only `previous` is stored', async () => {
    const { store, peer, key, shortTtlMs } = context
    const previous = contractToken()
    await peer.set(key, previous)
    await lock(peer)
    const { value, elapsedMs } = await timed(
      store.waitForToken!(key, { timeoutMs: shortTtlMs, previous: previous.accessToken }),
    )
    expect(value).toBeUndefined()
    expect(elapsedMs).toBeGreaterThanOrEqual(shortTtlMs - CLOCK_TOLERANCE_MS)
  })

  spec('resolves undefined as soon as the lock is released without a new token (the fetcher failed)', async () => {
    const { store, peer, key } = context
    const held = await lock(peer)
    const waiting = timed(store.waitForToken!(key, { timeoutMs: LONG_WAIT_MS }))
    await held?.release()
    const { value, elapsedMs } = await waiting
    expect(value).toBeUndefined()
    endsEarly(elapsedMs)
  })

  spec('resolves undefined once the holder’s lease runs out (it stopped renewing)', async () => {
    const { store, peer, key, shortTtlMs } = context
    const startedAt = performance.now()
    await lock(peer, shortTtlMs)
    const { value, elapsedMs } = await timed(
      store.waitForToken!(key, { timeoutMs: LONG_WAIT_MS }),
      startedAt,
    )
    expect(value).toBeUndefined()
    expect(elapsedMs).toBeGreaterThanOrEqual(shortTtlMs - CLOCK_TOLERANCE_MS)
    endsEarly(elapsedMs)
  })

  spec('resolves undefined at once when nobody holds the lock and nothing is stored', async () => {
    const { value, elapsedMs } = await timed(
      context.store.waitForToken!(context.key, { timeoutMs: LONG_WAIT_MS }),
    )
    expect(value).toBeUndefined()
    endsEarly(elapsedMs)
  })

  spec('resolves undefined at once when nobody holds the lock and only `previous` is stored', async () => {
    const { store, peer, key } = context
    const previous = contractToken()
    await peer.set(key, previous)
    const { value, elapsedMs } = await timed(
      store.waitForToken!(key, { timeoutMs: LONG_WAIT_MS, previous: previous.accessToken }),
    )
    expect(value).toBeUndefined()
    endsEarly(elapsedMs)
  })

  spec('wakes no waiter with a token that has already expired', async () => {
    const { store, peer, key, shortTtlMs } = context
    await lock(peer)
    const waiting = store.waitForToken!(key, { timeoutMs: shortTtlMs })
    await peer.set(key, contractToken(0))
    await peer.set(key, contractToken(0.5))
    expect(await waiting).toBeUndefined()
    expect(await store.get(key)).toBeUndefined()
  })

  spec('wakes no waiter with a token stored under another key', async () => {
    const { store, peer, key, otherKey, shortTtlMs } = context
    await lock(peer)
    const waiting = store.waitForToken!(key, { timeoutMs: shortTtlMs })
    await peer.set(otherKey, contractToken())
    expect(await waiting).toBeUndefined()
  })

  spec('resolves undefined when the signal aborts', async () => {
    const { store, peer, key } = context
    await lock(peer)
    const controller = new AbortController()
    const waiting = timed(
      store.waitForToken!(key, { timeoutMs: LONG_WAIT_MS, signal: controller.signal }),
    )
    controller.abort()
    const { value, elapsedMs } = await waiting
    expect(value).toBeUndefined()
    endsEarly(elapsedMs)
  })

  spec('resolves undefined at once for an already aborted signal', async () => {
    const { store, peer, key } = context
    await lock(peer)
    const { value, elapsedMs } = await timed(
      store.waitForToken!(key, { timeoutMs: LONG_WAIT_MS, signal: AbortSignal.abort() }),
    )
    expect(value).toBeUndefined()
    endsEarly(elapsedMs)
  })
}
