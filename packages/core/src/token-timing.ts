import type { AccessToken } from './types.js'

/** When a cached token should be refreshed and when it must no longer be handed out. */
export interface TokenTiming {
  /** From here on the token is still served, while one background refresh runs. */
  refreshAt: number
  /** From here on the token is never handed out: callers wait for a new one. */
  staleAt: number
}

/** Where a token stands at a given moment. */
export type TokenFreshness = 'fresh' | 'refresh-ahead' | 'expired'

export interface TimingWindows {
  refreshAheadMs: number
  expiryMarginMs: number
}

/**
 * Places a token's refresh and stale points, clamped to its lifetime so that a short-lived token
 * is not refetched on every call: the margin is at most a quarter of the lifetime and the
 * refresh-ahead window at most half. `jitter` (0–1) moves the refresh point a little into the
 * window so that many processes holding the same token don't all refresh at once.
 *
 * @example
 * ```ts
 * const timing = tokenTiming(token.expiresAt, 3_600_000, { refreshAheadMs: 300_000, expiryMarginMs: 30_000 }, Math.random())
 * ```
 */
export function tokenTiming(
  expiresAt: number,
  lifetimeMs: number,
  windows: TimingWindows,
  jitter: number,
): TokenTiming {
  const marginMs = Math.min(windows.expiryMarginMs, lifetimeMs / 4)
  const aheadMs = Math.max(marginMs, Math.min(windows.refreshAheadMs, lifetimeMs / 2))
  const staleAt = expiresAt - marginMs
  return { refreshAt: expiresAt - aheadMs + jitter * 0.2 * (aheadMs - marginMs), staleAt }
}

/**
 * A pure function of (timing, now): the whole refresh policy, testable without I/O.
 *
 * @example
 * ```ts
 * if (tokenFreshness(timing, Date.now()) === 'refresh-ahead') startBackgroundRefresh()
 * ```
 */
export function tokenFreshness(timing: TokenTiming, now: number): TokenFreshness {
  if (now >= timing.staleAt) return 'expired'
  if (now >= timing.refreshAt) return 'refresh-ahead'
  return 'fresh'
}

/** A token as a provider holds it: the token and the two moments of its timing. */
export interface CachedToken extends TokenTiming {
  token: AccessToken
}

/**
 * Times a token this provider is about to hold, with fresh jitter, so that providers holding the
 * same token (taken from a store) don't all refresh it at once.
 *
 * @example
 * ```ts
 * const entry = cachedToken(token, grant.expiresInSeconds * 1000, config)
 * ```
 */
export function cachedToken(
  token: AccessToken,
  lifetimeMs: number,
  windows: TimingWindows,
): CachedToken {
  return { token, ...tokenTiming(token.expiresAt, lifetimeMs, windows, Math.random()) }
}
