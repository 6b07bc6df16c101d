import { jwtShapedToken } from './jwt-shaped-token.js'
import type { TokenRegistry } from './token-registry.js'

/**
 * A pair issued by an `authorization_code` or `refresh_token` grant.
 *
 * @example
 * ```ts
 * const { accessToken, refreshToken, userId }: UserTokens = grants.issue('alice', scopes)
 * ```
 */
export interface UserTokens {
  readonly accessToken: string
  readonly refreshToken: string
  readonly scopes: readonly string[]
  readonly userId: string
}

/**
 * The result of a refresh: the rotated pair, or the user of the dead token if known.
 *
 * @example
 * ```ts
 * const outcome: RefreshOutcome = grants.refresh(refreshToken)
 * if (!outcome.ok) outcome.userId // 'alice', or undefined for a token never issued
 * ```
 */
export type RefreshOutcome =
  { ok: true; tokens: UserTokens } | { ok: false; userId: string | undefined }

/**
 * The lifetimes the grants need; read on every issue, so `setTokenTtl()` applies at once.
 *
 * @example
 * ```ts
 * const lifetimes: GrantLifetimes = { accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: undefined }
 * ```
 */
export interface GrantLifetimes {
  readonly accessTokenTtlSeconds: number
  /** `undefined`: refresh tokens never expire. */
  readonly refreshTokenTtlSeconds: number | undefined
}

// One installation of the app by one user: a chain of refresh tokens, of which only the last is live.
interface Grant {
  readonly userId: string
  readonly scopes: readonly string[]
  refreshToken: string
  refreshExpiresAtMs: number
  readonly accessTokens: Set<string>
  revoked: boolean
}

/**
 * Users' grants, with Zoom's refresh-token rotation: a refresh answers a new refresh token and the
 * one presented is dead from then on. Every refresh token ever issued is remembered (so a dead one
 * still names its user), and every refresh token value ever presented is counted.
 *
 * Everything is a `Map` lookup: no work per request grows with the number of users.
 *
 * @example
 * ```ts
 * const grants = new UserGrants(registry, { accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: undefined })
 * const first = grants.issue('alice', ['user:read'])
 * const outcome = grants.refresh(first.refreshToken) // ok, a new refresh token
 * grants.refresh(first.refreshToken) // { ok: false, userId: 'alice' }
 * ```
 */
export class UserGrants {
  readonly #registry: TokenRegistry
  readonly #lifetimes: GrantLifetimes
  readonly #grantOfRefreshToken = new Map<string, Grant>()
  readonly #grantOfAccessToken = new Map<string, Grant>()
  readonly #grantsOfUser = new Map<string, Set<Grant>>()
  readonly #presentations = new Map<string, number>()

  constructor(registry: TokenRegistry, lifetimes: GrantLifetimes) {
    this.#registry = registry
    this.#lifetimes = lifetimes
  }

  /** A new grant for `userId` (a code was exchanged): its first pair. */
  issue(userId: string, scopes: readonly string[]): UserTokens {
    const grant: Grant = {
      userId,
      scopes,
      refreshToken: '',
      refreshExpiresAtMs: 0,
      accessTokens: new Set(),
      revoked: false,
    }
    let grants = this.#grantsOfUser.get(userId)
    if (grants === undefined) {
      grants = new Set()
      this.#grantsOfUser.set(userId, grants)
    }
    grants.add(grant)
    return this.#rotate(grant)
  }

  /**
   * Notes that `refreshToken` arrived in a refresh request: how many times it arrived before,
   * and whose it is (`undefined` for a value the emulator never issued).
   */
  notePresentation(refreshToken: string): { earlier: number; userId: string | undefined } {
    const earlier = this.#presentations.get(refreshToken) ?? 0
    this.#presentations.set(refreshToken, earlier + 1)
    return { earlier, userId: this.#grantOfRefreshToken.get(refreshToken)?.userId }
  }

  /** Rotates the grant of `refreshToken` if that token is its live one; otherwise nothing changes. */
  refresh(refreshToken: string): RefreshOutcome {
    const grant = this.#grantOfRefreshToken.get(refreshToken)
    if (grant === undefined) return { ok: false, userId: undefined }
    const live =
      !grant.revoked && grant.refreshToken === refreshToken && Date.now() < grant.refreshExpiresAtMs
    if (!live) return { ok: false, userId: grant.userId }
    this.#dropExpiredAccessTokens(grant)
    return { ok: true, tokens: this.#rotate(grant) }
  }

  /**
   * Revokes the live grant `token` belongs to (its access token, or its live refresh token):
   * every access token of that grant and its refresh token are dead. `false` if `token` is none.
   */
  revoke(token: string): boolean {
    const grant = this.#grantOfAccessToken.get(token) ?? this.#grantOfRefreshToken.get(token)
    if (grant === undefined || grant.revoked) return false
    if (grant.refreshToken !== token && !this.#registry.has(token)) return false
    this.#kill(grant)
    return true
  }

  /** Revokes every grant of `userId`. */
  revokeUser(userId: string): void {
    for (const grant of this.#grantsOfUser.get(userId) ?? []) this.#kill(grant)
  }

  /** Expires every access token issued to `userId` so far; refresh tokens are untouched. */
  expireUserAccessTokens(userId: string): void {
    for (const grant of this.#grantsOfUser.get(userId) ?? []) {
      for (const accessToken of grant.accessTokens) this.#registry.expire(accessToken)
    }
  }

  #rotate(grant: Grant): UserTokens {
    const nowMs = Date.now()
    const { accessTokenTtlSeconds, refreshTokenTtlSeconds } = this.#lifetimes
    const accessToken = this.#registry.issue(accessTokenTtlSeconds, grant.scopes, grant.userId)
    grant.accessTokens.add(accessToken)
    this.#grantOfAccessToken.set(accessToken, grant)
    grant.refreshExpiresAtMs =
      refreshTokenTtlSeconds === undefined
        ? Number.POSITIVE_INFINITY
        : nowMs + refreshTokenTtlSeconds * 1000
    grant.refreshToken = jwtShapedToken(nowMs, grant.refreshExpiresAtMs)
    this.#grantOfRefreshToken.set(grant.refreshToken, grant)
    return {
      accessToken,
      refreshToken: grant.refreshToken,
      scopes: grant.scopes,
      userId: grant.userId,
    }
  }

  #kill(grant: Grant): void {
    grant.revoked = true
    for (const accessToken of grant.accessTokens) {
      this.#registry.revoke(accessToken)
      this.#grantOfAccessToken.delete(accessToken)
    }
    grant.accessTokens.clear()
    this.#grantsOfUser.get(grant.userId)?.delete(grant)
  }

  // A grant refreshed every hour for months would otherwise hold every access token it ever had.
  #dropExpiredAccessTokens(grant: Grant): void {
    for (const accessToken of grant.accessTokens) {
      if (this.#registry.check(accessToken).state === 'valid') continue
      grant.accessTokens.delete(accessToken)
      this.#grantOfAccessToken.delete(accessToken)
    }
  }
}
