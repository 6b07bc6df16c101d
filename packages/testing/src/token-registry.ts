import { randomBytes, randomUUID } from 'node:crypto'

/**
 * What the registry knows about a bearer token at a given moment.
 *
 * @example
 * ```ts
 * const check: TokenCheck = registry.check(token)
 * if (check.state === 'valid') check.scopes.has('meeting:write:admin')
 * ```
 */
export type TokenCheck =
  { state: 'valid'; scopes: ReadonlySet<string> } | { state: 'expired' } | { state: 'invalid' }

interface IssuedToken {
  expiresAtMs: number
  scopes: ReadonlySet<string>
}

// A JWT-looking header, so clients that sniff `eyJ` see what Zoom sends; the token is opaque.
const TOKEN_HEADER = Buffer.from('{"alg":"HS512","v":"2.0","kid":"emulator"}').toString('base64url')

/**
 * Every token the emulator issued, each with its own expiry by `Date.now()`.
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

  /** Issues a new random token valid for `ttlSeconds` with `scopes`. */
  issue(ttlSeconds: number, scopes: readonly string[]): string {
    const nowMs = Date.now()
    const expiresAtMs = nowMs + ttlSeconds * 1000
    const payload = Buffer.from(
      JSON.stringify({
        iss: 'zoom-emulator',
        jti: randomUUID(),
        iat: Math.floor(nowMs / 1000),
        exp: Math.floor(expiresAtMs / 1000),
      }),
    ).toString('base64url')
    const token = `${TOKEN_HEADER}.${payload}.${randomBytes(32).toString('base64url')}`
    this.#tokens.set(token, { expiresAtMs, scopes: new Set(scopes) })
    return token
  }

  /** Whether `token` is valid now, expired, or unknown (never issued, or revoked). */
  check(token: string | undefined): TokenCheck {
    const issued = token === undefined ? undefined : this.#tokens.get(token)
    if (issued === undefined) return { state: 'invalid' }
    if (Date.now() >= issued.expiresAtMs) return { state: 'expired' }
    return { state: 'valid', scopes: issued.scopes }
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
