/**
 * How one faulted request is answered instead of the real behaviour.
 *
 * Every field is optional: `{}` answers `500` with a JSON body.
 *
 * @example
 * ```ts
 * emulator.failNextTokenRequests({ status: 503, headers: { 'retry-after': '1' } })
 * emulator.failNextApiRequests({ reset: true })
 * emulator.failNextApiRequests({ html: true }) // 502 Bad Gateway page, like a proxy
 * ```
 */
export interface EmulatorFault {
  /** HTTP status from 200 to 999; `500` by default (`502` when `html` is set). */
  status?: number
  /** Response body; an object is sent as JSON. Defaults to a Zoom-shaped JSON error. */
  body?: string | object
  /** Extra response headers; they override the emulator's own (e.g. `content-type`). */
  headers?: Record<string, string>
  /** Wait this long (real timers) before answering; a hang is a large delay or `Infinity`. */
  delayMs?: number
  /** Destroy the socket without answering, as a connection reset. */
  reset?: boolean
  /** Answer an HTML page (`text/html`), like a proxy's error page. */
  html?: boolean
}

/**
 * Options of {@link startZoomEmulator}.
 *
 * @example
 * ```ts
 * const emulator = await startZoomEmulator({
 *   tokenTtlSeconds: 60,
 *   scopes: ['user:read:admin', 'meeting:write:admin'],
 *   rateLimit: { limit: 10, windowMs: 1000 },
 * })
 * ```
 */
export interface ZoomEmulatorOptions {
  /** TCP port; `0` (the default) picks a free one. The emulator always binds `127.0.0.1`. */
  port?: number
  /** The account id `grant_type=account_credentials` must name; `'emulator-account'` by default. */
  accountId?: string
  /** The accepted client id; `'emulator-client'` by default. */
  clientId?: string
  /** The accepted client secret; `'emulator-secret'` by default. */
  clientSecret?: string
  /** Lifetime of issued tokens (`expires_in`), in seconds; `3600` by default. */
  tokenTtlSeconds?: number
  /** Scopes every token carries; `['user:read:admin', 'meeting:read:admin']` by default. */
  scopes?: string[]
  /** API requests allowed per window (default window 1000 ms); beyond it the API answers 429. */
  rateLimit?: { limit: number; windowMs?: number }
}

/**
 * One API request as the emulator saw it.
 *
 * @example
 * ```ts
 * const tokensUsed = new Set(emulator.stats.requests.map((request) => request.token))
 * ```
 */
export interface EmulatorRequestRecord {
  /** HTTP method, e.g. `GET`. */
  method: string
  /** The request target as received, query string included, e.g. `/v2/users/me?page=2`. */
  path: string
  /** Status answered; `0` when a `reset` fault destroyed the socket. */
  status: number
  /** The bearer token sent, or `undefined` when there was none. */
  token: string | undefined
}

/**
 * Counters of everything the emulator answered. One live object: read it at any time.
 *
 * Every request is either a token request (path `/oauth/token`) or an API request (anything else).
 *
 * @example
 * ```ts
 * expect(emulator.stats.tokenRequests).toBe(1)
 * expect(emulator.stats.apiRequestsByRoute['GET /v2/users/me']).toBe(100)
 * ```
 */
export interface EmulatorStats {
  /** Every request to `/oauth/token`, successful, rejected or faulted. */
  tokenRequests: number
  /** Token requests by `grant_type`: `account_credentials`, `client_credentials`, the unsupported value, or `(missing)`. */
  tokenRequestsByGrant: Record<string, number>
  /** Tokens issued (successful token requests). */
  tokensIssued: number
  /** Every request that is not a token request, faulted ones included. */
  apiRequests: number
  /** API requests by `METHOD /path` (query string left out), e.g. `GET /v2/users/me`. */
  apiRequestsByRoute: Record<string, number>
  /** API requests answered 401 (invalid, expired or revoked tokens, `/v2/unauthorized`, 401 faults). */
  unauthorized: number
  /** Every API request in arrival order, with the token it used. */
  requests: EmulatorRequestRecord[]
}

/**
 * A running emulator. Get one from {@link startZoomEmulator}; `close()` it when done.
 *
 * @example
 * ```ts
 * const emulator = await startZoomEmulator()
 * emulator.revokeTokens() // the next API call with an old token gets 401 code 124
 * await emulator.close()
 * ```
 */
export interface ZoomEmulator {
  /** Base URL for both the token endpoint and the API, e.g. `http://127.0.0.1:54321`. */
  readonly url: string
  /** `host:port`, e.g. `127.0.0.1:54321` (for host allow-lists). */
  readonly host: string
  /** The credentials the token endpoint accepts. */
  readonly credentials: { accountId: string; clientId: string; clientSecret: string }
  /** Live counters; see {@link EmulatorStats}. */
  readonly stats: EmulatorStats
  /** Invalidates every token issued so far: they get 401 `Invalid access token.` */
  revokeTokens(): void
  /** Expires every token issued so far: they get 401 `Access token is expired.` */
  expireTokens(): void
  /** Answers the next `count` (default 1) token requests with `fault`, after any already queued. */
  failNextTokenRequests(fault: EmulatorFault, count?: number): void
  /** Answers the next `count` (default 1) API requests with `fault`, after any already queued. */
  failNextApiRequests(fault: EmulatorFault, count?: number): void
  /** Lifetime, in seconds, of the tokens issued from now on. */
  setTokenTtl(seconds: number): void
  /** Sets every counter back to zero and forgets recorded requests (the same `stats` object). */
  resetStats(): void
  /** Stops the server and destroys every connection, keep-alive ones and hanging requests included. */
  close(): Promise<void>
}
