import { jwtShapedToken } from './jwt-shaped-token.js'

/**
 * What the registry knows about a bearer token at a given moment.
 *
 * `userId` names the user a user-level OAuth token acts for; it is `undefined` for a
 * Server-to-Server (or `client_credentials`) token, which acts for the account.
 *
 * @example
 * ```ts
 * const check: TokenCheck = registry.check(token)
 * if (check.state === 'valid') check.scopes.has('meeting:write:admin')
 * ```
 */
export type TokenCheck =
  | { state: 'valid'; scopes: ReadonlySet<string>; userId: string | undefined }
  | { state: 'expired' }
  | { state: 'invalid' }

interface IssuedToken {
  expiresAtMs: number
  scopes: ReadonlySet<string>
  userId: string | undefined
}

/**
 * Every access token the emulator issued, each with its own expiry by `Date.now()`.
 *
 * Revoking forgets the tokens (they become unknown, so `invalid`); expiring moves their expiry
 * to now. Tokens issued afterwards are unaffected, as with Zoom since 2023-09-05.
 *
 * @example
 * ```ts
 * const registry = new TokenRegistry()
 * const token = registry.issue(3600, ['user:read:admin'])
 * registry.check(token).state // 'valid'
 * registry.expireAll()
 * registry.check(token).state // 'expired'
 * ```
 */
export class TokenRegistry {
  readonly #tokens = new Map<string, IssuedToken>()

  /** Issues a new random token valid for `ttlSeconds` with `scopes`, for `userId` if given. */
  issue(ttlSeconds: number, scopes: readonly string[], userId?: string): string {
    const nowMs = Date.now()
    const expiresAtMs = nowMs + ttlSeconds * 1000
    const token = jwtShapedToken(nowMs, expiresAtMs)
    this.#tokens.set(token, { expiresAtMs, scopes: new Set(scopes), userId })
    return token
  }

  /** Whether `token` is valid now, expired, or unknown (never issued, or revoked). */
  check(token: string | undefined): TokenCheck {
    const issued = token === undefined ? undefined : this.#tokens.get(token)
    if (issued === undefined) return { state: 'invalid' }
    if (Date.now() >= issued.expiresAtMs) return { state: 'expired' }
    return { state: 'valid', scopes: issued.scopes, userId: issued.userId }
  }

  /** Whether the registry knows `token` (valid or expired, not revoked). */
  has(token: string): boolean {
    return this.#tokens.has(token)
  }

  /** Forgets one token. */
  revoke(token: string): void {
    this.#tokens.delete(token)
  }

  /** Moves the expiry of one token to now, if it is later. */
  expire(token: string): void {
    const issued = this.#tokens.get(token)
    if (issued !== undefined) issued.expiresAtMs = Math.min(issued.expiresAtMs, Date.now())
  }

  /** Forgets every token issued so far. */
  revokeAll(): void {
    this.#tokens.clear()
  }

  /** Moves the expiry of every token issued so far to now. */
  expireAll(): void {
    const nowMs = Date.now()
    for (const issued of this.#tokens.values()) {
      issued.expiresAtMs = Math.min(issued.expiresAtMs, nowMs)
    }
  }
}
