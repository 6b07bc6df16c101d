import { createHash } from 'node:crypto'

/**
 * The `code_challenge_method` values the emulator accepts. RFC 7636 defines both; `plain` is the
 * default when a challenge comes without a method.
 *
 * @example
 * ```ts
 * const method: PkceMethod = 'S256'
 * ```
 */
export type PkceMethod = 'S256' | 'plain'

// RFC 7636 4.1 and 4.2: 43 to 128 unreserved characters, for the verifier and the challenge alike.
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/

/**
 * Whether `value` is a well-formed code verifier or code challenge (RFC 7636 4.1).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 * @example
 * ```ts
 * isPkceValue('a'.repeat(43)) // true
 * isPkceValue('too-short') // false
 * ```
 */
export function isPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value)
}

/**
 * Whether `verifier` answers `challenge`: `BASE64URL(SHA256(verifier)) === challenge` for S256.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 * @example
 * ```ts
 * const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
 * verifiesChallenge(verifier, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256') // true
 * ```
 */
export function verifiesChallenge(
  verifier: string,
  challenge: string,
  method: PkceMethod,
): boolean {
  if (!isPkceValue(verifier)) return false
  const expected =
    method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier
  return expected === challenge
}
