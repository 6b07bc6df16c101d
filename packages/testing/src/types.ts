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
  /**
   * Do the request's work first, then answer with the fault: a refresh rotates the refresh token,
   * a code is spent, a revoke revokes, and only then comes the delay, reset or error. Models
   * "Zoom processed it but the answer was lost". `false` by default (the fault replaces the work).
   */
  afterProcessing?: boolean
}

/**
 * A Zoom user who can install the emulated user-level OAuth app.
 *
 * @example
 * ```ts
 * const alice: ZoomEmulatorUser = { id: 'alice', accountId: 'acct-1', email: 'alice@example.com' }
 * await startZoomEmulator({ users: [alice] })
 * ```
 */
export interface ZoomEmulatorUser {
  /** The user's Zoom id: `id` of `GET /v2/users/me`. Unique among the emulator's users. */
  id: string
  /** The user's account: `account_id` of `GET /v2/users/me`; the emulator's `accountId` by default. */
  accountId?: string
  /** `email` of `GET /v2/users/me`; `<id>@example.com` by default. */
  email?: string
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
  /**
   * Users who can install the user-level OAuth app (`/oauth/authorize`); the first one approves
   * unless `approveAs()` says otherwise. Default: one user, `{ id: 'emulator-user' }`.
   */
  users?: ZoomEmulatorUser[]
  /** Redirect URIs `/oauth/authorize` accepts, compared exactly. Default: any loopback http(s) URL. */
  redirectUris?: string[]
  /** Lifetime of authorization codes, in seconds; `300` by default. */
  authorizationCodeTtlSeconds?: number
  /** Lifetime of each refresh token, in seconds; by default they never expire. */
  refreshTokenTtlSeconds?: number
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
 * Every request is a token request (path `/oauth/token`), an authorize or revoke request
 * (`/oauth/authorize`, `/oauth/revoke`: user-level OAuth), or an API request (anything else).
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
  /** Every request outside `/oauth/token`, `/oauth/authorize` and `/oauth/revoke`, faulted ones included. */
  apiRequests: number
  /** API requests by `METHOD /path` (query string left out), e.g. `GET /v2/users/me`. */
  apiRequestsByRoute: Record<string, number>
  /** API requests answered 401 (invalid, expired or revoked tokens, `/v2/unauthorized`, 401 faults). */
  unauthorized: number
  /** Every API request in arrival order, with the token it used. */
  requests: EmulatorRequestRecord[]
  /** Every request to `/oauth/authorize`, whatever its answer. */
  authorizeRequests: number
  /** Authorizations approved: redirects carrying a `code`. */
  authorizationsApproved: number
  /** Authorizations declined by `denyNextAuthorization()`: redirects carrying `error=access_denied`. */
  authorizationsDenied: number
  /** Successful `authorization_code` grants (codes exchanged for a pair). */
  authorizationCodeGrants: number
  /** Successful `refresh_token` grants (refresh tokens rotated). */
  refreshGrants: number
  /** Successful `refresh_token` grants by user id. */
  refreshGrantsByUser: Record<string, number>
  /**
   * Refresh requests whose `refresh_token` value had already arrived in an earlier refresh
   * request, whatever became of that one (rotated, refused, faulted, answer lost). Counted on
   * arrival, faulted requests included: the number a client must keep at zero.
   */
  refreshTokensPresentedTwice: number
  /** `refreshTokensPresentedTwice` by user id (tokens the emulator never issued are left out). */
  refreshTokensPresentedTwiceByUser: Record<string, number>
  /**
   * Refresh requests answered 400 `Invalid Token!` because the refresh token was dead: already
   * rotated, revoked, expired, its user removed, or never issued. A first presentation of a
   * revoked token counts here but not in `refreshTokensPresentedTwice`; a resend after a fault
   * counts there but not here.
   */
  deadRefreshTokenPresentations: number
  /** `deadRefreshTokenPresentations` by user id (tokens the emulator never issued are left out). */
  deadRefreshTokenPresentationsByUser: Record<string, number>
  /** Every request to `/oauth/revoke`, whatever its answer. */
  revokeRequests: number
  /** Successful revocations (`{"status":"success"}`). */
  revocations: number
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
  /**
   * Invalidates every access token issued so far (users' too): they get 401 `Invalid access token.`
   * Refresh tokens keep working, so a user-level client can refresh.
   */
  revokeTokens(): void
  /** Expires every access token issued so far (users' too): they get 401 `Access token is expired.` */
  expireTokens(): void
  /** Answers the next `count` (default 1) token requests with `fault`, after any already queued. */
  failNextTokenRequests(fault: EmulatorFault, count?: number): void
  /** Answers the next `count` (default 1) API requests with `fault`, after any already queued. */
  failNextApiRequests(fault: EmulatorFault, count?: number): void
  /** Answers the next `count` (default 1) `/oauth/revoke` requests with `fault`. */
  failNextRevokeRequests(fault: EmulatorFault, count?: number): void
  /** Adds a user who can install the app from now on; `TypeError` if the id is taken. */
  addUser(user: ZoomEmulatorUser): void
  /** Removes a user, as if Zoom deleted them: their grants are revoked (access and refresh tokens). */
  removeUser(userId: string): void
  /** The next authorization not yet decided approves as `userId` (queued after earlier calls). */
  approveAs(userId: string): void
  /** The next authorization not yet decided is declined: `error=access_denied` (queued too). */
  denyNextAuthorization(): void
  /** Revokes every grant of `userId`: its access tokens get 401, its refresh tokens `Invalid Token!`. */
  revokeUserTokens(userId: string): void
  /** Expires the access tokens issued to `userId` so far; their refresh tokens still work. */
  expireUserTokens(userId: string): void
  /** Lifetime, in seconds, of the tokens issued from now on. */
  setTokenTtl(seconds: number): void
  /** Sets every counter back to zero and forgets recorded requests (the same `stats` object). */
  resetStats(): void
  /** Stops the server and destroys every connection, keep-alive ones and hanging requests included. */
  close(): Promise<void>
}
