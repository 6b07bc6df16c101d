import { invalidArgType } from './assert.js'
import { ZoomAuthError, abortedError, closedError, isZoomAuthError } from './errors.js'
import { createEndpointAttempts } from './endpoint-attempts.js'
import { EventSink } from './events.js'
import { assertStrategy, normalizeOptions } from './provider-options.js'
import { scrubError } from './scrub.js'
import { createStoreSession } from './store-session.js'
import { cachedToken, tokenFreshness, type CachedToken } from './token-timing.js'
import { getTokenChannel, traceGetToken, type GetTokenTraceContext } from './tracing.js'
import type {
  AccessToken,
  GetTokenOptions,
  TokenProvider,
  TokenProviderOptions,
  TokenStrategy,
  ZoomAuthEvent,
} from './types.js'

const PERMANENT_CODES = new Set(['invalid_client', 'invalid_request', 'reauthorization_required'])
const REMEMBERED_INVALIDATIONS = 16

/**
 * Creates the token cache for one credential set: hands out valid tokens, fetches new ones through
 * `strategy` with at most one fetch at a time, refreshes ahead of expiry in the background, retries
 * transient failures and backs off after permanent ones.
 *
 * The cache is this function; it shares tokens with other providers through its store session
 * ({@link createStoreSession}) and asks the token endpoint through {@link createEndpointAttempts}.
 *
 * @example
 * ```ts
 * const provider = createTokenProvider(accountCredentials({ accountId, clientId, clientSecret }))
 * const { accessToken } = await provider.getToken()
 * ```
 */
export function createTokenProvider(
  strategy: TokenStrategy,
  options: TokenProviderOptions = {},
): TokenProvider {
  assertStrategy(strategy)
  const config = normalizeOptions(options)
  const { clock } = config
  const key = strategy.id
  const sink = new EventSink()
  if (options.onEvent) sink.subscribe(options.onEvent)
  const closeController = new AbortController()
  const closed = closeController.signal

  let cached: CachedToken | undefined
  let inflight: Promise<CachedToken> | undefined
  let nextBackgroundAttemptAt = 0
  let failure: { error: ZoomAuthError; until: number } | undefined
  // Callers awaiting a fetch right now: while there are any, a backoff keeps the process alive.
  let waiting = 0
  let backoff: NodeJS.Timeout | undefined
  const invalidated: string[] = []

  const emit = (event: ZoomAuthEvent) => sink.emit(event)
  const session = createStoreSession({ key, config, closed, emit, invalidated })
  const fetchWithRetry = createEndpointAttempts({
    strategy,
    config,
    closed,
    callersWaiting: () => waiting > 0,
    onBackoff: (timer) => (backoff = timer),
  })

  /** A new token from the endpoint, timed for this provider. */
  async function fetchFresh(
    background: boolean,
    previous: string | undefined,
  ): Promise<CachedToken> {
    const startedAt = clock()
    const { grant, attempts, attemptStartedAt } = await fetchWithRetry(previous)
    // Counted from when the successful attempt asked (the token's life began no earlier), unless
    // the strategy handed out a token issued earlier (from a store) with its own times.
    const issuedAt = grant.issuedAt ?? attemptStartedAt
    const expiresAt = grant.expiresAt ?? attemptStartedAt + grant.expiresInSeconds * 1000
    const lifetimeMs = expiresAt - issuedAt
    const token: AccessToken = {
      accessToken: grant.accessToken,
      tokenType: 'bearer',
      expiresAt: Math.round(expiresAt),
      issuedAt: Math.round(issuedAt),
      scopes: grant.scopes,
      ...(grant.apiUrl !== undefined && { apiUrl: grant.apiUrl }),
    }
    emit({
      type: 'token_fetched',
      strategy: key,
      durationMs: clock() - startedAt,
      attempts,
      expiresInMs: lifetimeMs,
      background,
    })
    const entry = cachedToken(token, lifetimeMs, config)
    if (tokenFreshness(entry, clock()) === 'expired') {
      // Only an attempt slower than most of the token's life gets here: never hand such a token out.
      throw new ZoomAuthError(
        'invalid_response',
        `the token arrived inside its expiry margin (expires_in ${grant.expiresInSeconds} s)`,
        { attempts },
      )
    }
    return entry
  }

  function load(
    force: boolean,
    background: boolean,
    trace: GetTokenTraceContext | undefined,
  ): Promise<CachedToken> {
    const previous = cached?.token.accessToken ?? invalidated.at(-1)
    // Traced: the store is asked first, then waited on, then the endpoint; the last step taken counts.
    if (trace) trace.outcome = config.store ? 'from_store' : 'fetched'
    const onWait = trace && (() => void (trace.outcome = 'waited'))
    const fetch = () => {
      if (trace) trace.outcome = 'fetched'
      return fetchFresh(background, previous)
    }
    return session.obtain(previous, force, fetch, onWait)
  }

  /** The one fetch at a time; `trace` is the traced caller (or background refresh) that starts it. */
  function refresh(
    force: boolean,
    background: boolean,
    trace?: GetTokenTraceContext,
  ): Promise<CachedToken> {
    if (inflight) return inflight
    const started = load(force, background, trace).then(
      (entry) => {
        if (!closed.aborted) {
          cached = entry
          failure = undefined
        }
        return entry
      },
      (caught: unknown) => {
        const error = closed.aborted
          ? closedError()
          : isZoomAuthError(caught)
            ? caught
            : new ZoomAuthError('network_error', 'token request failed', {
                cause: scrubError(caught),
              })
        const now = clock()
        // Bad credentials won't fix themselves soon; a Retry-After (any status) says when to ask again.
        const cooldownMs = PERMANENT_CODES.has(error.code)
          ? config.failureCooldownMs
          : error.retryAfterMs
        if (cooldownMs !== undefined) failure = { error, until: now + cooldownMs }
        if (trace && cooldownMs !== undefined) trace.cooldownMs = cooldownMs
        if (background && cached) {
          // Keep serving the still-valid token; try again after a quarter of what is left, but
          // not during a cooldown: the background must not ask more often than callers may.
          nextBackgroundAttemptAt = Math.max(
            failure?.until ?? 0,
            now + Math.max(1_000, Math.min(30_000, (cached.staleAt - now) / 4)),
          )
        }
        emit({
          type: 'refresh_failed',
          strategy: key,
          code: error.code,
          attempts: error.attempts ?? 0,
          background,
        })
        throw error
      },
    )
    inflight = started
    void started.then(
      () => (inflight = undefined),
      () => (inflight = undefined),
    )
    return started
  }

  /** A refresh ahead of expiry, traced as a `getToken` of the provider's own when anyone listens. */
  function refreshAhead(): void {
    const run = (trace?: GetTokenTraceContext) =>
      refresh(false, true, trace).then((entry) => entry.token)
    const options = { forceRefresh: false, background: true }
    const started = getTokenChannel.hasSubscribers ? traceGetToken(key, options, clock, run) : run()
    started.catch(() => {})
  }

  /** `getToken`; `trace` (when someone listens) learns how the answer came. */
  function obtain(
    getOptions: GetTokenOptions,
    trace: GetTokenTraceContext | undefined,
  ): Promise<AccessToken> {
    if (trace) trace.outcome = 'rejected'
    if (closed.aborted) return Promise.reject(closedError())
    const { signal, forceRefresh = false } = getOptions
    if (signal?.aborted) return Promise.reject(abortedError(signal.reason))
    const now = clock()
    if (cached && !forceRefresh) {
      const freshness = tokenFreshness(cached, now)
      if (freshness !== 'expired') {
        if (freshness === 'refresh-ahead' && !inflight && now >= nextBackgroundAttemptAt) {
          if (trace) trace.refreshStarted = true
          refreshAhead()
        }
        if (trace) trace.outcome = 'cache_hit'
        return Promise.resolve(cached.token)
      }
    }
    // Each caller gets its own copy: clients such as axios append to the stack of what they receive.
    if (failure && !forceRefresh && now < failure.until) {
      if (trace) trace.outcome = 'cooldown'
      return Promise.reject(failure.error.derive({}))
    }
    if (trace) trace.outcome = inflight ? 'joined' : 'fetched'
    waiting++
    backoff?.ref()
    const settled = () => void waiting--
    const shared = refresh(forceRefresh, false, trace)
    shared.then(settled, settled)
    return untilAborted(
      shared.then(
        (entry) => entry.token,
        (error: ZoomAuthError) => Promise.reject(error.derive({})),
      ),
      signal,
    )
  }

  const provider: TokenProvider = {
    strategy,

    getToken(getOptions: GetTokenOptions = {}): Promise<AccessToken> {
      // Untraced, the cached-token path allocates nothing for tracing.
      if (!getTokenChannel.hasSubscribers) return obtain(getOptions, undefined)
      const options = { forceRefresh: getOptions.forceRefresh === true, background: false }
      return traceGetToken(key, options, clock, (trace) => obtain(getOptions, trace))
    },

    peek: () => cached?.token,

    invalidate(accessToken: string): void {
      if (!cached || cached.token.accessToken !== accessToken) return
      cached = undefined
      invalidated.push(accessToken)
      if (invalidated.length > REMEMBERED_INVALIDATIONS) invalidated.shift()
      emit({ type: 'token_invalidated', strategy: key })
      session.forget(accessToken)
    },

    subscribe: (listener) => sink.subscribe(listener),

    report(event: ZoomAuthEvent): void {
      if (typeof event !== 'object' || event === null || typeof event.type !== 'string')
        throw invalidArgType('zoom-auth: report needs an event { type, … }')
      // After close nobody listens any more, and the diagnostics channel hears nothing of it either.
      if (!closed.aborted) emit(event)
    },

    close(): void {
      if (closed.aborted) return
      closeController.abort()
      cached = undefined
      sink.clear()
    },
  }
  fetchesUnderWay.set(provider, () => inflight)
  return provider
}

const fetchesUnderWay = new WeakMap<TokenProvider, () => Promise<unknown> | undefined>()

/**
 * The fetch a provider of {@link createTokenProvider} has under way, if any (its callers wait on
 * it): what lets core close a provider only once its callers have their answer.
 */
export function fetchUnderWay(provider: TokenProvider): Promise<unknown> | undefined {
  return fetchesUnderWay.get(provider)?.()
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal.reason))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
