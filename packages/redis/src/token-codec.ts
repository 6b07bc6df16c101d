import { createHash } from 'node:crypto'
import type { AccessToken } from '@zoom-auth/core'
import { RedisTokenStoreError } from './redis-token-store-error.js'
import { openPayload, sealPayload } from './sealed-payload.js'

/**
 * Stored values look like `zat1.<expiresAt>.<digest>.<kind>.<payload>`.
 * The clear header lets Lua scripts compare without decrypting: `expiresAt` (epoch ms) so an older
 * token never overwrites a newer one, `digest` (SHA-256 of the access token, base64url) for
 * compare-and-delete. `kind` is `j` (JSON payload) or `e` (AES-256-GCM: base64url of iv|tag|ciphertext,
 * the header and Redis key bound as additional authenticated data).
 */
export const VALUE_VERSION = 'zat1'

/** Turns tokens into stored values and back, encrypting when given a key. */
export interface TokenCodec {
  encode(redisKey: string, token: AccessToken): string
  /** Throws {@link RedisTokenStoreError} (`unreadable_value` or `decrypt_failed`). */
  decode(redisKey: string, value: string): AccessToken
}

/** The secret-free digest stored next to a token, for compare-and-delete. */
export function tokenDigest(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url')
}

export function createTokenCodec(encryptionKey: Buffer | undefined): TokenCodec {
  return {
    encode(redisKey, token) {
      const header = `${VALUE_VERSION}.${Math.trunc(token.expiresAt)}.${tokenDigest(token.accessToken)}`
      const json = JSON.stringify(serializable(token))
      if (!encryptionKey) return `${header}.j.${json}`
      const sealed = sealPayload(encryptionKey, additionalData(redisKey, `${header}.e`), json)
      return `${header}.e.${sealed}`
    },

    decode(redisKey, value) {
      const parts = splitValue(value)
      if (!parts) throw unreadable('is not in the format this store writes')
      const { header, expiresAt, digest, kind, payload } = parts
      let json: string
      if (kind === 'e') {
        if (!encryptionKey) {
          throw new RedisTokenStoreError(
            'decrypt_failed',
            'stored token is encrypted but this store has no "encryptionKey"',
          )
        }
        json = openPayload(encryptionKey, additionalData(redisKey, `${header}.e`), payload, 'token')
      } else {
        if (encryptionKey) {
          // With a key configured, only authenticated values count: a plain value could be planted.
          throw new RedisTokenStoreError(
            'decrypt_failed',
            'stored token is not encrypted but this store requires "encryptionKey" encryption',
          )
        }
        json = payload
      }
      const token = parseToken(json)
      if (token.expiresAt !== expiresAt || tokenDigest(token.accessToken) !== digest) {
        throw unreadable('does not match its header')
      }
      return token
    },
  }
}

function splitValue(value: string) {
  const match = /^(zat1\.(\d{1,16})\.([\w-]{43}))\.([je])\.(.+)$/s.exec(value)
  if (!match) return undefined
  const [, header = '', expiresAt = '', digest = '', kind = '', payload = ''] = match
  return { header, expiresAt: Number(expiresAt), digest, kind, payload }
}

function additionalData(redisKey: string, header: string): Buffer {
  return Buffer.from(`${redisKey}\n${header}`, 'utf8')
}

function parseToken(json: string): AccessToken {
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch {
    throw unreadable('is not valid JSON')
  }
  if (typeof data !== 'object' || data === null) throw unreadable('is not an object')
  const record = data as Record<string, unknown>
  const { accessToken, expiresAt, issuedAt, scopes, apiUrl } = record
  if (typeof accessToken !== 'string' || accessToken === '')
    throw unreadable('has no "accessToken"')
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))
    throw unreadable('has no numeric "expiresAt"')
  if (issuedAt !== undefined && (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)))
    throw unreadable('has a non-numeric "issuedAt"')
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string'))
    throw unreadable('has no "scopes" list')
  if (apiUrl !== undefined && typeof apiUrl !== 'string')
    throw unreadable('has a non-string "apiUrl"')
  return {
    accessToken,
    tokenType: 'bearer',
    expiresAt,
    ...(issuedAt !== undefined && { issuedAt }),
    scopes: [...scopes] as string[],
    ...(apiUrl !== undefined && { apiUrl }),
  }
}

function serializable(token: AccessToken): AccessToken {
  // Only the known fields: whatever else a caller hung on the object stays out of Redis.
  return {
    accessToken: token.accessToken,
    tokenType: 'bearer',
    expiresAt: Math.trunc(token.expiresAt),
    ...(Number.isFinite(token.issuedAt) && { issuedAt: Math.trunc(token.issuedAt!) }),
    scopes: token.scopes,
    ...(token.apiUrl !== undefined && { apiUrl: token.apiUrl }),
  }
}

function unreadable(what: string): RedisTokenStoreError {
  return new RedisTokenStoreError('unreadable_value', `stored token value ${what}; ignoring it`)
}
