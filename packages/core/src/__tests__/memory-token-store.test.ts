import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryTokenStore } from '../memory-token-store.js'
import type { AccessToken } from '../types.js'

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') })
})
afterEach(() => {
  vi.useRealTimers()
})

const token = (accessToken: string, expiresInMs = 3_600_000): AccessToken => ({
  accessToken,
  tokenType: 'bearer',
  expiresAt: Date.now() + expiresInMs,
  scopes: [],
})

describe('createMemoryTokenStore', () => {
  it('forgets a token at its expiry', async () => {
    const store = createMemoryTokenStore()
    await store.set('k', token('a', 1_000))
    expect(await store.get('k')).toMatchObject({ accessToken: 'a' })
    vi.advanceTimersByTime(1_000)
    expect(await store.get('k')).toBeUndefined()
  })

  it('keeps the token that expires later: a late writer never wins, as in the Redis store', async () => {
    const store = createMemoryTokenStore()
    await store.set('k', token('fresh', 3_600_000))
    await store.set('k', token('late-older', 1_800_000))
    expect(await store.get('k')).toMatchObject({ accessToken: 'fresh' })
    await store.set('k', token('same-expiry', 3_600_000))
    expect(await store.get('k')).toMatchObject({ accessToken: 'same-expiry' })
    vi.advanceTimersByTime(3_600_000)
    await store.set('k', token('after-expiry', 1_000))
    expect(await store.get('k')).toMatchObject({ accessToken: 'after-expiry' })
  })

  it('stores no token that has already expired, and wakes no waiter with it, as the Redis store', async () => {
    const store = createMemoryTokenStore()
    await store.tryLock!('k', 5_000)
    const waited = store.waitForToken!('k', { timeoutMs: 5_000 })
    await store.set('k', token('expired', 0))
    await store.set('k', token('under-a-ms', 0.5))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await waited).toBeUndefined()
    expect(await store.get('k')).toBeUndefined()
  })

  it('compares expiries in whole ms, as SET_TOKEN_IF_NEWER does: a tie goes to the new token', async () => {
    const store = createMemoryTokenStore()
    await store.set('k', token('first', 60_000.9))
    await store.set('k', token('same-ms', 60_000.1))
    expect(await store.get('k')).toMatchObject({ accessToken: 'same-ms' })
    await store.set('k', token('a-ms-earlier', 59_999.9))
    expect(await store.get('k')).toMatchObject({ accessToken: 'same-ms' })
  })

  it('deletes only when the stored token is still the one named (compare-and-delete)', async () => {
    const store = createMemoryTokenStore()
    await store.set('k', token('new'))
    await store.delete('k', 'old')
    expect(await store.get('k')).toMatchObject({ accessToken: 'new' })
    await store.delete('k', 'new')
    expect(await store.get('k')).toBeUndefined()
  })

  it('grants the lock to one holder until it is released or its lease ends', async () => {
    const store = createMemoryTokenStore()
    const lock = await store.tryLock!('k', 5_000)
    expect(lock).toBeDefined()
    expect(await store.tryLock!('k', 5_000)).toBeUndefined()
    await lock!.release()
    const again = await store.tryLock!('k', 5_000)
    expect(again).toBeDefined()
    vi.advanceTimersByTime(5_000)
    expect(await store.tryLock!('k', 5_000)).toBeDefined()
  })

  it('renews a held lease, and refuses to renew one that ended and was taken', async () => {
    const store = createMemoryTokenStore()
    const lock = await store.tryLock!('k', 5_000)
    vi.advanceTimersByTime(4_000)
    await expect(lock!.renew(5_000)).resolves.toBe(true)
    vi.advanceTimersByTime(4_000)
    expect(await store.tryLock!('k', 5_000)).toBeUndefined() // 8 s in, renewed at 4 s: still held
    vi.advanceTimersByTime(1_000)
    const taker = await store.tryLock!('k', 5_000)
    expect(taker).toBeDefined()
    await expect(lock!.renew(5_000)).resolves.toBe(false)
    await lock!.release() // not the holder any more: leaves the taker's lock alone
    expect(await store.tryLock!('k', 5_000)).toBeUndefined()
  })

  it('wakes waiters with undefined when the lock is released without a new token', async () => {
    const store = createMemoryTokenStore()
    const lock = await store.tryLock!('k', 5_000)
    const waiting = store.waitForToken!('k', { timeoutMs: 60_000 })
    await lock!.release()
    await expect(waiting).resolves.toBeUndefined()
  })

  it('wakes waiters with undefined when the holder’s lease runs out (it stopped renewing)', async () => {
    const store = createMemoryTokenStore()
    await store.tryLock!('k', 5_000)
    let woken = false
    const waiting = store.waitForToken!('k', { timeoutMs: 60_000 }).then((token) => {
      woken = true
      return token
    })
    await vi.advanceTimersByTimeAsync(4_999)
    expect(woken).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(waiting).resolves.toBeUndefined()
  })

  it('resolves undefined at once for an already aborted signal, leaving no timer, as the Redis store', async () => {
    const store = createMemoryTokenStore()
    await store.tryLock!('k', 5_000)
    const waiting = store.waitForToken!('k', { timeoutMs: 60_000, signal: AbortSignal.abort() })
    let result: unknown = 'pending'
    void waiting.then((value) => (result = value))
    await vi.advanceTimersByTimeAsync(0)
    expect(result).toBeUndefined()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('resolves undefined at once when nobody holds the lock and only `previous` is stored, as the Redis store', async () => {
    // The holder failed and released between the waiter's tryLock and its wait: nobody will store.
    const store = createMemoryTokenStore()
    await store.set('k', token('old'))
    let result: unknown = 'pending'
    void store.waitForToken!('k', { timeoutMs: 10_000, previous: 'old' }).then((t) => (result = t))
    await vi.advanceTimersByTimeAsync(0)
    expect(result).toBeUndefined()
  })

  it('wakes a waiter with the next token other than the previous one, or undefined after the timeout', async () => {
    const store = createMemoryTokenStore()
    await store.set('k', token('old'))
    await store.tryLock!('k', 60_000)
    const waiting = store.waitForToken!('k', { timeoutMs: 1_000, previous: 'old' })
    await store.set('k', token('new'))
    await expect(waiting).resolves.toMatchObject({ accessToken: 'new' })

    const timingOut = store.waitForToken!('k', { timeoutMs: 1_000, previous: 'new' })
    vi.advanceTimersByTime(1_000)
    await expect(timingOut).resolves.toBeUndefined()
  })
})
