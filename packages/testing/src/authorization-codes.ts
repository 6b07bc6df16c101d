import { randomBytes } from 'node:crypto'
import type { PkceMethod } from './pkce.js'

/**
 * What an authorization code was issued for, checked when it is exchanged.
 *
 * @example
 * ```ts
 * const grant: CodeGrant = { userId: 'alice', redirectUri: 'http://127.0.0.1:3000/callback',
 *   pkce: { challenge, method: 'S256' } }
 * ```
 */
export interface CodeGrant {
  readonly userId: string
  readonly redirectUri: string
  /** The authorize request's PKCE challenge, if it had one. */
  readonly pkce: { challenge: string; method: PkceMethod } | undefined
}

interface IssuedCode extends CodeGrant {
  expiresAtMs: number
}

/**
 * Authorization codes waiting to be exchanged: single-use and short-lived, by `Date.now()`.
 *
 * Codes expire in the order they were issued (one lifetime for all), so expired ones are
 * dropped from the front of the map: no scan, whatever the number of users.
 *
 * @example
 * ```ts
 * const codes = new AuthorizationCodes(300)
 * const code = codes.issue({ userId: 'alice', redirectUri, pkce: undefined })
 * codes.redeem(code)?.userId // 'alice'
 * codes.redeem(code) // undefined: spent
 * ```
 */
export class AuthorizationCodes {
  readonly #codes = new Map<string, IssuedCode>()
  readonly #ttlMs: number

  constructor(ttlSeconds: number) {
    this.#ttlMs = ttlSeconds * 1000
  }

  /** Issues a new code for `grant`. */
  issue(grant: CodeGrant): string {
    const nowMs = Date.now()
    this.#dropExpired(nowMs)
    const code = randomBytes(24).toString('base64url')
    this.#codes.set(code, { ...grant, expiresAtMs: nowMs + this.#ttlMs })
    return code
  }

  /**
   * Spends `code`: what it was issued for, or `undefined` if it is unknown, spent or expired.
   * A code is spent by any exchange attempt, a failed one too (RFC 6749 10.5: at most once).
   */
  redeem(code: string): CodeGrant | undefined {
    const issued = this.#codes.get(code)
    if (issued === undefined) return undefined
    this.#codes.delete(code)
    return Date.now() < issued.expiresAtMs ? issued : undefined
  }

  #dropExpired(nowMs: number): void {
    for (const [code, issued] of this.#codes) {
      if (issued.expiresAtMs > nowMs) return
      this.#codes.delete(code)
    }
  }
}
