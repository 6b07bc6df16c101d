import { closedError } from './errors.js'
import type { NormalizedOptions } from './provider-options.js'
import { scrubError } from './scrub.js'
import { cachedToken, tokenFreshness, type CachedToken } from './token-timing.js'
import type { AccessToken, TokenStore, TokenStoreLock, ZoomAuthEvent } from './types.js'

type StoreOperation = Extract<ZoomAuthEvent, { type: 'store_error' }>['operation']
type StoreResult<T> = { ok: true; value: T } | { ok: false }
type LockingStore = TokenStore & Required<Pick<TokenStore, 'tryLock'>>

const STORE_QUIET_MS = 5_000
/** What a store call settles with when the caller stopped needing it. */
const ENDED = Symbol('ended')

/** What {@link createStoreSession} needs from the provider it works for. */
export interface StoreSessionContext {
  /** The strategy's id: names its token in the store and in events. */
  key: string
  config: Pick<
    NormalizedOptions,
    | 'store'
    | 'clock'
    | 'storeTimeoutMs'
    | 'timeoutMs'
    | 'lockLeaseMs'
    | 'lockHoldMs'
    | 'lockWaitMs'
    | 'refreshAheadMs'
    | 'expiryMarginMs'
  >
  /** Aborted at close: a wait for another process ends, and nothing more is asked of the store. */
  closed: AbortSignal
  emit(event: ZoomAuthEvent): void
  /** Tokens the provider invalidated (it keeps the list): never taken from the store again. */
  invalidated: readonly string[]
}

/** A provider's dealings with its store; without a store, each method costs nothing. */
export interface StoreSession {
  /**
   * A token for the provider: one the store shares (unless `force`), else the one `fetchFresh`
   * obtains — while holding the fleet's fetch lock if the store has one, renewed as long as the
   * fetch runs, or once another process' fetch stored nothing — stored for the others.
   * `onWait` hears when it starts waiting for the process holding the lock (for tracing).
   */
  obtain(
    previous: string | undefined,
    force: boolean,
    fetchFresh: () => Promise<CachedToken>,
    onWait?: () => void,
  ): Promise<CachedToken>
  /** Removes an invalidated token from the store, if it is still the one stored (in the background). */
  forget(accessToken: string): void
}

/**
 * The store session of one provider: every store call bounded by `storeTimeoutMs` (a store that
 * fails or hangs never fails a request, and one that timed out is left alone for a while), the
 * fleet's lock taken or waited for, and its lease renewed while this process fetches.
 *
 * @example
 * ```ts
 * const session = createStoreSession({ key: strategy.id, config, closed, emit, invalidated })
 * const entry = await session.obtain(previous, false, fetchFresh)
 * ```
 */
export function createStoreSession(context: StoreSessionContext): StoreSession {
  const { key, config, closed, emit, invalidated } = context
  const { clock, store } = config
  // After a store call timed out, the store is skipped until then (a hung store costs one timeout).
  let storeQuietUntil = 0

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
    const candidate = cachedToken(token, lifetimeMs, config)
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
    storeWithLock: LockingStore,
    previous: string | undefined,
    force: boolean,
    onWait: (() => void) | undefined,
  ): Promise<{ entry: CachedToken } | { lock?: TokenStoreLock }> {
    const deadline = clock() + config.lockWaitMs
    // What the store's wait skips: a token this provider can't use would otherwise end every wait at once.
    let skip = previous
    for (;;) {
      // A wait ends at close (its signal): then nothing more is asked of the store or the endpoint.
      if (closed.aborted) throw closedError()
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
      onWait?.()
      const waited = await storeCall(
        'waitForToken',
        (s) =>
          s.waitForToken!(key, {
            timeoutMs: waitMs,
            ...(skip !== undefined && { previous: skip }),
            signal: closed,
          }),
        waitMs + config.storeTimeoutMs,
      )
      if (!waited.ok) return {}
      const entry = usableFromStore(waited.value, previous)
      if (entry) return { entry: fromStoreEvent(entry) }
      skip = waited.value?.accessToken ?? skip
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

  return {
    async obtain(previous, force, fetchFresh, onWait) {
      const shared = store && !force ? await tokenFromStore(previous) : undefined
      if (shared) return shared
      const turn = store?.tryLock
        ? await lockOrSharedToken(store as LockingStore, previous, force, onWait)
        : {}
      if ('entry' in turn) return turn.entry
      const { lock } = turn
      const stopRenewing = lock && renewWhileFetching(lock)
      try {
        const entry = await fetchFresh()
        if (store) await storeCall('set', (s) => s.set(key, entry.token))
        return entry
      } finally {
        stopRenewing?.()
        if (lock) await storeCall('unlock', () => lock.release())
      }
    },

    forget(accessToken) {
      if (store) void storeCall('delete', (s) => s.delete(key, accessToken))
    },
  }
}
