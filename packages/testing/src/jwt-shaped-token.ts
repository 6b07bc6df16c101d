import { randomBytes, randomUUID } from 'node:crypto'

// A JWT-looking header, so clients that sniff `eyJ` see what Zoom sends; the token is opaque.
const TOKEN_HEADER = Buffer.from('{"alg":"HS512","v":"2.0","kid":"emulator"}').toString('base64url')

/**
 * A new random token shaped like Zoom's (`eyJ….….…`): Zoom's access and refresh tokens are both
 * JWTs, and clients that sniff them should see the same shape. Opaque: nothing checks the payload.
 *
 * @example
 * ```ts
 * jwtShapedToken(Date.now(), Date.now() + 3_600_000) // 'eyJhbGciOi….eyJpc3Mi….3q2-…'
 * ```
 */
export function jwtShapedToken(issuedAtMs: number, expiresAtMs: number): string {
  const payload = Buffer.from(
    JSON.stringify({
      iss: 'zoom-emulator',
      jti: randomUUID(),
      iat: Math.floor(issuedAtMs / 1000),
      exp: Number.isFinite(expiresAtMs) ? Math.floor(expiresAtMs / 1000) : undefined,
    }),
  ).toString('base64url')
  return `${TOKEN_HEADER}.${payload}.${randomBytes(32).toString('base64url')}`
}
