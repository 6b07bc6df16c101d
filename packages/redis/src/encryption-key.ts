import { invalidArgType, invalidArgValue } from '@zoom-auth/core/adapter'

const KEY_BYTES = 32
const HEX = /^[0-9a-f]{64}$/i
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * Reads an AES-256 key given as 32 bytes, 64 hex characters or base64/base64url of 32 bytes.
 * Anything else is a caller mistake: a TypeError at construction, never a silent weak key.
 */
export function parseEncryptionKey(key: unknown): Buffer {
  if (key instanceof Uint8Array) {
    if (key.byteLength !== KEY_BYTES) {
      throw invalidArgValue(
        `zoom-auth/redis: "encryptionKey" must be ${KEY_BYTES} bytes (AES-256), got ${key.byteLength}`,
      )
    }
    // A copy, so a caller reusing their buffer can't change the key under us.
    return Buffer.from(key)
  }
  if (typeof key !== 'string') {
    throw invalidArgType(
      'zoom-auth/redis: "encryptionKey" must be a 32-byte Buffer, or 64 hex / base64 characters of 32 bytes',
    )
  }
  const text = key.trim()
  if (HEX.test(text)) return Buffer.from(text, 'hex')
  const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : undefined
  if (bytes?.byteLength !== KEY_BYTES) {
    throw invalidArgValue(
      `zoom-auth/redis: "encryptionKey" must encode ${KEY_BYTES} bytes as hex (64 characters) or base64 (44 characters); ` +
        'create one with `openssl rand -base64 32`',
    )
  }
  return bytes
}
