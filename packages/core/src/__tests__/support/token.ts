import type { AccessToken } from '../../types.js'

/**
 * A bearer token with no scopes that expires `expiresInMs` (default an hour) from now.
 *
 * @example
 * ```ts
 * await store.set('k', token('first', 60_000))
 * ```
 */
export function token(accessToken: string, expiresInMs = 3_600_000): AccessToken {
  return { accessToken, tokenType: 'bearer', expiresAt: Date.now() + expiresInMs, scopes: [] }
}
