import type { UserGrant } from '@zoom-auth/core'
import { invalidArgValue } from '@zoom-auth/core/adapter'
import { RedisTokenStoreError } from './redis-token-store-error.js'
import { openPayload, sealPayload } from './sealed-payload.js'
import { tokenDigest } from './token-codec.js'

/**
 * Stored grants look like `zug1.<digest>.<payload>`: `digest` is the SHA-256 (base64url) of the
 * grant's refresh token, in clear so that the compare-and-set script compares without the key;
 * `payload` is the whole grant as JSON, sealed with AES-256-GCM (base64url of iv | tag |
 * ciphertext), the Redis key and `zug1.<digest>` authenticated with it. Always encrypted: a
 * refresh token lives for years.
 */
export const GRANT_VALUE_VERSION = 'zug1'

const VALUE = /^(zug1\.([\w-]{43}))\.([\w-]+)$/

/** Turns grants into stored values and back. */
export interface UserGrantCodec {
  /** Throws TypeError (`ERR_INVALID_ARG_VALUE`) for a grant that isn't one: nothing malformed is stored. */
  encode(redisKey: string, grant: UserGrant): string
  /** Throws {@link RedisTokenStoreError} (`unreadable_value` or `decrypt_failed`). */
  decode(redisKey: string, value: string): UserGrant
}

/**
 * The codec of `redisUserTokenStore`, sealing with `encryptionKey` (32 bytes).
 *
 * @example
 * ```ts
 * const codec = createUserGrantCodec(parseEncryptionKey(options.encryptionKey))
 * const value = codec.encode(redisKey, grant)
 * ```
 */
export function createUserGrantCodec(encryptionKey: Buffer): UserGrantCodec {
  return {
    encode(redisKey, grant) {
      const checked = checkGrant(grant, (what) =>
        invalidArgValue(`zoom-auth/redis: the grant to store ${what}`),
      )
      const header = `${GRANT_VALUE_VERSION}.${refreshTokenDigest(checked.refreshToken)}`
      const sealed = sealPayload(
        encryptionKey,
        additionalData(redisKey, header),
        JSON.stringify(checked),
      )
      return `${header}.${sealed}`
    },

    decode(redisKey, value) {
      const match = VALUE.exec(value)
      if (!match) throw unreadable('is not in the format this store writes')
      const [, header = '', digest = '', payload = ''] = match
      const json = openPayload(encryptionKey, additionalData(redisKey, header), payload, 'grant')
      let data: unknown
      try {
        data = JSON.parse(json)
      } catch {
        throw unreadable('is not valid JSON')
      }
      const grant = checkGrant(data, unreadable)
      if (refreshTokenDigest(grant.refreshToken) !== digest)
        throw unreadable('does not match its header')
      return grant
    },
  }
}

/**
 * What the compare-and-set script compares: the refresh token's SHA-256, never the token itself.
 *
 * @example
 * ```ts
 * await commands.eval(REPLACE_GRANT_IF_REFRESH_TOKEN, [grantKey], [refreshTokenDigest(expected), value])
 * ```
 */
export function refreshTokenDigest(refreshToken: string): string {
  return tokenDigest(refreshToken)
}

function additionalData(redisKey: string, header: string): Buffer {
  return Buffer.from(`${redisKey}\n${header}`, 'utf8')
}

/**
 * The grant's known fields, each checked in a fixed order, as a new object: whatever else hangs on
 * the object stays out of Redis, and an optional field that is absent stays absent.
 */
function checkGrant(data: unknown, fail: (what: string) => Error): UserGrant {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw fail('is not an object')
  const record = data as Record<string, unknown>
  const text = (field: string, empty = false): string => {
    const value = record[field]
    if (typeof value !== 'string' || (!empty && value === '')) throw fail(`has no "${field}"`)
    return value
  }
  const time = (field: string): number => {
    const value = record[field]
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw fail(`has no numeric "${field}"`)
    return value
  }
  const has = (field: string) => record[field] !== undefined

  const accessToken = text('accessToken')
  const refreshToken = text('refreshToken')
  const expiresAt = time('expiresAt')
  const issuedAt = time('issuedAt')
  const { scopes } = record
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string'))
    throw fail('has no "scopes" list')
  const apiUrl = has('apiUrl') ? text('apiUrl') : undefined
  const clientId = text('clientId')
  const userId = has('userId') ? text('userId', true) : undefined
  const accountId = has('accountId') ? text('accountId', true) : undefined
  const dead = has('dead') ? checkDead(record.dead, fail) : undefined
  const refreshStartedAt = has('refreshStartedAt') ? time('refreshStartedAt') : undefined
  return {
    accessToken,
    refreshToken,
    expiresAt,
    issuedAt,
    scopes: [...(scopes as string[])],
    ...(apiUrl !== undefined && { apiUrl }),
    clientId,
    ...(userId !== undefined && { userId }),
    ...(accountId !== undefined && { accountId }),
    ...(dead !== undefined && { dead }),
    ...(refreshStartedAt !== undefined && { refreshStartedAt }),
  }
}

function checkDead(value: unknown, fail: (what: string) => Error): NonNullable<UserGrant['dead']> {
  const dead = value as { at?: unknown; reason?: unknown } | null
  if (
    typeof dead !== 'object' ||
    dead === null ||
    typeof dead.at !== 'number' ||
    !Number.isFinite(dead.at) ||
    (dead.reason !== 'invalid_grant' && dead.reason !== 'answer_lost')
  )
    throw fail('has a "dead" that is not { at, reason: "invalid_grant" | "answer_lost" }')
  return { at: dead.at, reason: dead.reason }
}

function unreadable(what: string): RedisTokenStoreError {
  return new RedisTokenStoreError('unreadable_value', `stored grant value ${what}; ignoring it`)
}
