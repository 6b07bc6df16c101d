import { describe, expect, it, vi } from 'vitest'
import { memoryTokenStore } from '../memory-token-store.js'
import { createTokenProvider } from '../token-provider.js'
import type { TokenStore, TokenStrategy } from '../types.js'
import { failure, grant, scriptedStrategy } from './support/scripted-strategy.js'
import { useFixedClock } from './support/fixed-clock.js'
import { token } from './support/token.js'

// The store session of a provider (store-session.ts): several providers, as several processes
// would, sharing one store — its lock, its wait, its lease, and a store that fails or hangs.

useFixedClock()

/** A strategy whose token endpoint takes `ms` to answer (real timers, faked in these tests). */
function slowStrategy(ms: number): TokenStrategy & { calls: number } {
  const strategy = {
    id: 'test:slow',
    tokenUrl: 'https://auth.example.test/token',
    calls: 0,
    requestToken: async () => {
      const call = ++strategy.calls
      await new Promise((resolve) => setTimeout(resolve, ms))
      return grant(`slow-${call}`)
    },
  }
  return strategy
}

/** Eight "processes": providers with the same credentials sharing one store. */
function fleet(store: TokenStore, size = 8) {
  const scripted = scriptedStrategy()
  const providers = Array.from({ length: size }, () =>
    createTokenProvider(scripted.strategy, { store, now: () => Date.now() }),
  )
  return { providers, strategy: scripted.strategy }
}

describe('providers sharing a store', () => {
  it('make one token request for a cold fleet', async () => {
    const { providers, strategy } = fleet(memoryTokenStore())
    const tokens = await Promise.all(
      providers.flatMap((provider) => [provider.getToken(), provider.getToken()]),
    )
    expect(strategy.calls).toBe(1)
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1)
  })

  it('never hand out a stored token inside the margin of its whole life, also when starting late in it', async () => {
    const store = memoryTokenStore()
    const scripted = scriptedStrategy()
    scripted.then(grant('token-1'), grant('token-2'))
    const early = createTokenProvider(scripted.strategy, { store, now: () => Date.now() })
    expect(await early.getToken()).toMatchObject({ accessToken: 'token-1', issuedAt: Date.now() })
    // 25 s of an hour left: inside the 30 s expiryMarginMs, though more than a quarter of what is left.
    vi.setSystemTime(Date.now() + 3_600_000 - 25_000)
    const late = createTokenProvider(scripted.strategy, { store, now: () => Date.now() })
    expect((await late.getToken()).accessToken).toBe('token-2')
    expect(scripted.strategy.calls).toBe(2)
  })

  it('make one refresh when every process sees a 401 for the shared token', async () => {
    const { providers, strategy } = fleet(memoryTokenStore())
    const first = await providers[0]!.getToken()
    await Promise.all(providers.map((provider) => provider.getToken()))
    const after = await Promise.all(
      providers.map((provider) => {
        provider.invalidate(first.accessToken)
        return provider.getToken()
      }),
    )
    expect(strategy.calls).toBe(2)
    expect(new Set(after.map((t) => t.accessToken))).toEqual(new Set(['token-2']))
  })

  it('keep the lock through a fetch slower than its lease (the holder renews it): still one request', async () => {
    const slow = slowStrategy(8_000) // the lease is 5 s
    const store = memoryTokenStore()
    const providers = Array.from({ length: 4 }, () =>
      createTokenProvider(slow, { store, now: () => Date.now() }),
    )
    const tokens = Promise.all(providers.map((provider) => provider.getToken()))
    await vi.advanceTimersByTimeAsync(16_000) // time enough for a second fetch, were there one
    expect(slow.calls).toBe(1)
    expect((await tokens).map((t) => t.accessToken)).toEqual(Array(4).fill('slow-1'))
  })

  /** The memory store, with each lock's renew() replaced. */
  function storeRenewingWith(renew: () => Promise<boolean>): TokenStore & { renewals: number } {
    const memory = memoryTokenStore()
    const store = {
      ...memory,
      renewals: 0,
      tryLock: async (key: string, ttlMs: number) => {
        const lock = await memory.tryLock!(key, ttlMs)
        return (
          lock && {
            release: () => lock.release(),
            renew: () => {
              store.renewals += 1
              return renew()
            },
          }
        )
      },
    }
    return store
  }

  it('store the token and release the lock even when a renewal hangs', async () => {
    // Renewals never answer: each one times out after storeTimeoutMs (1 s).
    const store = storeRenewingWith(() => new Promise(() => {}))
    const slow = slowStrategy(3_000)
    const [holder, waiter] = [0, 1].map(() =>
      createTokenProvider(slow, { store, now: () => Date.now() }),
    )
    const first = holder!.getToken()
    await vi.advanceTimersByTimeAsync(10)
    const second = waiter!.getToken()
    await vi.advanceTimersByTimeAsync(12_000)
    expect((await Promise.all([first, second])).map((t) => t.accessToken)).toEqual([
      'slow-1',
      'slow-1',
    ])
    expect(slow.calls).toBe(1)
  })

  it('end a renewal still waiting on the store when the fetch is done: no timer, no late event', async () => {
    const store = storeRenewingWith(() => new Promise(() => {}))
    const events: string[] = []
    // Renewals are due every 5 s / 3; the fetch ends 0.2 s after the first one went out.
    const provider = createTokenProvider(slowStrategy(1_867), {
      store,
      now: () => Date.now(),
      storeTimeoutMs: 1_000,
      onEvent: (event) => events.push(event.type),
    })
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(1_867)
    await result
    expect(store.renewals).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(events).not.toContain('store_error')
  })

  it('stop renewing once a renewal says the lease was lost', async () => {
    const store = storeRenewingWith(() => Promise.resolve(false))
    const provider = createTokenProvider(slowStrategy(8_000), { store, now: () => Date.now() })
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(8_000)
    expect((await result).accessToken).toBe('slow-1')
    expect(store.renewals).toBe(1)
  })

  it('leave no timer behind once a fetch that renewed its lock is done', async () => {
    const provider = createTokenProvider(slowStrategy(8_000), {
      store: memoryTokenStore(),
      now: () => Date.now(),
    })
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(8_000)
    await result
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stop renewing after an attempt and a backoff, so one waiter takes over a fetch that keeps failing', async () => {
    const store = memoryTokenStore()
    const stuck = scriptedStrategy()
    stuck.then('hang', 'hang', 'hang', 'hang') // every attempt runs into timeoutMs (10 s)
    const healthy = scriptedStrategy()
    const holder = createTokenProvider(stuck.strategy, { store, now: () => Date.now() })
    const waiter = createTokenProvider(healthy.strategy, { store, now: () => Date.now() })
    void holder.getToken().catch(() => {})
    await vi.advanceTimersByTimeAsync(10)
    const taken = waiter.getToken()
    // Renewed up to 15 s, so the lease ends by 20 s (timeoutMs + retry.maxDelayMs), well before
    // the waiter's own deadline (30 s).
    await vi.advanceTimersByTimeAsync(14_000)
    expect(healthy.strategy.calls).toBe(0)
    await vi.advanceTimersByTimeAsync(6_100)
    expect(healthy.strategy.calls).toBe(1)
    await expect(taken).resolves.toMatchObject({ accessToken: 'token-1' })
  })

  it('wait for a holder that crashed (took the lock, never renewed) for one lease at most', async () => {
    const store = memoryTokenStore()
    const scripted = scriptedStrategy()
    await store.tryLock!(scripted.strategy.id, 5_000) // the crashed process' lock
    const provider = createTokenProvider(scripted.strategy, { store, now: () => Date.now() })
    let settled = false
    const result = provider.getToken().finally(() => (settled = true))
    await vi.advanceTimersByTimeAsync(4_900)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(100)
    await expect(result).resolves.toMatchObject({ accessToken: 'token-1' })
  })

  it('hand over to ONE waiter when the process holding the lock fails to fetch', async () => {
    const scripted = scriptedStrategy()
    scripted.then(failure('server_error', { status: 503 }))
    const store = memoryTokenStore()
    const providers = Array.from({ length: 4 }, () =>
      createTokenProvider(scripted.strategy, { store, retry: { limit: 0 }, now: () => Date.now() }),
    )
    const results = await Promise.allSettled(providers.map((provider) => provider.getToken()))
    expect(results.map((result) => result.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ])
    expect(scripted.strategy.calls).toBe(2)
  })

  it('give back a lock the store granted after the provider stopped waiting for it', async () => {
    const release = vi.fn(async () => {})
    const slow: TokenStore = {
      get: async () => undefined,
      set: async () => {},
      delete: async () => {},
      tryLock: () =>
        new Promise((resolve) =>
          setTimeout(() => resolve({ release, renew: async () => true }), 500),
        ),
    }
    const scripted = scriptedStrategy()
    const provider = createTokenProvider(scripted.strategy, {
      store: slow,
      storeTimeoutMs: 100,
      now: () => Date.now(),
    })
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(500)
    await expect(result).resolves.toMatchObject({ accessToken: 'token-1' })
    expect(release).toHaveBeenCalledTimes(1)
  })

  /** `store`, with its calls counted per method; a method called more than `limit` times rejects. */
  function countingStore(store: TokenStore, limit = 50) {
    const calls: Record<string, number> = {}
    const counted = { ...store } as Record<string, unknown>
    for (const [name, method] of Object.entries(store)) {
      counted[name] = (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1
        // A provider that spins would never end the test: make the store fail instead.
        if (calls[name] > limit) return Promise.reject(new Error(`${name} called in a loop`))
        return (method as (...a: unknown[]) => Promise<unknown>)(...args)
      }
    }
    return { store: counted as unknown as TokenStore, calls }
  }

  it('end a wait for another process at close: closed at once, no further store call, no timer', async () => {
    const memory = memoryTokenStore()
    const scripted = scriptedStrategy()
    await memory.tryLock!(scripted.strategy.id, 60_000) // another process is fetching
    const { store, calls } = countingStore(memory)
    const provider = createTokenProvider(scripted.strategy, { store, now: () => Date.now() })
    let settled: unknown
    void provider.getToken().catch((error: unknown) => (settled = error))
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toEqual({ get: 1, tryLock: 1, waitForToken: 1 })
    provider.close()
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toMatchObject({ code: 'closed' })
    expect(calls).toEqual({ get: 1, tryLock: 1, waitForToken: 1 })
    expect(scripted.strategy.calls).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('do not spin at close on a store whose wait ends at once for an aborted signal (as Redis does)', async () => {
    const memory = memoryTokenStore()
    const scripted = scriptedStrategy()
    await memory.tryLock!(scripted.strategy.id, 60_000)
    const { store, calls } = countingStore({
      ...memory,
      waitForToken: (key, options) =>
        options.signal?.aborted ? Promise.resolve(undefined) : memory.waitForToken!(key, options),
    })
    const provider = createTokenProvider(scripted.strategy, { store, now: () => Date.now() })
    const result = provider.getToken().catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(100)
    provider.close()
    expect(await result).toMatchObject({ code: 'closed' })
    expect(calls['tryLock']).toBe(1)
  })

  it('wait on, without spinning, when the store offers a token this provider can no longer use', async () => {
    // The store's clock is 2 s behind the provider's: to the store, the token has 1.5 s left.
    const memory = memoryTokenStore({ now: () => Date.now() - 2_000 })
    const scripted = scriptedStrategy()
    const key = scripted.strategy.id
    await memory.set(key, token('nearly-gone', -500))
    const holder = await memory.tryLock!(key, 60_000) // another process is fetching its successor
    const { store, calls } = countingStore(memory)
    const provider = createTokenProvider(scripted.strategy, { store, now: () => Date.now() })
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(1_000)
    await memory.set(key, token('successor'))
    await holder!.release()
    await expect(result).resolves.toMatchObject({ accessToken: 'successor' })
    expect(calls['waitForToken']).toBeLessThanOrEqual(2)
    expect(scripted.strategy.calls).toBe(0)
  })

  it('release the lock even after storing the token timed out, so a waiter need not sit out the lease', async () => {
    const memory = memoryTokenStore()
    const holderStore: TokenStore = { ...memory, set: () => new Promise(() => {}) } // set hangs
    const scripted = scriptedStrategy()
    const holder = createTokenProvider(scripted.strategy, {
      store: holderStore,
      now: () => Date.now(),
    })
    const waiter = createTokenProvider(scripted.strategy, { store: memory, now: () => Date.now() })
    const held = holder.getToken()
    await vi.advanceTimersByTimeAsync(10)
    let waited: unknown
    void waiter.getToken().then((token) => (waited = token))
    await vi.advanceTimersByTimeAsync(1_000) // the holder's set times out (storeTimeoutMs)
    await expect(held).resolves.toMatchObject({ accessToken: 'token-1' })
    await vi.advanceTimersByTimeAsync(10)
    // Woken by the release, the waiter fetches itself: the holder's token never reached the store.
    expect(waited).toMatchObject({ accessToken: 'token-2' })
  })

  it('keep working when the store fails: each falls back to the token endpoint', async () => {
    const broken: TokenStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
      delete: () => Promise.reject(new Error('store down')),
      tryLock: () => new Promise(() => {}), // hangs: the provider's storeTimeoutMs ends the wait
    }
    const scripted = scriptedStrategy()
    const errors: string[] = []
    const provider = createTokenProvider(scripted.strategy, {
      store: broken,
      storeTimeoutMs: 100,
      onEvent: (event) => event.type === 'store_error' && errors.push(event.operation),
    })
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(100)
    await expect(result).resolves.toMatchObject({ accessToken: 'token-1' })
    // get fails at once; tryLock hangs until storeTimeoutMs, after which the store is left alone.
    expect(errors).toEqual(['get', 'tryLock'])
  })

  it('skip a store that timed out for a while, so a hung store costs one timeout, not one per call', async () => {
    const calls: string[] = []
    const hung: TokenStore = {
      get: () => (calls.push('get'), new Promise(() => {})),
      set: async () => void calls.push('set'),
      delete: async () => void calls.push('delete'),
    }
    const scripted = scriptedStrategy()
    const provider = createTokenProvider(scripted.strategy, {
      store: hung,
      storeTimeoutMs: 100,
      now: () => Date.now(),
    })
    const first = provider.getToken()
    await vi.advanceTimersByTimeAsync(100)
    await expect(first).resolves.toMatchObject({ accessToken: 'token-1' })
    expect(calls).toEqual(['get'])
    provider.invalidate('token-1')
    await expect(provider.getToken()).resolves.toMatchObject({ accessToken: 'token-2' })
    expect(calls).toEqual(['get']) // still quiet: no delete, no get, no set

    await vi.advanceTimersByTimeAsync(5_000)
    provider.invalidate('token-2')
    const third = provider.getToken()
    await vi.advanceTimersByTimeAsync(100)
    await third
    expect(calls).toEqual(['get', 'delete', 'get'])
  })
})
