import { AsyncLocalStorage } from 'node:async_hooks'
import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { createAuthorizer } from '../call/authorizer.js'
import { cannotResend } from '../call/body-replay.js'
import { memoryTokenStore } from '../memory-token-store.js'
import { createTokenProvider } from '../token-provider.js'
import {
  GET_TOKEN_CHANNEL_NAME,
  REPLAY_CHANNEL_NAME,
  TOKEN_REQUEST_CHANNEL_NAME,
  type GetTokenTraceContext,
  type ReplayTraceContext,
  type TokenRequestTraceContext,
} from '../tracing.js'
import type { TokenGrant, TokenStrategy } from '../types.js'
import { zoomTokenProvider } from '../zoom-token-provider.js'
import { failure, grant, scriptedStrategy } from './support/scripted-strategy.js'

const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const
type TraceEvent = (typeof EVENTS)[number]

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** Every event of one tracing channel, by its full Node name, with a copy of the context then. */
function record<C extends object>(name: string) {
  const seen: Array<{ event: TraceEvent; context: C; copy: C }> = []
  for (const event of EVENTS) {
    const onMessage = (message: unknown) =>
      seen.push({ event, context: message as C, copy: { ...(message as C) } })
    subscribe(`tracing:${name}:${event}`, onMessage)
    cleanups.push(() => unsubscribe(`tracing:${name}:${event}`, onMessage))
  }
  return {
    seen,
    /** The distinct contexts, in the order they started. */
    contexts: () => seen.filter(({ event }) => event === 'start').map(({ context }) => context),
    at: (event: TraceEvent) => seen.filter((entry) => entry.event === event),
  }
}

/** A store bound to a channel's `start`, as a tracer binds its context. */
function bound<C extends object>(name: string, transform: (context: C) => string) {
  const store = new AsyncLocalStorage<string>()
  const start = tracingChannel<unknown, C>(name).start
  start.bindStore(store, transform)
  cleanups.push(() => start.unbindStore(store))
  return store
}

/** A strategy whose answers wait until the test lets them through. */
function gatedStrategy(id = 'test:gated'): TokenStrategy & { release(grant: TokenGrant): void } {
  const waiting: Array<(grant: TokenGrant) => void> = []
  return {
    id,
    tokenUrl: 'https://auth.example.test/token',
    requestToken: () => new Promise<TokenGrant>((resolve) => waiting.push(resolve)),
    release: (answer) => waiting.shift()?.(answer),
  }
}

/** Resolves once the test's microtasks and timers of this turn have run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('the tracing channels', () => {
  it("follow Node's naming: tracing:zoom-auth.<operation>:start|end|asyncStart|asyncEnd|error", async () => {
    expect([GET_TOKEN_CHANNEL_NAME, TOKEN_REQUEST_CHANNEL_NAME, REPLAY_CHANNEL_NAME]).toEqual([
      'zoom-auth.getToken',
      'zoom-auth.tokenRequest',
      'zoom-auth.replay',
    ])
    const getToken = record<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
    const scripted = scriptedStrategy()
    scripted.then(failure('invalid_client'))
    const provider = createTokenProvider(scripted.strategy)
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
    await provider.getToken({ forceRefresh: true })
    expect(getToken.seen.map(({ event }) => event)).toEqual([
      ...['start', 'end', 'error', 'asyncStart', 'asyncEnd'],
      ...['start', 'end', 'asyncStart', 'asyncEnd'],
    ])
  })

  it('never set result: a tracePromise-style result would be the token', async () => {
    const getToken = record<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
    const provider = createTokenProvider(scriptedStrategy().strategy)
    await provider.getToken()
    await provider.getToken()
    for (const context of getToken.contexts()) expect(context).not.toHaveProperty('result')
  })
})

describe('getToken, from the caller’s view', () => {
  it('is fetched, then a cache hit known at end, with the token’s age and time left', async () => {
    const getToken = record<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
    let now = Date.parse('2026-01-01T00:00:00Z')
    const provider = createTokenProvider(scriptedStrategy().strategy, { now: () => now })
    await provider.getToken()
    now += 60_000
    await provider.getToken()
    const [fetched, hit] = getToken.contexts()
    expect(fetched).toMatchObject({
      strategy: 'test:scripted',
      background: false,
      forceRefresh: false,
      outcome: 'fetched',
      tokenAgeMs: 0,
      expiresInMs: 3_600_000,
    })
    expect(getToken.at('end')[1]?.copy).toMatchObject({ outcome: 'cache_hit' })
    expect(hit).toMatchObject({ outcome: 'cache_hit', tokenAgeMs: 60_000, expiresInMs: 3_540_000 })
    expect(hit).not.toHaveProperty('refreshStarted')
  })

  it('tells the caller that started the fetch from the callers that joined it', async () => {
    const getToken = record<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
    const provider = createTokenProvider(scriptedStrategy().strategy)
    await Promise.all([provider.getToken(), provider.getToken(), provider.getToken()])
    expect(getToken.contexts().map((context) => context.outcome)).toEqual([
      'fetched',
      'joined',
      'joined',
    ])
  })

  it('reports a failure’s code and the cooldown it entered; the next call fails in that cooldown', async () => {
    const getToken = record<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
    const scripted = scriptedStrategy()
    scripted.then(failure('invalid_client'))
    const provider = createTokenProvider(scripted.strategy, { failureCooldownMs: 5_000 })
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
    const [first, second] = getToken.contexts()
    expect(first).toMatchObject({ outcome: 'fetched', code: 'invalid_client', cooldownMs: 5_000 })
    expect(first?.error).toMatchObject({ name: 'ZoomAuthError', code: 'invalid_client' })
    expect(second).toMatchObject({ outcome: 'cooldown', code: 'invalid_client' })
    expect(second).not.toHaveProperty('cooldownMs')
  })

  it('is rejected at once after close or with an aborted signal', async () => {
    const getToken = record<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
    const provider = createTokenProvider(scriptedStrategy().strategy)
    await expect(provider.getToken({ signal: AbortSignal.abort() })).rejects.toThrow()
    provider.close()
    await expect(provider.getToken()).rejects.toThrow()
    expect(getToken.contexts()).toMatchObject([
      { outcome: 'rejected', code: 'aborted' },
      { outcome: 'rejected', code: 'closed' },
    ])
  })

  it('marks forceRefresh, and a refresh ahead of expiry as a background getToken of its own', async () => {
    const getToken = record<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
    let now = Date.parse('2026-01-01T00:00:00Z')
    const provider = createTokenProvider(scriptedStrategy().strategy, { now: () => now })
    await provider.getToken({ forceRefresh: true })
    now += 3_600_000 - 200_000 // inside the refresh-ahead window, past any jitter
    await provider.getToken()
    await settle()
    const [forced, hit, background] = getToken.contexts()
    expect(forced).toMatchObject({ forceRefresh: true, outcome: 'fetched' })
    expect(hit).toMatchObject({ outcome: 'cache_hit', refreshStarted: true, background: false })
    expect(background).toMatchObject({ background: true, outcome: 'fetched', tokenAgeMs: 0 })
    expect(getToken.at('asyncEnd')).toHaveLength(3)
  })

  it('is from_store when another provider stored the token, waited while another one fetches it', async () => {
    const getToken = record<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
    const store = memoryTokenStore()
    const strategy = gatedStrategy()
    const fetcher = createTokenProvider(strategy, { store })
    const waiter = createTokenProvider(strategy, { store })
    const fetching = fetcher.getToken()
    await settle() // the fetcher holds the lock
    const waiting = waiter.getToken()
    await settle()
    strategy.release(grant('token-1'))
    await Promise.all([fetching, waiting])
    const late = createTokenProvider(strategy, { store })
    await late.getToken()
    expect(getToken.contexts().map((context) => context.outcome)).toEqual([
      'fetched',
      'waited',
      'from_store',
    ])
  })
})

describe('tokenRequest: one token-endpoint attempt', () => {
  it('numbers the attempts and notes the status, the Retry-After and the code of each', async () => {
    const attempts = record<TokenRequestTraceContext>(TOKEN_REQUEST_CHANNEL_NAME)
    nock('https://zoom.us')
      .post('/oauth/token')
      .reply(503, { reason: 'busy' }, { 'retry-after': '0.002' })
      .post('/oauth/token')
      .reply(200, { access_token: 'tok-1', token_type: 'bearer', expires_in: 3600, scope: 'a' })
    const provider = zoomTokenProvider({ accountId: 'acc', clientId: 'cid', clientSecret: 's' })
    await provider.getToken()
    const [first, second] = attempts.contexts()
    expect(first).toMatchObject({ attempt: 1, status: 503, retryAfterMs: 2, code: 'server_error' })
    expect(first?.strategy).toBe(provider.strategy.id)
    expect(second).toEqual({ strategy: provider.strategy.id, attempt: 2, status: 200 })
    expect(attempts.at('error')).toHaveLength(1)
  })

  it('runs the transport inside stores bound to start: getToken’s, then the attempt’s', async () => {
    const outer = bound<GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME, (c) => `get:${c.strategy}`)
    const inner = bound<TokenRequestTraceContext>(
      TOKEN_REQUEST_CHANNEL_NAME,
      (c) => `attempt:${c.attempt}`,
    )
    const seen: Array<[string | undefined, string | undefined]> = []
    const scripted = scriptedStrategy()
    scripted.then(failure('server_error'))
    const strategy: TokenStrategy = {
      ...scripted.strategy,
      requestToken: async (context) => {
        await Promise.resolve()
        seen.push([outer.getStore(), inner.getStore()])
        return scripted.strategy.requestToken(context)
      },
    }
    const provider = createTokenProvider(strategy, { retry: { baseDelayMs: 1, maxDelayMs: 1 } })
    await provider.getToken()
    expect(seen).toEqual([
      ['get:test:scripted', 'attempt:1'],
      ['get:test:scripted', 'attempt:2'],
    ])
  })
})

describe('replay: one replay after a 401', () => {
  function callSetup() {
    const scripted = scriptedStrategy()
    const provider = createTokenProvider(scripted.strategy)
    const authorizer = createAuthorizer(provider, {})
    return { provider, authorizer }
  }

  it('names the host, the 401 and the outcome; the new token is fetched inside it', async () => {
    const replays = record<ReplayTraceContext>(REPLAY_CHANNEL_NAME)
    const store = bound<ReplayTraceContext>(REPLAY_CHANNEL_NAME, (c) => `replay:${c.host}`)
    const inside: Array<string | undefined> = []
    const onStart = () => inside.push(store.getStore())
    subscribe(`tracing:${GET_TOKEN_CHANNEL_NAME}:start`, onStart)
    cleanups.push(() => unsubscribe(`tracing:${GET_TOKEN_CHANNEL_NAME}:start`, onStart))
    const { authorizer } = callSetup()
    const call = await authorizer.authorize('https://api.zoom.us/v2/users/me')
    const replay = await call?.replay()
    expect(replay?.authorization).toBe('Bearer token-2')
    expect(replays.contexts()).toEqual([
      { strategy: 'test:scripted', host: 'api.zoom.us', status: 401, outcome: 'resend' },
    ])
    expect(inside).toEqual([undefined, 'replay:api.zoom.us'])
  })

  it('is cannot_resend when the body cannot be sent again', async () => {
    const replays = record<ReplayTraceContext>(REPLAY_CHANNEL_NAME)
    const { authorizer } = callSetup()
    const call = await authorizer.authorize('https://api.zoom.us/v2/users/me')
    expect(await call?.replay(undefined, cannotResend('stream'))).toBeUndefined()
    expect(replays.contexts()).toMatchObject([{ outcome: 'cannot_resend' }])
  })
})
