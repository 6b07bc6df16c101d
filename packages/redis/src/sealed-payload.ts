import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { RedisTokenStoreError } from './redis-token-store-error.js'

const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * Encrypts `plaintext` with AES-256-GCM under a random 12-byte IV, authenticating `aad` too (the
 * stores bind the Redis key and the value's clear header): base64url of iv | tag | ciphertext.
 *
 * @example
 * ```ts
 * const payload = sealPayload(key, Buffer.from(`${redisKey}\n${header}`), JSON.stringify(token))
 * ```
 */
export function sealPayload(key: Buffer, aad: Buffer, plaintext: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(aad)
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')
}

/**
 * The plaintext of a {@link sealPayload} payload. Throws {@link RedisTokenStoreError}:
 * `unreadable_value` when it is too short to be one, `decrypt_failed` when another key sealed it,
 * or it, its `aad` or its tag was altered. `what` names the value in messages (`'token'`).
 *
 * @example
 * ```ts
 * const json = openPayload(key, Buffer.from(`${redisKey}\n${header}`), payload, 'token')
 * ```
 */
export function openPayload(key: Buffer, aad: Buffer, payload: string, what: string): string {
  const sealed = Buffer.from(payload, 'base64url')
  if (sealed.byteLength <= IV_BYTES + TAG_BYTES) {
    throw new RedisTokenStoreError(
      'unreadable_value',
      `stored ${what} value is too short to be encrypted; ignoring it`,
    )
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES))
    decipher.setAAD(aad)
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8')
  } catch {
    // No cause: crypto errors say nothing useful, and the value must not travel with them.
    throw new RedisTokenStoreError(
      'decrypt_failed',
      `stored ${what} could not be decrypted: written with another "encryptionKey", or altered`,
    )
  }
}
