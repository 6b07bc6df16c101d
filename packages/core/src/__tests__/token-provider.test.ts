import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { describe, expect, it, vi } from 'vitest'
import { EVENTS_CHANNEL_NAME } from '../events.js'
import { createTokenProvider } from '../token-provider.js'
import type { TokenProviderOptions, ZoomAuthEvent } from '../types.js'
import { failure, grant, scriptedStrategy } from './support/scripted-strategy.js'
import { useFixedClock } from './support/fixed-clock.js'

useFixedClock()

function setup(options: TokenProviderOptions & { expiresInSeconds?: number } = {}) {
  const { expiresInSeconds, ...providerOptions } = options
  const scripted = scriptedStrategy(expiresInSeconds === undefined ? {} : { expiresInSeconds })
  const events: ZoomAuthEvent[] = []
  const provider = createTokenProvider(scripted.strategy, {
    now: () => Date.now(),
    onEvent: (event) => events.push(event),
    ...providerOptions,
  })
  return { provider, strategy: scripted.strategy, then: scripted.then, events }
}

describe('single flight', () => {
  it('makes one token request for 1,000 concurrent getToken calls', async () => {
    const { provider, strategy } = setup()
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => provider.getToken()))
    expect(strategy.calls).toBe(1)
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(new Set(['token-1']))
  })

  it('serves the cached token without another request', async () => {
    const { provider, strategy } = setup()
    await provider.getToken()
    await vi.advanceTimersByTimeAsync(60_000)
    await provider.getToken()
    expect(strategy.calls).toBe(1)
  })

  it('computes expiresAt from expires_in at receipt, as epoch ms', async () => {
    const { provider } = setup()
    const token = await provider.getToken()
    expect(token.expiresAt).toBe(Date.parse('2026-01-01T01:00:00Z'))
    expect(token).toMatchObject({ tokenType: 'bearer', scopes: ['user:read:admin'] })
  })
})

describe('refresh-ahead', () => {
  it('returns the cached token at once inside the window and starts ONE background refresh', async () => {
    const { provider, strategy, events } = setup()
    await provider.getToken()
    vi.setSystemTime(Date.now() + 3_600_000 - 200_000) // inside the 5 min window (past any jitter)

    const during = await Promise.all(Array.from({ length: 50 }, () => provider.getToken()))
    expect(during.every((token) => token.accessToken === 'token-1')).toBe(true)
    expect(strategy.calls).toBe(2)

    await vi.advanceTimersByTimeAsync(0)
    expect((await provider.getToken()).accessToken).toBe('token-2')
    expect(
      events
        .filter((event) => event.type === 'token_fetched')
        .map((event) => event.type === 'token_fetched' && event.background),
    ).toEqual([false, true])
  })

  it('keeps serving the still-valid token when the background refresh fails, and tries again later', async () => {
    const { provider, strategy, then, events } = setup({ retry: { limit: 0 } })
    await provider.getToken()
    vi.setSystemTime(Date.now() + 3_600_000 - 200_000)
    then(failure('server_error', { status: 503 }))

    expect((await provider.getToken()).accessToken).toBe('token-1')
    await vi.advanceTimersByTimeAsync(0)
    expect(events.some((event) => event.type === 'refresh_failed' && event.background)).toBe(true)

    expect((await provider.getToken()).accessToken).toBe('token-1')
    expect(strategy.calls).toBe(2) // no new attempt right after a failure

    await vi.advanceTimersByTimeAsync(30_000)
    await provider.getToken()
    await vi.advanceTimersByTimeAsync(0)
    expect(strategy.calls).toBe(3)
    expect((await provider.getToken()).accessToken).toBe('token-2')
  })

  it('does not ask again in the background before a Retry-After has passed', async () => {
    const { provider, strategy, then } = setup()
    await provider.getToken()
    vi.setSystemTime(Date.now() + 3_600_000 - 200_000)
    then(failure('rate_limited', { status: 429, retryAfterMs: 120_000 }))
    for (let second = 0; second < 119; second++) {
      expect((await provider.getToken()).accessToken).toBe('token-1')
      await vi.advanceTimersByTimeAsync(1_000)
    }
    expect(strategy.calls).toBe(2)
    await vi.advanceTimersByTimeAsync(1_000)
    await provider.getToken()
    await vi.advanceTimersByTimeAsync(0)
    expect(strategy.calls).toBe(3)
    expect((await provider.getToken()).accessToken).toBe('token-2')
  })

  it('does not ask again in the background during a failure cooldown', async () => {
    const { provider, strategy, then } = setup({ failureCooldownMs: 60_000 })
    await provider.getToken()
    vi.setSystemTime(Date.now() + 3_600_000 - 200_000)
    then(failure('invalid_client', { status: 400 }))
    for (let second = 0; second < 59; second++) {
      expect((await provider.getToken()).accessToken).toBe('token-1')
      await vi.advanceTimersByTimeAsync(1_000)
    }
    expect(strategy.calls).toBe(2)
  })

  it('does not refetch on every call when the token lives shorter than the window', async () => {
    const { provider, strategy } = setup({ expiresInSeconds: 60 })
    await provider.getToken()
    for (let second = 0; second < 25; second++) {
      await provider.getToken()
      await vi.advanceTimersByTimeAsync(1_000)
    }
    expect(strategy.calls).toBe(1)
  })
})

describe('expiry margin', () => {
  it('never hands out a token inside the margin: callers wait for the new one', async () => {
    const { provider, strategy } = setup({ refreshAheadMs: 0 })
    await provider.getToken()
    vi.setSystemTime(Date.now() + 3_600_000 - 29_000)
    expect((await provider.getToken()).accessToken).toBe('token-2')
    expect(strategy.calls).toBe(2)
  })

  it('counts from the injected clock, not the wall clock (a wall-clock jump changes nothing)', async () => {
    let now = 0
    const { provider, strategy } = setup({ now: () => now })
    await provider.getToken()
    vi.setSystemTime(Date.now() + 10 * 3_600_000) // the wall clock jumps
    await provider.getToken()
    expect(strategy.calls).toBe(1)
    now = 3_600_000
    await provider.getToken()
    expect(strategy.calls).toBe(2)
  })
})

describe('invalidate', () => {
  it('clears the cache when the token is still the current one', async () => {
    const { provider, strategy, events } = setup()
    const first = await provider.getToken()
    provider.invalidate(first.accessToken)
    expect(provider.peek()).toBeUndefined()
    expect((await provider.getToken()).accessToken).toBe('token-2')
    expect(strategy.calls).toBe(2)
    expect(events.filter((event) => event.type === 'token_invalidated')).toHaveLength(1)
  })

  it('is a no-op for a late 401 carrying an old token: no second refresh', async () => {
    const { provider, strategy } = setup()
    const old = await provider.getToken()
    provider.invalidate(old.accessToken)
    await provider.getToken()
    provider.invalidate(old.accessToken)
    expect((await provider.getToken()).accessToken).toBe('token-2')
    expect(strategy.calls).toBe(2)
  })

  it('lets a storm of 500 invalidations of one token cause one refresh', async () => {
    const { provider, strategy } = setup()
    const old = await provider.getToken()
    const replays = Array.from({ length: 500 }, () => {
      provider.invalidate(old.accessToken)
      return provider.getToken()
    })
    const tokens = await Promise.all(replays)
    expect(strategy.calls).toBe(2)
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(new Set(['token-2']))
  })
})

describe('retries', () => {
  it('retries network errors, timeouts, 408, 429 and 5xx up to retry.limit, then fails with the attempts counted', async () => {
    const { provider, strategy, then } = setup()
    then(
      failure('network_error'),
      failure('server_error', { status: 502 }),
      failure('timeout', { status: 408 }),
      failure('server_error', { status: 503 }),
    )
    const result = provider.getToken().catch((error: unknown) => error)
    await vi.runAllTimersAsync()
    expect(await result).toMatchObject({
      name: 'ZoomAuthError',
      code: 'server_error',
      status: 503,
      attempts: 4,
    })
    expect(strategy.calls).toBe(4)
  })

  it('recovers within the limit', async () => {
    const { provider, then } = setup()
    then(failure('server_error', { status: 500 }), failure('rate_limited', { status: 429 }))
    const result = provider.getToken()
    await vi.runAllTimersAsync()
    expect((await result).accessToken).toBe('token-1')
  })

  it('backs off exponentially with full jitter, bounded by maxDelayMs', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const { provider, strategy, then } = setup({
      retry: { limit: 3, baseDelayMs: 100, maxDelayMs: 300 },
    })
    then(failure('network_error'), failure('network_error'), failure('network_error'))
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(49)
    expect(strategy.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1) // 0.5 × 100
    expect(strategy.calls).toBe(2)
    await vi.advanceTimersByTimeAsync(99)
    expect(strategy.calls).toBe(2)
    await vi.advanceTimersByTimeAsync(1) // 0.5 × 200
    expect(strategy.calls).toBe(3)
    await vi.advanceTimersByTimeAsync(149)
    expect(strategy.calls).toBe(3)
    await vi.advanceTimersByTimeAsync(1) // 0.5 × 300: 400 capped at maxDelayMs
    expect(strategy.calls).toBe(4)
    expect((await result).accessToken).toBe('token-1')
  })

  it('honours Retry-After instead of its own backoff', async () => {
    const { provider, strategy, then } = setup()
    then(failure('rate_limited', { status: 429, retryAfterMs: 2_000 }))
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(1_999)
    expect(strategy.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect((await result).accessToken).toBe('token-1')
  })

  it('fails with rate_limited and retryAfterMs when Retry-After exceeds maxDelayMs, and waits that long before asking again', async () => {
    const { provider, strategy, then } = setup()
    then(failure('server_error', { status: 503, retryAfterMs: 3_600_000 }))
    await expect(provider.getToken()).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3_600_000,
      attempts: 1,
    })
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'rate_limited' })
    expect(strategy.calls).toBe(1)
  })

  it('waits out the Retry-After of the last attempt before asking again, whatever its status', async () => {
    const { provider, strategy, then } = setup({ retry: { limit: 0 } })
    then(failure('server_error', { status: 503, retryAfterMs: 5_000 }))
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'server_error' })
    await vi.advanceTimersByTimeAsync(4_999)
    await expect(provider.getToken()).rejects.toMatchObject({
      code: 'server_error',
      retryAfterMs: 5_000,
    })
    expect(strategy.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect((await provider.getToken()).accessToken).toBe('token-1')
  })

  it('never retries invalid_response or credential errors', async () => {
    for (const code of ['invalid_response', 'invalid_client', 'invalid_request'] as const) {
      const { provider, strategy, then } = setup()
      then(failure(code, { status: code === 'invalid_response' ? 200 : 400 }))
      await expect(provider.getToken()).rejects.toMatchObject({ code, attempts: 1 })
      expect(strategy.calls).toBe(1)
    }
  })

  it('times out a hanging attempt after timeoutMs and retries it', async () => {
    const { provider, strategy, then } = setup({
      timeoutMs: 1_000,
      retry: { limit: 1, baseDelayMs: 0 },
    })
    then('hang', 'hang')
    const result = provider.getToken().catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(999)
    expect(strategy.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await result).toMatchObject({ code: 'timeout', attempts: 2 })
    expect(strategy.calls).toBe(2)
    expect(strategy.signals.every((signal) => signal.aborted)).toBe(true)
  })
})

describe('cooldown after a permanent failure', () => {
  it('fails fast with the same error instead of hammering the endpoint', async () => {
    const { provider, strategy, then } = setup({ failureCooldownMs: 10_000 })
    then(failure('invalid_client', { status: 400, error: 'invalid_client' }))
    const first = await provider.getToken().catch((error: unknown) => error)
    const again = await Promise.all(
      Array.from({ length: 100 }, () => provider.getToken().catch((error: unknown) => error)),
    )
    // The same failure, each caller with its own copy (clients append call stacks to what they get).
    expect(
      again.every(
        (error) => error !== first && (error as Error).message === (first as Error).message,
      ),
    ).toBe(true)
    expect(again[0]).toMatchObject({ code: 'invalid_client', status: 400 })
    expect(strategy.calls).toBe(1)

    await vi.advanceTimersByTimeAsync(10_000)
    expect((await provider.getToken()).accessToken).toBe('token-1')
    expect(strategy.calls).toBe(2)
  })

  it('is bypassed by forceRefresh', async () => {
    const { provider, strategy, then } = setup()
    then(failure('invalid_client', { status: 400 }))
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
    expect((await provider.getToken({ forceRefresh: true })).accessToken).toBe('token-1')
    expect(strategy.calls).toBe(2)
  })
})

describe('abort', () => {
  it('rejects only the aborting caller with code aborted; the shared fetch goes on for the others', async () => {
    const { provider, strategy } = setup()
    const controller = new AbortController()
    const aborted = provider.getToken({ signal: controller.signal })
    const other = provider.getToken()
    controller.abort()
    await expect(aborted).rejects.toMatchObject({
      code: 'aborted',
      cause: controller.signal.reason,
    })
    expect((await other).accessToken).toBe('token-1')
    expect(strategy.calls).toBe(1)
    expect(strategy.signals[0]?.aborted).toBe(false)
  })

  it('rejects at once for an already aborted signal without fetching', async () => {
    const { provider, strategy } = setup()
    await expect(provider.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'aborted',
    })
    expect(strategy.calls).toBe(0)
  })
})

describe('forceRefresh', () => {
  it('fetches a new token even when the cached one is fresh', async () => {
    const { provider, strategy } = setup()
    await provider.getToken()
    expect((await provider.getToken({ forceRefresh: true })).accessToken).toBe('token-2')
    expect(strategy.calls).toBe(2)
  })
})

describe('close', () => {
  it('rejects later calls with code closed', async () => {
    const { provider } = setup()
    provider.close()
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'closed' })
  })

  it('aborts an in-flight fetch and a backoff wait: waiters reject with closed, no timer is left', async () => {
    const { provider, strategy, then } = setup()
    then('hang')
    const waiting = provider.getToken().catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(0)
    provider.close()
    expect(await waiting).toMatchObject({ code: 'closed' })
    expect(strategy.signals[0]?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps the process alive for a background backoff once a caller waits on it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const { provider, then } = setup({ retry: { baseDelayMs: 1_000 } })
    await provider.getToken()
    vi.setSystemTime(Date.now() + 3_600_000 - 200_000)
    then(failure('server_error', { status: 503 }))
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    await provider.getToken() // served from the cache; the background refresh starts
    await vi.advanceTimersByTimeAsync(0) // its first attempt failed: a 500 ms backoff runs
    const index = setTimeoutSpy.mock.calls.findIndex((call) => call[1] === 500)
    const backoff = setTimeoutSpy.mock.results[index]?.value as NodeJS.Timeout
    expect(backoff.hasRef()).toBe(false) // nobody waits: it must not hold the process
    vi.setSystemTime(Date.now() + 200_000) // the cached token is past its margin
    const waited = provider.getToken() // joins the background refresh
    // A script awaiting this would otherwise exit (code 13) in the middle of the backoff.
    expect(backoff.hasRef()).toBe(true)
    await vi.advanceTimersByTimeAsync(500)
    await expect(waited).resolves.toMatchObject({ accessToken: 'token-2' })
  })

  it('leaves no timer behind after a successful fetch', async () => {
    const { provider } = setup()
    await provider.getToken()
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('events', () => {
  it('reports fetches with duration and attempts, and never a token', async () => {
    const { provider, then, events } = setup()
    then(failure('server_error', { status: 500 }), grant('secret-token-value'))
    const result = provider.getToken()
    await vi.runAllTimersAsync()
    await result
    const fetched = events.find((event) => event.type === 'token_fetched')
    expect(fetched).toMatchObject({
      type: 'token_fetched',
      attempts: 2,
      expiresInMs: 3_600_000,
      background: false,
    })
    expect(JSON.stringify(events)).not.toContain('secret-token-value')
  })

  it('survives a throwing listener', async () => {
    const { provider } = setup({
      onEvent: () => {
        throw new Error('listener bug')
      },
    })
    await expect(provider.getToken()).resolves.toMatchObject({ accessToken: 'token-1' })
  })

  it('stops delivering to an unsubscribed listener', async () => {
    const { provider } = setup()
    const seen: ZoomAuthEvent[] = []
    const unsubscribe = provider.subscribe((event) => seen.push(event))
    unsubscribe()
    await provider.getToken()
    expect(seen).toEqual([])
  })
})

describe('report', () => {
  const replayed: ZoomAuthEvent = {
    type: 'request_replayed',
    strategy: 'test:scripted',
    host: 'api.zoom.us',
    status: 401,
  }

  it('hands an adapter’s event to the provider’s listeners and the diagnostics channel', () => {
    const { provider, events } = setup()
    const subscribed: ZoomAuthEvent[] = []
    provider.subscribe((event) => subscribed.push(event))
    const published: unknown[] = []
    const onPublish = (message: unknown) => published.push(message)
    subscribe(EVENTS_CHANNEL_NAME, onPublish)
    try {
      provider.report!(replayed)
    } finally {
      unsubscribe(EVENTS_CHANNEL_NAME, onPublish)
    }
    expect(events).toEqual([replayed])
    expect(subscribed).toEqual([replayed])
    expect(published).toEqual([replayed])
  })

  it('is a no-op after close, on the diagnostics channel too', () => {
    const { provider, events } = setup()
    provider.close()
    const published: unknown[] = []
    const onPublish = (message: unknown) => published.push(message)
    subscribe(EVENTS_CHANNEL_NAME, onPublish)
    try {
      provider.report!(replayed)
    } finally {
      unsubscribe(EVENTS_CHANNEL_NAME, onPublish)
    }
    expect(events).toEqual([])
    expect(published).toEqual([])
  })

  it('throws TypeError (ERR_INVALID_ARG_TYPE) for something that is not an event', () => {
    const { provider, events } = setup()
    expect(() => provider.report!(null as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }),
    )
    expect(() => provider.report!({ status: 401 } as never)).toThrow(TypeError)
    expect(events).toEqual([])
  })
})

describe('construction', () => {
  const storeShape = { get: async () => undefined, set: async () => {}, delete: async () => {} }
  it.each([
    ['a negative refreshAheadMs', { refreshAheadMs: -1 }],
    ['a non-integer retry.limit', { retry: { limit: 1.5 } }],
    ['a zero timeoutMs', { timeoutMs: 0 }],
    ['a non-function fetch', { fetch: 'fetch' as unknown as typeof fetch }],
    ['a non-function onEvent', { onEvent: 'console.log' }],
    ['a non-object retry', { retry: 3 }],
    ['a null store', { store: null }],
    ['a store whose tryLock is not a function', { store: { ...storeShape, tryLock: true } }],
    ['a store whose waitForToken is not a function', { store: { ...storeShape, waitForToken: 1 } }],
    // Node fires a longer timer after 1 ms: every attempt would time out at once.
    ['a timeoutMs beyond what a timer can wait', { timeoutMs: Number.MAX_SAFE_INTEGER }],
    ['a retry.maxDelayMs beyond what a timer can wait', { retry: { maxDelayMs: 2 ** 31 } }],
    ['a storeTimeoutMs beyond what a timer can wait', { storeTimeoutMs: 2 ** 31 }],
  ])('throws TypeError for %s', (_name, options) => {
    const { strategy } = scriptedStrategy()
    expect(() => createTokenProvider(strategy, options as TokenProviderOptions)).toThrow(TypeError)
  })

  it('throws TypeError without a strategy', () => {
    expect(() => createTokenProvider(undefined as never)).toThrow(TypeError)
  })

  it.each([
    ['no id', { id: undefined }],
    ['an empty id', { id: '' }],
    ['no tokenUrl', { tokenUrl: undefined }],
  ])('throws TypeError for a strategy with %s (the id names its tokens in a store)', (_, patch) => {
    const { strategy } = scriptedStrategy()
    expect(() => createTokenProvider({ ...strategy, ...patch } as never)).toThrow(TypeError)
  })
})

describe('a slow token endpoint', () => {
  it('counts expiry from the attempt that succeeded, not from the first one', async () => {
    const { provider, then } = setup({ timeoutMs: 5_000, retry: { limit: 1, baseDelayMs: 0 } })
    then('hang')
    const firstStarted = Date.now()
    const result = provider.getToken()
    await vi.advanceTimersByTimeAsync(5_000) // the first attempt times out
    await vi.runAllTimersAsync() // the retry answers at once
    const token = await result
    // The retry began 5 s (plus a 1 ms backoff) after the first attempt: its start is what counts.
    expect(token.expiresAt - (firstStarted + 3_600_000)).toBeGreaterThanOrEqual(5_000)
    expect(token.expiresAt - (firstStarted + 3_600_000)).toBeLessThan(5_010)
  })

  it('never hands out a token that arrives already inside its expiry margin', async () => {
    const scripted = scriptedStrategy()
    let now = 0
    // An 8 s token that takes 7 s to arrive: past its margin (a quarter of its life) on arrival.
    scripted.strategy.requestToken = async () => {
      now += 7_000
      return grant('late-token', 8)
    }
    const provider = createTokenProvider(scripted.strategy, { now: () => now, retry: { limit: 0 } })
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'invalid_response' })
    expect(provider.peek()).toBeUndefined()
  })
})
