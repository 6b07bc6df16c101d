import type { ZoomAuthErrorCode } from './errors.js'

/** The three values of a Zoom Server-to-Server OAuth app (App Marketplace → your app → App credentials). */
export interface ZoomCredentials {
  accountId: string
  clientId: string
  clientSecret: string
}

/** An access token as the provider hands it out. */
export interface AccessToken {
  accessToken: string
  tokenType: 'bearer'
  /** When the token expires, in epoch ms. */
  expiresAt: number
  /**
   * When its life began, in epoch ms (the start of the attempt that obtained it). Stores keep it, so
   * that a provider taking the token from a store knows its whole lifetime, which its margins scale
   * with. Absent from tokens stored by earlier versions.
   */
  issuedAt?: number
  scopes: string[]
  /** Zoom's `api_url`, when the token endpoint sent one. */
  apiUrl?: string
}

/** What one successful token-endpoint call yields; the provider turns it into an {@link AccessToken}. */
export interface TokenGrant {
  accessToken: string
  expiresInSeconds: number
  scopes: string[]
  apiUrl?: string
  /** The refresh token the endpoint sent with it (user-level OAuth), if any. */
  refreshToken?: string
  /**
   * For a token issued earlier (read from a store rather than fetched now): when its life began and
   * ends, in epoch ms. The provider then counts its margins from these instead of from the attempt.
   */
  issuedAt?: number
  expiresAt?: number
}

/** What the provider hands a strategy for one attempt. */
export interface TokenRequestContext {
  /** The transport to use (the provider's `fetch` option, or global fetch). */
  fetch: typeof fetch
  /** Aborted when the attempt times out or the provider closes. */
  signal: AbortSignal
  /**
   * The access token the provider will not take again: the one it holds (a refresh) or the one a
   * 401 retired. A strategy that can hand out a stored token must hand out another one.
   */
  previous?: string
}

/**
 * How to obtain a token. Strategies are plain objects, so any grant can be plugged in.
 * A strategy makes ONE attempt; retries, timeouts, caching and single-flight are the provider's.
 *
 * @example
 * ```ts
 * const strategy: TokenStrategy = {
 *   id: 'my-api',
 *   tokenUrl: 'https://auth.example.com/token',
 *   requestToken: ({ fetch, signal }) =>
 *     requestTokenEndpoint({ fetch, signal }, 'https://auth.example.com/token', { method: 'POST', body: '…' }),
 * }
 * ```
 */
export interface TokenStrategy {
  /** Stable and secret-free: names the credential set (a store shares tokens per id). */
  readonly id: string
  /** The token endpoint; its host is trusted with the token too. */
  readonly tokenUrl: string
  requestToken(context: TokenRequestContext): Promise<TokenGrant>
}

/** Retry policy for the token endpoint (never for the API requests themselves). */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3 (so up to 4 attempts). */
  limit?: number
  /** Base of the exponential backoff with full jitter. Default 250. */
  baseDelayMs?: number
  /** Longest wait between attempts; a longer `Retry-After` fails the call with `rate_limited`. Default 10_000. */
  maxDelayMs?: number
}

/** Options of {@link createTokenProvider}. */
export interface TokenProviderOptions {
  /** Transport for token requests. Default: global `fetch`. */
  fetch?: typeof fetch
  /** Inside this window before expiry the cached token is still served while ONE background refresh runs. Default 300_000. */
  refreshAheadMs?: number
  /** A token this close to expiry is never handed out. Default 30_000. */
  expiryMarginMs?: number
  /** Per token-endpoint attempt. Default 10_000. */
  timeoutMs?: number
  retry?: RetryOptions
  /** After `invalid_client`/`invalid_request`, calls fail fast with the same error for this long. Default 10_000. */
  failureCooldownMs?: number
  /** Where tokens are shared beyond this provider (e.g. `@zoom-auth/redis`). Default: none, the provider's own memory. */
  store?: TokenStore
  /** Longest a store operation may take before the provider carries on without it. Default 1_000. */
  storeTimeoutMs?: number
  /** Receives lifecycle events (never secrets). */
  onEvent?: (event: ZoomAuthEvent) => void
  /** Clock in ms, for tests. Default: a monotonic clock on the epoch scale. */
  now?: () => number
}

/** Options of {@link TokenProvider.getToken}. */
export interface GetTokenOptions {
  /** Rejects this call (code `aborted`) without cancelling the fetch others wait on. */
  signal?: AbortSignal
  /** Skip the cache (and a failure cooldown) and fetch a new token. */
  forceRefresh?: boolean
}

/** A cache of one credential set's token: hands out valid tokens and fetches new ones, one at a time. */
export interface TokenProvider {
  /** The strategy the provider fetches with. */
  readonly strategy: TokenStrategy
  /** A valid token: the cached one, or the result of the one shared fetch. */
  getToken(options?: GetTokenOptions): Promise<AccessToken>
  /** The cached token, valid or not, without fetching. */
  peek(): AccessToken | undefined
  /** Drops the cached token only if it is still `accessToken` (a late 401 never discards a newer token). */
  invalidate(accessToken: string): void
  /** Listens to lifecycle events; returns the function that stops listening. */
  subscribe(listener: (event: ZoomAuthEvent) => void): () => void
  /**
   * Publishes an event about a call made with this provider's token (`request_replayed`), so the
   * provider's subscribers see it beside its own events. Adapters report through it; optional for
   * providers of your own (the event then goes to the diagnostics channel only).
   */
  report?(event: ZoomAuthEvent): void
  /** Releases timers and listeners; later calls to `getToken` reject with code `closed`. */
  close(): void
}

/** Options of {@link TokenStore.waitForToken}. */
export interface WaitForTokenOptions {
  /** Give up after this long and resolve `undefined`. */
  timeoutMs: number
  /** Only a token other than this one counts. */
  previous?: string
  signal?: AbortSignal
}

/**
 * Shares tokens between providers, possibly across processes. Methods are async because a store may be remote.
 * A fleet does one fetch per expiry: `get`, else `tryLock` and fetch and `set`, else `waitForToken`.
 * A store that throws or hangs never fails a request: the provider carries on without it.
 */
export interface TokenStore {
  get(key: string): Promise<AccessToken | undefined>
  /**
   * Stores the token until its `expiresAt`, unless the one stored already expires later (a late
   * writer never wins) or the token has expired.
   */
  set(key: string, token: AccessToken): Promise<void>
  /** Compare-and-delete: removes the stored token only if it is still `accessToken`. */
  delete(key: string, accessToken: string): Promise<void>
  /**
   * Tries to become the one fetcher for `ttlMs`: resolves the held lock, or `undefined` when another
   * holds it. The provider renews it while its fetch runs, so a holder that crashed keeps the fleet
   * waiting for one `ttlMs` at most.
   */
  tryLock?(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>
  /**
   * Resolves the next stored token (other than `previous`), or `undefined` after `timeoutMs` — or
   * earlier, once the lock is released without a new token or when nobody holds it (the provider
   * then tries the lock itself).
   */
  waitForToken?(key: string, options: WaitForTokenOptions): Promise<AccessToken | undefined>
}

/** A store's fetch lock, held by this process. */
export interface TokenStoreLock {
  /** Holds the lock `ttlMs` longer, counted from now; resolves false if it was lost meanwhile. */
  renew(ttlMs: number): Promise<boolean>
  /** Gives the lock up if still held, waking the waiters (they fetch on their own if no token came). */
  release(): Promise<void>
}

/** Lifecycle events, for metrics and logs. They carry timings and counts, never secrets or tokens. */
export type ZoomAuthEvent =
  | {
      type: 'token_fetched'
      strategy: string
      durationMs: number
      attempts: number
      expiresInMs: number
      background: boolean
    }
  | { type: 'token_from_store'; strategy: string; expiresInMs: number }
  | {
      type: 'refresh_failed'
      strategy: string
      code: ZoomAuthErrorCode
      attempts: number
      background: boolean
    }
  | { type: 'token_invalidated'; strategy: string }
  /** A user's grant is gone (refused, or its refresh's answer lost): ask them to install again. */
  | { type: 'reauthorization_required'; strategy: string; userKey: string; reason: string }
  | { type: 'request_replayed'; strategy: string; host: string; status: number }
  | {
      type: 'store_error'
      strategy: string
      operation: 'get' | 'set' | 'delete' | 'tryLock' | 'renewLock' | 'unlock' | 'waitForToken'
      message: string
    }
