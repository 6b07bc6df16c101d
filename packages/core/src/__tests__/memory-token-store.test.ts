import { describe, expect, it, vi } from 'vitest'
import { memoryTokenStore } from '../memory-token-store.js'
import { useFixedClock } from './support/fixed-clock.js'
import { token } from './support/token.js'

useFixedClock()

describe('memoryTokenStore', () => {
  it('compares expiries in whole ms, as SET_TOKEN_IF_NEWER does: a tie goes to the new token', async () => {
    const store = memoryTokenStore()
    await store.set('k', token('first', 60_000.9))
    await store.set('k', token('same-ms', 60_000.1))
    expect(await store.get('k')).toMatchObject({ accessToken: 'same-ms' })
    await store.set('k', token('a-ms-earlier', 59_999.9))
    expect(await store.get('k')).toMatchObject({ accessToken: 'same-ms' })
  })

  it('wakes waiters with undefined when the holder’s lease runs out (it stopped renewing)', async () => {
    const store = memoryTokenStore()
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
    const store = memoryTokenStore()
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
    const store = memoryTokenStore()
    await store.set('k', token('old'))
    let result: unknown = 'pending'
    void store.waitForToken!('k', { timeoutMs: 10_000, previous: 'old' }).then((t) => (result = t))
    await vi.advanceTimersByTimeAsync(0)
    expect(result).toBeUndefined()
  })
})
