// Types of rivet-support.mjs (plain JavaScript, shared with the race's worker processes).

/** Where rivet sends every token request: hard-coded. */
export declare const RIVET_OAUTH_ORIGIN: string

/**
 * Routes @zoom/rivet's token requests (axios' default instance, to https://zoom.us) to `oauthUrl`;
 * `onToken` hears each token response first. Returns the function that undoes it.
 *
 * @example
 * ```ts
 * const unroute = routeRivetOAuthTo(emulator.url)
 * ```
 */
export declare function routeRivetOAuthTo(
  oauthUrl: string,
  onToken?: (accessToken: string, arrivedAtMs: number) => void,
): () => void

/**
 * An authorize URL rivet built for https://zoom.us, on `oauthUrl` instead.
 *
 * @example
 * ```ts
 * rivetUrlOn('https://zoom.us/oauth/authorize?x=1', 'http://127.0.0.1:5000')
 * ```
 */
export declare function rivetUrlOn(url: string, oauthUrl: string): string

/**
 * How far a rivet TokenStore moves stored expiries later to scale rivet's fixed 61 s window to
 * short tokens; 0 for hour-long ones.
 *
 * @example
 * ```ts
 * rivetExpiryShiftMs(3600) // 0
 * ```
 */
export declare function rivetExpiryShiftMs(tokenTtlSeconds: number): number

/**
 * `token` with its `expirationTimeIso` moved `shiftMs` later.
 *
 * @example
 * ```ts
 * shiftExpiry(token, rivetExpiryShiftMs(4))
 * ```
 */
export declare function shiftExpiry<T extends { expirationTimeIso: string }>(
  token: T,
  shiftMs: number,
): T

/**
 * Rivet's default in-memory TokenStore with the expiry shift of {@link rivetExpiryShiftMs}.
 *
 * @example
 * ```ts
 * new UsersS2SAuthClient({ ..., tokenStore: scaledRivetMemoryStore(4) })
 * ```
 */
export declare function scaledRivetMemoryStore<T extends { expirationTimeIso: string }>(
  tokenTtlSeconds: number,
): { getLatestToken(): T | undefined; storeToken(token: T): void }
