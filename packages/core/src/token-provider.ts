import { ZoomAuthError, isZoomAuthError } from './errors.js'
import { EventSink } from './events.js'
import { scrubError } from './scrub.js'
import { assertStrategy, normalizeOptions } from './provider-options.js'
import { tokenFreshness, tokenTiming, type TokenTiming } from './token-timing.js'
import type {
  AccessToken,
  GetTokenOptions,
  TokenGrant,
  TokenProvider,
  TokenProviderOptions,
  TokenStore,
  TokenStoreLock,
  TokenStrategy,
  ZoomAuthEvent,
} from './types.js'

interface CachedToken extends TokenTiming {
  token: AccessToken
}

type StoreOperation = Extract<ZoomAuthEvent, { type: 'store_error' }>['operation']
type StoreResult<T> = { ok: true; value: T } | { ok: false }

const PERMANENT_CODES = new Set(['invalid_client', 'invalid_request'])
const RETRYABLE_CODES = new Set(['network_error', 'timeout', 'server_error', 'rate_limited'])
const REMEMBERED_INVALIDATIONS = 16
const STORE_QUIET_MS = 5_000
/** What a store call settles with when the caller stopped needing it. */
const ENDED = Symbol('ended')

const emitters = new WeakMap<TokenProvider, (event: ZoomAuthEvent) => void>()

/** Emits an event on a provider's sink (for the request policy); a no-op for foreign providers. */
export function emitProviderEvent(provider: TokenProvider, event: ZoomAuthEvent): void {
  emitters.get(provider)?.(event)
}

/**
 * Creates the token cache for one credential set: hands out valid tokens, fetches new ones through
 * `strategy` with at most one fetch at a time, refreshes ahead of expiry in the background, retries
 * transient failures and backs off after permanent ones.
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
  const { clock, store } = config
  const key = strategy.id
  const sink = new EventSink()
  if (options.onEvent) sink.subscribe(options.onEvent)
  const closeController = new AbortController()

  let cached: CachedToken | undefined
  let inflight: Promise<CachedToken> | undefined
  let nextBackgroundAttemptAt = 0
  let failure: { error: ZoomAuthError; until: number } | undefined
  // Callers awaiting a fetch right now: while there are any, a backoff keeps the process alive.
  let waiting = 0
  let backoff: NodeJS.Timeout | undefined
  // After a store call timed out, the store is skipped until then (a hung store costs one timeout).
  let storeQuietUntil = 0
  const invalidated: string[] = []

  const emit = (event: ZoomAuthEvent) => sink.emit(event)

  function adopt(token: AccessToken, lifetimeMs: number): CachedToken {
    return { token, ...tokenTiming(token.expiresAt, lifetimeMs, config, Math.random()) }
  }

  function usableFromStore(
    token: AccessToken | undefined,
    previous: string | undefined,
  ): CachedToken | undefined {
    if (!token || token.accessToken === previous || invalidated.includes(token.accessToken))
      return undefined
    // The margins scale with the token's whole life: what is left understates it (a process that
    // starts late in a token's life would hand it out ever closer to its expiry).
    const remainingMs = token.expiresAt - clock()
    const lifetimeMs = Number.isFinite(token.issuedAt)
      ? Math.max(token.expiresAt - token.issuedAt!, remainingMs)
      : remainingMs
    const candidate = adopt(token, lifetimeMs)
    return tokenFreshness(candidate, clock()) === 'expired' ? undefined : candidate
  }

  /**
   * One call to the store, bounded by `timeoutMs`; failures become `{ ok: false }` and an event.
   * `until` ends a call nobody needs any more (a renewal when the fetch is over): at once, silently.
   */
  async function storeCall<T>(
    operation: StoreOperation,
    call: (store: TokenStore) => Promise<T>,
    timeoutMs = config.storeTimeoutMs,
    until?: AbortSignal,
  ): Promise<StoreResult<T>> {
    // A lock is given back even to a store left alone after a timeout: else the fleet waits out its lease.
    const quiet = clock() < storeQuietUntil && operation !== 'unlock'
    if (!store || quiet || until?.aborted) return { ok: false }
    let timer: NodeJS.Timeout | undefined
    let pending: Promise<T> | undefined
    let timedOut = false
    let onEnd: (() => void) | undefined
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true
          reject(new Error(`store ${operation} took longer than ${timeoutMs} ms`))
        }, timeoutMs)
        timer.unref()
      })
      const racers: Array<Promise<T | typeof ENDED>> = [timeout]
      if (until) {
        racers.push(
          new Promise<typeof ENDED>((resolve) => {
            onEnd = () => resolve(ENDED)
            until.addEventListener('abort', onEnd, { once: true })
          }),
        )
      }
      pending = call(store)
      const value = await Promise.race([pending, ...racers])
      return value === ENDED ? { ok: false } : { ok: true, value: value as T }
    } catch (error) {
      if (until?.aborted) return { ok: false }
      emit({ type: 'store_error', strategy: key, operation, message: scrubError(error).message })
      // A store that hangs would cost every later call a timeout: leave it alone for a while. A slow
      // renewal costs no caller anything, and must not stop the holder from storing and releasing.
      if (timedOut && operation !== 'renewLock') storeQuietUntil = clock() + STORE_QUIET_MS
      // A lock granted after we stopped waiting would block the fleet until its lease ends: give it back.
      if (operation === 'tryLock')
        pending?.then((lock) => (lock as TokenStoreLock | undefined)?.release()).catch(() => {})
      return { ok: false }
    } finally {
      clearTimeout(timer)
      if (onEnd) until?.removeEventListener('abort', onEnd)
    }
  }

  async function tokenFromStore(previous: string | undefined): Promise<CachedToken | undefined> {
    const stored = await storeCall('get', (s) => s.get(key))
    const entry = stored.ok ? usableFromStore(stored.value, previous) : undefined
    return entry && fromStoreEvent(entry)
  }

  /**
   * Takes the fleet's fetch lock, or waits for the process holding it to store a token, trying the
   * lock again after each wait so that one waiter, not all, takes over from a holder that failed.
   * Resolves a shared token, or the lock (none when the store can't lock: fetch alone).
   */
  async function lockOrSharedToken(
    storeWithLock: TokenStore & Required<Pick<TokenStore, 'tryLock'>>,
    previous: string | undefined,
    force: boolean,
  ): Promise<{ entry: CachedToken } | { lock?: TokenStoreLock }> {
    const deadline = clock() + config.lockWaitMs
    // What the store's wait skips: a token this provider can't use would otherwise end every wait at once.
    let skip = previous
    for (;;) {
      // A wait ends at close (its signal): then nothing more is asked of the store or the endpoint.
      if (closeController.signal.aborted) throw closedError()
      const locked = await storeCall('tryLock', (s) => s.tryLock!(key, config.lockLeaseMs))
      if (!locked.ok) return {}
      const lock = locked.value
      if (lock) {
        // Double-check: the lock's previous holder may have stored a token just before releasing it.
        const entry = force ? undefined : await tokenFromStore(previous)
        if (!entry) return { lock }
        void storeCall('unlock', () => lock.release())
        return { entry }
      }
      const remainingMs = deadline - clock()
      if (!storeWithLock.waitForToken || remainingMs <= 0) return {}
      const waitMs = Math.min(config.timeoutMs, remainingMs)
      const waited = await storeCall(
        'waitForToken',
        (s) =>
          s.waitForToken!(key, {
            timeoutMs: waitMs,
            ...(skip !== undefined && { previous: skip }),
            signal: closeController.signal,
          }),
        waitMs + config.storeTimeoutMs,
      )
      if (!waited.ok) return {}
      const entry = usableFromStore(waited.value, previous)
      if (entry) return { entry: fromStoreEvent(entry) }
      skip = waited.value?.accessToken ?? skip
    }
  }

  async function load(force: boolean, background: boolean): Promise<CachedToken> {
    const previous = cached?.token.accessToken ?? invalidated.at(-1)
    const shared = store && !force ? await tokenFromStore(previous) : undefined
    if (shared) return shared
    const turn = store?.tryLock
      ? await lockOrSharedToken(
          store as TokenStore & Required<Pick<TokenStore, 'tryLock'>>,
          previous,
          force,
        )
      : {}
    if ('entry' in turn) return turn.entry
    const { lock } = turn
    const stopRenewing = lock && renewWhileFetching(lock)

    try {
      const startedAt = clock()
      const { grant, attempts, attemptStartedAt } = await fetchWithRetry()
      const lifetimeMs = grant.expiresInSeconds * 1000
      const token: AccessToken = {
        accessToken: grant.accessToken,
        tokenType: 'bearer',
        // Counted from when the successful attempt asked: the token's life began no earlier.
        expiresAt: Math.round(attemptStartedAt + lifetimeMs),
        issuedAt: Math.round(attemptStartedAt),
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
      const entry = adopt(token, lifetimeMs)
      if (tokenFreshness(entry, clock()) === 'expired') {
        // Only an attempt slower than most of the token's life gets here: never hand such a token out.
        throw new ZoomAuthError(
          'invalid_response',
          `the token arrived inside its expiry margin (expires_in ${grant.expiresInSeconds} s)`,
          { attempts },
        )
      }
      if (store) await storeCall('set', (s) => s.set(key, token))
      return entry
    } finally {
      stopRenewing?.()
      if (lock) await storeCall('unlock', () => lock.release())
    }
  }

  /**
   * Keeps the lease on `lock` while this process fetches, one renewal after the other. Not beyond
   * `lockHoldMs`, though: a fetch still retrying then lets one waiter take over rather than have
   * every waiter give up and fetch at once. A lost lock just means another may fetch too.
   */
  function renewWhileFetching(lock: TokenStoreLock): () => void {
    const lastRenewalAt = clock() + config.lockHoldMs - config.lockLeaseMs
    const intervalMs = config.lockLeaseMs / 3
    // Aborted when the fetch is over: ends a renewal still waiting on the store, without an event.
    const fetching = new AbortController()
    let timer: NodeJS.Timeout | undefined
    // Each renewal is due a third of a lease after the previous one fired, not after it answered:
    // a renewal that hangs until storeTimeoutMs must not push the next one past the lease.
    const next = (dueAt: number) => {
      if (fetching.signal.aborted || dueAt > lastRenewalAt) return
      timer = setTimeout(
        () => {
          const renewal = () => lock.renew(config.lockLeaseMs)
          void storeCall('renewLock', renewal, undefined, fetching.signal).then((renewed) => {
            // A lease that was lost can't be won back by renewing; another process may fetch now.
            if (!(renewed.ok && renewed.value === false)) next(dueAt + intervalMs)
          })
        },
        Math.max(0, dueAt - clock()),
      )
      timer.unref()
    }
    next(clock() + intervalMs)
    return () => {
      fetching.abort()
      clearTimeout(timer)
    }
  }

  function fromStoreEvent(entry: CachedToken): CachedToken {
    emit({ type: 'token_from_store', strategy: key, expiresInMs: entry.token.expiresAt - clock() })
    return entry
  }

  async function fetchWithRetry(): Promise<{
    grant: TokenGrant
    attempts: number
    attemptStartedAt: number
  }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const attemptStartedAt = clock()
        return { grant: await attemptOnce(), attempts: attempt, attemptStartedAt }
      } catch (caught) {
        const error = (caught as ZoomAuthError).derive({ attempts: attempt })
        if (closeController.signal.aborted) throw closedError()
        if (!RETRYABLE_CODES.has(error.code) || attempt > config.retry.limit) throw error
        if (error.retryAfterMs !== undefined && error.retryAfterMs > config.retry.maxDelayMs) {
          throw error.derive({
            code: 'rate_limited',
            message: `${error.message}; asked to retry after ${error.retryAfterMs} ms, longer than retry.maxDelayMs`,
          })
        }
        const backoffMs =
          Math.random() *
          Math.min(config.retry.maxDelayMs, config.retry.baseDelayMs * 2 ** (attempt - 1))
        await sleep(error.retryAfterMs ?? backoffMs)
      }
    }
  }

  async function attemptOnce(): Promise<TokenGrant> {
    // Not every transport honours an aborted signal: after close, no request at all.
    if (closeController.signal.aborted) throw closedError()
    const attemptController = new AbortController()
    const timer = setTimeout(() => attemptController.abort(), config.timeoutMs)
    timer.unref()
    const signal = AbortSignal.any([attemptController.signal, closeController.signal])
    try {
      return await strategy.requestToken({ fetch: config.fetch, signal })
    } catch (error) {
      if (closeController.signal.aborted) throw closedError()
      if (attemptController.signal.aborted) {
        throw new ZoomAuthError(
          'timeout',
          `token endpoint did not answer within ${config.timeoutMs} ms`,
        )
      }
      if (isZoomAuthError(error)) throw error
      throw new ZoomAuthError(
        'network_error',
        `token request failed: ${scrubError(error).message}`,
        {
          cause: scrubError(error),
        },
      )
    } finally {
      clearTimeout(timer)
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onClose = () => {
        clearTimeout(timer)
        reject(closedError())
      }
      const timer = setTimeout(() => {
        closeController.signal.removeEventListener('abort', onClose)
        resolve()
      }, ms)
      // A background refresh must never hold the process open; a caller's retry must not be cut short
      // (getToken refs it when a caller joins a background refresh).
      if (waiting === 0) timer.unref()
      backoff = timer
      closeController.signal.addEventListener('abort', onClose, { once: true })
    })
  }

  function refresh(force: boolean, background: boolean): Promise<CachedToken> {
    if (inflight) return inflight
    const started = load(force, background).then(
      (entry) => {
        if (!closeController.signal.aborted) {
          cached = entry
          failure = undefined
        }
        return entry
      },
      (caught: unknown) => {
        const error = closeController.signal.aborted
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

  const provider: TokenProvider = {
    strategy,

    getToken(getOptions: GetTokenOptions = {}): Promise<AccessToken> {
      if (closeController.signal.aborted) return Promise.reject(closedError())
      const { signal, forceRefresh = false } = getOptions
      if (signal?.aborted) return Promise.reject(abortedError(signal.reason))
      const now = clock()
      if (cached && !forceRefresh) {
        const freshness = tokenFreshness(cached, now)
        if (freshness !== 'expired') {
          if (freshness === 'refresh-ahead' && !inflight && now >= nextBackgroundAttemptAt) {
            refresh(false, true).catch(() => {})
          }
          return Promise.resolve(cached.token)
        }
      }
      // Each caller gets its own copy: clients such as axios append to the stack of what they receive.
      if (failure && !forceRefresh && now < failure.until)
        return Promise.reject(failure.error.derive({}))
      waiting++
      backoff?.ref()
      const settled = () => void waiting--
      const shared = refresh(forceRefresh, false)
      shared.then(settled, settled)
      return untilAborted(
        shared.then(
          (entry) => entry.token,
          (error: ZoomAuthError) => Promise.reject(error.derive({})),
        ),
        signal,
      )
    },

    peek: () => cached?.token,

    invalidate(accessToken: string): void {
      if (!cached || cached.token.accessToken !== accessToken) return
      cached = undefined
      invalidated.push(accessToken)
      if (invalidated.length > REMEMBERED_INVALIDATIONS) invalidated.shift()
      emit({ type: 'token_invalidated', strategy: key })
      if (store) void storeCall('delete', (s) => s.delete(key, accessToken))
    },

    subscribe: (listener) => sink.subscribe(listener),

    close(): void {
      if (closeController.signal.aborted) return
      closeController.abort()
      cached = undefined
      sink.clear()
      emitters.delete(provider)
    },
  }
  emitters.set(provider, emit)
  return provider
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

function closedError(): ZoomAuthError {
  return new ZoomAuthError('closed', 'the token provider was closed')
}

function abortedError(reason: unknown): ZoomAuthError {
  return new ZoomAuthError('aborted', 'the caller aborted while waiting for a token', {
    cause: reason,
  })
}
