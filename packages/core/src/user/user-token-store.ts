import type { TokenStoreLock } from '../types.js'

/**
 * One user's grant as a store keeps it: the access token, the refresh token that replaces it, and
 * whose they are. The refresh token is a long-lived secret: stores should encrypt it at rest.
 */
export interface UserGrant {
  accessToken: string
  /** Single-use: a refresh returns a new one, and the old one is dead from then on. */
  refreshToken: string
  /** When the access token expires, in epoch ms. */
  expiresAt: number
  /** When the access token's life began, in epoch ms. */
  issuedAt: number
  scopes: string[]
  /** Zoom's `api_url`, when the token endpoint sent one. */
  apiUrl?: string
  /** The OAuth client (app) the grant belongs to: a grant of another client is never used. */
  clientId: string
  /** Zoom's user id and account id, as `GET /v2/users/me` named them at install. */
  userId?: string
  accountId?: string
  /**
   * Set when Zoom refused the refresh token (`invalid_grant`), or when a refresh's answer was lost
   * (the refresh token may be dead): the user must install the app again. Never refreshed.
   */
  dead?: { at: number; reason: 'invalid_grant' | 'answer_lost' }
  /**
   * Set, by the process holding the user's lock, just before its refresh request leaves: a grant
   * found with it after that lock's lease ended belongs to a refresh whose answer is unknown.
   */
  refreshStartedAt?: number
}

/**
 * Where users' grants live, shared by every process of a fleet: one entry per user key. Every write
 * after the install is a compare-and-set against the refresh token it replaces, so that exactly one
 * process's rotation wins, and no process ever sends a refresh token another has already used.
 *
 * A relational table implements it with one row per key and
 * `UPDATE grants SET … WHERE key = $1 AND refresh_token = $2` for {@link UserTokenStore.replace}
 * (one row updated: `true`), and an advisory lock or a `locked_until` column for `tryLock`.
 *
 * @example
 * ```ts
 * const users = zoomUsers({ clientId, clientSecret, redirectUri, store: memoryUserTokenStore() })
 * ```
 */
export interface UserTokenStore {
  /** The user's grant, or `undefined` when none is stored. */
  get(key: string): Promise<UserGrant | undefined>
  /** Stores a new install's grant, replacing whatever the key held. */
  put(key: string, grant: UserGrant): Promise<void>
  /**
   * Compare-and-set: stores `next` only if the stored grant's refresh token is still
   * `expectedRefreshToken`. Resolves `true` when it did, `false` when another write came first.
   */
  replace(key: string, expectedRefreshToken: string, next: UserGrant): Promise<boolean>
  /** Forgets the user (deauthorized, revoked). */
  delete(key: string): Promise<void>
  /**
   * Tries to become the one process that refreshes this user for `ttlMs`: resolves the held lock,
   * or `undefined` when another holds it. The lease always outlives one refresh request.
   */
  tryLock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>
}
