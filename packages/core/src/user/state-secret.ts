import { randomBytes } from 'node:crypto'
import { invalidArgType, invalidArgValue } from '../assert.js'

const SECRET_BYTES = 32
const HEX = /^[0-9a-f]{64}$/i
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * Reads the secret that seals install states (`stateSecret` of `zoomUsers`): 32 bytes, given as
 * bytes, 64 hex characters or base64/base64url of 32 bytes — as `@zoom-auth/redis` reads its
 * `encryptionKey`. Anything else is a caller mistake (a TypeError), never a silently weak key.
 * Left out, a random secret of this process: states then open only in the process that made them.
 *
 * @example
 * ```ts
 * const secret = parseStateSecret(process.env.ZOOM_STATE_SECRET) // `openssl rand -base64 32`
 * ```
 */
export function parseStateSecret(secret: unknown): Buffer {
  if (secret === undefined) return randomBytes(SECRET_BYTES)
  if (secret instanceof Uint8Array) {
    if (secret.byteLength !== SECRET_BYTES) {
      throw invalidArgValue(
        `zoom-auth: "stateSecret" must be ${SECRET_BYTES} bytes, got ${secret.byteLength}`,
      )
    }
    // A copy, so a caller reusing their buffer can't change the secret under us.
    return Buffer.from(secret)
  }
  if (typeof secret !== 'string') {
    throw invalidArgType(
      'zoom-auth: "stateSecret" must be 32 bytes, or 64 hex / base64 characters of 32 bytes',
    )
  }
  const text = secret.trim()
  if (HEX.test(text)) return Buffer.from(text, 'hex')
  const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : undefined
  if (bytes?.byteLength !== SECRET_BYTES) {
    throw invalidArgValue(
      `zoom-auth: "stateSecret" must encode ${SECRET_BYTES} bytes as hex (64 characters) or base64 (44 characters); ` +
        'create one with `openssl rand -base64 32`',
    )
  }
  return bytes
}
